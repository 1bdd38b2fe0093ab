// Internals of the tagger shared by tagging (tagger.cc) and training
// (train.cc): the frozen model, the per-thread workspace and the feature
// templates. Training and tagging extract features with the same code, so a
// model always sees at run time what it was trained on.
//
// Speed. A token's class scores are a sum of feature weights; at run time
// the sum is formed from precomputed dense rows wherever it can be (the result
// is the same as in training, up to float rounding):
//  - "self" features (the word, its affixes, shape, flags, ambiguity class)
//    depend on the word alone: for the most frequent forms their sum is one
//    row per form and pass, and so are the forms' "previous word" and "next
//    word" features;
//  - single-tag features (the previous two tags, and in the second pass the
//    first pass's next two) are dense rows indexed by the tag;
//  - features whose sparse row is long (bias, flags, frequent affixes, tag
//    pairs) are dense "hot" rows;
//  - the rest is looked up in the sparse LinearModel.
// Frequent forms that training saw with one class only are not scored, and
// the second pass revisits only the tokens the first pass was not sure of.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/linear.h"
#include "core/model_file.h"
#include "sitrep/doc.h"
#include "tag/lemmatizer.h"
#include "tag/tagger.h"

namespace sitrep::tag {

// A predicted class: one (UPOS, XPOS) pair seen in training.
struct TagClass {
  Upos upos = Upos::kNone;
  uint8_t xpos = 0;
};

// Tag values for positions outside the sentence.
inline constexpr uint16_t kTagStart = 0xFFF0, kTagEnd = 0xFFF1;
// Tokens of padding on each side of a sentence in the workspace arrays.
inline constexpr size_t kPad = 2;
// Upper bound on the features one token has.
inline constexpr size_t kMaxFeatures = 40;
inline constexpr uint32_t kNotCached = 0xFFFFFFFFu;
// Stands for the identity and the ambiguity class of every word seen too
// rarely in training to have its own.
inline constexpr uint64_t kUnknownWord = 0x554E4B4E4F574EULL;

// Run-time tables derived from one pass's LinearModel (see the top comment).
struct PassTables {
  std::vector<float> self;    // cached form r: [r * stride, r * stride + classes)
  std::vector<float> tag[4];  // kTagM1, kTagM2, kTagP1, kTagP2 rows by TagRow()
  // The cached form as the previous / next word.
  std::vector<float> prev_word, next_word;
  // Features with long rows (bias, flags, short affixes, tag pairs) as dense
  // rows: hot.Find(key) -> row in hot_rows.
  FeatureIndex hot;
  std::vector<float> hot_rows;
};

struct TaggerModel {
  std::string config;             // JSON: how it was trained
  std::vector<TagClass> classes;  // class id -> (UPOS, XPOS)
  // Lowercased words seen often enough in training to have features of their
  // own (HashString(lowercased norm) -> 0, 1, ...); others share one "unknown".
  FeatureIndex words;
  // Per word: its ambiguity class, a hash of the classes training saw it with.
  std::vector<uint64_t> word_ambiguity;
  // Frequent forms, most frequent first, whose self features are precomputed.
  std::vector<std::string> cached_forms;
  // Per cached form: its most frequent class in training, and whether it
  // (almost) always has it; the tagger then does not score it.
  std::vector<uint16_t> top_class;
  std::vector<uint8_t> fixed;
  // The second pass revisits only the tokens whose best first-pass score
  // beats the runner-up by less than this (tuned on dev; +inf: every token).
  float pass2_margin = 0;
  LinearModel pass1, pass2;
  Lemmatizer lemmatizer;

  // Derived at load time by BuildTables().
  size_t stride = 0;        // classes rounded up to a multiple of 8
  FeatureIndex form_cache;  // HashString(norm, 3) -> row of cached_forms
  std::vector<uint64_t> cached_lower;
  std::vector<uint32_t> cached_flags;
  std::vector<uint64_t> cached_ambiguity;
  std::vector<uint32_t> cached_lemma;  // lemma with top_class: [off[r], off[r + 1]) in lemma_blob
  std::string lemma_blob;
  PassTables tables[2];

