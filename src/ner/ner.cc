#include "ner/ner.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/hash.h"
#include "core/model_file.h"
#include "ner/ner_model.h"
#include "tag/lemmatizer.h"

namespace sitrep::ner {
namespace {

constexpr std::string_view kKind = "ner";
// The label set a model was trained with; a model with another is refused.
constexpr std::string_view kLabelScheme = "BIO x PER,ORG,LOC";

// Feature template ids. Changing what a template means requires a new
// kNerFormatVersion. Templates over a neighbour add its offset + 2 (0..4).
enum Template : uint64_t {
  kBias = 1,
  kLower,
  kForm,
  kShape,
  kPrefix = 8,   // + length - 1
  kSuffix = 16,  // + length - 1
  kFlags = 24,
  kUpos = 32,  // + offset + 2
  kXpos = 40,  // + offset + 2
  kWord = 48,  // + offset + 2
  kShapeAt = 56,
  kUposPairLeft = 64,
  kUposPairRight,
  kXposFlags,
  kCapRun,
  kWordPairLeft,
  kWordPairRight,
  kLabelM1,
  kLabelM2M1,
  kLabelM1Word,
  kLabelM1Shape,
  kLex,  // + 0..4: the token, its neighbours
  kLexCap = kLex + 5,
};

constexpr uint64_t kLexSeed = 0x4C4558;

inline uint64_t Key(uint64_t t, uint64_t v) { return HashCombine(v, t * 0x2545F4914F6CDD1DULL); }

TokInfo MakePadToken(uint64_t seed) {
  TokInfo t;
  t.lower = t.form = t.shape = HashCombine(seed, 1);
  for (auto& s : t.suffix) s = t.lower;
  for (auto& p : t.prefix) p = t.lower;
  t.flags = kPad;
  t.upos = t.xpos = 0xFF;
  return t;
}
const TokInfo& StartToken() {
  static const TokInfo t = MakePadToken(0x5354415254ULL);
  return t;
}
const TokInfo& EndToken() {
  static const TokInfo t = MakePadToken(0x454E44ULL);
  return t;
}
// A token far from any capitalized word or proper noun: never scored and
// never a neighbour of a scored token, so its features are not computed.
const TokInfo& FarToken() {
  static const TokInfo t = [] {
    TokInfo f = MakePadToken(0x464152ULL);
    f.flags = 0;
    return f;
  }();
  return t;
}

void ComputeTokInfo(std::string_view norm, std::string* lower, TokInfo* t) {
  tag::AsciiLower(norm, lower);
  std::string_view w = *lower;
  uint32_t flags = 0;
  // Shape: each byte as X / x / d / itself (u for non-ASCII), runs collapsed,
  // at most 8 symbols.
  char shape[8];
  size_t ns = 0;
  for (char c : norm) {
    char s;
    if (c >= 'A' && c <= 'Z') {
      s = 'X';
      flags |= kHasUpper;
    } else if (c >= 'a' && c <= 'z') {
      s = 'x';
      flags |= kHasLower;
    } else if (c >= '0' && c <= '9') {
      s = 'd';
      flags |= kHasDigit;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      s = 'u';
      flags |= kNonAscii;
    } else {
      s = c;
      if (c == '-') flags |= kHasHyphen;
      if (c == '.') flags |= kHasPeriod;
    }
    if (ns < sizeof shape && (ns == 0 || shape[ns - 1] != s)) shape[ns++] = s;
  }
  if (!norm.empty() && norm[0] >= 'A' && norm[0] <= 'Z') flags |= kInitCap;
  if ((flags & kHasUpper) && !(flags & kHasLower)) flags |= kAllCaps;
  t->lower = HashString(w);
  t->form = HashString(norm, 3);
  t->shape = HashString(std::string_view(shape, ns), 4);
  for (size_t k = 0; k < 4; ++k) {
    size_t len = std::min(k + 1, w.size());
    t->suffix[k] = HashString(w.substr(w.size() - len), 10 + k);
    t->prefix[k] = HashString(w.substr(0, len), 20 + k);
  }
  t->flags = flags;
}

}  // namespace

// ---------------------------------------------------------------------------
// Labels and features

void LabelsFromSpans(const std::vector<Entity>& spans, uint32_t offset, size_t n, uint8_t* labels) {
  std::fill_n(labels, n, kLabelO);
  for (const Entity& e : spans) {
    size_t b = e.token_begin - offset, end = e.token_end - offset;
    if (end > n || b >= end) continue;
    labels[b] = LabelB(e.type);
    for (size_t i = b + 1; i < end; ++i) labels[i] = LabelI(e.type);
  }
}

TokInfo* PrepareSentence(const NerModel& m, const Doc& doc, size_t first, size_t end, Workspace* ws,
                         const uint8_t* need) {
  size_t n = end - first;
  if (ws->keys.size() < n) ws->keys.resize(n);
  if (ws->tok.size() < n + 2 * kPadTokens) {
    ws->tok.resize(n + 2 * kPadTokens);
    ws->labels.resize(n + 2 * kPadTokens);
    ws->prob.resize(n + 2 * kPadTokens);
  }
  for (size_t k = 0; k < kPadTokens; ++k) {
    ws->tok[k] = StartToken();
    ws->tok[kPadTokens + n + k] = EndToken();
    ws->labels[k] = ws->labels[kPadTokens + n + k] = kLabelStart;
  }
  TokInfo* t = ws->tok.data() + kPadTokens;
  for (size_t i = 0; i < n; ++i) {
    if (need && !need[i]) {
      t[i] = FarToken();
    } else {
      ComputeTokInfo(doc.norm(first + i), &ws->lower, &t[i]);
    }
    t[i].lex = 0;
    if (i == 0) t[i].flags |= kSentenceStart;
    t[i].upos = static_cast<uint8_t>(doc.upos(first + i));
    t[i].xpos = doc.xpos(first + i);
  }
  // Runs of capitalized tokens ("New York City" is one run of 3).
  for (size_t i = 0; i < n;) {
    if (!(t[i].flags & kInitCap)) {
      t[i].cap_run = t[i].cap_pos = 0;
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && (t[j].flags & kInitCap)) ++j;
    for (size_t k = i; k < j; ++k) {
      t[k].cap_run = static_cast<uint8_t>(std::min<size_t>(j - i, 255));
      t[k].cap_pos = static_cast<uint8_t>(std::min<size_t>(k - i, 255));
    }
    i = j;
  }
  if (!m.lexicon.masks.empty()) {
    for (size_t i = 0; i < n; ++i) TokenKey(doc.norm(first + i), &ws->keys[i]);
    m.lexicon.Match(ws->keys.data(), n, t, &ws->lower, need);
  }
  return t;
}

// ---------------------------------------------------------------------------
// Lexicon

void TokenKey(std::string_view norm, std::string* out) {
  if (norm.size() > 1 && norm.back() == '.') norm.remove_suffix(1);
  tag::AsciiLower(norm, out);
}

Result<Lexicon> Lexicon::Read(const std::string& path) {
  auto data = model::ReadFileToString(path);
  if (!data.ok()) return data.status();
  // phrase -> category names; categories get bits in name order.
  std::map<std::string, std::set<std::string>> phrases;
  std::set<std::string> names;
  std::string_view d = *data;
  int line_no = 0;
  std::string key, tok;
  for (size_t pos = 0; pos < d.size();) {
    size_t nl = d.find('\n', pos);
    if (nl == std::string_view::npos) nl = d.size();
    std::string_view line = d.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == 0 || tab == std::string_view::npos || tab + 1 == line.size())
      return Status::InvalidArgument(path + ":" + std::to_string(line_no) +
                                     ": expected <category><TAB><phrase>");
    std::string_view cat = line.substr(0, tab), phrase = line.substr(tab + 1);
    // Tokens as the tokenizer splits them: words at spaces, "'s" and hyphens apart.
    key.clear();
    size_t tokens = 0;
    auto add = [&](std::string_view w) {
      if (w.empty()) return;
      TokenKey(w, &tok);
      if (!key.empty()) key += ' ';
      key += tok;
      ++tokens;
    };
    for (size_t b = 0; b < phrase.size();) {
      size_t e = phrase.find(' ', b);
      if (e == std::string_view::npos) e = phrase.size();
      std::string_view w = phrase.substr(b, e - b);
      b = e + 1;
      std::string_view poss;
      if (w.size() > 2 && (w.ends_with("'s") || w.ends_with("'S"))) {
        poss = w.substr(w.size() - 2);
        w.remove_suffix(2);
      }
      for (size_t h; (h = w.find('-')) != std::string_view::npos && w.size() > 1;) {
        add(w.substr(0, h));
        add("-");
        w.remove_prefix(h + 1);
      }
      add(w);
      add(poss);
    }
    if (tokens == 0 || tokens > kMaxLexTokens) continue;
    names.insert(std::string(cat));
    phrases[key].insert(std::string(cat));
  }
  if (names.size() > kMaxLexCategories)
    return Status::InvalidArgument(path + ": " + std::to_string(names.size()) +
                                   " categories, at most " + std::to_string(kMaxLexCategories));
  Lexicon lex;
  lex.categories.assign(names.begin(), names.end());
  lex.phrases.Reserve(phrases.size());
  for (const auto& [phrase, cats] : phrases) {
    uint16_t mask = 0;
    for (const std::string& c : cats)
      mask |= static_cast<uint16_t>(
          1u << (std::lower_bound(lex.categories.begin(), lex.categories.end(), c) -
                 lex.categories.begin()));
    lex.phrases.FindOrInsert(HashString(phrase, kLexSeed), static_cast<uint32_t>(lex.masks.size()));
    lex.masks.push_back(mask);
    size_t n = static_cast<size_t>(std::count(phrase.begin(), phrase.end(), ' ')) + 1;
    lex.max_tokens = std::max(lex.max_tokens, static_cast<uint32_t>(n));
  }
  lex.BuildFilter();
  return lex;
}

