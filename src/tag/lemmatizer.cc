#include "tag/lemmatizer.h"

#include <algorithm>
#include <tuple>

#include "core/hash.h"
#include "sitrep/doc.h"

namespace sitrep::tag {
namespace {

constexpr size_t kMaxSuffix = 6;      // longest suffix a rule is keyed by
constexpr int kMinGroupTypes = 2;     // a suffix needs this many training types to make a rule
constexpr size_t kMaxCandidates = 3;  // rewrites kept per suffix
constexpr int kMinTableCount =
    3;  // words this frequent go in the table even when the rules are right

struct XposIds {
  uint8_t nnp = XposFromName("NNP"), nnps = XposFromName("NNPS"), cd = XposFromName("CD"),
          add = XposFromName("ADD");
};
const XposIds& Ids() {
  static const XposIds ids;
  return ids;
}

// Proper nouns and addresses keep their case; every other key is lowercased.
bool KeepsCase(uint8_t xpos) {
  const XposIds& x = Ids();
  return xpos == x.nnp || xpos == x.nnps || xpos == x.add;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

uint64_t TableKey(std::string_view key, uint8_t xpos) { return HashCombine(HashString(key), xpos); }
uint64_t RuleKey(std::string_view suffix, uint8_t xpos) {
  return HashCombine(HashString(suffix, 1), xpos);
}
uint64_t KnownKey(std::string_view lower_lemma) { return HashString(lower_lemma, 2); }
uint64_t ProperKey(std::string_view lemma) { return HashString(lemma, 3); }
constexpr uint32_t kNone = 0xFFFFFFFFu;

void MakeKey(std::string_view form, uint8_t xpos, std::string* key) {
  if (KeepsCase(xpos)) {
    key->assign(form);
  } else {
    AsciiLower(form, key);
  }
}

// (bytes stripped from the end of `from`, text appended) that turns from into to.
std::pair<size_t, std::string_view> Edit(std::string_view from, std::string_view to) {
  size_t k = 0, n = std::min(from.size(), to.size());
  while (k < n && from[k] == to[k]) ++k;
  return {from.size() - k, to.substr(k)};
}

}  // namespace

void AsciiLower(std::string_view s, std::string* out) {
  out->resize(s.size());
  char* d = out->data();
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    d[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
  }
}

void Lemmatizer::Builder::Add(std::string_view form, uint8_t xpos, std::string_view lemma) {
  if (xpos == 0 || lemma.empty() || form.empty()) return;
  std::string key;
  MakeKey(form, xpos, &key);
  ++seen_[{key, xpos}][std::string(lemma)];
}

Lemmatizer Lemmatizer::Builder::Build() const {
  Lemmatizer lem;
  // Texts (lemmas and appended strings) are interned in one blob.
  std::map<std::string, uint32_t> text_ids;
  auto intern = [&](std::string_view s) {
    auto [it, added] = text_ids.emplace(std::string(s), static_cast<uint32_t>(text_ids.size()));
    if (added) {
      lem.blob_.append(s);
      lem.text_off_.push_back(static_cast<uint32_t>(lem.blob_.size()));
    }
    return it->second;
  };
  lem.text_off_.push_back(0);

  // Most frequent lemma per (key, xpos); ties go to the smallest string.
  struct Type {
    const std::string* key;
    uint8_t xpos;
    const std::string* lemma;
    int count;
  };
  std::vector<Type> types;
  std::string lower;
  for (const auto& [kx, lemmas] : seen_) {
    const std::string* best = nullptr;
    int best_n = 0, total = 0;
    for (const auto& [l, n] : lemmas) {
      if (n > best_n) {
        best = &l;
        best_n = n;
      }
      total += n;
      AsciiLower(l, &lower);
      lem.known_.FindOrInsert(KnownKey(lower), static_cast<uint32_t>(lem.known_.size()));
      if (kx.second == Ids().nnp || kx.second == Ids().nnps)
        lem.known_proper_.FindOrInsert(ProperKey(l),
                                       static_cast<uint32_t>(lem.known_proper_.size()));
    }
    types.push_back({&kx.first, kx.second, best, total});
  }

  // Suffix rules, counted over types (not tokens): unseen words resemble rare
  // types more than frequent tokens.
  using Rewrite = std::pair<size_t, std::string>;
  std::map<std::pair<uint8_t, std::string>, std::map<Rewrite, int>> groups;
  std::string lower_lemma;
  for (const Type& t : types) {
    AsciiLower(*t.key, &lower);
    AsciiLower(*t.lemma, &lower_lemma);
    auto [strip, append] = Edit(lower, lower_lemma);
    Rewrite rw{strip, std::string(append)};
    for (size_t k = 0; k <= std::min(kMaxSuffix, lower.size()); ++k)
      ++groups[{t.xpos, lower.substr(lower.size() - k)}][rw];
  }
  // Keep a group when enough types support it and it says something its next
  // shorter kept suffix does not. Shorter suffixes come first.
  std::vector<std::pair<const std::pair<uint8_t, std::string>*, const std::map<Rewrite, int>*>>
      order;
  for (const auto& g : groups) order.emplace_back(&g.first, &g.second);
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first->second.size() < b.first->second.size();
  });
  std::map<std::pair<uint8_t, std::string>, std::vector<Rewrite>> kept;
  for (const auto& [key, counts] : order) {
    int total = 0;
    for (const auto& c : *counts) total += c.second;
    const std::string& suffix = key->second;
    if (!suffix.empty() && total < kMinGroupTypes) continue;
    std::vector<std::pair<int, const Rewrite*>> ranked;
    for (const auto& [rw, n] : *counts) ranked.emplace_back(n, &rw);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<Rewrite> cands;
    for (size_t i = 0; i < ranked.size() && i < kMaxCandidates; ++i)
      cands.push_back(*ranked[i].second);
    if (!suffix.empty()) {
      const std::vector<Rewrite>* parent = nullptr;
      for (size_t k = suffix.size(); k-- > 0 && !parent;) {
        auto it = kept.find({key->first, suffix.substr(suffix.size() - k)});
        if (it != kept.end()) parent = &it->second;
      }
      if (parent && *parent == cands) continue;
    }
    kept.emplace(*key, std::move(cands));
  }
  lem.group_begin_.push_back(0);
  for (const auto& [key, cands] : kept) {
    lem.rules_.FindOrInsert(RuleKey(key.second, key.first),
                            static_cast<uint32_t>(lem.group_begin_.size() - 1));
    for (const Rewrite& rw : cands) {
      lem.rule_strip_.push_back(static_cast<uint8_t>(std::min<size_t>(rw.first, 255)));
      lem.rule_append_.push_back(intern(rw.second));
    }
    lem.group_begin_.push_back(static_cast<uint32_t>(lem.rule_strip_.size()));
  }

