// Named-entity recognition for English: person (PER), organization (ORG)
// and location (LOC) names, in the Universal NER (UNER) conventions.
//
// The recognizer labels every token of a sentence greedily, left to right,
// with a BIO label (B-T: first token of a name of type T; I-T: a following
// token; O: outside) predicted by a sparse averaged-perceptron model
// (core/linear.h) over hashed features of the token and its neighbours: the
// lowercased word and its shape, affixes and capitalization, the Doc's UPOS
// and XPOS tags two tokens either side, the length of the run of capitalized
// words it is in, matches in a lexicon of names and name parts stored in the
// model (first names, surnames, cities, countries, organizations, "street",
// "university", common English words, ...), and the labels already predicted
// on the left. I-T is chosen only after B-T or I-T, so every span is well
// formed.
//
// The model reads the Doc's upos/xpos columns: run the tagger first
// (Pipeline::Annotate or Process). It was trained on the tags of the
// project's own tagger (models/en_ewt.tagger), so it expects those, not gold
// tags.
//
// Thread-safety: a Ner is immutable after Load()/TrainNer() and may be
// shared by any number of threads. Each thread owns its Workspace (from
// NewWorkspace()); reusing one Workspace and one output vector, tagging
// allocates nothing in steady state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::ner {

// Version of the NER payload inside the model container (core/model_file.h).
inline constexpr uint32_t kNerFormatVersion = 1;

enum class EntityType : uint8_t { kPer = 0, kOrg = 1, kLoc = 2 };
inline constexpr int kNumEntityTypes = 3;
std::string_view EntityTypeName(EntityType t);  // "PER", "ORG", "LOC"
// False when `name` is none of the above.
bool EntityTypeFromName(std::string_view name, EntityType* t);

// One recognized name: the Doc tokens [token_begin, token_end) (document-wide
// token indices, never crossing a sentence boundary).
struct Entity {
  uint32_t token_begin = 0, token_end = 0;
  EntityType type = EntityType::kPer;
  // Confidence in (0, 1]: the smallest, over the span's tokens, of the
  // softmax probability of the chosen label among the allowed ones. A ranking
  // signal, not a calibrated probability.
  float score = 0;
  bool operator==(const Entity& o) const {
    return token_begin == o.token_begin && token_end == o.token_end && type == o.type;
  }
};

struct NerModel;   // the frozen model (ner/ner_model.h)
struct Workspace;  // per-thread scratch, reused across calls

}  // namespace sitrep::ner

// Workspace is opaque here; its deleter lives in ner.cc.
template <>
struct std::default_delete<sitrep::ner::Workspace> {
  void operator()(sitrep::ner::Workspace* ws) const;
};

namespace sitrep::ner {

class Ner {
 public:
  Ner();
  explicit Ner(std::unique_ptr<NerModel> model);
  Ner(Ner&&) noexcept;
  Ner& operator=(Ner&&) noexcept;
  ~Ner();

  // Reads a model written by Save(). Refuses, with a message naming the file,
  // a file that is not a NER model, has another format version, fails its
  // checksum or is damaged.
  static Result<Ner> Load(const std::string& path);
  // Writes the model (atomically) to `path`.
  Status Save(const std::string& path) const;

  std::unique_ptr<Workspace> NewWorkspace() const;

  // Replaces *out with the names in every sentence of doc, in token order.
  // Tokens outside any sentence are not looked at. A default-constructed Ner
  // finds nothing.
  void Tag(const Doc& doc, Workspace* ws, std::vector<Entity>* out) const;

  // How the model was trained (JSON text, as stored in the model file).
  const std::string& config() const;
  size_t num_features() const;
  size_t num_weights() const;

  const NerModel& model() const { return *model_; }

 private:
  std::unique_ptr<const NerModel> model_;
};

struct NerTrainOptions {
  // UNER IOB2 file to learn from. Every `holdout_every`-th sentence (the
  // 10th, 20th, ...) is held out to choose the number of epochs and the
  // pruning threshold; 0 holds nothing out (then `epochs` must be > 0).
  std::string train_path;
  size_t holdout_every = 10;
  // Optional lexicon of names and name parts, "category<TAB>phrase" per line
  // (scripts/ner-lexicon.mjs writes it); it is stored in the model, which
  // learns how far to trust each category.
  std::string lexicon_path;
  // Folder of en_ewt.tagger, which tags the training sentences (empty: the
  // default model folder, see Pipeline).
  std::string model_dir;
  int epochs = 0;  // 0: choose on the held-out sentences (at most max_epochs)
  int max_epochs = 30;
  // After choosing, train again on every sentence (held-out ones included)
  // for the chosen number of epochs.
  bool refit = true;
  uint64_t seed = 1;
};

// Trains a recognizer, logging one line per epoch to `log`. Deterministic
// for a given file, tagger model and seed. The scores on the held-out
// sentences are in the model's config ("tuning").
Result<Ner> TrainNer(const NerTrainOptions& opts, std::ostream& log);

}  // namespace sitrep::ner