namespace {
size_t FilterBit(uint64_t key) {
  return static_cast<size_t>((key * 0xD6E8FEB86659FD93ULL) >> 40) & (Lexicon::kFilterBits - 1);
}
}  // namespace

void Lexicon::BuildFilter() {
  filter.assign(kFilterBits / 64, 0);
  phrases.ForEachKey([&](uint64_t k) {
    size_t b = FilterBit(k);
    filter[b / 64] |= uint64_t{1} << (b % 64);
  });
}

uint16_t Lexicon::Lookup(std::string_view phrase) const {
  uint64_t key = HashString(phrase, kLexSeed);
  if (key == 0) key = FeatureIndex::kZeroKey;
  if (!filter.empty()) {
    size_t b = FilterBit(key);
    if (!(filter[b / 64] >> (b % 64) & 1)) return 0;
  }
  uint32_t row = phrases.Find(key);
  return row == FeatureIndex::kMissing ? 0 : masks[row];
}

void Lexicon::Match(const std::string* keys, size_t n, TokInfo* t, std::string* phrase,
                    const uint8_t* need) const {
  for (size_t i = 0; i < n; ++i) {
    if (need && !need[i]) continue;
    // Lower-case common words are not names: not looked up (most of a text).
    if (!(t[i].flags & (kHasUpper | kNonAscii)) && t[i].upos != static_cast<uint8_t>(Upos::kPropn))
      continue;
    phrase->clear();
    // Phrases of several words are names and start with a capital or a
    // proper noun; lower-case words are looked up alone (most of a text).
    size_t longest = (t[i].flags & (kHasUpper | kNonAscii)) ? max_tokens : 1;
    for (size_t len = 1; len <= longest && i + len <= n; ++len) {
      // A name goes on through capitalized words and a few joiners ("bank
      // of america", "winston - salem"), not through other lower-case words.
      const std::string& k = keys[i + len - 1];
      if (len > 1 && !(t[i + len - 1].flags & (kHasUpper | kNonAscii)) && k != "of" && k != "the" &&
          k != "de" && k != "and" && k != "&" && k != "-" && k != "'s" && k != "al" && k != "el") {
        break;
      }
      if (len > 1) *phrase += ' ';
      *phrase += k;
      for (uint32_t mask = Lookup(*phrase), c = 0; mask; mask >>= 1, ++c) {
        if (!(mask & 1)) continue;
        if (len == 1) {
          t[i].lex |= uint64_t{1} << (4 * c + kLexU);
          continue;
        }
        t[i].lex |= uint64_t{1} << (4 * c + kLexB);
        for (size_t k = i + 1; k + 1 < i + len; ++k) t[k].lex |= uint64_t{1} << (4 * c + kLexI);
        t[i + len - 1].lex |= uint64_t{1} << (4 * c + kLexL);
      }
    }
  }
}

