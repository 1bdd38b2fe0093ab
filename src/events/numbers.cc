// Counts are found in two steps. A scan over the sentence's tokens finds each
// number phrase (digits, number words, "a dozen", "tens of thousands", a
// range) and the hedge before it ("at least"); ParseNumber gives its value.
// Then the phrase is placed: what it counts (the noun it modifies, or the
// noun after "of"), and what that noun or the number itself is to its head
// in the dependency parse (object of "kill", passive subject of "wounded",
// ...). The parser is a small statistical one and gets participles and
// coordination wrong often enough ("killed 7 and wounded 12" can come out
// with "wounded" an adjective on "12"), so the words right before and after
// the phrase are a fallback, trusted only when the counted noun is a person.
//
// The word lists are closed-class vocabulary of news English and stay small;
// they live here rather than in data/ because nothing else reads them.
#include "events/numbers.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace sitrep::events {
namespace {

constexpr size_t kNone = SIZE_MAX;
// Beyond this a "count" is a misreading (a phone number, an ID).
constexpr double kMaxValue = 1e12;

// ---------------------------------------------------------------------------
// Words

template <size_t N>
bool In(std::string_view w, const std::array<std::string_view, N>& list) {
  for (std::string_view x : list)
    if (x == w) return true;
  return false;
}

// zero..nineteen, twenty..ninety; -1 otherwise.
int SmallNumber(std::string_view w) {
  static constexpr std::array<std::string_view, 20> kUnits = {
      "zero",     "one",     "two",     "three",     "four",     "five",    "six",
      "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
      "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  static constexpr std::array<std::string_view, 8> kTens = {
      "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
  for (size_t i = 0; i < kUnits.size(); ++i)
    if (kUnits[i] == w) return static_cast<int>(i);
  for (size_t i = 0; i < kTens.size(); ++i)
    if (kTens[i] == w) return static_cast<int>(20 + 10 * i);
  return -1;
}

// "thousand" 1e3, "million" 1e6, "billion" 1e9; 0 otherwise.
double Scale(std::string_view w) {
  if (w == "thousand") return 1e3;
  if (w == "million") return 1e6;
  if (w == "billion") return 1e9;
  return 0;
}

// A vague plural and its conventional value (ACLED: tens 10, dozens 12,
// hundreds 100, ...; scores 20 by the same rule); 0 otherwise.
double VaguePlural(std::string_view w) {
  if (w == "tens") return 10;
  if (w == "dozens") return 12;
  if (w == "scores") return 20;
  if (w == "hundreds") return 100;
  if (w == "thousands") return 1e3;
  if (w == "millions") return 1e6;
  if (w == "billions") return 1e9;
  return 0;
}

// Digits with optional thousands commas and decimal part: "7", "150,000",
// "1.5". Sets *decimal when there is a fractional part.
bool ParseDigits(std::string_view w, double* v, bool* decimal) {
  if (w.empty() || w[0] < '0' || w[0] > '9') return false;
  double x = 0;
  size_t i = 0, group = 0;
  bool commas = false;
  for (; i < w.size() && w[i] != '.'; ++i) {
    char c = w[i];
    if (c == ',') {
      if ((commas && group != 3) || (!commas && (group == 0 || group > 3))) return false;
      commas = true;
      group = 0;
      continue;
    }
    if (c < '0' || c > '9') return false;
    x = x * 10 + (c - '0');
    ++group;
  }
  if (commas && group != 3) return false;
  *decimal = false;
  if (i < w.size()) {  // '.'
    if (i + 1 == w.size()) return false;
    double f = 0.1;
    for (size_t j = i + 1; j < w.size(); ++j) {
      if (w[j] < '0' || w[j] > '9') return false;
      x += f * (w[j] - '0');
      f /= 10;
    }
    *decimal = true;
  }
  *v = x;
  return true;
}

bool IsDigits(std::string_view w) {
  double v;
  bool d;
  return ParseDigits(w, &v, &d);
}

// A single token that can be (part of) a number phrase: digits, a number
// word, a scale, a vague plural, "several"; also a tokenizer-kept compound
// ("twenty-one").
bool IsNumberWord(std::string_view w) {
  if (IsDigits(w) || SmallNumber(w) >= 0 || Scale(w) > 0 || VaguePlural(w) > 0) return true;
  if (w == "hundred" || w == "dozen" || w == "several") return true;
  size_t h = w.find('-');
  if (h != std::string_view::npos && h > 0) {
    return SmallNumber(w.substr(0, h)) >= 20 && SmallNumber(w.substr(h + 1)) > 0;
  }
  return false;
}

// Hedges before a number, longest first within each first word.
struct Hedge {
  std::array<std::string_view, 3> w;
  size_t n;
};
constexpr std::array<Hedge, 27> kHedges = {{
    {{"as", "many", "as"}, 3},
    {{"in", "excess", "of"}, 3},
    {{"at", "least"}, 2},
    {{"at", "most"}, 2},
    {{"more", "than"}, 2},
    {{"fewer", "than"}, 2},
    {{"less", "than"}, 2},
    {{"up", "to"}, 2},
    {{"close", "to"}, 2},
    {{"upwards", "of"}, 2},
    {{"upward", "of"}, 2},
    {{"an", "estimated"}, 2},
    {{"well", "over"}, 2},
    {{"just", "over"}, 2},
    {{"just", "under"}, 2},
    {{"over"}, 1},
    {{"some"}, 1},
    {{"about"}, 1},
    {{"nearly"}, 1},
    {{"almost"}, 1},
    {{"around"}, 1},
    {{"approximately"}, 1},
    {{"roughly"}, 1},
    {{"estimated"}, 1},
    {{"under"}, 1},
    {{"between"}, 1},
    {{"approx."}, 1},
}};

// ---------------------------------------------------------------------------
// ParseNumber

enum class Last : uint8_t { kStart, kA, kDigit, kTens, kUnit, kHundred, kScale, kAnd, kHyphen };

// A number without hedge or range, words [i, end).
std::optional<double> Plain(const std::vector<std::string>& w, size_t i, size_t end, bool* approx) {
  if (i >= end) return std::nullopt;
  const size_t n = end - i;
  // Vague plurals: "dozens", "tens of thousands".
  if (double v = VaguePlural(w[i]); v > 0) {
    if (n == 1) {
      *approx = true;
      return v;
    }
    if (n == 3 && w[i + 1] == "of") {
      double s = VaguePlural(w[i + 2]);
      if (s >= 100) {
        *approx = true;
        return v * s;
      }
    }
    return std::nullopt;
  }
  // "several", "several hundred".
  if (w[i] == "several") {
    if (n == 1) {
      *approx = true;
      return 3;
    }
    if (n == 2) {
      double s = w[i + 1] == "dozen" ? 12 : w[i + 1] == "hundred" ? 100 : Scale(w[i + 1]);
      if (s > 0) {
        *approx = true;
        return 3 * s;
      }
    }
    return std::nullopt;
  }
  // "half a dozen", "half a million".
  if (w[i] == "half") {
    if (n != 3 || (w[i + 1] != "a" && w[i + 1] != "an")) return std::nullopt;
    double s = w[i + 2] == "dozen" ? 12 : w[i + 2] == "hundred" ? 100 : Scale(w[i + 2]);
    if (s <= 0) return std::nullopt;
    return s / 2;
  }
  double total = 0, current = 0;
  bool decimal_pending = false;  // "1.5" must be followed by a scale
  Last last = Last::kStart;
  for (size_t j = i; j < end; ++j) {
    const std::string& x = w[j];
    const bool has_next = j + 1 < end;
    double d;
    bool decimal;
    if (x == "a" || x == "an") {
      if (j != i || !has_next) return std::nullopt;
      const std::string& y = w[j + 1];
      if (y != "hundred" && y != "dozen" && y != "score" && Scale(y) <= 0) return std::nullopt;
      current = 1;
      last = Last::kA;
    } else if (ParseDigits(x, &d, &decimal)) {
      if (last != Last::kStart) return std::nullopt;  // "5 7", "1 million 500"
      current = d;
      decimal_pending = decimal;
      last = Last::kDigit;
    } else if (int s = SmallNumber(x); s >= 0) {
      bool ok = last == Last::kStart || last == Last::kHundred || last == Last::kScale ||
                last == Last::kAnd;
      if (s < 10 && (last == Last::kTens || last == Last::kHyphen)) ok = true;
      if (!ok) return std::nullopt;
      current += s;
      last = s >= 20 ? Last::kTens : Last::kUnit;
    } else if (x == "hundred") {
      if (last == Last::kA) {
        current = 100;
      } else if ((last == Last::kUnit || last == Last::kTens || last == Last::kDigit) &&
                 current >= 1 && current < 100) {
        current *= 100;
      } else {
        return std::nullopt;
      }
      decimal_pending = false;
      last = Last::kHundred;
    } else if (x == "dozen" || x == "score") {
      double unit = x == "dozen" ? 12 : 20;
      if (last == Last::kA) {
        current = unit;
      } else if ((last == Last::kUnit || last == Last::kTens || last == Last::kDigit) &&
                 current >= 1) {
        current *= unit;
      } else if (last == Last::kStart && x == "dozen" && n == 1) {
        current = 12;  // "dozen soldiers" without the article
      } else {
        return std::nullopt;
      }
      decimal_pending = false;
      last = Last::kScale;
    } else if (double sc = Scale(x); sc > 0) {
      if (last == Last::kStart || last == Last::kScale || last == Last::kAnd ||
          last == Last::kHyphen || current <= 0) {
        return std::nullopt;
      }
      total += current * sc;
      current = 0;
      decimal_pending = false;
      last = Last::kScale;
    } else if (x == "and") {
      if ((last != Last::kHundred && last != Last::kScale) || !has_next) return std::nullopt;
      last = Last::kAnd;
    } else if (x == "-") {
      if (last != Last::kTens || !has_next) return std::nullopt;
      last = Last::kHyphen;
    } else {
      return std::nullopt;
    }
  }
  if (last == Last::kA || last == Last::kAnd || last == Last::kHyphen || decimal_pending) {
    return std::nullopt;
  }
  double v = total + current;
  if (v < 0 || v > kMaxValue || std::fabs(v - std::round(v)) > 1e-6) return std::nullopt;
  return std::round(v);
}

// Lower-cased words with hyphens split off: "Twenty-one" -> twenty - one,
// "10-15" -> 10 - 15. En and em dashes count as hyphens.
std::vector<std::string> Normalize(const std::vector<std::string_view>& words) {
  std::vector<std::string> out;
  for (std::string_view word : words) {
    std::string cur;
    for (size_t k = 0; k < word.size(); ++k) {
      char c = word[k];
      bool dash = c == '-';
      if (!dash && static_cast<unsigned char>(c) == 0xE2 && k + 2 < word.size() &&
          static_cast<unsigned char>(word[k + 1]) == 0x80 &&
          (static_cast<unsigned char>(word[k + 2]) == 0x93 ||
           static_cast<unsigned char>(word[k + 2]) == 0x94)) {
        dash = true;
        k += 2;
      }
      if (dash) {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
        out.emplace_back("-");
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n') {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
        continue;
      }
      cur.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
    }
    if (!cur.empty()) out.push_back(std::move(cur));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Vocabulary for FindCounts (lower case; lemma or surface form)

bool IsKillWord(std::string_view w) {
  static constexpr std::array<std::string_view, 22> k = {
      "kill",        "killed",      "killing",      "kills",   "slay",     "slain",
      "slew",        "massacre",    "massacred",    "execute", "executed", "murder",
      "murdered",    "behead",      "beheaded",     "lynch",   "lynched",  "slaughter",
      "slaughtered", "assassinate", "assassinated", "dead"};
  return In(w, k);
}
// Verbs that kill only with "dead" or "to death": "shot dead".
bool IsShootWord(std::string_view w) {
  static constexpr std::array<std::string_view, 8> k = {"shoot", "shot",   "stab", "stabbed",
                                                        "beat",  "beaten", "burn", "hack"};
  return In(w, k);
}
bool IsDieWord(std::string_view w) {
  static constexpr std::array<std::string_view, 6> k = {"die",      "died",    "perish",
                                                        "perished", "succumb", "succumbed"};
  return In(w, k);
}
bool IsWoundWord(std::string_view w) {
  static constexpr std::array<std::string_view, 12> k = {"wound",  "wounded", "wounding", "wounds",
                                                         "injure", "injured", "injuring", "injures",
                                                         "hurt",   "hurting", "maim",     "maimed"};
  return In(w, k);
}
// A word after a number that makes it a death or an injury: "7 dead",
// "30 wounded", "5 killed".
bool IsFatalAfter(std::string_view w) {
  return w == "dead" || w == "killed" || w == "died" || w == "slain" || w == "perished";
}
bool IsInjuredAfter(std::string_view w) { return w == "wounded" || w == "injured" || w == "hurt"; }
// A word before a number whose object it is: "killing 4", "wounding 12".
bool IsFatalBefore(std::string_view w) {
  return w == "killing" || w == "killed" || w == "kills" || w == "kill" || w == "slaying" ||
         w == "massacring" || w == "massacred";
}
bool IsInjuredBefore(std::string_view w) {
  return w == "wounding" || w == "wounded" || w == "wounds" || w == "wound" || w == "injuring" ||
         w == "injured" || w == "injures" || w == "injure" || w == "maiming";
}

// Forces and crowds: the nouns whose count is a size.
bool IsSizeNoun(std::string_view w) {
  static constexpr std::array<std::string_view, 60> k = {
      "troop",       "troops",     "soldier",    "soldiers",    "fighter",      "fighters",
      "protester",   "protesters", "protestor",  "protestors",  "demonstrator", "demonstrators",
      "people",      "person",     "persons",    "police",      "policeman",    "policemen",
      "officer",     "officers",   "militant",   "militants",   "rebel",        "rebels",
      "civilian",    "civilians",  "refugee",    "refugees",    "marcher",      "marchers",
      "rioter",      "rioters",    "personnel",  "serviceman",  "servicemen",   "militiaman",
      "militiamen",  "insurgent",  "insurgents", "jihadist",    "jihadists",    "mercenary",
      "mercenaries", "reservist",  "reservists", "conscript",   "conscripts",   "recruit",
      "recruits",    "marine",     "marines",    "peacekeeper", "peacekeepers", "guard",
      "guards",      "gunman",     "gunmen",     "man",         "men"};
  return In(w, k);
}
// Other people a casualty count may count.
bool IsPersonNoun(std::string_view w) {
  if (IsSizeNoun(w)) return true;
  static constexpr std::array<std::string_view, 66> k = {
      "child",      "children",    "woman",     "women",      "boy",       "boys",
      "girl",       "girls",       "baby",      "babies",     "infant",    "infants",
      "teenager",   "teenagers",   "student",   "students",   "worker",    "workers",
      "journalist", "journalists", "doctor",    "doctors",    "nurse",     "nurses",
      "farmer",     "farmers",     "villager",  "villagers",  "resident",  "residents",
      "passenger",  "passengers",  "member",    "members",    "prisoner",  "prisoners",
      "detainee",   "detainees",   "hostage",   "hostages",   "victim",    "victims",
      "attacker",   "attackers",   "assailant", "assailants", "combatant", "combatants",
      "terrorist",  "terrorists",  "migrant",   "migrants",   "pilgrim",   "pilgrims",
      "worshipper", "worshippers", "medic",     "medics",     "staff",     "other",
      "others",     "they",        "them",      "those",      "family",    "relatives"};
  return In(w, k);
}
// Nouns that a number near a casualty verb is never a count of people by.
bool IsNonCountNoun(std::string_view w) {
  static constexpr std::array<std::string_view, 96> k = {
      "second",   "seconds",   "minute",     "minutes",   "hour",       "hours",      "day",
      "days",     "night",     "nights",     "week",      "weeks",      "month",      "months",
      "year",     "years",     "decade",     "decades",   "century",    "time",       "times",
      "km",       "kilometre", "kilometres", "kilometer", "kilometers", "mile",       "miles",
      "metre",    "metres",    "meter",      "meters",    "m",          "kg",         "ton",
      "tons",     "tonne",     "tonnes",     "dollar",    "dollars",    "euro",       "euros",
      "pound",    "pounds",    "rupee",      "rupees",    "shekel",     "shekels",    "hryvnia",
      "hryvnias", "rouble",    "roubles",    "ruble",     "rubles",     "yuan",       "yen",
      "percent",  "%",         "point",      "points",    "missile",    "missiles",   "rocket",
      "rockets",  "drone",     "drones",     "shell",     "shells",     "bomb",       "bombs",
      "tank",     "tanks",     "vehicle",    "vehicles",  "aircraft",   "helicopter", "helicopters",
      "round",    "rounds",    "house",      "houses",    "building",   "buildings",  "village",
      "villages", "attack",    "attacks",    "strike",    "strikes",    "operation",  "operations",
      "a.m.",     "p.m.",      "case",       "cases",     "incident"};
  return In(w, k);
}
bool IsCrowdNoun(std::string_view w) {
  static constexpr std::array<std::string_view, 16> k = {
      "crowd",   "crowds",   "force",         "forces",        "army",       "contingent",
      "rally",   "march",    "mob",           "gathering",     "procession", "column",
      "protest", "protests", "demonstration", "demonstrations"};
  return In(w, k);
}
bool IsMonth(std::string_view w) {
  static constexpr std::array<std::string_view, 33> k = {
      "january", "february", "march",    "april", "may",  "june", "july", "august", "september",
      "october", "november", "december", "jan",   "jan.", "feb",  "feb.", "mar.",   "apr",
      "apr.",    "jun.",     "jul.",     "aug",   "aug.", "sep",  "sep.", "sept",   "sept.",
      "oct",     "oct.",     "nov",      "nov.",  "dec",  "dec."};
  return In(w, k);
}
bool IsWeekday(std::string_view w) {
  static constexpr std::array<std::string_view, 7> k = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  return In(w, k);
}
bool IsTimeWord(std::string_view w) {
  static constexpr std::array<std::string_view, 11> k = {
      "a.m.", "p.m.", "am", "pm", "a.m", "p.m", "gmt", "utc", "o'clock", "hrs", "h"};
  return In(w, k);
}
bool IsCurrencySymbol(std::string_view w) {
  if (w.find('$') != std::string_view::npos) return true;
  if (w.find("\xE2\x82\xAC") != std::string_view::npos) return true;  // euro
  if (w.find("\xC2\xA3") != std::string_view::npos) return true;      // pound
  if (w.find("\xC2\xA5") != std::string_view::npos) return true;      // yen
  if (w.find("\xE2\x82\xB4") != std::string_view::npos) return true;  // hryvnia
  if (w.find("\xE2\x82\xBD") != std::string_view::npos) return true;  // rouble
  return w == "usd" || w == "eur" || w == "gbp" || w == "rs" || w == "rs.";
}

// ---------------------------------------------------------------------------
// FindCounts

// One sentence of a doc with the lookups the classifier needs.
class Sentence {
 public:
  // Lower-cases every form and lemma of the sentence once, into one buffer.
  Sentence(const Doc& doc, size_t s)
      : doc_(doc), begin_(doc.sentence_first(s)), end_(doc.sentence_end(s)) {
    offsets_.reserve(2 * (end_ - begin_) + 1);
    for (size_t t = begin_; t < end_; ++t) {
      Append(doc.norm(t));
      Append(doc.lemma(t));
    }
    offsets_.push_back(static_cast<uint32_t>(arena_.size()));
  }

  size_t begin() const { return begin_; }
  size_t end() const { return end_; }
  bool Has(size_t t) const { return t >= begin_ && t < end_; }
  const Doc& doc() const { return doc_; }
  // Lower-case form (normalized: dashes folded) and lemma; "" outside.
  std::string_view W(size_t t) const { return Has(t) ? Slot(2 * (t - begin_)) : ""; }
  std::string_view L(size_t t) const { return Has(t) ? Slot(2 * (t - begin_) + 1) : ""; }
  // Form or lemma is `w`.
  bool Is(size_t t, std::string_view w) const { return W(t) == w || L(t) == w; }
  // Form or lemma satisfies f.
  template <typename F>
  bool Any(size_t t, F f) const {
    return Has(t) && (f(W(t)) || f(L(t)));
  }
  Upos upos(size_t t) const { return Has(t) ? doc_.upos(t) : Upos::kNone; }
  std::string_view Rel(size_t t) const { return Has(t) ? DeprelName(doc_.deprel(t)) : ""; }
  // Relation `rel` or a subtype of it ("nsubj" matches "nsubj:pass").
  bool RelIs(size_t t, std::string_view rel) const {
    std::string_view r = Rel(t);
    return r == rel ||
           (r.size() > rel.size() && r.substr(0, rel.size()) == rel && r[rel.size()] == ':');
  }
  // The head of t as a doc token index; kNone for the root or unparsed.
  size_t Head(size_t t) const {
    if (!Has(t)) return kNone;
    int32_t h = doc_.head(t);
    if (h <= 0) return kNone;
    size_t r = begin_ + static_cast<size_t>(h) - 1;
    return r < end_ ? r : kNone;
  }
  // The first child of t with relation `rel` (or a subtype; "" = any) whose
  // form or lemma satisfies f; kNone if none.
  template <typename F>
  size_t Child(size_t t, std::string_view rel, F f) const {
    if (!Has(t)) return kNone;
    for (size_t c = begin_; c < end_; ++c) {
      if (Head(c) == t && (rel.empty() || RelIs(c, rel)) && Any(c, f)) return c;
    }
    return kNone;
  }
  bool HasChild(size_t t, std::string_view rel) const {
    return Child(t, rel, [](std::string_view) { return true; }) != kNone;
  }
  bool Negated(size_t t) const {
    return Child(t, "", [](std::string_view w) {
             return w == "not" || w == "n't" || w == "never";
           }) != kNone;
  }
  // "were killed", "are dead": a passive auxiliary, a copula or a passive subject.
  bool Passive(size_t t) const {
    return HasChild(t, "aux:pass") || HasChild(t, "cop") || HasChild(t, "nsubj:pass");
  }
  bool Nominal(size_t t) const {
    Upos u = upos(t);
    return u == Upos::kNoun || u == Upos::kPropn || u == Upos::kNum || u == Upos::kPron;
  }
  // A person: a listed noun, a plural proper noun ("Palestinians").
  bool Person(size_t t) const {
    if (Any(t, IsPersonNoun)) return true;
    if (XposName(doc_.xpos(t)) == "NNPS") return true;
    std::string_view f = doc_.form(t);
    return upos(t) == Upos::kPropn && f.size() > 3 && f.back() == 's';
  }

 private:
  void Append(std::string_view w) {
    offsets_.push_back(static_cast<uint32_t>(arena_.size()));
    for (char c : w)
      arena_.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  std::string_view Slot(size_t i) const {
    return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  const Doc& doc_;
  size_t begin_, end_;
  std::string arena_;
  std::vector<uint32_t> offsets_;
};

// A number phrase: hedge [hedge, begin), number [begin, end).
struct Phrase {
  size_t hedge = 0, begin = 0, end = 0;
};

bool IsDash(std::string_view w) { return w == "-" || w == "\xE2\x80\x93" || w == "\xE2\x80\x94"; }

// Finds the number phrase starting at token t, if one does.
bool ScanPhrase(const Sentence& S, size_t t, Phrase* p) {
  std::string_view w = S.W(t);
  const Doc& doc = S.doc();
  size_t j;
  if (w == "a" || w == "an") {
    std::string_view n = S.W(t + 1);
    if (n != "dozen" && n != "hundred" && n != "score" && Scale(n) <= 0) return false;
    j = t + 2;
  } else if (w == "half") {
    if ((S.W(t + 1) != "a" && S.W(t + 1) != "an") ||
        (S.W(t + 2) != "dozen" && Scale(S.W(t + 2)) <= 0))
      return false;
    j = t + 3;
  } else if (IsNumberWord(w) && S.upos(t) != Upos::kVerb) {
    j = t + 1;
  } else {
    return false;
  }
  // The hedge: the longest listed word sequence ending right before t.
  size_t hedge = t;
  for (const Hedge& h : kHedges) {
    if (t - S.begin() < h.n) continue;
    bool match = true;
    for (size_t k = 0; k < h.n; ++k) match = match && S.W(t - h.n + k) == h.w[k];
    if (match && t - h.n < hedge) hedge = t - h.n;
  }
  const bool between = hedge < t && S.W(hedge) == "between";
  const bool from = S.W(hedge - 1) == "from";
  // Extend over the rest of the phrase.
  while (S.Has(j)) {
    std::string_view x = S.W(j), prev = S.W(j - 1), next = S.W(j + 1);
    bool glued = !doc.space_after(j - 1) && S.Has(j + 1) && !doc.space_after(j);
    if ((Scale(x) > 0 || x == "hundred" || x == "dozen") && VaguePlural(prev) == 0) {
      ++j;  // "three hundred", "1.5 million", "two dozen"
    } else if (SmallNumber(prev) >= 20 && SmallNumber(x) > 0 && SmallNumber(x) < 10) {
      ++j;  // "thirty five"
    } else if (IsDash(x) && glued && SmallNumber(prev) >= 20 && SmallNumber(next) > 0 &&
               SmallNumber(next) < 10) {
      j += 2;  // "twenty - one"
    } else if (IsDash(x) && glued && IsDigits(prev) && IsDigits(next)) {
      j += 2;  // "10-15"
    } else if (x == "and" && (prev == "hundred" || Scale(prev) > 0) && SmallNumber(next) > 0) {
      j += 2;  // "three hundred and fifty"
    } else if (x == "and" && between && IsNumberWord(next)) {
      j += 2;  // "between 10 and 15"
    } else if (x == "of" && VaguePlural(prev) > 0 && VaguePlural(next) >= 100) {
      j += 2;  // "tens of thousands"
    } else if ((x == "or" || (x == "to" && !from)) && IsNumberWord(next) &&
               VaguePlural(prev) == 0 && VaguePlural(next) == 0) {
      j += 2;  // "two or three", "10 to 15"
    } else {
      break;
    }
  }
  p->hedge = hedge;
  p->begin = t;
  p->end = std::min(j, S.end());
  return true;
}

// The phrase's syntactic head: its last token whose head is outside it.
size_t PhraseHead(const Sentence& S, const Phrase& p) {
  size_t h = p.end - 1;
  for (size_t t = p.begin; t < p.end; ++t) {
    size_t hd = S.Head(t);
    if (hd == kNone || hd < p.begin || hd >= p.end) h = t;
  }
  return h;
}

// True when a number phrase is not a count of anything: a date, a time,
// money, a percentage, a measure, an age, a number in a name, a subset.
bool Excluded(const Sentence& S, const Phrase& p, size_t head) {
  const Doc& doc = S.doc();
  const size_t before = p.begin - 1, after = p.end;  // may be outside
  std::string_view b = S.W(before), a = S.W(after);
  // "2m", "5km", "3bn", "7th": a unit or suffix glued on.
  if (S.Has(after) && !doc.space_after(p.end - 1)) {
    char c = a.empty() ? 0 : a[0];
    if ((c >= 'a' && c <= 'z') || c == '%') return true;
    // "7-year-old", "3-day", "155-mm"; "5,000-strong" is handled by the caller.
    if (IsDash(a) && S.Has(after + 1) && S.W(after + 1) != "strong") return true;
  }
  if (a == "%" || a == "percent" || a == "per" || a == "pc" || a == "percentage") return true;
  if (IsCurrencySymbol(b) || IsCurrencySymbol(a)) return true;
  if (S.Has(before) && XposName(doc.xpos(before)) == "$") return true;
  // Dates ("3 March", "May 3"; a month has a capital: "5,000 march") and
  // times ("10 a.m.").
  auto month = [&](size_t t) {
    return S.Has(t) && IsMonth(S.W(t)) && doc.form(t)[0] >= 'A' && doc.form(t)[0] <= 'Z';
  };
  if (month(before) || month(after) || IsTimeWord(a)) return true;
  // Ages: "aged 7", "Smith, 35,".
  std::string_view h = S.W(p.hedge - 1);
  if (h == "aged" || h == "age" || h == "ages") return true;
  if (b == "," && (a == "," || a == ")") && S.upos(before - 1) == Upos::kPropn) return true;
  // Names and numbering: "Resolution 2334", "No. 5", "Brigade 93".
  if (p.hedge == p.begin && S.Has(before) &&
      (S.upos(before) == Upos::kPropn || b == "no." || b == "no" || b == "nos." || b == "number" ||
       b == "#" || (b == "the" && S.W(p.begin) == "one"))) {
    return true;
  }
  std::string_view rel = S.Rel(head);
  if ((rel == "flat" || rel == "compound") && S.upos(S.Head(head)) == Upos::kPropn) return true;
  // "one another", "one day".
  if (S.W(p.begin) == "one" && p.end == p.begin + 1 && (a == "another" || a == "day")) {
    return true;
  }
  // Subsets already counted in the whole: "12 people, including three
  // children", "among them two women".
  std::string_view g = S.W(p.hedge - 1), g2 = S.W(p.hedge - 2);
  if (g == "including" || g == "includes" || g == "include" || g == "among" ||
      (g2 == "among" && (g == "them" || g == "whom" || g == "those"))) {
    return true;
  }
  return false;
}

// A year or years: "2016", "between 2015 and 2019" (but not "2,016").
bool YearLike(const Sentence& S, const Phrase& p) {
  for (size_t t = p.begin; t < p.end; ++t) {
    std::string_view w = S.W(t);
    if (w == "and" || w == "to" || IsDash(w)) continue;
    if (w.size() != 4) return false;
    for (char c : w)
      if (c < '0' || c > '9') return false;
    int y = (w[0] - '0') * 1000 + (w[1] - '0') * 100 + (w[2] - '0') * 10 + (w[3] - '0');
    if (y < 1000 || y > 2100) return false;
  }
  return true;
}

// What the number counts: the noun it modifies or the noun after "of";
// kNone when it stands alone ("killed 4"). *of is set for "of" nouns.
size_t CountedNoun(const Sentence& S, const Phrase& p, size_t head, bool* of) {
  *of = false;
  size_t k = p.end;
  if (S.W(k) == "of") {
    ++k;
    while (S.Has(k) && (S.upos(k) == Upos::kDet || S.W(k) == "their" || S.W(k) == "his")) ++k;
    if (S.Has(k) && (S.upos(k) == Upos::kPron) && S.Any(k, IsPersonNoun)) {
      *of = true;
      return k;
    }
  }
  // The run of adjectives and nouns right after the phrase (at most 4).
  size_t run_end = k;
  while (S.Has(run_end) && run_end < k + 4) {
    Upos u = S.upos(run_end);
    std::string_view w = S.W(run_end);
    if (u != Upos::kAdj && u != Upos::kNoun && u != Upos::kPropn) break;
    if (IsMonth(w) || IsWeekday(w) || IsFatalAfter(w) || IsInjuredAfter(w)) break;
    ++run_end;
  }
  if (k == run_end) return kNone;
  // The parse's choice when it lies in the run.
  size_t ph = S.Head(head);
  if (!*of && S.Rel(head) == "nummod" && ph >= k && ph < run_end) {
    // "3,500 police officers": climb compounds to the phrase's noun.
    while (S.Rel(ph) == "compound" && S.Head(ph) > ph && S.Head(ph) < run_end) ph = S.Head(ph);
    return ph;
  }
  // Else the first noun of the run whose head is outside it.
  for (size_t t = k; t < run_end; ++t) {
    if (S.upos(t) == Upos::kAdj) continue;
    size_t h = S.Head(t);
    if (h == kNone || h < k || h >= run_end) {
      *of = k != p.end;
      return t;
    }
  }
  for (size_t t = run_end; t-- > k;) {
    if (S.upos(t) != Upos::kAdj) {
      *of = k != p.end;
      return t;
    }
  }
  return kNone;
}

// A kind and the token that says so (the verb, "dead", "toll"); none when
// evidence is kNone.
struct Found {
  Count::Kind kind = Count::kSize;
  size_t evidence = kNone;
  bool negated = false;  // "were not killed": the number is no count at all
  explicit operator bool() const { return evidence != kNone; }
};

// The kind of count a toll is: "death toll" (or a bare "toll") fatal,
// "injury toll" injured; "casualty toll" neither.
std::optional<Count::Kind> TollKind(const Sentence& S, size_t toll) {
  size_t c = S.Child(toll, "compound", [](std::string_view) { return true; });
  if (c == kNone || S.Is(c, "death") || S.Is(c, "fatality")) return Count::kFatalities;
  if (S.Is(c, "injury") || S.Is(c, "wounded")) return Count::kInjured;
  return std::nullopt;
}

// What the parse says token r (a counted noun or the number itself) is.
Found FromParse(const Sentence& S, size_t r) {
  if (!S.Has(r)) return {};
  const size_t own = r;
  // Climb nominal coordination: "seven soldiers and three civilians were
  // killed" puts "civilians" under "soldiers".
  for (int guard = 0; guard < 8 && S.Rel(r) == "conj"; ++guard) {
    size_t h = S.Head(r);
    if (!S.Has(h) || !S.Nominal(h)) break;
    r = h;
  }
  // Its own dependents after it: "5 dead", "30 wounded", "7 people killed",
  // "people who were killed".
  for (size_t c = r + 1; c < S.end(); ++c) {
    if (S.Head(c) != r) continue;
    std::string_view rel = S.Rel(c);
    if (rel != "amod" && rel != "acl" && rel != "acl:relcl" && rel != "nmod" && rel != "xcomp") {
      continue;
    }
    if (S.Negated(c)) continue;
    if (rel == "acl:relcl" && !S.Passive(c)) continue;  // "people who killed ..."
    // "scores of people, killing 4": an active participle with its own object.
    if (S.HasChild(c, "obj") || XposName(S.doc().xpos(c)) == "VBG") continue;
    if (S.Any(c, IsFatalAfter) || (S.Any(c, IsKillWord) && S.upos(c) != Upos::kNoun))
      return Found{Count::kFatalities, c};
    if (S.Any(c, IsInjuredAfter)) return Found{Count::kInjured, c};
  }
  // "the death toll is 12".
  if (size_t t = S.Child(r, "nsubj", [](std::string_view w) { return w == "toll"; }); t != kNone) {
    if (auto k = TollKind(S, t)) return Found{*k, t};
  }
  size_t h = S.Head(r);
  if (!S.Has(h)) return {};
  std::string_view rel = S.Rel(r);
  const bool obj = rel == "obj" || rel == "iobj";
  const bool subj = rel == "nsubj" || rel == "nsubj:pass";
  const bool patient =
      obj || rel == "nsubj:pass" || (rel == "nsubj" && (S.Passive(h) || S.upos(h) == Upos::kAdj));
  const bool casualty_word = S.Any(h, IsKillWord) || S.Any(h, IsWoundWord) || S.Any(h, IsDieWord);
  if (S.Negated(h)) return casualty_word ? Found{Count::kFatalities, h, true} : Found{};
  // A clause has one subject: when the parser gives the verb another one
  // nearer to it, this one is misattached ("Hundreds of people marched, and
  // several were shot dead").
  if (subj) {
    for (size_t c = std::min(r, h) + 1; c < std::max(r, h); ++c) {
      if (c != r && S.Head(c) == h && S.RelIs(c, "nsubj")) return {};
    }
  }
  // "the death toll rose to 12", "raising the toll to 12", "a toll of 12".
  if (S.Is(h, "toll")) {
    if (auto k = TollKind(S, h)) return Found{*k, h};
  }
  if (size_t t = S.Child(h, "", [](std::string_view w) { return w == "toll"; });
      t != kNone && t != r && (S.RelIs(t, "nsubj") || S.RelIs(t, "obj"))) {
    if (auto k = TollKind(S, t)) return Found{*k, t};
  }
  const bool shot_dead = S.Any(h, IsShootWord) && S.Child(h, "", [](std::string_view w) {
    return w == "dead" || w == "death";
  }) != kNone;
  if ((S.Any(h, IsKillWord) || shot_dead) && patient) return Found{Count::kFatalities, h};
  if (S.Any(h, IsWoundWord) && patient) return Found{Count::kInjured, h};
  if (S.Any(h, IsDieWord) && subj) return Found{Count::kFatalities, h};
  // "the army lost 4 soldiers" (but not "lost 17 tanks").
  if (S.Is(h, "lose") && obj && S.Person(own)) return Found{Count::kFatalities, h};
  // "20 people lost their lives".
  if (S.Is(h, "lose") && subj &&
      S.Child(h, "obj", [](std::string_view w) { return w == "life" || w == "lives"; }) != kNone) {
    return Found{Count::kFatalities, h};
  }
  // "claimed the lives of 20".
  if ((S.Is(h, "life") || S.Is(h, "lives")) && rel == "nmod") return Found{Count::kFatalities, h};
  // "left 5 people dead".
  if (S.Is(h, "leave") && obj) {
    if (size_t c = S.Child(h, "xcomp", IsFatalAfter); c != kNone) {
      return Found{Count::kFatalities, c};
    }
    if (size_t c = S.Child(h, "xcomp", IsInjuredAfter); c != kNone) {
      return Found{Count::kInjured, c};
    }
  }
  return {};
}

// The word right after the number or its noun, when it is "dead",
// "killed", "wounded", ...: "30 others injured", "Seven killed, 12 injured".
// Checked before the parse, which often attaches such a word to the wrong
// conjunct.
Found RightAfter(const Sentence& S, const Phrase& p, size_t noun) {
  size_t q = (noun != kNone && noun >= p.end && noun <= p.end + 5) ? noun + 1 : p.end;
  if (!S.Has(q) || S.Negated(q) || S.HasChild(q, "obj")) return {};
  if (S.Any(q, IsFatalAfter)) return Found{Count::kFatalities, q};
  if (S.Any(q, IsInjuredAfter)) return Found{Count::kInjured, q};
  return {};
}

// What the neighbouring words say: "killing 4", "7 dead", "12 people were
// wounded", "the death toll rose to 12".
Found FromWords(const Sentence& S, const Phrase& p, size_t noun) {
  // After the number, or after its noun when the noun follows right on.
  size_t q = p.end;
  if (noun != kNone && noun >= p.end && noun <= p.end + 5) q = noun + 1;
  for (int skip = 0; skip < 3 && S.Has(q); ++skip, ++q) {
    Upos u = S.upos(q);
    std::string_view w = S.W(q);
    if (w == "not" || w == "n't" || w == "never") return Found{Count::kFatalities, q, true};
    if (u == Upos::kAux || (u == Upos::kAdv && w != "also")) continue;
    if (w == "also") continue;
    break;
  }
  if (S.Has(q) && !S.Negated(q)) {
    // A verb with its own object after it is the killers' verb: "3 gunmen
    // killed 5 soldiers".
    bool transitive = S.HasChild(q, "obj");
    if (!transitive && S.Any(q, IsFatalAfter)) return Found{Count::kFatalities, q};
    if (!transitive && S.Any(q, IsInjuredAfter)) return Found{Count::kInjured, q};
  }
  // Before the hedge.
  size_t b = p.hedge - 1;
  if (S.Has(b)) {
    std::string_view w = S.W(b);
    if (IsFatalBefore(w)) return Found{Count::kFatalities, b};
    if (IsInjuredBefore(w)) return Found{Count::kInjured, b};
    // "claimed the lives of 20".
    if (w == "of" && (S.W(b - 1) == "lives")) return Found{Count::kFatalities, b - 1};
    // "the death toll rose to 12", "a toll of 12".
    if (w == "to" || w == "at" || w == "of" || w == "reached" || w == "hit" || w == "is" ||
        w == "was" || w == "passed" || w == "exceeded" || w == "topped") {
      for (size_t k = b; S.Has(k) && k + 8 > b; --k) {
        if (S.W(k) == "toll") {
          if (auto kind = TollKind(S, k)) return Found{*kind, k};
          break;
        }
        if (k == S.begin()) break;
      }
    }
  }
  return {};
}

}  // namespace

std::optional<int64_t> ParseNumber(const std::vector<std::string_view>& words, bool* approximate) {
  if (approximate) *approximate = false;
  std::vector<std::string> w = Normalize(words);
  bool approx = false;
  size_t i = 0, end = w.size();
  // Leading hedge.
  bool between = false;
  for (const Hedge& h : kHedges) {
    if (end - i <= h.n) continue;
    bool match = true;
    for (size_t k = 0; k < h.n; ++k) match = match && w[i + k] == h.w[k];
    if (match) {
      between = h.w[0] == "between";
      i += h.n;
      approx = true;
      break;
    }
  }
  // Trailing "or more", "or so", "plus".
  if (end - i >= 3 && w[end - 2] == "or" && (w[end - 1] == "more" || w[end - 1] == "so")) {
    end -= 2;
    approx = true;
  } else if (end - i >= 2 && (w[end - 1] == "plus" || w[end - 1] == "+")) {
    end -= 1;
    if (w[end - 1] == "-") end -= 1;
    approx = true;
  }
  std::optional<double> v = Plain(w, i, end, &approx);
  if (!v && !between) {
    // A range: its lower bound.
    for (size_t k = i + 1; k + 1 < end && !v; ++k) {
      if (w[k] != "to" && w[k] != "or" && w[k] != "-") continue;
      bool a1 = false, a2 = false;
      auto lo = Plain(w, i, k, &a1);
      auto hi = Plain(w, k + 1, end, &a2);
      if (lo && hi && *lo <= *hi) {
        v = lo;
        approx = true;
      }
    }
  } else if (!v && between) {
    for (size_t k = i + 1; k + 1 < end && !v; ++k) {
      if (w[k] != "and") continue;
      bool a1 = false, a2 = false;
      auto lo = Plain(w, i, k, &a1);
      auto hi = Plain(w, k + 1, end, &a2);
      if (lo && hi && *lo <= *hi) v = lo;
    }
  }
  if (!v) return std::nullopt;
  if (approximate) *approximate = approx;
  return static_cast<int64_t>(*v);
}

std::vector<Count> FindCounts(const Doc& doc, size_t s) {
  std::vector<Count> out;
  if (s >= doc.num_sentences()) return out;
  Sentence S(doc, s);
  std::vector<std::string_view> words;
  for (size_t t = S.begin(); t < S.end();) {
    Phrase p;
    if (!ScanPhrase(S, t, &p)) {
      ++t;
      continue;
    }
    words.clear();
    for (size_t k = p.hedge; k < p.end; ++k) words.push_back(doc.norm(k));
    bool approx = false;
    std::optional<int64_t> value = ParseNumber(words, &approx);
    if (!value) {
      ++t;
      continue;
    }
    t = p.end;
    const size_t head = PhraseHead(S, p);
    if (Excluded(S, p, head)) continue;
    bool of = false;
    size_t noun = CountedNoun(S, p, head, &of);
    if (noun != kNone && S.Any(noun, IsNonCountNoun)) continue;
    // The parse's counted noun when the scan found none (it may sit
    // before the number: "the 7 dead").
    if (noun == kNone && S.Rel(head) == "nummod" && S.Has(S.Head(head)) &&
        S.upos(S.Head(head)) != Upos::kVerb) {
      size_t h = S.Head(head);
      if (S.Any(h, IsNonCountNoun)) continue;
      bool near = h >= p.end && h < p.end + 4;
      for (size_t k = p.end; near && k < h; ++k) near = S.upos(k) != Upos::kPunct;
      if (near) noun = h;
    }
    if (YearLike(S, p) && !(noun != kNone && noun == p.end && S.Person(noun))) continue;

    Count c;
    c.value = *value;
    c.approximate = approx;
    c.token_begin = static_cast<uint32_t>(p.hedge);
    c.token_end = static_cast<uint32_t>(p.end);
    Found found;
    // "a 5,000-strong force".
    if (IsDash(S.W(p.end)) && S.W(p.end + 1) == "strong") {
      size_t n = p.end + 2;
      while (S.Has(n) && S.upos(n) == Upos::kAdj) ++n;
      found = Found{Count::kSize, S.upos(n) == Upos::kNoun ? n : p.end + 1};
    }
    // The counted noun is itself a death or an injury: "12 deaths", "20
    // lives", "12 dead soldiers".
    if (!found && noun != kNone) {
      if (S.Is(noun, "death") || S.Is(noun, "fatality") || S.Is(noun, "dead") ||
          S.W(noun) == "lives") {
        found = Found{Count::kFatalities, noun};
      } else if (S.Is(noun, "injury") || S.W(noun) == "wounded" || S.W(noun) == "injured") {
        found = Found{Count::kInjured, noun};
      } else if (size_t a = S.Child(noun, "amod", IsFatalAfter); a != kNone && a < noun) {
        found = Found{Count::kFatalities, a};
      } else if (size_t a2 = S.Child(noun, "amod", IsInjuredAfter); a2 != kNone && a2 < noun) {
        found = Found{Count::kInjured, a2};
      }
    }
    // Neighbouring words alone do not make a casualty of a noun that is
    // not a person.
    auto person_or_none = [&](Found f) {
      return (!f || f.negated || noun == kNone || S.Person(noun)) ? f : Found{};
    };
    if (!found) found = person_or_none(RightAfter(S, p, noun));
    // The parse: the counted noun's place, then the number's own (for
    // "dozens of civilians" the number's first).
    if (!found) {
      if (noun != kNone && !of) found = FromParse(S, noun);
      if (!found) found = FromParse(S, head);
      if (!found && noun != kNone && of) found = FromParse(S, noun);
    }
    if (!found) found = person_or_none(FromWords(S, p, noun));
    // Sizes: forces and crowds.
    if (!found && noun != kNone && S.Any(noun, IsSizeNoun)) found = Found{Count::kSize, noun};
    if (!found) {
      size_t h = S.Head(head);
      if (S.Rel(head) == "nmod" && S.Any(h, IsCrowdNoun) && h < p.begin) {
        found = Found{Count::kSize, h};  // "a crowd of 5,000"
      } else if (S.W(p.hedge - 1) == "of" && S.Any(p.hedge - 2, IsCrowdNoun)) {
        found = Found{Count::kSize, p.hedge - 2};
      } else if (size_t v = S.Is(h, "number") ? h : p.hedge - 1;
                 S.Is(v, "number") && S.upos(v) == Upos::kVerb) {
        // "protesters numbered about 10,000", "a force numbering 5,000".
        size_t who = S.Child(v, "nsubj", [](std::string_view) { return true; });
        if (who == kNone && S.Head(v) < v) who = S.Head(v);
        if (S.Any(who, IsSizeNoun) || S.Any(who, IsCrowdNoun)) found = Found{Count::kSize, who};
      }
    }
    if (!found || found.negated) continue;
    // "the toll rose from 10 to 15": the old figure is not the count.
    if (S.W(p.hedge - 1) == "from" && S.Is(found.evidence, "toll")) continue;
    c.kind = found.kind;
    c.noun = static_cast<uint32_t>(noun != kNone ? noun : found.evidence);
    out.push_back(c);
  }
  return out;
}

}  // namespace sitrep::events
