// The Doc: one article's text, owned once, and every annotation layer over it.
//
// Layout is struct-of-arrays: each token-level layer is a column indexed by a
// document-wide token index. Tokens and sentences are offsets into text();
// every std::string_view a Doc returns stays valid until the Doc is modified
// (Set*/Add*/Clear) or destroyed. A Doc is not thread-safe; use one per thread.
// Clear() keeps capacity, so a worker that reuses one Doc allocates nothing in
// steady state.
//
// Offsets: byte offsets index text() (UTF-8); code-point offsets are what the
// record contract (shared/spec) uses. Both are half-open [begin, end).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

// Universal POS tags (UD v2). kNone means "not tagged".
enum class Upos : uint8_t {
  kNone = 0,
  kAdj,
  kAdp,
  kAdv,
  kAux,
  kCconj,
  kDet,
  kIntj,
  kNoun,
  kNum,
  kPart,
  kPron,
  kPropn,
  kPunct,
  kSconj,
  kSym,
  kVerb,
  kX,
};
inline constexpr int kNumUpos = 18;
std::string_view UposName(Upos u);         // "NOUN"; "_" for kNone
Upos UposFromName(std::string_view name);  // kNone if unknown

// English Penn/EWT XPOS tags and UD dependency relations are small integer ids
// into fixed tables (id 0 = "_", unknown/none). The tables are part of the
// model format: a model stores the names and is checked against them on load.
inline constexpr int kMaxXpos = 64;
inline constexpr int kMaxDeprel = 64;
std::string_view XposName(uint8_t id);
uint8_t XposFromName(std::string_view name);  // 0 if unknown
int NumXpos();
std::string_view DeprelName(uint8_t id);
uint8_t DeprelFromName(std::string_view name);  // 0 if unknown
int NumDeprel();

struct ByteSpan {
  uint32_t begin = 0, end = 0;
};

class Doc {
 public:
  // --- document metadata (free-form; empty when unknown) ---
  std::string id, url, outlet, title, published, language = "en";
  std::string source;                 // where it came from: "file.jsonl:12"
  std::vector<std::string> warnings;  // what could not be read or resolved, in words

  // Replaces the text and drops every layer.
  void SetText(std::string text);
  const std::string& text() const { return text_; }

  // Drops text, metadata and layers; keeps capacity.
  void Clear();
  // Drops tokens, sentences and annotations; keeps text and metadata.
  void ClearLayers();

  // --- tokens (words in the UD sense: "don't" is two tokens, "do" + "n't") ---
  // Appends a token covering text()[begin, end). Tokens must be added in text
  // order without overlap. `norm` is the normalized form (typographic quotes
  // and dashes folded, etc.); pass {} when it equals the surface form.
  // A token may be empty-width only when it shares its span with a neighbour
  // (never needed by the tokenizer; CoNLL-U multiword parts share a span).
  void AddToken(uint32_t begin, uint32_t end, std::string_view norm, bool space_after);
  size_t num_tokens() const { return begin_.size(); }
  uint32_t token_begin(size_t i) const { return begin_[i]; }
  uint32_t token_end(size_t i) const { return end_[i]; }
  uint32_t token_cp_begin(size_t i) const { return cp_begin_[i]; }
  uint32_t token_cp_end(size_t i) const { return cp_end_[i]; }
  bool space_after(size_t i) const { return space_after_[i] != 0; }
  std::string_view form(size_t i) const {
    return std::string_view(text_).substr(begin_[i], end_[i] - begin_[i]);
  }
  std::string_view norm(size_t i) const;

  // --- sentences: [first_token, end_token) ---
  void AddSentence(uint32_t first_token, uint32_t end_token);
  size_t num_sentences() const { return sent_first_.size(); }
  uint32_t sentence_first(size_t s) const { return sent_first_[s]; }
  uint32_t sentence_end(size_t s) const { return sent_end_[s]; }
  // Byte / code-point span of sentence s (first token begin .. last token end).
  ByteSpan sentence_bytes(size_t s) const;
  ByteSpan sentence_cps(size_t s) const;

  // --- annotation layers (sized on first write; default kNone/0/"") ---
  Upos upos(size_t i) const { return i < upos_.size() ? upos_[i] : Upos::kNone; }
  uint8_t xpos(size_t i) const { return i < xpos_.size() ? xpos_[i] : 0; }
  std::string_view lemma(size_t i) const;
  // Head as in CoNLL-U: 1-based token position within the sentence, 0 = root,
  // -1 = not parsed.
  int32_t head(size_t i) const { return i < head_.size() ? head_[i] : -1; }
  uint8_t deprel(size_t i) const { return i < deprel_.size() ? deprel_[i] : 0; }

  void set_upos(size_t i, Upos u);
  void set_xpos(size_t i, uint8_t x);
  void set_lemma(size_t i, std::string_view lemma);
  void set_head(size_t i, int32_t head, uint8_t deprel);

  // Reserve room for n tokens in every column (optional; avoids regrowth).
  void ReserveTokens(size_t n);

 private:
  std::string text_;
  // token columns
  std::vector<uint32_t> begin_, end_, cp_begin_, cp_end_;
  std::vector<uint8_t> space_after_;
  std::vector<uint32_t> norm_off_;  // into arena_, or UINT32_MAX: same as form
  std::vector<uint16_t> norm_len_;
  std::vector<Upos> upos_;
  std::vector<uint8_t> xpos_, deprel_;
  std::vector<uint32_t> lemma_off_;
  std::vector<uint16_t> lemma_len_;
  std::vector<int32_t> head_;
  std::string arena_;  // norm and lemma strings
  // sentences
  std::vector<uint32_t> sent_first_, sent_end_;
  // code-point cursor for AddToken
  uint32_t cursor_byte_ = 0, cursor_cp_ = 0;
};

}  // namespace sitrep
