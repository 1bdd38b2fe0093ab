#include "tag/tagger.h"

#include <algorithm>
#include <limits>

#include "core/model_file.h"
#include "tag/tagger_model.h"

namespace sitrep::tag {
namespace {

constexpr std::string_view kKind = "tagger";

// Feature template ids. Changing what a template means requires a new
// kTaggerFormatVersion.
enum Template : uint64_t {
  kBias = 1,
  kWord,
  kForm,
  kSuffix1,
  kSuffix2,
  kSuffix3,
  kSuffix4,
  kPrefix1,
  kPrefix2,
  kPrefix3,
  kShape,
  kFlags,
  kAmbiguity,
  kUnknownSuffix5,
  kUnknownPrefix4,
  kUnknownHyphenPart,
  kUnknownLength,
  kUnknownSuffix3Case,
  kSentenceStartFlags,
  kWordM1,
  kWordP1,
  kTagM1,
  kTagM2,
  kTagM1M2,
  kTagM1Word,
  // second pass only
  kTagP1,
  kTagP2,
  kTagP1P2,
  kTagM1P1,
  kTagP1Word,
};
// The single-tag templates, in PassTables::tag order.
constexpr Template kTagTemplates[4] = {kTagM1, kTagM2, kTagP1, kTagP2};

inline uint64_t Key(Template t, uint64_t v) { return HashCombine(v, t * 0x2545F4914F6CDD1DULL); }
inline uint64_t Pair(uint64_t a, uint64_t b) { return HashCombine(a, b); }

TokInfo MakePadToken(uint64_t seed) {
  TokInfo t;
  t.lower = t.form = t.shape = HashCombine(seed, 1);
  for (auto& s : t.suffix) s = t.lower;
  for (auto& p : t.prefix) p = t.lower;
  return t;
}

// Row of a tag value in PassTables::tag: classes, then the two padding tags.
inline size_t TagRow(uint16_t tag, size_t num_classes) {
  return tag < num_classes ? tag : num_classes + (tag - kTagStart);
}

// s[0, n) += row[0, n) and s[0, n) = row[0, n), n a multiple of 8 (written
// so that the compiler vectorizes them).
[[gnu::always_inline]] inline void AddRow(float* __restrict s, const float* __restrict row,
                                          size_t n) {
  for (size_t c = 0; c < n; c += 8)
    for (size_t k = 0; k < 8; ++k) s[c + k] += row[c + k];
}
[[gnu::always_inline]] inline void CopyRow(float* __restrict s, const float* __restrict row,
                                           size_t n) {
  for (size_t c = 0; c < n; c += 8)
    for (size_t k = 0; k < 8; ++k) s[c + k] = row[c + k];
}

// The largest of s[0, n), n > 0, in blocks of 8 so that it vectorizes.
[[gnu::always_inline]] inline float Max(const float* s, size_t n) {
  float m[8];
  for (size_t k = 0; k < 8; ++k) m[k] = s[0];
  size_t c = 0;
  for (; c + 8 <= n; c += 8)
    for (size_t k = 0; k < 8; ++k) m[k] = s[c + k] > m[k] ? s[c + k] : m[k];
  for (; c < n; ++c) m[0] = s[c] > m[0] ? s[c] : m[0];
  for (size_t k = 1; k < 8; ++k) m[0] = m[k] > m[0] ? m[k] : m[0];
  return m[0];
}
// The first index of the largest of s[0, n), n > 0.
[[gnu::always_inline]] inline size_t Argmax(const float* s, size_t n) {
  float m = Max(s, n);
  size_t c = 0;
  while (c + 1 < n && s[c] != m) ++c;
  return c;
}

// Adds the weights of features f[0, n) to s: dense rows for the hot ones,
// the sparse model for the rest.
[[gnu::always_inline]] inline void ScoreFeatures(const LinearModel& lm, const PassTables& tab,
                                                 size_t stride, const uint64_t* f, size_t n,
                                                 float* s) {
  for (size_t k = 0; k < n; ++k) {
    uint32_t row = tab.hot.Find(f[k]);
    if (row != FeatureIndex::kMissing) {
      AddRow(s, tab.hot_rows.data() + size_t{row} * stride, stride);
    } else {
      lm.Score(f + k, 1, s);
    }
  }
}

// Rows at least this long are made dense (hot) at load time.
constexpr size_t kHotMinEntries = 16;

}  // namespace

// ---------------------------------------------------------------------------
// Features

const TokInfo& StartToken() {
  static const TokInfo t = MakePadToken(0x5354415254ULL);
  return t;
}
const TokInfo& EndToken() {
  static const TokInfo t = MakePadToken(0x454E44ULL);
  return t;
}

void ComputeTokInfo(const TaggerModel& m, std::string_view norm, bool sentence_start,
                    std::string* lower, TokInfo* t) {
  AsciiLower(norm, lower);
  std::string_view w = *lower;
  uint32_t flags = sentence_start ? kSentenceStart : 0;
  bool has_lower = false;
  // Shape: each byte as X / x / d / itself (u for non-ASCII), runs collapsed,
  // at most 8 symbols.
  char shape[8];
  size_t ns = 0;
  for (char c : norm) {
    char s;
    if (c >= 'A' && c <= 'Z') {
      s = 'X';
      flags |= kHasUpper | kHasLetter;
    } else if (c >= 'a' && c <= 'z') {
      s = 'x';
      has_lower = true;
      flags |= kHasLetter;
    } else if (c >= '0' && c <= '9') {
      s = 'd';
      flags |= kHasDigit;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      s = 'u';
    } else {
      s = c;
      if (c == '-') flags |= kHasHyphen;
      if (c == '.') flags |= kHasPeriod;
    }
    if (ns < sizeof shape && (ns == 0 || shape[ns - 1] != s)) shape[ns++] = s;
  }
  if ((flags & kHasUpper) && !has_lower) flags |= kAllUpper;
  t->lower = HashString(w);
  t->form = (flags & kHasUpper) ? HashString(norm, 3) : t->lower;
  uint32_t word = m.words.Find(t->lower);
  t->ambiguity = word != FeatureIndex::kMissing && word < m.word_ambiguity.size()
                     ? m.word_ambiguity[word]
                     : kUnknownWord;
  if (word != FeatureIndex::kMissing) {
    flags |= kKnownWord;
  } else {
    // Rare words share one identity, so the model learns from training's
    // rare words how to tag unseen ones (by affixes and shape).
    t->lower = t->form = kUnknownWord;
  }
  t->shape = HashString(std::string_view(shape, ns), 4);
  for (size_t k = 0; k < 4; ++k) {
    size_t len = std::min(k + 1, w.size());
    t->suffix[k] = HashString(w.substr(w.size() - len), 10 + k);
    if (k < 3) t->prefix[k] = HashString(w.substr(0, len), 20 + k);
  }
  t->unknown[0] = HashString(w.substr(w.size() - std::min<size_t>(5, w.size())), 15);
  t->unknown[1] = HashString(w.substr(0, std::min<size_t>(4, w.size())), 24);
  size_t hyphen = w.rfind('-');
  t->unknown[2] = hyphen == std::string_view::npos ? 0 : HashString(w.substr(hyphen + 1), 25);
  t->unknown[3] = std::min<size_t>(w.size(), 12);
  t->flags = flags;
  t->cache = kNotCached;
}

size_t SelfFeatures(const TokInfo& w, uint64_t* f) {
  size_t n = 0;
  f[n++] = Key(kBias, 0);
  f[n++] = Key(kWord, w.lower);
  if (w.flags & kHasUpper) f[n++] = Key(kForm, w.form);
  f[n++] = Key(kSuffix1, w.suffix[0]);
  f[n++] = Key(kSuffix2, w.suffix[1]);
  f[n++] = Key(kSuffix3, w.suffix[2]);
  f[n++] = Key(kSuffix4, w.suffix[3]);
  f[n++] = Key(kPrefix1, w.prefix[0]);
  f[n++] = Key(kPrefix2, w.prefix[1]);
  f[n++] = Key(kPrefix3, w.prefix[2]);
  f[n++] = Key(kShape, w.shape);
  f[n++] = Key(kFlags, w.flags & ~kSentenceStart);
  f[n++] = Key(kAmbiguity, w.ambiguity);
  if (!(w.flags & kKnownWord)) {
    f[n++] = Key(kUnknownSuffix5, w.unknown[0]);
    f[n++] = Key(kUnknownPrefix4, w.unknown[1]);
    if (w.flags & kHasHyphen) f[n++] = Key(kUnknownHyphenPart, w.unknown[2]);
    f[n++] = Key(kUnknownLength, w.unknown[3]);
    f[n++] = Key(kUnknownSuffix3Case, Pair(w.suffix[2], w.flags & (kHasUpper | kAllUpper)));
  }
  return n;
}

size_t TagFeatures(const uint16_t* left, const uint16_t* right, uint64_t* f) {
  size_t n = 0;
  f[n++] = Key(kTagM1, left[-1]);
  f[n++] = Key(kTagM2, left[-2]);
  if (right) {
    f[n++] = Key(kTagP1, right[1]);
    f[n++] = Key(kTagP2, right[2]);
  }
  return n;
}

size_t PrevWordFeatures(const TokInfo& w, uint64_t* f) {
  f[0] = Key(kWordM1, w.lower);
  return 1;
}

size_t NextWordFeatures(const TokInfo& w, uint64_t* f) {
  f[0] = Key(kWordP1, w.lower);
  return 1;
}

size_t StaticFeatures(const TokInfo* t, uint64_t* f) {
  size_t n = 0;
  if (t[0].flags & kSentenceStart) f[n++] = Key(kSentenceStartFlags, t[0].flags);
  n += PrevWordFeatures(t[-1], f + n);
  return n + NextWordFeatures(t[1], f + n);
}

size_t RightFeatures(const TokInfo* t, const uint16_t* right, uint64_t* f) {
  uint64_t r1 = right[1], r2 = right[2];
  f[0] = Key(kTagP1P2, (r1 << 16) | r2);
  f[1] = Key(kTagP1Word, Pair(r1, t[0].lower));
  return 2;
}

size_t LeftFeatures(const TokInfo* t, const uint16_t* left, const uint16_t* right, uint64_t* f) {
  size_t n = 0;
  uint64_t t1 = left[-1], t2 = left[-2];
  f[n++] = Key(kTagM1M2, (t1 << 16) | t2);
  f[n++] = Key(kTagM1Word, Pair(t1, t[0].lower));
  if (right) f[n++] = Key(kTagM1P1, (t1 << 16) | right[1]);
  return n;
}

size_t ExtractFeatures(const TokInfo* t, const uint16_t* left, const uint16_t* right, uint64_t* f) {
  size_t n = SelfFeatures(t[0], f);
  n += TagFeatures(left, right, f + n);
  n += StaticFeatures(t, f + n);
  if (right) n += RightFeatures(t, right, f + n);
  return n + LeftFeatures(t, left, right, f + n);
}

TokInfo* PrepareSentence(const TaggerModel& m, const Doc& doc, size_t first, size_t end,
                         Workspace* ws) {
  size_t n = end - first;
  if (ws->tok.size() < n + 2 * kPad) {
    ws->tok.resize(n + 2 * kPad);
    ws->tags1.resize(n + 2 * kPad);
    ws->tags2.resize(n + 2 * kPad);
  }
  for (size_t k = 0; k < kPad; ++k) {
    ws->tok[k] = StartToken();
    ws->tok[kPad + n + k] = EndToken();
    ws->tags1[k] = ws->tags2[k] = kTagStart;
    ws->tags1[kPad + n + k] = ws->tags2[kPad + n + k] = kTagEnd;
  }
  TokInfo* t = ws->tok.data() + kPad;
  for (size_t i = 0; i < n; ++i) {
    std::string_view norm = doc.norm(first + i);
    uint32_t row = m.form_cache.Find(HashString(norm, 3));
    if (row == FeatureIndex::kMissing) {
      ComputeTokInfo(m, norm, i == 0, &ws->lower, &t[i]);
    } else {
      t[i].lower = m.cached_lower[row];
      t[i].ambiguity = m.cached_ambiguity[row];
      t[i].flags = m.cached_flags[row] | (i == 0 ? kSentenceStart : 0);
      t[i].cache = row;
    }
  }
  return t;
}

// The row arithmetic is most of the work: on x86-64 it is also compiled for
// AVX2 and the loader picks the version the CPU can run (portable builds
// stay at the baseline instruction set otherwise).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void DecodeSentence(const TaggerModel& m, const TokInfo* t, size_t n, Workspace* ws) {
  const size_t nc = m.classes.size(), stride = m.stride;
  if (ws->scores.size() < 2 * n * stride) ws->scores.resize(2 * n * stride);
  if (ws->sure.size() < n) ws->sure.resize(n);
  // Token i's scores in pass p: scores[p][i * stride, i * stride + nc).
  float* scores[2] = {ws->scores.data(), ws->scores.data() + n * stride};
  uint64_t* f = ws->feats;
  uint16_t* tags1 = ws->tags1.data() + kPad;
  uint16_t* tags2 = ws->tags2.data() + kPad;
  uint8_t* sure = ws->sure.data();
  const PassTables& tab1 = m.tables[0];
  const PassTables& tab2 = m.tables[1];
  auto is_fixed = [&](const TokInfo& w) { return w.cache != kNotCached && m.fixed[w.cache]; };

