#include "sitrep/doc.h"

#include <array>
#include <cassert>
#include <limits>

#include "core/utf8.h"

namespace sitrep {
namespace {

constexpr std::array<std::string_view, kNumUpos> kUposNames = {
    "_",   "ADJ",  "ADP",  "ADV",   "AUX",   "CCONJ", "DET", "INTJ", "NOUN",
    "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};

// English-EWT XPOS inventory (Penn Treebank + EWT additions).
constexpr std::string_view kXposNames[] = {
    "_",   "NN",  "IN",  "DT", "NNP", "PRP", "JJ",   ".",   "RB",   "VB",    "NNS",   ",",   "CC",
    "VBP", "VBD", "VBZ", "CD", "VBN", "VBG", "MD",   "TO",  "PRP$", "-RRB-", "-LRB-", "WDT", ":",
    "WRB", "``",  "WP",  "''", "RP",  "UH",  "HYPH", "POS", "NNPS", "JJS",   "JJR",   "NFP", "ADD",
    "EX",  "RBR", "GW",  "$",  "SYM", "PDT", "FW",   "RBS", "LS",   "AFX",   "WP$",   "XX",  "#"};

// UD relations seen in English-EWT (with subtypes).
constexpr std::string_view kDeprelNames[] = {"_",
                                             "punct",
                                             "case",
                                             "nsubj",
                                             "det",
                                             "root",
                                             "advmod",
                                             "obj",
                                             "amod",
                                             "obl",
                                             "conj",
                                             "compound",
                                             "mark",
                                             "nmod",
                                             "cc",
                                             "aux",
                                             "cop",
                                             "advcl",
                                             "nmod:poss",
                                             "xcomp",
                                             "ccomp",
                                             "flat",
                                             "acl:relcl",
                                             "parataxis",
                                             "appos",
                                             "nummod",
                                             "acl",
                                             "aux:pass",
                                             "nsubj:pass",
                                             "obl:unmarked",
                                             "nmod:unmarked",
                                             "discourse",
                                             "list",
                                             "compound:prt",
                                             "iobj",
                                             "expl",
                                             "fixed",
                                             "nmod:desc",
                                             "obl:agent",
                                             "csubj",
                                             "nsubj:outer",
                                             "det:predet",
                                             "vocative",
                                             "goeswith",
                                             "advcl:relcl",
                                             "cc:preconj",
                                             "reparandum",
                                             "orphan",
                                             "csubj:pass",
                                             "dislocated",
                                             "dep",
                                             "csubj:outer",
                                             "obl:npmod",
                                             "obl:tmod",
                                             "nmod:npmod",
                                             "nmod:tmod",
                                             "flat:foreign",
                                             "det:poss",
                                             "clf"};

constexpr int kNumXposNames = sizeof(kXposNames) / sizeof(kXposNames[0]);
constexpr int kNumDeprelNames = sizeof(kDeprelNames) / sizeof(kDeprelNames[0]);
static_assert(kNumXposNames <= kMaxXpos);
static_assert(kNumDeprelNames <= kMaxDeprel);

template <size_t N>
uint8_t Find(const std::string_view (&names)[N], std::string_view name) {
  for (size_t i = 1; i < N; ++i)
    if (names[i] == name) return static_cast<uint8_t>(i);
  return 0;
}

constexpr uint32_t kSame = std::numeric_limits<uint32_t>::max();

}  // namespace

std::string_view UposName(Upos u) {
  auto i = static_cast<size_t>(u);
  return i < kUposNames.size() ? kUposNames[i] : "_";
}
Upos UposFromName(std::string_view name) {
  for (size_t i = 1; i < kUposNames.size(); ++i)
    if (kUposNames[i] == name) return static_cast<Upos>(i);
  return Upos::kNone;
}
std::string_view XposName(uint8_t id) { return id < kNumXposNames ? kXposNames[id] : "_"; }
uint8_t XposFromName(std::string_view name) { return Find(kXposNames, name); }
int NumXpos() { return kNumXposNames; }
std::string_view DeprelName(uint8_t id) { return id < kNumDeprelNames ? kDeprelNames[id] : "_"; }
uint8_t DeprelFromName(std::string_view name) { return Find(kDeprelNames, name); }
int NumDeprel() { return kNumDeprelNames; }

void Doc::SetText(std::string text) {
  text_ = std::move(text);
  ClearLayers();
}

void Doc::Clear() {
  id.clear();
  url.clear();
  outlet.clear();
  title.clear();
  published.clear();
  language = "en";
  source.clear();
  warnings.clear();
  text_.clear();
  ClearLayers();
}

void Doc::ClearLayers() {
  begin_.clear();
  end_.clear();
  cp_begin_.clear();
  cp_end_.clear();
  space_after_.clear();
  norm_off_.clear();
  norm_len_.clear();
  upos_.clear();
  xpos_.clear();
  deprel_.clear();
  lemma_off_.clear();
  lemma_len_.clear();
  head_.clear();
  arena_.clear();
  sent_first_.clear();
  sent_end_.clear();
  cursor_byte_ = cursor_cp_ = 0;
}

void Doc::ReserveTokens(size_t n) {
  begin_.reserve(n);
  end_.reserve(n);
  cp_begin_.reserve(n);
  cp_end_.reserve(n);
  space_after_.reserve(n);
  norm_off_.reserve(n);
  norm_len_.reserve(n);
  upos_.reserve(n);
  xpos_.reserve(n);
  deprel_.reserve(n);
  lemma_off_.reserve(n);
  lemma_len_.reserve(n);
  head_.reserve(n);
}

void Doc::AddToken(uint32_t begin, uint32_t end, std::string_view norm, bool space_after) {
  assert(begin <= end && end <= text_.size());
  // Advance the code-point cursor; tokens come in text order, so this is
  // linear in the text overall. A token starting before the cursor (CoNLL-U
  // multiword parts share a span) is measured from its own start.
  if (begin < cursor_byte_) {
    cursor_byte_ = 0;
    cursor_cp_ = 0;
  }
  uint32_t cp_begin =
      cursor_cp_ + utf8::CountCodePoints(text_.data() + cursor_byte_, begin - cursor_byte_);
  uint32_t cp_end = cp_begin + utf8::CountCodePoints(text_.data() + begin, end - begin);
  cursor_byte_ = begin;
  cursor_cp_ = cp_begin;
  begin_.push_back(begin);
  end_.push_back(end);
  cp_begin_.push_back(cp_begin);
  cp_end_.push_back(cp_end);
  space_after_.push_back(space_after ? 1 : 0);
  if (norm.empty() || norm == std::string_view(text_).substr(begin, end - begin)) {
    norm_off_.push_back(kSame);
    norm_len_.push_back(0);
  } else {
    norm_off_.push_back(static_cast<uint32_t>(arena_.size()));
    auto len = std::min<size_t>(norm.size(), 0xFFFF);
    norm_len_.push_back(static_cast<uint16_t>(len));
    arena_.append(norm.data(), len);
  }
}

std::string_view Doc::norm(size_t i) const {
  if (norm_off_[i] == kSame) return form(i);
  return std::string_view(arena_).substr(norm_off_[i], norm_len_[i]);
}

void Doc::AddSentence(uint32_t first_token, uint32_t end_token) {
  assert(first_token < end_token && end_token <= num_tokens());
  sent_first_.push_back(first_token);
  sent_end_.push_back(end_token);
}

ByteSpan Doc::sentence_bytes(size_t s) const {
  return {begin_[sent_first_[s]], end_[sent_end_[s] - 1]};
}
ByteSpan Doc::sentence_cps(size_t s) const {
  return {cp_begin_[sent_first_[s]], cp_end_[sent_end_[s] - 1]};
}

std::string_view Doc::lemma(size_t i) const {
  if (i >= lemma_off_.size() || lemma_off_[i] == kSame) return {};
  return std::string_view(arena_).substr(lemma_off_[i], lemma_len_[i]);
}

void Doc::set_upos(size_t i, Upos u) {
  if (upos_.size() < num_tokens()) upos_.resize(num_tokens(), Upos::kNone);
  upos_[i] = u;
}
void Doc::set_xpos(size_t i, uint8_t x) {
  if (xpos_.size() < num_tokens()) xpos_.resize(num_tokens(), 0);
  xpos_[i] = x;
}
void Doc::set_lemma(size_t i, std::string_view lemma) {
  if (lemma_off_.size() < num_tokens()) {
    lemma_off_.resize(num_tokens(), kSame);
    lemma_len_.resize(num_tokens(), 0);
  }
  lemma_off_[i] = static_cast<uint32_t>(arena_.size());
  auto len = std::min<size_t>(lemma.size(), 0xFFFF);
  lemma_len_[i] = static_cast<uint16_t>(len);
  arena_.append(lemma.data(), len);
}
void Doc::set_head(size_t i, int32_t head, uint8_t deprel) {
  if (head_.size() < num_tokens()) {
    head_.resize(num_tokens(), -1);
    deprel_.resize(num_tokens(), 0);
  }
  head_[i] = head;
  deprel_[i] = deprel;
}

}  // namespace sitrep