void Lexicon::Save(model::Writer* w) const {
  w->PutU32(static_cast<uint32_t>(categories.size()));
  for (const std::string& c : categories) w->PutString(c);
  w->PutU32(max_tokens);
  phrases.Save(masks.size(), w);
  w->PutVector(masks);
}

bool Lexicon::Load(model::Reader* r) {
  uint32_t nc;
  if (!r->GetU32(&nc) || nc > kMaxLexCategories) return false;
  categories.resize(nc);
  for (std::string& c : categories)
    if (!r->GetString(&c)) return false;
  size_t n = 0;
  if (!r->GetU32(&max_tokens) || max_tokens > kMaxLexTokens || !phrases.Load(r, &n) ||
      !r->GetVector(&masks) || masks.size() != n)
    return false;
  for (uint16_t m : masks)
    if (m >> nc) return false;
  BuildFilter();
  return true;
}

size_t StaticFeatures(const TokInfo* t, uint64_t* f) {
  size_t n = 0;
  const TokInfo& w = t[0];
  f[n++] = Key(kBias, 0);
  f[n++] = Key(kLower, w.lower);
  f[n++] = Key(kForm, w.form);
  f[n++] = Key(kShape, w.shape);
  for (uint64_t k = 0; k < 4; ++k) {
    f[n++] = Key(kPrefix + k, w.prefix[k]);
    f[n++] = Key(kSuffix + k, w.suffix[k]);
  }
  f[n++] = Key(kFlags, w.flags);
  for (int d = -2; d <= 2; ++d) {
    auto o = static_cast<uint64_t>(d + 2);
    f[n++] = Key(kUpos + o, t[d].upos);
    f[n++] = Key(kXpos + o, t[d].xpos);
    if (d != 0) f[n++] = Key(kWord + o, t[d].lower);
  }
  f[n++] = Key(kShapeAt + 1, t[-1].shape);
  f[n++] = Key(kShapeAt + 3, t[1].shape);
  f[n++] = Key(kUposPairLeft, (uint64_t{t[-1].upos} << 8) | w.upos);
  f[n++] = Key(kUposPairRight, (uint64_t{w.upos} << 8) | t[1].upos);
  f[n++] = Key(kXposFlags, (uint64_t{w.xpos} << 16) | (w.flags & (kInitCap | kSentenceStart)));
  uint64_t run = std::min<uint64_t>(w.cap_run, 5);
  uint64_t pos =
      w.cap_run == 0 ? 0 : (w.cap_pos == 0 ? 1 : 0) | (w.cap_pos + 1 == w.cap_run ? 2 : 0);
  f[n++] = Key(kCapRun, (run << 8) | (pos << 1) | ((w.flags & kSentenceStart) ? 1 : 0));
  f[n++] = Key(kWordPairLeft, HashCombine(t[-1].lower, w.lower));
  f[n++] = Key(kWordPairRight, HashCombine(w.lower, t[1].lower));
  // Lexicon matches: the token's categories with their part, and those of
  // its neighbours without.
  for (uint64_t lex = w.lex; lex; lex &= lex - 1) {
    auto bit = static_cast<uint64_t>(__builtin_ctzll(lex));
    f[n++] = Key(kLex + 2, bit);
    f[n++] = Key(kLexCap, (bit << 1) | ((w.flags & kInitCap) ? 1 : 0));
  }
  for (int d : {-1, 1}) {
    uint64_t cats = 0;
    for (uint64_t lex = t[d].lex; lex; lex &= lex - 1)
      cats |= uint64_t{1} << (__builtin_ctzll(lex) / 4);
    for (; cats; cats &= cats - 1)
      f[n++] =
          Key(kLex + static_cast<uint64_t>(d + 2), static_cast<uint64_t>(__builtin_ctzll(cats)));
  }
  return n;
}

