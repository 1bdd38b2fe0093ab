// The lemmatizer: (form, XPOS) -> lemma, following the UD English EWT
// conventions (lemmas of proper nouns keep their case, everything else is
// lowercased; "n't" -> "not", "'s"/VBZ -> "be", "me" -> "I", ...).
//
// It is learned from a treebank in two parts:
//  - suffix-rewrite rules keyed by XPOS and the word's last 0..6 bytes
//    ("ies"/NNS -> strip 3, append "y"), each with up to three candidate
//    rewrites; for a word the rules produce the first candidate of the longest
//    matching suffix whose result is a lemma seen in training (or the first
//    candidate when none is), so "shelled"/VBD -> "shell" although most
//    "-elled" verbs drop three letters;
//  - a table: every (form, XPOS) seen in training whose most frequent lemma
//    the rules would not produce ("went"/VBD -> "go"), and the frequent ones
//    (a lookup is faster than the rules).
// Immutable after Build()/Load(); Lemmatize() is thread-safe given a scratch
// per thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/linear.h"
#include "core/model_file.h"

namespace sitrep::tag {

// Lowercases the ASCII letters of s into *out (bytes >= 0x80 are kept).
void AsciiLower(std::string_view s, std::string* out);

// Per-thread buffers for Lemmatize().
struct LemmaScratch {
  std::string key, out;
};

class Lemmatizer {
 public:
  class Builder {
   public:
    // One treebank word. Words with XPOS id 0 or an empty lemma are ignored.
    void Add(std::string_view form, uint8_t xpos, std::string_view lemma);
    Lemmatizer Build() const;

   private:
    // (key form, xpos) -> lemma -> count; ordered maps keep Build() deterministic.
    std::map<std::pair<std::string, uint8_t>, std::map<std::string, int>> seen_;
  };

  // The lemma of `form` tagged `xpos`. The view points into the model or into
  // `scratch` and stays valid until the next call with the same scratch.
  std::string_view Lemmatize(std::string_view form, uint8_t xpos, LemmaScratch* scratch) const;

  size_t num_entries() const { return table_text_.size(); }
  size_t num_rules() const { return rule_strip_.size(); }

  void Save(model::Writer* w) const;
  bool Load(model::Reader* r);

 private:
  // The lemma the rules give (no exception table); `key` is the key form.
  std::string_view ByRules(std::string_view form, std::string_view key, uint8_t xpos,
                           std::string* out) const;
  // A proper noun written all in capitals or all in lowercase takes the case
  // of a known proper-noun lemma: "SOUTER" -> "Souter", "july" -> "July".
  void ProperCase(std::string* s) const;
  std::string_view Text(uint32_t id) const {
    return std::string_view(blob_).substr(text_off_[id], text_off_[id + 1] - text_off_[id]);
  }

  FeatureIndex table_;                 // hash(key form, xpos) -> entry e
  std::vector<uint32_t> table_text_;   // entry e -> text id of its lemma
  FeatureIndex rules_;                 // hash(xpos, suffix) -> rule group
  std::vector<uint32_t> group_begin_;  // group g: rules [group_begin_[g], group_begin_[g + 1])
  std::vector<uint8_t> rule_strip_;    // bytes removed from the end
  std::vector<uint32_t> rule_append_;  // text id appended
  FeatureIndex known_;                 // hashes of lowercased training lemmas -> 0, 1, ...
  FeatureIndex known_proper_;          // hashes of proper-noun lemmas as written -> 0, 1, ...
  std::vector<uint32_t> text_off_;     // text id -> [off[id], off[id + 1]) in blob_
  std::string blob_;
};

}  // namespace sitrep::tag
