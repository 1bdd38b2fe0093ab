// Throughput of each text-engine stage alone, one thread, on UD English-EWT
// test (gold sentences for the tagger and parser, raw text for the
// tokenizer), so a regression can be pinned to its stage.
//
//   build/release/bench/components_bench
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "conllu/conllu.h"
#include "parse/parser.h"
#include "sitrep/pipeline.h"
#include "tag/tagger.h"
#include "text/tokenizer.h"

namespace {

const std::string kTest = std::string(SITREP_SHARED_DIR) + "/data/ud-ewt/en_ewt-ud-test.conllu";

struct Data {
  std::vector<sitrep::conllu::Sentence> sents;
  std::string raw;
  std::string error;
};

const Data& GetData() {
  static Data d = [] {
    Data x;
    auto s = sitrep::conllu::ReadFile(kTest);
    if (!s.ok()) {
      x.error = s.status().ToString();
      return x;
    }
    x.sents = std::move(s.value());
    x.raw = sitrep::conllu::RawText(x.sents, 0, x.sents.size());
    return x;
  }();
  return d;
}

void BM_Tokenizer(benchmark::State& state) {
  const Data& d = GetData();
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  sitrep::Doc doc;
  size_t tokens = 0;
  for (auto _ : state) {
    doc.SetText(d.raw);
    sitrep::text::Tokenize(&doc);
    tokens += doc.num_tokens();
  }
  state.counters["tokens_per_s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Tokenizer)->Unit(benchmark::kMillisecond);

void BM_Tagger(benchmark::State& state) {
  const Data& d = GetData();
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  auto tagger = sitrep::tag::Tagger::Load(sitrep::DefaultModelDir() + "/en_ewt.tagger");
  if (!tagger.ok()) return state.SkipWithError(tagger.status().ToString().c_str());
  auto ws = tagger->NewWorkspace();
  sitrep::Doc doc;
  sitrep::conllu::ToDoc(d.sents, 0, d.sents.size(), false, &doc);
  size_t tokens = 0;
  for (auto _ : state) {
    tagger->Tag(&doc, ws.get());
    tokens += doc.num_tokens();
  }
  state.counters["tokens_per_s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Tagger)->Unit(benchmark::kMillisecond);

void BM_Parser(benchmark::State& state) {
  const Data& d = GetData();
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  auto parser = sitrep::parse::Parser::Load(sitrep::DefaultModelDir() + "/en_ewt.parser");
  if (!parser.ok()) return state.SkipWithError(parser.status().ToString().c_str());
  auto ws = parser->NewWorkspace();
  sitrep::Doc doc;
  sitrep::conllu::ToDoc(d.sents, 0, d.sents.size(), true, &doc);  // gold tags
  size_t tokens = 0;
  for (auto _ : state) {
    parser->Parse(&doc, ws.get());
    tokens += doc.num_tokens();
  }
  state.counters["tokens_per_s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Parser)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