  // The table: what the rules get wrong, and the frequent words, which then
  // take one lookup instead of the rules'.
  std::string out;
  for (const Type& t : types) {
    if (t.count < kMinTableCount && lem.ByRules(*t.key, *t.key, t.xpos, &out) == *t.lemma) continue;
    lem.table_.FindOrInsert(TableKey(*t.key, t.xpos),
                            static_cast<uint32_t>(lem.table_text_.size()));
    lem.table_text_.push_back(intern(*t.lemma));
  }
  return lem;
}

std::string_view Lemmatizer::Lemmatize(std::string_view form, uint8_t xpos,
                                       LemmaScratch* scratch) const {
  MakeKey(form, xpos, &scratch->key);
  uint32_t e = table_.Find(TableKey(scratch->key, xpos));
  if (e != FeatureIndex::kMissing) return Text(table_text_[e]);
  return ByRules(form, scratch->key, xpos, &scratch->out);
}

std::string_view Lemmatizer::ByRules(std::string_view form, std::string_view key, uint8_t xpos,
                                     std::string* out) const {
  const XposIds& x = Ids();
  bool letters = false;
  for (char c : form) letters |= IsAsciiLetter(c) || static_cast<unsigned char>(c) >= 0x80;
  if (xpos == x.cd) {
    // "12,000" -> "12000"; other numbers keep their form.
    bool numeric = !form.empty() && IsDigit(form[0]);
    for (char c : form) numeric &= IsDigit(c) || c == ',' || c == '.';
    if (!numeric || form.find(',') == std::string_view::npos) return form;
    out->clear();
    for (char c : form)
      if (c != ',') out->push_back(c);
    return *out;
  }
  if (!letters || xpos == x.add) return form;
  if (xpos == x.nnp) {
    out->assign(form);
    ProperCase(out);
    return *out;
  }

  // The longest suffix with a rule: its first candidate that yields a lemma
  // seen in training, else its first applicable one.
  AsciiLower(key, out);
  std::string_view lower = *out;
  uint32_t chosen = kNone, fallback = kNone;
  for (size_t k = std::min(kMaxSuffix, lower.size()) + 1; k-- > 0 && fallback == kNone;) {
    uint32_t g = rules_.Find(RuleKey(lower.substr(lower.size() - k), xpos));
    if (g == FeatureIndex::kMissing) continue;
    for (uint32_t r = group_begin_[g]; r < group_begin_[g + 1]; ++r) {
      if (rule_strip_[r] >= key.size()) continue;  // keep at least one byte of the word
      std::string_view app = Text(rule_append_[r]);
      size_t stem = key.size() - rule_strip_[r];
      // KnownKey(lowercased candidate), hashed in two pieces.
      uint64_t h = Fnv1a64(app.data(), app.size(), Fnv1a64(lower.data(), stem, KnownKey({})));
      if (fallback == kNone) fallback = r;
      if (known_.Find(h) != FeatureIndex::kMissing) {
        chosen = r;
        break;
      }
    }
  }
  if (chosen == kNone) chosen = fallback;
  // `out` holds the lowercased key; for keys that keep case, start again from the key.
  if (KeepsCase(xpos)) out->assign(key);
  if (chosen != kNone) {
    out->resize(key.size() - rule_strip_[chosen]);
    out->append(Text(rule_append_[chosen]));
  }
  if (xpos == x.nnps) ProperCase(out);
  return *out;
}

