// `sitrep eval events` and `sitrep eval acled`: extracted events against gold
// events in the contract's gold format (../shared/spec/README.md: one document
// per line or one JSON object, events with `sentence_text`, `plover`, `cameo`,
// `acled`, `actor`, `recipient`, `location`, `modality`, `optional`).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::eval {

struct Ratio {
  size_t hit = 0, total = 0;
  double value() const { return total ? static_cast<double>(hit) / total : 0.0; }
};

struct EventReport {
  std::string gold_path;
  size_t docs = 0, gold_events = 0, gold_required = 0, predicted = 0;
  // Sentence-level event mentions: a predicted event matches a gold event of
  // its sentence and PLOVER type (one to one; its trigger inside the gold
  // text and its place near the gold place preferred). Predicted events that
  // match an optional gold event are neither credited nor penalised.
  size_t matched_required = 0, unmatched_predicted = 0;
  double precision = 0, recall = 0, f1 = 0;
  // Per gold event: the type of the sentence's most confident predicted event
  // (strict), and whether any predicted event of its sentence has its type.
  Ratio type_accuracy, type_any;
  // Over matched pairs where the gold states the field.
  Ratio cameo_root, actor_country, recipient_country, location_50km, modality;
  std::vector<std::string> errors;  // missed and spurious events, in words
  std::string ToText(bool verbose = false) const;
  std::string ToJson() const;
};

// Runs every stage on a document (text, id and published set by the caller).
using ExtractFn = std::function<extract::Extraction(Doc* doc)>;

// Reads a gold file: JSONL (one document per line) or one JSON document.
Result<EventReport> EvalEvents(const std::string& gold_path, const ExtractFn& fn);

struct AcledReport {
  std::string gold_path;
  size_t docs = 0;
  // Document level: the set of ACLED (event type) and (event type, sub-event
  // type) pairs of a document's required gold events against its predicted
  // events, micro-averaged.
  double type_precision = 0, type_recall = 0, type_f1 = 0;
  double sub_precision = 0, sub_recall = 0, sub_f1 = 0;
  // For each gold ACLED event with coordinates: the distance to the nearest
  // predicted event of its sub-event type with coordinates (km).
  std::vector<double> location_km;
  double median_location_km = 0;
  Ratio within_50km, actor_type, fatalities, date;
  std::string ToText() const;
  std::string ToJson() const;
};

Result<AcledReport> EvalAcled(const std::string& gold_path, const ExtractFn& fn);

}  // namespace sitrep::eval
