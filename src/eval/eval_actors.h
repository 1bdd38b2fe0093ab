// `sitrep eval actors`: actor coding (country, sector) against gold events
// whose actors carry a text, a country and maybe a sector (the contract's
// gold format, e.g. ../shared/data/events/plover-gsr.gold.jsonl).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "actors/actors.h"
#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::eval {

struct ActorReport {
  std::string gold_path;
  size_t docs = 0, gold_actors = 0, found = 0;  // found: overlapped by a predicted actor
  size_t with_country = 0, country_correct = 0;
  size_t with_sector = 0, sector_correct = 0;
  double country_accuracy = 0, sector_accuracy = 0, coverage = 0;
  std::vector<std::string> errors;  // one line per wrong or missed gold actor
  std::string ToText(bool verbose = false) const;
  std::string ToJson() const;
};

// Codes one document: fills `doc` (text and published are set by the caller)
// and returns its actor mentions.
using ActorFn = std::function<std::vector<actors::ActorMention>(Doc* doc)>;

// A gold country in CAMEO spelling (JAP, ITL, VTN, GMY, UKG) as ISO alpha-3.
std::string NormalizeCountry(const std::string& c);
// True for the IGO codes of data/actors (UN, NATO, EU, ...) and "IGO".
bool IsIgoCode(const std::string& c);

struct EvalActorsOptions {
  // Code every document as undated: people match by name whatever their
  // term of office. For gold sets whose dates are placeholders (PLOVER-GSR
  // dates all of its 1980s-2000s CAMEO-manual sentences 2000-01-01).
  bool ignore_dates = false;
};

// Gold countries in CAMEO spelling (JAP, ITL, VTN) are read as ISO; the gold
// category "IGO" matches any IGO code or the IGO sector; "NGO" the NGO sector.
// Sectors compare on their first three letters ("CVLALB" is CVL); "***" and
// missing sectors are not scored; CAMEO sectors outside the contract's set
// are read as the contract's code (LAB, AGR, ELI -> CVL; JRN -> MED; ...),
// and gold GOV for an IGO actor accepts the IGO sector.
Result<ActorReport> EvalActors(const std::string& gold_path, const ActorFn& fn,
                               const EvalActorsOptions& options = {});

}  // namespace sitrep::eval
