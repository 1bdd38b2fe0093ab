// The places layer: what it costs to open the compiled gazetteer, and what
// geoparsing adds to the text engine on the same text.
//
//   build/release/bench/geo_bench
//
// BM_GazetteerOpen: Gazetteer::Open of the default gazetteer ($SITREP_GAZETTEER
// or var/gazetteer.sgz): map + verify (the checksum reads every byte), then a
// full scan of the entries and their names. Counters: open_ms (mean per
// open), scan_ms, file_MB, places, peak_rss_MB (process peak after the scans;
// runs first, before any model is loaded).
//
// BM_Geoparse/{geovirus,ewt}: one thread. Per document, Pipeline::Process
// (tokenize + tag + lemmatize + parse) is timed, then Geoparser::Parse on the
// tagged Doc. Counters: pipeline_tok_per_s, geo_tok_per_s, geo_pct_of_pipeline
// (geoparse time as a percentage of the pipeline time), places_per_ktok.
// Corpora: the GeoVirus article texts (news, place-dense) and the UD
// English-EWT test text (as pipeline_bench), each replicated to at least
// SITREP_BENCH_MB (default 5) MB.
//
// Without the gazetteer or ../shared the program says so and exits 0.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "actors/actors.h"
#include "conllu/conllu.h"
#include "eval/eval_geo.h"
#include "geo/gazetteer.h"
#include "geo/geoparser.h"
#include "sitrep/pipeline.h"