  // What does not depend on predicted tags in pass p: SelfFeatures() and
  // StaticFeatures(), from cached rows where there are. Sets token i's
  // scores to the rows and leaves the other features in f; returns how many.
  auto tag_free = [&](int p, size_t i) {
    const PassTables& tab = m.tables[p];
    const TokInfo& w = t[i];
    float* s = scores[p] + i * stride;
    size_t nf = 0;
    if (w.cache != kNotCached) {
      CopyRow(s, tab.self.data() + w.cache * stride, stride);
    } else {
      std::fill_n(s, stride, 0.0f);
      nf = SelfFeatures(w, f);
    }
    if (w.flags & kSentenceStart) f[nf++] = Key(kSentenceStartFlags, w.flags);
    if (t[i - 1].cache != kNotCached) {
      AddRow(s, tab.prev_word.data() + t[i - 1].cache * stride, stride);
    } else {
      nf += PrevWordFeatures(t[i - 1], f + nf);
    }
    if (t[i + 1].cache != kNotCached) {
      AddRow(s, tab.next_word.data() + t[i + 1].cache * stride, stride);
    } else {
      nf += NextWordFeatures(t[i + 1], f + nf);
    }
    return nf;
  };

  // Pass 1: first what does not depend on predicted tags (the tokens are
  // independent here, so the memory lookups of many tokens overlap).
  for (size_t i = 0; i < n; ++i) {
    if (is_fixed(t[i])) continue;
    ScoreFeatures(m.pass1, tab1, stride, f, tag_free(0, i), scores[0] + i * stride);
  }
  // Pass 1, left to right. A token whose best class beats the runner-up by
  // pass2_margin or more is "sure".
  for (size_t i = 0; i < n; ++i) {
    if (is_fixed(t[i])) {
      tags1[i] = m.top_class[t[i].cache];
      sure[i] = 1;
      continue;
    }
    const uint16_t* left = tags1 + i;
    float* s = scores[0] + i * stride;
    AddRow(s, tab1.tag[0].data() + TagRow(left[-1], nc) * stride, stride);
    AddRow(s, tab1.tag[1].data() + TagRow(left[-2], nc) * stride, stride);
    ScoreFeatures(m.pass1, tab1, stride, f, LeftFeatures(t + i, left, nullptr, f), s);
    size_t best = Argmax(s, nc);
    float top = s[best];
    s[best] = -std::numeric_limits<float>::infinity();
    float runner_up = Max(s, nc);
    tags1[i] = static_cast<uint16_t>(best);
    sure[i] = top - runner_up >= m.pass2_margin;
  }
  // Pass 2 revisits the tokens pass 1 was not sure of: first what depends on
  // pass 1's tags only, then left to right.
  for (size_t i = 0; i < n; ++i) {
    if (sure[i]) continue;
    const uint16_t* right = tags1 + i;
    float* s = scores[1] + i * stride;
    size_t nf = tag_free(1, i);
    nf += RightFeatures(t + i, right, f + nf);
    AddRow(s, tab2.tag[2].data() + TagRow(right[1], nc) * stride, stride);
    AddRow(s, tab2.tag[3].data() + TagRow(right[2], nc) * stride, stride);
    ScoreFeatures(m.pass2, tab2, stride, f, nf, s);
  }
  for (size_t i = 0; i < n; ++i) {
    if (sure[i]) {
      tags2[i] = tags1[i];
      continue;
    }
    const uint16_t* left = tags2 + i;
    float* s = scores[1] + i * stride;
    AddRow(s, tab2.tag[0].data() + TagRow(left[-1], nc) * stride, stride);
    AddRow(s, tab2.tag[1].data() + TagRow(left[-2], nc) * stride, stride);
    ScoreFeatures(m.pass2, tab2, stride, f, LeftFeatures(t + i, left, tags1 + i, f), s);
    tags2[i] = static_cast<uint16_t>(Argmax(s, nc));
  }
}

