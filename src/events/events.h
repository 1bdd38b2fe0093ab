// Events: who did what to whom, where and when. Over a tagged and parsed Doc,
// its actor mentions (actors/actors.h, after Resolve) and its places
// (geo/geoparser.h), the extractor finds event triggers from the reviewed
// lexicon (data/events/triggers.tsv), fills their roles through the
// dependency parse (active and passive voice, nominalisations, coordination,
// relative clauses, control, reported speech), attaches the event's place,
// date, modality and numbers, and codes it in PLOVER 2.0, CAMEO and ACLED.
//
// Thread-safety: an EventExtractor is immutable after Load() and may be shared
// by any number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/actors.h"
#include "events/dates.h"
#include "geo/place.h"
#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::events {

// The codes of one lexicon row (data/events/triggers.tsv).
struct EventCodes {
  std::string plover;                 // AGREE ... ASSAULT
  std::string mode;                   // a PLOVER mode of that type, or ""
  std::vector<std::string> context;   // PLOVER contexts
  std::string cameo;                  // 2-4 digits
  std::string acled_type, acled_sub;  // "" when ACLED does not code the event
};

// The contract's modality flags.
struct Modality {
  bool negated = false, hedged = false, future = false, hypothetical = false, historical = false;
};

// One participant of an event: an actor mention (index into the mentions
// given to Extract) or, for a place standing as a target ("shelled Kharkiv"),
// a place (index into the places).
struct Participant {
  int mention = -1;
  int place = -1;
};

struct Event {
  size_t sentence = 0;
  uint32_t trigger_begin = 0, trigger_end = 0;  // Doc tokens of the trigger ("shoot | down")
  uint32_t trigger_head = 0;                    // its head token
  EventCodes codes;
  std::vector<Participant> actor, recipient;
  int location = -1;  // index into places; -1: none found
  DateMention date;   // value "" when neither the text nor the article gives one
  Modality modality;
  std::optional<int64_t> fatalities, injured, size;
  int speaker = -1;  // mention of who reports it ("A says B attacked C"), or -1
  double confidence = 0;
};

struct EventOptions {
  std::string data_dir;  // empty: the source tree's data/events
};

class EventExtractor {
 public:
  // Loads the lexicon and cue tables; errors name the file and line.
  static Result<std::unique_ptr<EventExtractor>> Load(const EventOptions& options);
  ~EventExtractor();

  // The events of a tagged and parsed doc, in text order. `mentions` are the
  // actor coder's mentions after Resolve (with pronouns), `places` the
  // geoparser's. doc.published dates the events the text does not date.
  std::vector<Event> Extract(const Doc& doc, const std::vector<actors::ActorMention>& mentions,
                             const std::vector<geo::Place>& places) const;

  size_t num_triggers() const;

 private:
  EventExtractor() = default;
  struct Data;
  std::unique_ptr<Data> data_;
};

}  // namespace sitrep::events
