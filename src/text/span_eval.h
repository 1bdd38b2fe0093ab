// Token and sentence segmentation scores: how well a predicted Doc's spans
// match a gold Doc's, as in the CoNLL 2018 shared task evaluation.
//
// Spans are compared by non-whitespace character offsets, so the two Docs'
// texts may differ in whitespace (gold from conllu::ToDoc joins words with
// spaces; the prediction tokenizes conllu::RawText). Their non-whitespace
// characters must be identical; otherwise the scores are refused with an
// InvalidArgument status naming the first difference, never silently
// misaligned. A multiword token's words ("do" + "n't") are separate spans.
// Whitespace is what text::IsSpace says it is.
#pragma once

#include <cstddef>

#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::text {

struct SpanScores {
  size_t gold = 0, pred = 0, correct = 0;
  double precision() const { return pred == 0 ? 0.0 : static_cast<double>(correct) / pred; }
  double recall() const { return gold == 0 ? 0.0 : static_cast<double>(correct) / gold; }
  double f1() const {
    return gold + pred == 0 ? 0.0 : 2.0 * static_cast<double>(correct) / (gold + pred);
  }
  SpanScores& operator+=(const SpanScores& o) {
    gold += o.gold;
    pred += o.pred;
    correct += o.correct;
    return *this;
  }
};

// Token spans of `pred` against those of `gold`.
Result<SpanScores> TokenScores(const Doc& gold, const Doc& pred);
// Sentence spans (first token's begin .. last token's end).
Result<SpanScores> SentenceScores(const Doc& gold, const Doc& pred);

}  // namespace sitrep::text
