// Internals of the recognizer shared by tagging (ner.cc) and training
// (train.cc): labels, the frozen model, the workspace and the feature
// templates. Training and tagging extract features with the same code, so a
// model sees at run time what it was trained on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/linear.h"
#include "core/model_file.h"
#include "ner/iob2.h"
#include "ner/ner.h"
#include "sitrep/doc.h"

namespace sitrep::ner {

// ---------------------------------------------------------------------------
// Labels (BIO): 0 is O; the first token of a name of type T is B-T = 1 + 2T,
// the others I-T = 2 + 2T.
inline constexpr int kNumLabels = 1 + 2 * kNumEntityTypes;
inline constexpr uint8_t kLabelO = 0;
inline constexpr uint8_t kLabelStart = 0xF0;  // before the first token
inline uint8_t LabelB(EntityType t) { return static_cast<uint8_t>(1 + 2 * static_cast<int>(t)); }
inline uint8_t LabelI(EntityType t) { return static_cast<uint8_t>(2 + 2 * static_cast<int>(t)); }
inline bool IsInside(uint8_t l) { return l != kLabelO && l != kLabelStart && (l - 1) % 2 == 1; }
inline EntityType LabelType(uint8_t l) { return static_cast<EntityType>((l - 1) / 2); }

// Whether label `cur` may follow `prev` (kLabelStart at the sentence start):
// I-T only after B-T or I-T.
inline bool Allowed(uint8_t prev, uint8_t cur) {
  return !IsInside(cur) ||
         (prev != kLabelO && prev != kLabelStart && LabelType(prev) == LabelType(cur));
}

// Positions of a token in a lexicon match.
enum LexPart : uint8_t { kLexB = 0, kLexI = 1, kLexL = 2, kLexU = 3 };

// The labels of names spans[] (token indices offset + [0, n)) for n tokens.
void LabelsFromSpans(const std::vector<Entity>& spans, uint32_t offset, size_t n, uint8_t* labels);

// ---------------------------------------------------------------------------
// Token-level values the feature templates combine, computed once per token.
struct TokInfo {
  uint64_t lower = 0;  // hash of the lowercased norm
  uint64_t form = 0;   // hash of the norm as written
  uint64_t shape = 0;  // hash of the collapsed shape ("Xx", "X.X.", "dd")
  uint64_t prefix[4] = {}, suffix[4] = {};
  uint32_t flags = 0;
  uint8_t upos = 0, xpos = 0;
  uint8_t cap_run = 0;  // length of the run of capitalized tokens it is in (0: not capitalized)
  uint8_t cap_pos = 0;  // its position in that run
  // Lexicon matches covering the token: bit 4 * category + LexPart.
  uint64_t lex = 0;
};

// Token flags.
inline constexpr uint32_t kInitCap = 1, kAllCaps = 2, kHasDigit = 4, kHasUpper = 8, kHasLower = 16,
                          kSentenceStart = 32, kHasHyphen = 64, kHasPeriod = 128, kNonAscii = 256,
                          kPad = 512;

// Padding on each side of a sentence in the workspace arrays.
inline constexpr size_t kPadTokens = 2;
inline constexpr size_t kMaxFeatures = 256;

// A lexicon of names and name parts ("first name", "city", "organization
// word"): phrases of up to kMaxLexTokens tokens, each with a set of up to 16
// categories. Matching is on lowercased tokens with one trailing period
// dropped ("St." = "st").
inline constexpr size_t kMaxLexTokens = 6;
inline constexpr size_t kMaxLexCategories = 16;
// The lexicon key of a token: ASCII-lowercased, one trailing period dropped.
void TokenKey(std::string_view norm, std::string* out);
struct Lexicon {
  std::vector<std::string> categories;  // bit k of a mask is categories[k]
  FeatureIndex phrases;                 // HashString(key phrase) -> row
  std::vector<uint16_t> masks;          // per row
  uint32_t max_tokens = 0;
  // One bit per phrase hash (kFilterBits): most phrases looked up are not in
  // the lexicon, and this 512 KB filter answers them without a cache miss in
  // the large table. Built by Read() and Load().
  static constexpr size_t kFilterBits = size_t{1} << 22;
  std::vector<uint64_t> filter;
  void BuildFilter();

  // Reads "category<TAB>phrase" lines (# comments and blank lines skipped);
  // phrases are split into tokens as the tokenizer would ("mcdonald's" ->
  // "mcdonald 's", "winston-salem" -> "winston - salem").
  static Result<Lexicon> Read(const std::string& path);
  // The categories of a phrase of token keys joined by spaces (0: none).
  uint16_t Lookup(std::string_view phrase) const;
  // Sets t[i].lex for n tokens whose keys (TokenKey) are keys[0, n);
  // `phrase` is scratch.
  // need: when set, only phrases starting at tokens with need[i] are matched.
  void Match(const std::string* keys, size_t n, TokInfo* t, std::string* phrase,
             const uint8_t* need = nullptr) const;
  void Save(model::Writer* w) const;
  bool Load(model::Reader* r);
};

struct NerModel {
  std::string config;  // JSON: how it was trained
  Lexicon lexicon;
  LinearModel lm;

  void Save(model::Writer* w) const;
  bool Load(model::Reader* r, std::string* why);
};

struct Workspace {
  std::vector<TokInfo> tok;     // sentence tokens with kPadTokens padding each side
  std::vector<uint8_t> labels;  // same layout
  std::vector<float> prob;      // per token: probability of its label
  uint64_t feats[kMaxFeatures];
  std::string lower;
  std::vector<std::string> keys;  // lexicon keys of the sentence's tokens
  std::vector<uint8_t> need;      // tokens whose features Tag() computes
};

// A lower-case word that is not a proper noun, after no name, starts no
// name: labelled O without scoring, in training and tagging alike.
inline bool UnscoredO(const TokInfo& t, uint8_t prev_label) {
  return prev_label == kLabelO && !(t.flags & (kHasUpper | kNonAscii)) &&
         t.upos != static_cast<uint8_t>(Upos::kPropn);
}

// Fills ws->tok (with padding) for the tokens [first, end) of doc and sizes
// ws->labels (padding set to kLabelStart); returns the first token's TokInfo.
// need (one flag per token, optional): tokens without it get a placeholder
// and start no lexicon phrase (they are not scored).
TokInfo* PrepareSentence(const NerModel& m, const Doc& doc, size_t first, size_t end, Workspace* ws,
                         const uint8_t* need = nullptr);

// Features of the token at t (t[-2..2] readable) that do not depend on
// predicted labels, and those that do (labels[-1], labels[-2] readable).
size_t StaticFeatures(const TokInfo* t, uint64_t* out);
size_t LabelFeatures(const TokInfo* t, const uint8_t* labels, uint64_t* out);

// The allowed label with the best score (scores[kNumLabels]).
uint8_t BestAllowed(const float* scores, uint8_t prev);

// TrainNer on sentences train_ids of `sents`, choosing on tune_ids (which
// may be empty when opts.epochs > 0); opts.train_path and holdout_every are
// only recorded. For experiments such as cross-validation.
Result<Ner> TrainNerOn(const std::vector<Iob2Sentence>& sents,
                       const std::vector<uint32_t>& train_ids,
                       const std::vector<uint32_t>& tune_ids, const NerTrainOptions& opts,
                       std::ostream& log);

}  // namespace sitrep::ner
