// Labelled dependency parser: greedy arc-hybrid transitions scored by a
// sparse averaged perceptron, trained with a dynamic oracle (Goldberg & Nivre
// 2013) on UD English-EWT.
//
// The parser reads each token's normalized form, XPOS and UPOS (so the tagger
// runs first) and writes head and deprel. A Parser is immutable after Load and
// may be shared by threads; each thread parses with its own Workspace.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "conllu/conllu.h"
#include "core/linear.h"
#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::parse {

inline constexpr uint32_t kParserFormatVersion = 1;

struct Workspace;  // per-thread scratch; reused across calls
struct WorkspaceDeleter {
  void operator()(Workspace* ws) const;
};
using WorkspacePtr = std::unique_ptr<Workspace, WorkspaceDeleter>;

class Parser {
 public:
  static Result<Parser> Load(const std::string& path);
  Status Save(const std::string& path) const;
  WorkspacePtr NewWorkspace() const;

  // Sets head and deprel of every token of every sentence. Tokens must carry
  // XPOS/UPOS (run the tagger first).
  void Parse(Doc* doc, Workspace* ws) const;
  // Parses sentence s only.
  void ParseSentence(Doc* doc, size_t s, Workspace* ws) const;

  const std::string& config() const { return config_; }
  size_t num_features() const { return model_.num_features(); }

 private:
  friend class ParserTrainer;
  LinearModel model_;
  std::string config_;
};

struct ParserTrainOptions {
  std::string train_path, dev_path;
  int epochs = 12;
  uint64_t seed = 1;
  // Exploration (dynamic oracle): from this epoch on, follow the model's own
  // (possibly wrong) transition with probability explore_p.
  int explore_from = 2;
  double explore_p = 0.9;
  // Averaged weights below this magnitude are dropped. 1.0 removes features
  // whose net effect was a single update: a 4x smaller model, -0.03 dev LAS.
  float prune = 1.0f;
  // When non-empty, training and dev sentences are re-tagged with this tagger
  // model's predictions (or with jackknifed predictions, see train script) so
  // the parser learns from the tags it will see at run time.
  std::string train_tags_path, dev_tags_path;  // CoNLL-U files with predicted tags
  // With train_tags_path: train on the gold-tagged copy too (gold ∪ predicted).
  bool keep_gold_copy = true;
};

// Trains, logging each epoch's dev UAS/LAS to `log`; keeps the best epoch.
Result<Parser> TrainParser(const ParserTrainOptions& opts, std::ostream& log);

struct ParseScores {
  size_t words = 0;
  double uas = 0, las = 0;   // percent; LAS compares full labels (with subtypes)
  double las_universal = 0;  // LAS on universal relations (subtypes stripped, as CoNLL 2018)
};
// Scores doc's heads/labels against gold sentences (same tokenization).
ParseScores ScoreParse(const Doc& pred, const std::vector<conllu::Sentence>& gold);

namespace internal {
// For tests: follows minimum-cost transitions from the initial state for a
// gold tree (heads in CoNLL-U convention) and returns the heads it builds.
// For a projective tree these must equal the input.
std::vector<int> OracleParse(const std::vector<int>& heads, const std::vector<std::string>& labels);
}  // namespace internal

}  // namespace sitrep::parse
