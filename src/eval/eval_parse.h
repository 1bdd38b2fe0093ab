// `sitrep eval parse`: tagging, lemma, dependency and tokenization scores of
// the pipeline against a CoNLL-U gold file.
#pragma once

#include <string>

#include "sitrep/pipeline.h"
#include "sitrep/status.h"

namespace sitrep::eval {

struct ParseReport {
  std::string gold_path;
  size_t sentences = 0, words = 0;
  // Gold tokenization (percent).
  double upos = 0, xpos = 0, lemma = 0;
  double uas = 0, las = 0, las_universal = 0;
  // Raw text (`# text` lines), tokenized and split by sitrep (percent).
  double token_p = 0, token_r = 0, token_f1 = 0;
  double sent_p = 0, sent_r = 0, sent_f1 = 0;
  double seconds = 0;

  std::string ToText() const;
  std::string ToJson() const;
};

Result<ParseReport> EvalParse(const Pipeline& pipeline, const std::string& gold_path);

}  // namespace sitrep::eval