// ---------------------------------------------------------------------------
// Model payload

void TaggerModel::Save(model::Writer* w) const {
  // The tag tables this model was trained with, checked on load.
  w->PutU32(kNumUpos);
  for (int i = 0; i < kNumUpos; ++i) w->PutString(UposName(static_cast<Upos>(i)));
  w->PutU32(static_cast<uint32_t>(NumXpos()));
  for (int i = 0; i < NumXpos(); ++i) w->PutString(XposName(static_cast<uint8_t>(i)));
  w->PutU32(static_cast<uint32_t>(classes.size()));
  for (const TagClass& c : classes) {
    w->PutU8(static_cast<uint8_t>(c.upos));
    w->PutU8(c.xpos);
  }
  words.Save(words.size(), w);
  w->PutVector(word_ambiguity);
  w->PutU32(static_cast<uint32_t>(cached_forms.size()));
  for (const std::string& f : cached_forms) w->PutString(f);
  w->PutVector(top_class);
  w->PutVector(fixed);
  w->PutF32(pass2_margin);
  pass1.Save(w);
  pass2.Save(w);
  lemmatizer.Save(w);
}

bool TaggerModel::Load(model::Reader* r, std::string* why) {
  uint32_t n;
  std::string name;
  if (!r->GetU32(&n) || n > 256) return *why = "damaged UPOS table", false;
  for (uint32_t i = 0; i < n; ++i) {
    if (!r->GetString(&name)) return *why = "damaged UPOS table", false;
    if (i >= static_cast<uint32_t>(kNumUpos) || UposName(static_cast<Upos>(i)) != name)
      return *why = "trained with UPOS tag '" + name + "' at id " + std::to_string(i) +
                    ", which this build does not have there; retrain the tagger",
             false;
  }
  if (!r->GetU32(&n) || n > 256) return *why = "damaged XPOS table", false;
  for (uint32_t i = 0; i < n; ++i) {
    if (!r->GetString(&name)) return *why = "damaged XPOS table", false;
    if (i >= static_cast<uint32_t>(NumXpos()) || XposName(static_cast<uint8_t>(i)) != name)
      return *why = "trained with XPOS tag '" + name + "' at id " + std::to_string(i) +
                    ", which this build does not have there; retrain the tagger",
             false;
  }
  uint32_t nc;
  if (!r->GetU32(&nc) || nc == 0 || nc > 4096) return *why = "damaged class table", false;
  classes.resize(nc);
  for (TagClass& c : classes) {
    uint8_t u, x;
    if (!r->GetU8(&u) || !r->GetU8(&x) || u >= kNumUpos || x >= n)
      return *why = "damaged class table", false;
    c.upos = static_cast<Upos>(u);
    c.xpos = x;
  }
  size_t num_words;
  uint32_t num_forms;
  if (!words.Load(r, &num_words) || !r->GetVector(&word_ambiguity) ||
      word_ambiguity.size() != num_words || !r->GetU32(&num_forms) || num_forms > (1u << 24))
    return *why = "damaged word table", false;
  cached_forms.resize(num_forms);
  for (std::string& f : cached_forms)
    if (!r->GetString(&f)) return *why = "damaged word table", false;
  if (!r->GetVector(&top_class) || !r->GetVector(&fixed) || !r->GetF32(&pass2_margin) ||
      top_class.size() != cached_forms.size() || fixed.size() != cached_forms.size() ||
      !(pass2_margin >= 0))
    return *why = "damaged word table", false;
  for (uint16_t c : top_class)
    if (c >= nc) return *why = "damaged word table", false;
  if (!pass1.Load(r) || !pass2.Load(r) || pass1.num_classes() != static_cast<int>(nc) ||
      pass2.num_classes() != static_cast<int>(nc))
    return *why = "damaged weights", false;
  if (!lemmatizer.Load(r)) return *why = "damaged lemmatizer", false;
  if (!r->ok() || !r->at_end()) return *why = "payload has trailing bytes", false;
  return true;
}

