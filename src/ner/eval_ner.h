// `sitrep eval ner`: named-entity scores against a UNER IOB2 gold file.
//
// CoNLL-style exact match: a predicted name is correct when a gold name has
// the same first token, the same end and the same type. Precision, recall and
// F1 per type (PER, ORG, LOC) and micro-averaged over the three. Gold
// tokenization; the tags the recognizer reads come from the pipeline's POS
// tagger, as at run time.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ner/ner.h"
#include "sitrep/doc.h"
#include "sitrep/pipeline.h"
#include "sitrep/status.h"
#include "text/span_eval.h"

namespace sitrep::ner {

struct NerReport {
  std::string gold_path;
  size_t sentences = 0, tokens = 0;
  text::SpanScores per_type[kNumEntityTypes];  // by EntityType
  text::SpanScores micro;
  double seconds = 0;           // wall time of reading, tagging and recognizing
  double ner_tokens_per_s = 0;  // Ner::Tag alone
  // Micro scores per genre: the sentence id's prefix before '-' (UD EWT:
  // answers, email, newsgroup, reviews, weblog); empty when ids lack one.
  std::map<std::string, text::SpanScores> by_genre;

  std::string ToText() const;
  std::string ToJson() const;
};

// Counts `pred` against `gold` (both sorted by token_begin; any Doc's token
// indices) into report->per_type and report->micro.
void ScoreEntities(const std::vector<Entity>& gold, const std::vector<Entity>& pred,
                   NerReport* report);

// Reads `gold_path` (ReadIob2), tags its sentences with `pipeline`
// (Annotate; parsing is not needed) and scores `ner` on them.
// `refine`, when set, corrects the recognizer's names before scoring (the
// actor tables: ActorCoder::RefineNames); its time counts as the recognizer's.
using RefineFn = std::function<void(const Doc& doc, std::vector<Entity>* names)>;
Result<NerReport> EvalNer(const Ner& ner, const Pipeline& pipeline, const std::string& gold_path,
                          const RefineFn& refine = {});

}  // namespace sitrep::ner
