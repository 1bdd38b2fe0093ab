#include "ner/eval_ner.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "ner/iob2.h"

namespace sitrep::ner {

void ScoreEntities(const std::vector<Entity>& gold, const std::vector<Entity>& pred,
                   NerReport* report) {
  for (const Entity& g : gold) {
    ++report->per_type[static_cast<int>(g.type)].gold;
    ++report->micro.gold;
  }
  size_t k = 0;
  for (const Entity& p : pred) {
    ++report->per_type[static_cast<int>(p.type)].pred;
    ++report->micro.pred;
    while (k < gold.size() && gold[k].token_begin < p.token_begin) ++k;
    // Gold names do not overlap, so at most one starts where p starts.
    if (k < gold.size() && gold[k] == p) {
      ++report->per_type[static_cast<int>(p.type)].correct;
      ++report->micro.correct;
    }
  }
}

Result<NerReport> EvalNer(const Ner& ner, const Pipeline& pipeline, const std::string& gold_path,
                          const RefineFn& refine) {
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  auto sents = ReadIob2(gold_path);
  if (!sents.ok()) return sents.status();
  Doc doc;
  ToDoc(*sents, 0, sents->size(), &doc);
  auto worker = pipeline.NewWorker();
  pipeline.Annotate(&doc, worker.get());
  std::vector<Entity> gold, pred;
  uint32_t offset = 0;
  for (const Iob2Sentence& s : *sents) {
    SpansFromTags(s, offset, &gold);
    offset += static_cast<uint32_t>(s.tokens.size());
  }
  auto ws = ner.NewWorkspace();
  auto tag_start = Clock::now();
  ner.Tag(doc, ws.get(), &pred);
  if (refine) refine(doc, &pred);
  double tag_seconds = std::chrono::duration<double>(Clock::now() - tag_start).count();
  NerReport r;
  r.gold_path = gold_path;
  r.sentences = sents->size();
  r.tokens = doc.num_tokens();
  ScoreEntities(gold, pred, &r);
  // Per genre: each sentence's names scored on their own.
  {
    size_t gi = 0, pi = 0;
    uint32_t begin = 0;
    for (const Iob2Sentence& s : *sents) {
      uint32_t end = begin + static_cast<uint32_t>(s.tokens.size());
      size_t dash = s.sent_id.find('-');
      std::vector<Entity> g, p;
      for (; gi < gold.size() && gold[gi].token_begin < end; ++gi) g.push_back(gold[gi]);
      for (; pi < pred.size() && pred[pi].token_begin < end; ++pi) p.push_back(pred[pi]);
      if (dash != std::string::npos && dash > 0) {
        NerReport one;
        ScoreEntities(g, p, &one);
        text::SpanScores& acc = r.by_genre[s.sent_id.substr(0, dash)];
        acc.gold += one.micro.gold;
        acc.pred += one.micro.pred;
        acc.correct += one.micro.correct;
      }
      begin = end;
    }
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.ner_tokens_per_s = tag_seconds > 0 ? static_cast<double>(r.tokens) / tag_seconds : 0;
  return r;
}

std::string NerReport::ToText() const {
  std::string out = "gold: " + gold_path + " (" + std::to_string(sentences) + " sentences, " +
                    std::to_string(tokens) + " tokens)\n";
  out += "exact span match    gold   pred  correct      P       R      F1\n";
  char buf[256];
  auto line = [&](std::string_view name, const text::SpanScores& s) {
    std::snprintf(buf, sizeof buf, "  %-9.*s    %7zu %6zu %8zu  %6.2f  %6.2f  %6.2f\n",
                  static_cast<int>(name.size()), name.data(), s.gold, s.pred, s.correct,
                  100 * s.precision(), 100 * s.recall(), 100 * s.f1());
    out += buf;
  };
  for (int t = 0; t < kNumEntityTypes; ++t)
    line(EntityTypeName(static_cast<EntityType>(t)), per_type[t]);
  line("micro", micro);
  if (!by_genre.empty()) {
    out += "by genre (micro)\n";
    for (const auto& [genre, sc] : by_genre) line(genre, sc);
  }
  std::snprintf(buf, sizeof buf, "time: %.2f s (recognizer alone: %.0f tokens/s)\n", seconds,
                ner_tokens_per_s);
  out += buf;
  return out;
}

std::string NerReport::ToJson() const {
  auto scores = [](const text::SpanScores& s) {
    return nlohmann::json{{"gold", s.gold},       {"predicted", s.pred},
                          {"correct", s.correct}, {"precision", s.precision()},
                          {"recall", s.recall()}, {"f1", s.f1()}};
  };
  nlohmann::json types = nlohmann::json::object();
  for (int t = 0; t < kNumEntityTypes; ++t)
    types[std::string(EntityTypeName(static_cast<EntityType>(t)))] = scores(per_type[t]);
  nlohmann::json j = {{"gold", gold_path},
                      {"sentences", sentences},
                      {"tokens", tokens},
                      {"types", types},
                      {"micro", scores(micro)},
                      {"by_genre",
                       [&] {
                         nlohmann::json g = nlohmann::json::object();
                         for (const auto& [genre, sc] : by_genre) g[genre] = scores(sc);
                         return g;
                       }()},
                      {"seconds", seconds},
                      {"ner_tokens_per_s", ner_tokens_per_s}};
  return j.dump(2);
}

}  // namespace sitrep::ner
