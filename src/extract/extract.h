// The whole job on one document: tokenize, tag and parse; places; names,
// actors and coreference; events. And the contract's Document record as JSON
// (../shared/spec/README.md): `sitrep extract` and the evaluations use this.
//
// Thread-safety: an Extractor is immutable after Load() and may be shared by
// threads, each with its own Worker.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "actors/actors.h"
#include "events/events.h"
#include "geo/geoparser.h"
#include "sitrep/doc.h"
#include "sitrep/pipeline.h"
#include "sitrep/status.h"

namespace sitrep::extract {

struct ExtractOptions {
  std::string models;      // model folder ("" = default)
  std::string gazetteer;   // gazetteer file ("" = default)
  std::string places_dir;  // data/places ("" = default)
  std::string actors_dir;  // data/actors ("" = default)
  std::string events_dir;  // data/events ("" = default)
};

// Everything found in one document.
struct Extraction {
  std::vector<geo::Place> places;
  std::vector<actors::ActorMention> mentions;
  std::vector<actors::Entity> entities;
  std::vector<events::Event> events;
};

class Extractor {
 public:
  class Worker;
  struct WorkerDeleter {
    void operator()(Worker* w) const;
  };
  using WorkerPtr = std::unique_ptr<Worker, WorkerDeleter>;

  // Loads every model and table; errors name the file and what to do.
  static Result<std::unique_ptr<Extractor>> Load(const ExtractOptions& options);
  ~Extractor();
  WorkerPtr NewWorker() const;

  // Runs every stage on doc (its text, id and published are the caller's).
  Extraction Run(Doc* doc, Worker* worker) const;

  // The contract's Document record. `pretty` indents it.
  std::string ToJson(const Doc& doc, const Extraction& x, bool pretty) const;

 private:
  Extractor() = default;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<geo::Geoparser> geo_;
  std::unique_ptr<actors::ActorCoder> actors_;
  std::unique_ptr<events::EventExtractor> events_;
};

// Hex SHA-256 of a string (the record's text_sha256).
std::string Sha256Hex(std::string_view data);

}  // namespace sitrep::extract