void Lemmatizer::ProperCase(std::string* s) const {
  bool has_upper = false, has_lower = false;
  size_t letters = 0;
  for (char c : *s) {
    has_upper |= c >= 'A' && c <= 'Z';
    has_lower |= c >= 'a' && c <= 'z';
    letters += IsAsciiLetter(c);
  }
  if (letters < 2 || has_upper == has_lower) return;
  std::string& t = *s;
  bool first = true;
  for (char& c : t) {
    if (!IsAsciiLetter(c)) continue;
    bool up = first;
    first = false;
    if (up && c >= 'a' && c <= 'z') c = static_cast<char>(c - ('a' - 'A'));
    if (!up && c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  if (known_proper_.Find(ProperKey(t)) != FeatureIndex::kMissing) return;
  // Not a known name: back to how it was written.
  for (char& c : t) {
    if (has_upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - ('a' - 'A'));
    if (has_lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
}

void Lemmatizer::Save(model::Writer* w) const {
  table_.Save(table_text_.size(), w);
  w->PutVector(table_text_);
  rules_.Save(group_begin_.size() - 1, w);
  w->PutVector(group_begin_);
  w->PutVector(rule_strip_);
  w->PutVector(rule_append_);
  known_.Save(known_.size(), w);
  known_proper_.Save(known_proper_.size(), w);
  w->PutVector(text_off_);
  w->PutString(blob_);
}

bool Lemmatizer::Load(model::Reader* r) {
  size_t num_table, num_groups, num_known, num_proper;
  if (!table_.Load(r, &num_table) || !r->GetVector(&table_text_) || !rules_.Load(r, &num_groups) ||
      !r->GetVector(&group_begin_) || !r->GetVector(&rule_strip_) || !r->GetVector(&rule_append_) ||
      !known_.Load(r, &num_known) || !known_proper_.Load(r, &num_proper) ||
      !r->GetVector(&text_off_) || !r->GetString(&blob_))
    return false;
  // Every index must stay in bounds, whatever the bytes say.
  if (text_off_.empty() || text_off_.front() != 0 || text_off_.back() != blob_.size()) return false;
  for (size_t i = 1; i < text_off_.size(); ++i)
    if (text_off_[i] < text_off_[i - 1]) return false;
  auto num_texts = static_cast<uint32_t>(text_off_.size() - 1);
  if (num_table != table_text_.size() || group_begin_.size() != num_groups + 1 ||
      group_begin_.front() != 0 || group_begin_.back() != rule_strip_.size() ||
      rule_strip_.size() != rule_append_.size())
    return false;
  for (size_t i = 1; i < group_begin_.size(); ++i)
    if (group_begin_[i] < group_begin_[i - 1]) return false;
  for (uint32_t t : rule_append_)
    if (t >= num_texts) return false;
  for (uint32_t t : table_text_)
    if (t >= num_texts) return false;
  return true;
}

}  // namespace sitrep::tag