size_t LabelFeatures(const TokInfo* t, const uint8_t* labels, uint64_t* f) {
  uint64_t l1 = labels[-1], l2 = labels[-2];
  f[0] = Key(kLabelM1, l1);
  f[1] = Key(kLabelM2M1, (l2 << 8) | l1);
  f[2] = Key(kLabelM1Word, HashCombine(l1, t[0].lower));
  f[3] = Key(kLabelM1Shape, HashCombine(l1, t[0].shape));
  return 4;
}

uint8_t BestAllowed(const float* scores, uint8_t prev) {
  uint8_t best = kLabelO;  // always allowed
  for (uint8_t c = 1; c < kNumLabels; ++c)
    if (Allowed(prev, c) && scores[c] > scores[best]) best = c;
  return best;
}

// ---------------------------------------------------------------------------
// Model file

void NerModel::Save(model::Writer* w) const {
  w->PutString(kLabelScheme);
  lexicon.Save(w);
  lm.Save(w);
}

bool NerModel::Load(model::Reader* r, std::string* why) {
  std::string scheme;
  if (!r->GetString(&scheme)) {
    *why = "is truncated";
    return false;
  }
  if (scheme != kLabelScheme) {
    *why = "has labels '" + scheme + "', this build expects '" + std::string(kLabelScheme) + "'";
    return false;
  }
  if (!lexicon.Load(r) || !lm.Load(r) || lm.num_classes() != kNumLabels || !r->at_end()) {
    *why = "is damaged";
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Ner

std::string_view EntityTypeName(EntityType t) {
  switch (t) {
    case EntityType::kPer:
      return "PER";
    case EntityType::kOrg:
      return "ORG";
    case EntityType::kLoc:
      return "LOC";
  }
  return "?";
}

bool EntityTypeFromName(std::string_view name, EntityType* t) {
  for (int k = 0; k < kNumEntityTypes; ++k) {
    if (EntityTypeName(static_cast<EntityType>(k)) == name) {
      *t = static_cast<EntityType>(k);
      return true;
    }
  }
  return false;
}

Ner::Ner() : model_(std::make_unique<NerModel>()) {}
Ner::Ner(std::unique_ptr<NerModel> model) : model_(std::move(model)) {}
Ner::Ner(Ner&&) noexcept = default;
Ner& Ner::operator=(Ner&&) noexcept = default;
Ner::~Ner() = default;

const std::string& Ner::config() const { return model_->config; }
size_t Ner::num_features() const { return model_->lm.num_features(); }
size_t Ner::num_weights() const { return model_->lm.num_weights(); }

Result<Ner> Ner::Load(const std::string& path) {
  auto file = model::ReadModelFile(path, kKind, kNerFormatVersion);
  if (!file.ok()) return file.status();
  auto m = std::make_unique<NerModel>();
  m->config = file->config;
  model::Reader r(file->payload);
  std::string why;
  if (!m->Load(&r, &why))
    return Status::Corrupt(path + ": NER model " + why +
                           ". Retrain it (scripts/train-models.sh ner) or restore it from git.");
  return Ner(std::move(m));
}

Status Ner::Save(const std::string& path) const {
  model::Writer w;
  model_->Save(&w);
  return model::WriteModelFile(path,
                               {std::string(kKind), kNerFormatVersion, model_->config, w.data()});
}

std::unique_ptr<Workspace> Ner::NewWorkspace() const { return std::make_unique<Workspace>(); }

void Ner::Tag(const Doc& doc, Workspace* ws, std::vector<Entity>* out) const {
  out->clear();
  const LinearModel& lm = model_->lm;
  if (lm.num_classes() != kNumLabels) return;  // a default-constructed Ner
  float scores[kNumLabels];
  uint64_t* f = ws->feats;
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    size_t first = doc.sentence_first(s), n = doc.sentence_end(s) - first;
    if (n == 0) continue;
    // Tokens within reach of a candidate (a capitalized or non-ASCII word,
    // or a proper noun): two before it, four after (its neighbours, and a
    // name's lower-case continuation). The rest is O.
    ws->need.assign(n, 0);
    bool any = false;
    for (size_t i = 0; i < n; ++i) {
      std::string_view w = doc.form(first + i);
      bool cand = doc.upos(first + i) == Upos::kPropn ||
                  (!w.empty() &&
                   ((w[0] >= 'A' && w[0] <= 'Z') || std::any_of(w.begin(), w.end(), [](char c) {
                      return static_cast<unsigned char>(c) >= 0x80;
                    })));
      if (!cand) continue;
      any = true;
      for (size_t k = i >= 2 ? i - 2 : 0; k < std::min(n, i + 5); ++k) ws->need[k] = 1;
    }
    if (!any) continue;
    const TokInfo* t = PrepareSentence(*model_, doc, first, first + n, ws, ws->need.data());
    uint8_t* y = ws->labels.data() + kPadTokens;
    float* prob = ws->prob.data();
    for (size_t i = 0; i < n; ++i) {
      // A lower-case word that is not a proper noun, after no name, starts
      // no name: labelled O unscored (most of a news text).
      if (UnscoredO(t[i], y[i - 1])) {
        y[i] = kLabelO;
        prob[i] = 1;
        continue;
      }
      size_t nf = StaticFeatures(t + i, f);
      nf += LabelFeatures(t + i, y + i, f + nf);
      std::fill_n(scores, kNumLabels, 0.0f);
      lm.Score(f, nf, scores);
      y[i] = BestAllowed(scores, y[i - 1]);
      // Softmax probability of the chosen (best) label among the allowed.
      double sum = 0;
      for (uint8_t c = 0; c < kNumLabels; ++c)
        if (Allowed(y[i - 1], c)) sum += std::exp(static_cast<double>(scores[c] - scores[y[i]]));
      prob[i] = static_cast<float>(1.0 / sum);
    }
    for (size_t i = 0; i < n; ++i) {
      if (y[i] == kLabelO) continue;
      if (!IsInside(y[i])) {
        out->push_back({static_cast<uint32_t>(first + i), 0, LabelType(y[i]), prob[i]});
      } else {
        out->back().score = std::min(out->back().score, prob[i]);
      }
      if (i + 1 == n || !IsInside(y[i + 1]))
        out->back().token_end = static_cast<uint32_t>(first + i + 1);
    }
  }
}

}  // namespace sitrep::ner

void std::default_delete<sitrep::ner::Workspace>::operator()(sitrep::ner::Workspace* ws) const {
  delete ws;
}