  void Save(model::Writer* w) const;
  // False with *why set when the payload is damaged or does not match this build.
  bool Load(model::Reader* r, std::string* why);
  void BuildTables();
};

// Token-level values the feature templates combine, computed once per token.
// For a cached form only lower, flags, ambiguity and cache are set.
struct TokInfo {
  uint64_t lower = 0;      // hash of the lowercased norm (kUnknownWord for rare words)
  uint64_t form = 0;       // hash of the norm as written (when it has capitals)
  uint64_t shape = 0;      // hash of the word shape ("Xx", "d.d", "x-x")
  uint64_t ambiguity = 0;  // the word's ambiguity class
  uint64_t suffix[4] = {}, prefix[3] = {};
  uint64_t unknown[4] = {};  // suffix 5, prefix 4, part after the last hyphen, length
  uint32_t flags = 0;
  uint32_t cache = kNotCached;  // row in the form cache
};

// Token flags.
inline constexpr uint32_t kHasUpper = 1, kAllUpper = 2, kHasDigit = 4, kHasHyphen = 8,
                          kKnownWord = 16, kHasLetter = 32, kHasPeriod = 64, kSentenceStart = 128;

// Fills *t for the word `norm` (every field, ignoring the form cache); `lower`
// is scratch.
void ComputeTokInfo(const TaggerModel& m, std::string_view norm, bool sentence_start,
                    std::string* lower, TokInfo* t);
// The padding tokens before and after a sentence.
const TokInfo& StartToken();
const TokInfo& EndToken();

// Feature extraction for the token at `t` (t[-1..1] must be readable).
// `left[-1]`, `left[-2]` are the tags this pass predicted for the previous
// two tokens; `right` is null in the first pass and, in the second, points at
// the first pass's tag for this token (right[1], right[2] readable).
//   SelfFeatures:   of the word alone (bias included)
//   TagFeatures:    single tags: previous two, next two (second pass)
//   StaticFeatures: neighbouring words, sentence start
//   RightFeatures:  second pass: pairs with the first pass's next tags
//   LeftFeatures:   pairs with this pass's previous tags
// ExtractFeatures emits them all (training); at run time they are summed in
// the order the left-to-right dependencies allow (DecodeSentence).
size_t SelfFeatures(const TokInfo& w, uint64_t* out);
size_t TagFeatures(const uint16_t* left, const uint16_t* right, uint64_t* out);
size_t StaticFeatures(const TokInfo* t, uint64_t* out);
size_t PrevWordFeatures(const TokInfo& w, uint64_t* out);  // parts of StaticFeatures
size_t NextWordFeatures(const TokInfo& w, uint64_t* out);
size_t RightFeatures(const TokInfo* t, const uint16_t* right, uint64_t* out);
size_t LeftFeatures(const TokInfo* t, const uint16_t* left, const uint16_t* right, uint64_t* out);
size_t ExtractFeatures(const TokInfo* t, const uint16_t* left, const uint16_t* right,
                       uint64_t* out);

struct Workspace {
  std::vector<TokInfo> tok;            // sentence tokens with kPad padding each side
  std::vector<uint16_t> tags1, tags2;  // same layout
  std::vector<float> scores;           // per pass and token: its class scores (model stride)
  std::vector<uint8_t> sure;           // per token: pass 1's margin is wide enough
  uint64_t feats[kMaxFeatures];
  std::string lower;
  LemmaScratch lemma;
};

// Fills ws->tok (with padding, using the form cache) for the tokens
// [first, end) of doc and sizes the tag arrays; returns a pointer to the first
// token's TokInfo.
TokInfo* PrepareSentence(const TaggerModel& m, const Doc& doc, size_t first, size_t end,
                         Workspace* ws);

// Tags the n tokens at t (prepared by PrepareSentence): both passes, greedy
// left to right; the classes end in ws->tags2[kPad, kPad + n).
void DecodeSentence(const TaggerModel& m, const TokInfo* t, size_t n, Workspace* ws);

}  // namespace sitrep::tag