void TaggerModel::BuildTables() {
  const size_t nc = classes.size();
  LemmaScratch scratch;
  lemma_blob.clear();
  cached_lemma.assign(1, 0);
  for (size_t r = 0; r < cached_forms.size(); ++r) {
    lemma_blob += lemmatizer.Lemmatize(cached_forms[r], classes[top_class[r]].xpos, &scratch);
    cached_lemma.push_back(static_cast<uint32_t>(lemma_blob.size()));
  }
  stride = (nc + 7) / 8 * 8;
  form_cache = FeatureIndex();
  form_cache.Reserve(cached_forms.size());
  cached_lower.assign(cached_forms.size(), 0);
  cached_flags.assign(cached_forms.size(), 0);
  cached_ambiguity.assign(cached_forms.size(), 0);
  std::string lower;
  uint64_t f[kMaxFeatures];
  for (int p = 0; p < 2; ++p) {
    const LinearModel& lm = p == 0 ? pass1 : pass2;
    PassTables& tab = tables[p];
    tab.self.assign(cached_forms.size() * stride, 0.0f);
    tab.prev_word.assign(cached_forms.size() * stride, 0.0f);
    tab.next_word.assign(cached_forms.size() * stride, 0.0f);
    for (size_t r = 0; r < cached_forms.size(); ++r) {
      TokInfo t;
      ComputeTokInfo(*this, cached_forms[r], false, &lower, &t);
      lm.Score(f, SelfFeatures(t, f), tab.self.data() + r * stride);
      lm.Score(f, PrevWordFeatures(t, f), tab.prev_word.data() + r * stride);
      lm.Score(f, NextWordFeatures(t, f), tab.next_word.data() + r * stride);
      if (p == 0) {
        form_cache.FindOrInsert(HashString(cached_forms[r], 3), static_cast<uint32_t>(r));
        cached_lower[r] = t.lower;
        cached_flags[r] = t.flags;
        cached_ambiguity[r] = t.ambiguity;
      }
    }
    // Hot rows, from the feature keys that can have long rows: those of
    // frequent values (the self features of the cached forms, the unknown
    // word, ambiguity classes, short affixes, flags) and tag pairs.
    std::vector<uint64_t> candidates = {Key(kBias, 0),
                                        Key(kWord, kUnknownWord),
                                        Key(kForm, kUnknownWord),
                                        Key(kAmbiguity, kUnknownWord),
                                        Key(kWordM1, kUnknownWord),
                                        Key(kWordP1, kUnknownWord),
                                        Key(kWordM1, StartToken().lower),
                                        Key(kWordP1, EndToken().lower)};
    for (uint64_t a : word_ambiguity) candidates.push_back(Key(kAmbiguity, a));
    for (uint64_t len = 0; len <= 12; ++len) candidates.push_back(Key(kUnknownLength, len));
    for (size_t r = 0; r < cached_forms.size(); ++r) {
      TokInfo t;
      ComputeTokInfo(*this, cached_forms[r], false, &lower, &t);
      size_t n = SelfFeatures(t, f);
      candidates.insert(candidates.end(), f, f + n);
    }
    for (uint32_t flags = 0; flags < 2 * kSentenceStart; ++flags) {
      candidates.push_back(Key(kFlags, flags));
      candidates.push_back(Key(kSentenceStartFlags, flags));
    }
    const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789.,-'\"";
    for (char a : kChars) {
      if (!a) continue;
      std::string_view one(&a, 1);
      candidates.push_back(Key(kSuffix1, HashString(one, 10)));
      candidates.push_back(Key(kPrefix1, HashString(one, 20)));
      for (char b : kChars) {
        if (!b) continue;
        char two[2] = {a, b};
        candidates.push_back(Key(kSuffix2, HashString(std::string_view(two, 2), 11)));
        candidates.push_back(Key(kPrefix2, HashString(std::string_view(two, 2), 21)));
      }
    }
    for (size_t a = 0; a < nc + 2; ++a) {
      for (size_t b = 0; b < nc + 2; ++b) {
        uint64_t ta = a < nc ? a : kTagStart + (a - nc), tb = b < nc ? b : kTagStart + (b - nc);
        candidates.push_back(Key(kTagM1M2, (ta << 16) | tb));
        if (p == 1) {
          candidates.push_back(Key(kTagP1P2, (ta << 16) | tb));
          candidates.push_back(Key(kTagM1P1, (ta << 16) | tb));
        }
      }
    }
    tab.hot = FeatureIndex();
    tab.hot_rows.clear();
    std::vector<float> row(stride);
    for (uint64_t key : candidates) {
      std::fill(row.begin(), row.end(), 0.0f);
      lm.Score(&key, 1, row.data());
      size_t nonzero = 0;
      for (float x : row) nonzero += x != 0.0f;
      if (nonzero < kHotMinEntries || tab.hot.Find(key) != FeatureIndex::kMissing) continue;
      tab.hot.FindOrInsert(key, static_cast<uint32_t>(tab.hot_rows.size() / stride));
      tab.hot_rows.insert(tab.hot_rows.end(), row.begin(), row.end());
    }
    for (int k = 0; k < 4; ++k) {
      tab.tag[k].assign((nc + 2) * stride, 0.0f);
      for (size_t row = 0; row < nc + 2; ++row) {
        uint64_t tag = row < nc ? row : kTagStart + (row - nc);
        uint64_t key = Key(kTagTemplates[k], tag);
        lm.Score(&key, 1, tab.tag[k].data() + row * stride);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Tagger

Tagger::Tagger() : model_(std::make_unique<TaggerModel>()) {}
Tagger::Tagger(std::unique_ptr<TaggerModel> model) {
  model->BuildTables();
  model_ = std::move(model);
}
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;
Tagger::~Tagger() = default;

const std::string& Tagger::config() const { return model_->config; }
size_t Tagger::num_features() const {
  return model_->pass1.num_features() + model_->pass2.num_features();
}
size_t Tagger::num_weights() const {
  return model_->pass1.num_weights() + model_->pass2.num_weights();
}

Result<Tagger> Tagger::Load(const std::string& path) {
  auto file = model::ReadModelFile(path, kKind, kTaggerFormatVersion);
  if (!file.ok()) return file.status();
  auto m = std::make_unique<TaggerModel>();
  m->config = file->config;
  model::Reader r(file->payload);
  std::string why;
  if (!m->Load(&r, &why))
    return Status::Corrupt(path + ": tagger model " + why +
                           ". Retrain it (sitrep train tagger) or restore it from git.");
  return Tagger(std::move(m));
}

Status Tagger::Save(const std::string& path) const {
  model::Writer w;
  model_->Save(&w);
  return model::WriteModelFile(
      path, {std::string(kKind), kTaggerFormatVersion, model_->config, w.data()});
}

std::unique_ptr<Workspace> Tagger::NewWorkspace() const { return std::make_unique<Workspace>(); }

void Tagger::Tag(Doc* doc, Workspace* ws) const {
  const TaggerModel& m = *model_;
  if (m.classes.empty()) return;  // a default-constructed Tagger has no model
  for (size_t s = 0; s < doc->num_sentences(); ++s) {
    size_t first = doc->sentence_first(s), end = doc->sentence_end(s), n = end - first;
    const TokInfo* t = PrepareSentence(m, *doc, first, end, ws);
    DecodeSentence(m, t, n, ws);
    const uint16_t* tags2 = ws->tags2.data() + kPad;
    for (size_t i = 0; i < n; ++i) {
      const TagClass& c = m.classes[tags2[i]];
      doc->set_upos(first + i, c.upos);
      doc->set_xpos(first + i, c.xpos);
      uint32_t r = t[i].cache;
      if (r != kNotCached && tags2[i] == m.top_class[r]) {
        doc->set_lemma(first + i,
                       std::string_view(m.lemma_blob)
                           .substr(m.cached_lemma[r], m.cached_lemma[r + 1] - m.cached_lemma[r]));
      } else {
        doc->set_lemma(first + i, m.lemmatizer.Lemmatize(doc->norm(first + i), c.xpos, &ws->lemma));
      }
    }
  }
}

TagScores EvalTagger(const Tagger& t, const std::vector<conllu::Sentence>& gold) {
  Doc doc;
  conllu::ToDoc(gold, 0, gold.size(), /*gold=*/false, &doc);
  auto ws = t.NewWorkspace();
  t.Tag(&doc, ws.get());
  size_t k = 0, upos = 0, xpos = 0, lemma = 0;
  for (const conllu::Sentence& s : gold) {
    for (const conllu::Word& w : s.words) {
      upos += UposName(doc.upos(k)) == w.upos;
      xpos += XposName(doc.xpos(k)) == w.xpos;
      lemma += doc.lemma(k) == w.lemma;
      ++k;
    }
  }
  TagScores r;
  r.tokens = k;
  if (k > 0) {
    r.upos = 100.0 * static_cast<double>(upos) / static_cast<double>(k);
    r.xpos = 100.0 * static_cast<double>(xpos) / static_cast<double>(k);
    r.lemma = 100.0 * static_cast<double>(lemma) / static_cast<double>(k);
  }
  return r;
}

}  // namespace sitrep::tag

void std::default_delete<sitrep::tag::Workspace>::operator()(sitrep::tag::Workspace* ws) const {
  delete ws;
}
