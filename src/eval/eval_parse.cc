#include "eval/eval_parse.h"

#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "conllu/conllu.h"
#include "parse/parser.h"
#include "text/span_eval.h"
#include "text/tokenizer.h"

namespace sitrep::eval {
namespace {

double Pct(size_t a, size_t b) {
  return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

}  // namespace

Result<ParseReport> EvalParse(const Pipeline& pipeline, const std::string& gold_path) {
  auto t0 = std::chrono::steady_clock::now();
  auto gold = conllu::ReadFile(gold_path);
  if (!gold.ok()) return gold.status();
  const auto& sents = gold.value();
  ParseReport r;
  r.gold_path = gold_path;
  r.sentences = sents.size();
  auto worker = pipeline.NewWorker();

  // 1. Gold tokenization: tags, lemmas, parse.
  Doc doc;
  conllu::ToDoc(sents, 0, sents.size(), false, &doc);
  pipeline.Annotate(&doc, worker.get());
  size_t k = 0, upos = 0, xpos = 0, lemma = 0;
  for (const auto& s : sents) {
    for (const auto& w : s.words) {
      if (UposName(doc.upos(k)) == w.upos) ++upos;
      if (XposName(doc.xpos(k)) == w.xpos) ++xpos;
      if (doc.lemma(k) == w.lemma) ++lemma;
      ++k;
    }
  }
  r.words = k;
  r.upos = Pct(upos, k);
  r.xpos = Pct(xpos, k);
  r.lemma = Pct(lemma, k);
  parse::ParseScores ps = parse::ScoreParse(doc, sents);
  r.uas = ps.uas;
  r.las = ps.las;
  r.las_universal = ps.las_universal;

  // 2. Raw text, one document at a time (# newdoc), as a user would feed it.
  text::SpanScores tok, sen;
  Doc gold_doc, pred;
  size_t begin = 0;
  while (begin < sents.size()) {
    size_t end = begin + 1;
    while (end < sents.size() && !sents[end].new_doc) ++end;
    conllu::ToDoc(sents, begin, end, false, &gold_doc);
    pred.SetText(conllu::RawText(sents, begin, end));
    text::Tokenize(&pred);
    auto t = text::TokenScores(gold_doc, pred);
    if (!t.ok()) return t.status();
    auto s = text::SentenceScores(gold_doc, pred);
    if (!s.ok()) return s.status();
    tok += t.value();
    sen += s.value();
    begin = end;
  }
  r.token_p = 100 * tok.precision();
  r.token_r = 100 * tok.recall();
  r.token_f1 = 100 * tok.f1();
  r.sent_p = 100 * sen.precision();
  r.sent_r = 100 * sen.recall();
  r.sent_f1 = 100 * sen.f1();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

std::string ParseReport::ToText() const {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "gold: %s (%zu sentences, %zu words)\n"
                "gold tokenization:\n"
                "  UPOS   %6.2f %%\n  XPOS   %6.2f %%\n  lemma  %6.2f %%\n"
                "  UAS    %6.2f\n  LAS    %6.2f   (universal relations: %.2f)\n"
                "raw text:\n"
                "  tokens     P %6.2f  R %6.2f  F1 %6.2f\n"
                "  sentences  P %6.2f  R %6.2f  F1 %6.2f\n"
                "time: %.2f s\n",
                gold_path.c_str(), sentences, words, upos, xpos, lemma, uas, las, las_universal,
                token_p, token_r, token_f1, sent_p, sent_r, sent_f1, seconds);
  return buf;
}

std::string ParseReport::ToJson() const {
  nlohmann::json j = {{"gold", gold_path},
                      {"sentences", sentences},
                      {"words", words},
                      {"upos", upos},
                      {"xpos", xpos},
                      {"lemma", lemma},
                      {"uas", uas},
                      {"las", las},
                      {"las_universal", las_universal},
                      {"token_precision", token_p},
                      {"token_recall", token_r},
                      {"token_f1", token_f1},
                      {"sentence_precision", sent_p},
                      {"sentence_recall", sent_r},
                      {"sentence_f1", sent_f1}};
  return j.dump(2);
}

}  // namespace sitrep::eval
