// Throughput of the whole text engine (tokenize + tag + lemmatize + parse) on
// English web/news text: the UD English-EWT test text, replicated to at
// least 50 MB (SITREP_BENCH_MB overrides), on 1 and 2 threads.
//
//   build/release/bench/pipeline_bench
//
// Counters: tokens_per_s (all threads together), MB_per_s, peak_rss_MB (the
// process's peak resident set, corpus included).
#include <sys/resource.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "conllu/conllu.h"
#include "sitrep/pipeline.h"

namespace {

struct Corpus {
  std::vector<std::string> docs;
  size_t bytes = 0;
  std::string error;
};

const Corpus& GetCorpus() {
  static Corpus corpus = [] {
    Corpus c;
    std::string path = std::string(SITREP_SHARED_DIR) + "/data/ud-ewt/en_ewt-ud-test.conllu";
    auto sents = sitrep::conllu::ReadFile(path);
    if (!sents.ok()) {
      c.error = sents.status().ToString();
      return c;
    }
    std::vector<std::string> base = sitrep::conllu::DocumentTexts(*sents);
    const char* mb = std::getenv("SITREP_BENCH_MB");
    size_t target = (mb ? std::strtoull(mb, nullptr, 10) : 50) << 20;
    while (c.bytes < target) {
      for (const auto& d : base) {
        c.docs.push_back(d);
        c.bytes += d.size();
      }
    }
    return c;
  }();
  return corpus;
}

const sitrep::Pipeline* GetPipeline(std::string* error) {
  static auto pipeline = sitrep::Pipeline::Load({});
  if (!pipeline.ok()) {
    *error = pipeline.status().ToString();
    return nullptr;
  }
  return pipeline->get();
}

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

void BM_Pipeline(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  std::string error;
  const sitrep::Pipeline* pipeline = GetPipeline(&error);
  if (!corpus.error.empty() || !pipeline) {
    state.SkipWithError((corpus.error + error).c_str());
    return;
  }
  auto worker = pipeline->NewWorker();
  sitrep::Doc doc;
  size_t tokens = 0, bytes = 0;
  for (auto _ : state) {
    for (size_t i = static_cast<size_t>(state.thread_index()); i < corpus.docs.size();
         i += static_cast<size_t>(state.threads())) {
      doc.SetText(corpus.docs[i]);
      pipeline->Process(&doc, worker.get());
      tokens += doc.num_tokens();
      bytes += corpus.docs[i].size();
    }
  }
  state.counters["tokens_per_s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
  state.counters["MB_per_s"] =
      benchmark::Counter(static_cast<double>(bytes) / 1e6, benchmark::Counter::kIsRate);
  state.counters["tokens"] = static_cast<double>(tokens);
  if (state.thread_index() == 0) state.counters["peak_rss_MB"] = PeakRssMb();
}
BENCHMARK(BM_Pipeline)
    ->Iterations(1)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
