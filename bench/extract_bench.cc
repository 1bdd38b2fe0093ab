// The whole job: `sitrep extract` throughput on news text, one and two
// threads, JSON written.
//
//   build/release/bench/extract_bench
//
// BM_Extract/threads:N: every document of the corpus goes through
// Extractor::Run (tokenize, tag, parse, places, names, actors, coreference,
// events) and Extractor::ToJson; the documents are split between N threads,
// each with its own Worker. Counters: sentences_per_s, tokens_per_s,
// events_per_ksent, json_MB_per_s, peak_rss_MB. Corpus: the GeoVirus article
// texts (WikiNews) and the sample article of ../shared/samples, replicated to
// at least SITREP_BENCH_MB (default 3) MB.
//
// Without the gazetteer or ../shared the program says so and exits 0.
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include "eval/eval_geo.h"
#include "extract/extract.h"

namespace {

using Clock = std::chrono::steady_clock;

struct NewsCorpus {
  std::vector<std::string> docs;
  std::string error;
};

const NewsCorpus& Corpus() {
  static NewsCorpus c = [] {
    NewsCorpus out;
    auto gv = sitrep::eval::ReadGeoVirus(std::string(SITREP_SHARED_DIR) + "/data/geo/GeoVirus.xml");
    if (!gv.ok()) {
      out.error = gv.status().ToString();
      return out;
    }
    std::vector<std::string> base;
    for (const auto& d : *gv) base.push_back(d.text);
    std::ifstream sample(std::string(SITREP_SHARED_DIR) + "/samples/kyiv-2022-02-26.txt");
    std::stringstream ss;
    ss << sample.rdbuf();
    if (!ss.str().empty()) base.push_back(ss.str());
    const char* mb = std::getenv("SITREP_BENCH_MB");
    size_t target = static_cast<size_t>(mb ? std::strtoull(mb, nullptr, 10) : 3) << 20;
    for (size_t bytes = 0; bytes < target;) {
      for (const auto& d : base) {
        out.docs.push_back(d);
        bytes += d.size();
      }
    }
    return out;
  }();
  return c;
}

const sitrep::extract::Extractor* Engine(std::string* error) {
  static std::string err;
  static std::unique_ptr<sitrep::extract::Extractor> x = [] {
    auto e = sitrep::extract::Extractor::Load({});
    if (!e.ok()) {
      err = e.status().ToString();
      return std::unique_ptr<sitrep::extract::Extractor>();
    }
    return std::move(e.value());
  }();
  *error = err;
  return x.get();
}

void BM_Extract(benchmark::State& state) {
  const NewsCorpus& corpus = Corpus();
  std::string error;
  const auto* x = Engine(&error);
  if (!corpus.error.empty() || !x) {
    state.SkipWithError((corpus.error + error).c_str());
    return;
  }
  size_t threads = static_cast<size_t>(state.range(0));
  std::atomic<size_t> sentences{0}, tokens{0}, events{0}, json_bytes{0};
  double seconds = 0;
  for (auto _ : state) {
    std::atomic<size_t> next{0};
    auto t0 = Clock::now();
    std::vector<std::thread> pool;
    for (size_t k = 0; k < threads; ++k) {
      pool.emplace_back([&] {
        auto w = x->NewWorker();
        for (size_t i = next++; i < corpus.docs.size(); i = next++) {
          sitrep::Doc doc;
          doc.id = "d" + std::to_string(i);
          doc.published = "2020-03-01";
          doc.SetText(corpus.docs[i]);
          auto r = x->Run(&doc, w.get());
          std::string j = x->ToJson(doc, r, false);
          sentences += doc.num_sentences();
          tokens += doc.num_tokens();
          events += r.events.size();
          json_bytes += j.size();
        }
      });
    }
    for (auto& t : pool) t.join();
    seconds += std::chrono::duration<double>(Clock::now() - t0).count();
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  state.counters["sentences_per_s"] = static_cast<double>(sentences) / seconds;
  state.counters["tokens_per_s"] = static_cast<double>(tokens) / seconds;
  state.counters["events_per_ksent"] =
      1000.0 * static_cast<double>(events) / static_cast<double>(sentences);
  state.counters["json_MB_per_s"] = static_cast<double>(json_bytes) / (1 << 20) / seconds;
  state.counters["peak_rss_MB"] = static_cast<double>(ru.ru_maxrss) / 1024.0;
}
// threads:1 runs twice: the first run also pays for first use (page faults
// in the models and the gazetteer, allocator growth).
BENCHMARK(BM_Extract)
    ->Arg(1)
    ->Arg(2)
    ->Arg(1)
    ->ArgName("threads")
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
