// Actor coding: who the noun phrases of a parsed Doc are, as the record
// contract's Actor fields (country, sector, ACLED actor type), from reviewed
// tables in data/actors (people with validity dates, organisations, role
// nouns, metonyms) and the gazetteer's countries and demonyms.
//
//   "Russian troops"          -> RUS MIL 1    (demonym modifier + role noun)
//   "Ukraine's forces"        -> UKR MIL 1    (possessive country)
//   "the army of Sudan"       -> SDN MIL 1    ("of" + country)
//   "Kremlin spokesperson Dmitry Peskov" -> RUS GOV (people table)
//   "the Kremlin", "Moscow"   -> RUS GOV      (metonyms)
//   "Sputnik"                 -> RUS MED      (organisations)
//
// Names are found by longest match of token n-grams against one hash index of
// folded keys (geo/name_key.h): no regex per name. An ActorCoder is immutable
// after Load() and shared between threads; each thread has its own Workspace.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "geo/gazetteer.h"
#include "ner/ner.h"
#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::actors {

struct ActorCode {
  std::string name;     // canonical name ("Vladimir Putin", "Military Forces of Russia")
  std::string country;  // ISO 3166-1 alpha-3 or an IGO code (UN, NATO, EU, ...); "" = unknown
  std::string sector;   // GOV, MIL, COP, ...; "" = unknown
  int acled_inter = 0;  // 1..8; 0 = not an ACLED actor / unknown
};

struct ActorMention {
  uint32_t token_begin = 0, token_end = 0;  // the noun phrase [begin, end)
  uint32_t head = 0;                        // its head token
  std::string text;
  ActorCode code;
  // How it was coded: "person", "organisation", "metonym", "role", "country",
  // "pronoun" (coded through its antecedent), "counterpart".
  std::string how;
  int entity = -1;  // index into the document's entities (Resolve)
};

// One resolved entity of a document: all mentions of one person,
// organisation, place-as-actor or group ("Russian troops" and "the Russian
// military" are one RUS MIL group).
struct Entity {
  std::string type;  // PER | ORG | GPE | GROUP
  std::string name;
  ActorCode actor;
  std::vector<size_t> mentions;  // indices into the mention list
};

struct ActorOptions {
  std::string data_dir;   // empty: the source tree's data/actors
  std::string gazetteer;  // empty: the default gazetteer
  // The name recognizer that finds names the tables lack; empty: the
  // default model folder's en_uner.ner. use_ner = false codes from the
  // tables alone.
  std::string ner_model;
  bool use_ner = true;
};

class ActorCoder {
 public:
  struct Workspace;
  struct WorkspaceDeleter {
    void operator()(Workspace* w) const;
  };
  using WorkspacePtr = std::unique_ptr<Workspace, WorkspaceDeleter>;

  // Loads the tables; errors name the file and line.
  static Result<std::unique_ptr<ActorCoder>> Load(const ActorOptions& options);
  ~ActorCoder();
  WorkspacePtr NewWorkspace() const;

  // Actor mentions of a tagged and parsed Doc, in text order. doc.published
  // (ISO date) selects office holders valid on that day.
  std::vector<ActorMention> Code(const Doc& doc, Workspace* ws) const;

  // In-document coreference over Code()'s output: same names, surnames,
  // pronouns ("he", "his" -> the last person), role phrases ("his Russian
  // counterpart" -> the office holder of that country with the antecedent's
  // role). Adds pronoun/counterpart mentions, sets mention.entity, returns
  // the entities in order of first mention.
  std::vector<Entity> Resolve(const Doc& doc, std::vector<ActorMention>* mentions) const;

  // Corrects and completes a recognizer's names (`names`, token order) with
  // the names the tables know: organisations are ORG, people PER, seats of
  // power that are not cities ORG ("the Pentagon"). A table name replaces
  // the recognizer's spans it overlaps, unless one of them has its type and
  // contains it; derived surnames and capitals are left to the recognizer.
  // Countries, provinces, regions, waters and big cities the recognizer
  // missed are added as LOC; month and weekday names are dropped. Reads
  // tokens and UPOS tags (no parse).
  void RefineNames(const Doc& doc, Workspace* ws, std::vector<ner::Entity>* names) const;

  size_t num_names() const;

 private:
  ActorCoder() = default;
  struct Data;
  std::unique_ptr<Data> data_;
  std::unique_ptr<geo::Gazetteer> gaz_;
  std::unique_ptr<ner::Ner> ner_;  // null: tables only
};

// The folder ActorOptions{} resolves to.
std::string DefaultActorDataDir();

}  // namespace sitrep::actors
