// Part-of-speech tagging and lemmatization for English (UD EWT conventions).
//
// The tagger predicts the joint (UPOS, XPOS) pair of every token with two
// greedy passes of a sparse averaged-perceptron model over hashed features of
// Doc::norm(i): the first pass sees the word, its neighbours and the tags it
// has already predicted on the left; the second pass, run on the tokens the
// first was not sure of, also sees the first pass's tags on the right. The
// lemmatizer then looks the (form, XPOS) pair up in a table learned from the
// treebank and falls back to suffix-rewrite rules keyed by XPOS for unseen
// words. Words are compared after ASCII lowercasing only.
//
// Thread-safety: a Tagger is immutable after Load()/TrainTagger() and may be
// shared by any number of threads. Each thread owns its Workspace (created by
// NewWorkspace()); reusing one Workspace and one Doc, tagging allocates
// nothing in steady state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "conllu/conllu.h"
#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::tag {

// Version of the tagger payload inside the model container (core/model_file.h).
inline constexpr uint32_t kTaggerFormatVersion = 1;

struct TaggerModel;  // the frozen model (tag/tagger_model.h)
struct Workspace;    // per-thread scratch, reused across calls

}  // namespace sitrep::tag

// Workspace is opaque here; its deleter lives in tagger.cc, so callers can own
// one through std::unique_ptr without seeing its definition.
template <>
struct std::default_delete<sitrep::tag::Workspace> {
  void operator()(sitrep::tag::Workspace* ws) const;
};

namespace sitrep::tag {

class Tagger {
 public:
  Tagger();
  // Takes a trained model and derives its run-time tables.
  explicit Tagger(std::unique_ptr<TaggerModel> model);
  Tagger(Tagger&&) noexcept;
  Tagger& operator=(Tagger&&) noexcept;
  ~Tagger();

  // Reads a model written by Save(). Refuses, with a message naming the file,
  // a file that is not a tagger model, has another format version, fails its
  // checksum, or was trained with other UPOS/XPOS tables than this build's.
  static Result<Tagger> Load(const std::string& path);
  // Writes the model (atomically) to `path`.
  Status Save(const std::string& path) const;

  std::unique_ptr<Workspace> NewWorkspace() const;

  // Sets upos, xpos and lemma for every token of every sentence of doc.
  // Tokens outside any sentence are left alone.
  void Tag(Doc* doc, Workspace* ws) const;

  // How the model was trained (JSON text, as stored in the model file).
  const std::string& config() const;
  // Sizes, for reports.
  size_t num_features() const;
  size_t num_weights() const;

  const TaggerModel& model() const { return *model_; }

 private:
  std::unique_ptr<const TaggerModel> model_;
};

struct TaggerTrainOptions {
  std::string train_path, dev_path;
  int epochs = 0;  // 0: choose by dev (up to 15, stopping after 3 without gain)
  uint64_t seed = 1;
};

// Trains on train_path (CoNLL-U), logging one line per epoch with the dev
// accuracy to `log`, and keeps the epoch that is best on dev_path (the last
// one when dev_path is empty). Deterministic for a given seed.
Result<Tagger> TrainTagger(const TaggerTrainOptions& opts, std::ostream& log);

// Accuracies in percent over `tokens` words.
struct TagScores {
  size_t tokens = 0;
  double upos = 0, xpos = 0, lemma = 0;
};
// Tags the words of `gold` (gold tokenization) and compares with its
// annotation.
TagScores EvalTagger(const Tagger& t, const std::vector<conllu::Sentence>& gold);

}  // namespace sitrep::tag