namespace {

using Clock = std::chrono::steady_clock;

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

size_t TargetBytes() {
  const char* mb = std::getenv("SITREP_BENCH_MB");
  return static_cast<size_t>(mb ? std::strtoull(mb, nullptr, 10) : 5) << 20;
}

struct Corpus {
  std::vector<std::string> docs;
  size_t bytes = 0;
  std::string error;
};

Corpus Replicate(const std::vector<std::string>& base) {
  Corpus c;
  if (base.empty()) {
    c.error = "empty corpus";
    return c;
  }
  while (c.bytes < TargetBytes()) {
    for (const auto& d : base) {
      c.docs.push_back(d);
      c.bytes += d.size();
    }
  }
  return c;
}

const Corpus& GeoVirusCorpus() {
  static Corpus corpus = [] {
    auto docs =
        sitrep::eval::ReadGeoVirus(std::string(SITREP_SHARED_DIR) + "/data/geo/GeoVirus.xml");
    if (!docs.ok()) {
      Corpus c;
      c.error = docs.status().ToString();
      return c;
    }
    std::vector<std::string> base;
    for (const auto& d : *docs) base.push_back(d.text);
    return Replicate(base);
  }();
  return corpus;
}

const Corpus& EwtCorpus() {
  static Corpus corpus = [] {
    auto sents = sitrep::conllu::ReadFile(std::string(SITREP_SHARED_DIR) +
                                          "/data/ud-ewt/en_ewt-ud-test.conllu");
    if (!sents.ok()) {
      Corpus c;
      c.error = sents.status().ToString();
      return c;
    }
    std::vector<std::string> base = sitrep::conllu::DocumentTexts(*sents);
    return Replicate(base);
  }();
  return corpus;
}

void BM_GazetteerOpen(benchmark::State& state) {
  double open_s = 0, scan_s = 0;
  size_t opens = 0, places = 0, file_bytes = 0;
  double sink = 0;
  for (auto _ : state) {
    auto t0 = Clock::now();
    auto g = sitrep::geo::Gazetteer::Open("");
    auto t1 = Clock::now();
    if (!g.ok()) {
      state.SkipWithError(g.status().ToString().c_str());
      return;
    }
    // Touch every entry and its name (the strings section) once.
    const sitrep::geo::Gazetteer& gz = **g;
    for (uint32_t i = 0; i < gz.num_entries(); ++i) {
      const auto& e = gz.entry(i);
      sink += e.lat + static_cast<double>(gz.name(i).size() + gz.str(e.admin1_name).size());
    }
    auto t2 = Clock::now();
    open_s += std::chrono::duration<double>(t1 - t0).count();
    scan_s += std::chrono::duration<double>(t2 - t1).count();
    ++opens;
    places = gz.num_entries();
    file_bytes = gz.file_size();
  }
  benchmark::DoNotOptimize(sink);
  state.counters["open_ms"] = 1e3 * open_s / static_cast<double>(opens);
  state.counters["scan_ms"] = 1e3 * scan_s / static_cast<double>(opens);
  state.counters["file_MB"] = static_cast<double>(file_bytes) / (1 << 20);
  state.counters["places"] = static_cast<double>(places);
  state.counters["peak_rss_MB"] = PeakRssMb();
}
BENCHMARK(BM_GazetteerOpen)->Iterations(5)->Unit(benchmark::kMillisecond);

struct Engines {
  std::unique_ptr<sitrep::Pipeline> pipeline;
  std::unique_ptr<sitrep::geo::Geoparser> geo;
  std::unique_ptr<sitrep::actors::ActorCoder> actors;  // null when data/actors is absent
  std::string error;
};

const Engines& GetEngines() {
  static Engines e = [] {
    Engines x;
    auto p = sitrep::Pipeline::Load({});  // tag + parse
    if (!p.ok()) {
      x.error = p.status().ToString();
      return x;
    }
    auto g = sitrep::geo::Geoparser::Load({});
    if (!g.ok()) {
      x.error = g.status().ToString();
      return x;
    }
    x.pipeline = std::move(p.value());
    x.geo = std::move(g.value());
    sitrep::actors::ActorOptions ao;
    ao.use_ner = std::getenv("SITREP_BENCH_NO_NER") == nullptr;
    auto a = sitrep::actors::ActorCoder::Load(ao);
    if (a.ok()) x.actors = std::move(a.value());
    return x;
  }();
  return e;
}

void BM_Geoparse(benchmark::State& state, const Corpus& (*get_corpus)()) {
  const Corpus& corpus = get_corpus();
  const Engines& eng = GetEngines();
  if (!corpus.error.empty() || !eng.error.empty()) {
    state.SkipWithError((corpus.error + eng.error).c_str());
    return;
  }
  auto worker = eng.pipeline->NewWorker();
  auto ws = eng.geo->NewWorkspace();
  auto aws = eng.actors ? eng.actors->NewWorkspace() : nullptr;
  sitrep::Doc doc;
  double pipe_s = 0, geo_s = 0, actors_s = 0;
  size_t tokens = 0, places = 0, actor_mentions = 0;
  for (auto _ : state) {
    for (const std::string& text : corpus.docs) {
      doc.Clear();
      doc.SetText(text);
      auto t0 = Clock::now();
      eng.pipeline->Process(&doc, worker.get());
      auto t1 = Clock::now();
      auto found = eng.geo->Parse(&doc, ws.get());
      auto t2 = Clock::now();
      if (eng.actors) {
        auto ms = eng.actors->Code(doc, aws.get());
        auto es = eng.actors->Resolve(doc, &ms);
        actor_mentions += ms.size();
        benchmark::DoNotOptimize(es);
      }
      auto t3 = Clock::now();
      pipe_s += std::chrono::duration<double>(t1 - t0).count();
      geo_s += std::chrono::duration<double>(t2 - t1).count();
      actors_s += std::chrono::duration<double>(t3 - t2).count();
      tokens += doc.num_tokens();
      places += found.size();
    }
  }
  state.counters["pipeline_tok_per_s"] = static_cast<double>(tokens) / pipe_s;
  state.counters["geo_tok_per_s"] = static_cast<double>(tokens) / geo_s;
  state.counters["geo_pct_of_pipeline"] = 100.0 * geo_s / pipe_s;
  state.counters["places_per_ktok"] = 1000.0 * static_cast<double>(places) / tokens;
  if (eng.actors) {
    state.counters["actors_pct_of_pipeline"] = 100.0 * actors_s / pipe_s;
    state.counters["actors_per_ktok"] = 1000.0 * static_cast<double>(actor_mentions) / tokens;
  }
  state.counters["tokens"] = static_cast<double>(tokens);
  state.counters["MB"] = static_cast<double>(corpus.bytes) / (1 << 20);
  state.counters["peak_rss_MB"] = PeakRssMb();
}
// Corpora load on first use, not at registration.
BENCHMARK_CAPTURE(BM_Geoparse, geovirus, &GeoVirusCorpus)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_Geoparse, ewt, &EwtCorpus)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::string gaz = sitrep::geo::DefaultGazetteerPath();
  if (!fs::exists(gaz)) {
    std::printf(
        "geo_bench: skipped: no gazetteer at %s (build it with `sitrep gazetteer build`, "
        "or set SITREP_GAZETTEER)\n",
        gaz.c_str());
    return 0;
  }
  if (!fs::exists(SITREP_SHARED_DIR)) {
    std::printf("geo_bench: skipped: no reference folder %s\n", SITREP_SHARED_DIR);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
