// Date expressions are short, closed-vocabulary token patterns, so they are
// matched over token forms with a handful of small tables; POS tags and the
// parse only break ties ("May" the month against the name and the modal, a
// year against a count: "2014 elections" but "2014 people").
//
// Two passes over the sentence: the first finds expressions that carry a
// date ("on Tuesday", "last week", "in 2014") and widens each over its
// preposition and modifier; the second takes the vague words ("earlier",
// "recently") among the tokens the first left, so "earlier" in "earlier this
// week" is part of the week and not a second, vaguer mention.
#include "events/dates.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string_view>

namespace sitrep::events {
namespace {

namespace chr = std::chrono;
using chr::days;
using chr::sys_days;
using chr::year_month_day;

// A day and month without a year that falls this many days after the article
// is still read in the article's year ("on March 1" in a late-February
// article); further on, it is last year's.
constexpr int kFewDays = 7;
// A period that ended before the article and began more than this many days
// before it is historical.
constexpr int kHistoricalDays = 60;

enum class Prec : uint8_t { kDay, kWeek, kMonth, kYear, kUnknown };

// What an expression resolves to: the period [first, last] at a precision,
// or kUnknown.
struct When {
  Prec prec = Prec::kUnknown;
  sys_days first{}, last{};
  bool historical = false;  // "years ago", "decades ago": historical without a date
};

struct Match {
  uint32_t end = 0;  // one past the expression's last token
  When when;
  bool stated_year = false;  // the text gives the year ("April 2021", "30 April last year")
  // Which prepositions the span takes: any of kPreps ("on Tuesday"), or
  // only those of time (kTimePreps) for words that are adverbs themselves:
  // "since yesterday", "until two days ago", but not "in" of "let me in today".
  bool any_prep = true;
};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IEq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

template <size_t N>
int IndexOf(std::string_view w, const std::array<std::string_view, N>& table) {
  for (size_t i = 0; i < N; ++i) {
    if (IEq(w, table[i])) return static_cast<int>(i);
  }
  return -1;
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The value of a run of ASCII digits, or -1.
int Digits(std::string_view s) {
  if (s.empty() || s.size() > 4) return -1;
  int v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 13> kMonthAbbrevs = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "sept"};
// Sunday first, as std::chrono::weekday counts.
constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};
constexpr std::array<std::string_view, 4> kPartsOfDay = {"morning", "afternoon", "evening",
                                                         "night"};
// Prepositions taken into a mention's span ("on Saturday", "since 2014").
constexpr std::array<std::string_view, 16> kPreps = {
    "on",     "in",    "since", "during", "from",       "until", "till",    "by",
    "before", "after", "at",    "over",   "throughout", "into",  "through", "between"};
// Prepositions of time, the only ones taken by "today", "last week", "two days ago".
constexpr std::array<std::string_view, 7> kTimePreps = {"since",  "until", "till", "by",
                                                        "before", "after", "from"};
// Prepositions that make a bare month or a 4-digit number a date ("in May",
// "since 2014"); "at" and "over" are not among them ("at 2000 GMT", "over 1900").
constexpr std::array<std::string_view, 14> kDatePreps = {
    "in",     "since", "during",  "from",       "until", "till", "by",
    "before", "after", "through", "throughout", "early", "late", "between"};
// Modifiers taken into a mention's span ("earlier this week", "in early April").
constexpr std::array<std::string_view, 5> kModifiers = {"early", "late", "earlier", "later", "mid"};
// Nouns after "of" that make the next month or year a date ("the end of May").
constexpr std::array<std::string_view, 9> kOfNouns = {
    "end", "beginning", "start", "middle", "month", "half", "summer", "winter", "spring"};
// Plural nouns a year may modify ("the 2014 elections"); other plurals after
// a 4-digit number make it a count ("2014 people").
constexpr std::array<std::string_view, 24> kEventPlurals = {
    "elections",  "protests",  "talks",       "games",        "olympics",  "accords",
    "agreements", "clashes",   "hostilities", "negotiations", "riots",     "events",
    "epidemics",  "outbreaks", "attacks",     "bombings",     "floods",    "wars",
    "killings",   "massacres", "polls",       "uprisings",    "invasions", "championships"};
// Nouns after which "of 2014" is a date ("the Minsk agreements of 2014").
constexpr std::array<std::string_view, 16> kEventNouns = {
    "war",        "invasion",   "revolution", "agreement", "accord", "crisis",
    "referendum", "offensive",  "uprising",   "ceasefire", "summit", "treaty",
    "conflict",   "annexation", "coup",       "election"};
// Words that join the two ends of a range or a coordination of dates
// ("March 1-2", "between May and July", "from 1995 to 2001").
constexpr std::array<std::string_view, 9> kJoiners = {
    "and", "or", "to", "through", "till", "until", "-", "\xE2\x80\x93", "\xE2\x80\x94"};
// Small counts in "two days ago".
constexpr std::array<std::string_view, 13> kCountWords = {
    "zero",  "one",   "two",  "three", "four",   "five",  "six",
    "seven", "eight", "nine", "ten",   "eleven", "twelve"};

// Units of "two days ago", "last week"; minutes and hours ago are the article's day.
enum class Unit : uint8_t { kNone, kHour, kDay, kWeek, kMonth, kYear, kDecade };

Unit UnitOf(std::string_view w) {
  static constexpr std::array<std::string_view, 14> kNames = {
      "minute", "minutes", "hour",   "hours", "day",   "days",   "week",
      "weeks",  "month",   "months", "year",  "years", "decade", "decades"};
  static constexpr std::array<Unit, 14> kUnits = {
      Unit::kHour, Unit::kHour, Unit::kHour,   Unit::kHour,  Unit::kDay,
      Unit::kDay,  Unit::kWeek, Unit::kWeek,   Unit::kMonth, Unit::kMonth,
      Unit::kYear, Unit::kYear, Unit::kDecade, Unit::kDecade};
  int k = IndexOf(w, kNames);
  return k < 0 ? Unit::kNone : kUnits[static_cast<size_t>(k)];
}

// --- calendar arithmetic (std::chrono civil dates) ---

sys_days MondayOf(sys_days d) {
  // weekday - Monday is the number of days since Monday, 0..6.
  return d - (chr::weekday{d} - chr::Monday);
}

When Day(sys_days d) { return {Prec::kDay, d, d, false}; }

When Week(sys_days d) {
  sys_days m = MondayOf(d);
  return {Prec::kWeek, m, m + days{6}, false};
}

When Month(chr::year_month ym) {
  return {Prec::kMonth, sys_days{ym / 1}, sys_days{ym / chr::last}, false};
}

When Year(chr::year y) {
  return {Prec::kYear, sys_days{y / chr::January / 1}, sys_days{y / chr::December / 31}, false};
}

When Unknown(bool historical = false) { return {Prec::kUnknown, {}, {}, historical}; }

std::string Format(const When& w) {
  char buf[16];
  switch (w.prec) {
    case Prec::kDay: {
      year_month_day d{w.first};
      std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                    static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
      return buf;
    }
    case Prec::kWeek: {
      // The ISO week-numbering year is the year of the week's Thursday;
      // week 1 is the week holding that year's first Thursday.
      sys_days thursday = MondayOf(w.first) + days{3};
      chr::year y = year_month_day{thursday}.year();
      int week = static_cast<int>((thursday - sys_days{y / chr::January / 1}).count() / 7 + 1);
      std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(y), week);
      return buf;
    }
    case Prec::kMonth: {
      year_month_day d{w.first};
      std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(d.year()),
                    static_cast<unsigned>(d.month()));
      return buf;
    }
    case Prec::kYear:
      std::snprintf(buf, sizeof buf, "%04d", static_cast<int>(year_month_day{w.first}.year()));
      return buf;
    case Prec::kUnknown:
      break;
  }
  return "";
}

std::string_view PrecName(Prec p) {
  switch (p) {
    case Prec::kDay:
      return "day";
    case Prec::kWeek:
      return "week";
    case Prec::kMonth:
      return "month";
    case Prec::kYear:
      return "year";
    case Prec::kUnknown:
      break;
  }
  return "unknown";
}

// "2022-02-26", "2022-02-26T10:00:00Z" (the date part); also "2022/02/26".
std::optional<sys_days> ParseIsoDate(std::string_view s) {
  if (s.size() < 10 || (s.size() > 10 && s[10] != 'T' && s[10] != ' ')) return std::nullopt;
  char sep = s[4];
  if ((sep != '-' && sep != '/') || s[7] != sep) return std::nullopt;
  int y = Digits(s.substr(0, 4)), m = Digits(s.substr(5, 2)), d = Digits(s.substr(8, 2));
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  year_month_day ymd{chr::year{y}, chr::month{static_cast<unsigned>(m)},
                     chr::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

class Finder {
 public:
  Finder(const Doc& doc, size_t s, const std::string& published)
      : doc_(doc),
        first_(doc.sentence_first(s)),
        end_(doc.sentence_end(s)),
        pub_(ParseIsoDate(published)) {}

  std::vector<DateMention> Run() {
    std::vector<DateMention> out;
    std::vector<bool> used(end_ - first_, false);
    // Pass 1: expressions that carry a date.
    uint32_t lo = first_;
    for (uint32_t i = first_; i < end_;) {
      std::optional<Match> m = Core(i);
      if (!m) {
        ++i;
        continue;
      }
      uint32_t b = Widen(i, *m, lo);
      Emit(b, m->end, m->when, &out, &used);
      lo = i = prev_end_ = m->end;
      prev_ = m->when;
    }
    // Pass 2: vague words among the tokens left.
    for (uint32_t i = first_; i < end_; ++i) {
      if (used[i - first_]) continue;
      uint32_t e = Vague(i);
      if (e == 0) continue;
      bool free = true;
      for (uint32_t j = i; j < e; ++j) free = free && !used[j - first_];
      if (!free) continue;
      Emit(i, e, Unknown(), &out, &used);
      i = e - 1;
    }
    std::sort(out.begin(), out.end(), [](const DateMention& a, const DateMention& b) {
      return a.token_begin < b.token_begin;
    });
    return out;
  }

 private:
  // --- token access: out-of-sentence positions read as empty ---
  bool In(uint32_t i) const { return i >= first_ && i < end_; }
  std::string_view F(uint32_t i) const { return In(i) ? doc_.form(i) : std::string_view(); }
  bool Is(uint32_t i, std::string_view w) const { return In(i) && IEq(doc_.form(i), w); }
  template <size_t N>
  bool IsAny(uint32_t i, const std::array<std::string_view, N>& table) const {
    return In(i) && IndexOf(doc_.form(i), table) >= 0;
  }
  Upos U(uint32_t i) const { return In(i) ? doc_.upos(i) : Upos::kNone; }
  std::string_view X(uint32_t i) const { return In(i) ? XposName(doc_.xpos(i)) : ""; }
  bool Capitalized(uint32_t i) const { return In(i) && IsUpper(doc_.form(i)[0]); }
  bool Nominal(uint32_t i) const { return U(i) == Upos::kNoun || U(i) == Upos::kPropn; }
  bool Possessive(uint32_t i) const {
    return Is(i, "'s") || Is(i, "\xE2\x80\x99s") || (In(i) && doc_.norm(i) == "'s");
  }

  // The month a token names (1..12), or 0. Month names are capitalized
  // ("march" is a verb, "may" a modal); `full` says it is not an abbreviation
  // ("Feb.", "Sept"), which only stand before a day or a year.
  int MonthAt(uint32_t i, bool* full) const {
    if (!Capitalized(i)) return 0;
    std::string_view w = F(i);
    int k = IndexOf(w, kMonths);
    if (k >= 0) {
      *full = true;
      return k + 1;
    }
    if (w.size() > 1 && w.back() == '.') w.remove_suffix(1);
    k = IndexOf(w, kMonthAbbrevs);
    if (k < 0) return 0;
    *full = false;
    return k == 12 ? 9 : k + 1;
  }
  int MonthAt(uint32_t i) const {
    bool full = false;
    return MonthAt(i, &full);
  }
  // The weekday a token names (0 = Sunday .. 6), or -1.
  int WeekdayAt(uint32_t i) const { return Capitalized(i) ? IndexOf(F(i), kWeekdays) : -1; }
  // A day of the month: "30", "30th", "1st"; 0 if none. `ordinal` says it had a suffix.
  int DayAt(uint32_t i, bool* ordinal = nullptr) const {
    std::string_view w = F(i);
    bool ord = false;
    if (w.size() > 2 && !IsDigit(w[w.size() - 1])) {
      std::string_view suffix = w.substr(w.size() - 2);
      if (!IEq(suffix, "st") && !IEq(suffix, "nd") && !IEq(suffix, "rd") && !IEq(suffix, "th")) {
        return 0;
      }
      w.remove_suffix(2);
      ord = true;
    }
    if (w.empty() || w.size() > 2) return 0;
    int d = Digits(w);
    if (d < 1 || d > 31) return 0;
    if (ordinal) *ordinal = ord;
    return d;
  }
  // A year: four digits, 1900..2099; 0 if none.
  int YearAt(uint32_t i) const {
    std::string_view w = F(i);
    if (w.size() != 4) return 0;
    int y = Digits(w);
    return (y >= 1900 && y <= 2099) ? y : 0;
  }

  // A plural noun that is counted rather than dated ("people", "troops").
  bool CountedNoun(uint32_t i) const {
    if (!Nominal(i)) return false;
    std::string_view x = X(i);
    if (x != "NNS" && x != "NNPS") return false;
    return IndexOf(F(i), kEventPlurals) < 0;
  }
  // True when the 4-digit number at i counts something: "2014 people",
  // "1900 Russian troops", "from 1900 to 2500 troops".
  bool CountNumber(uint32_t i) const {
    uint32_t j = i + 1;
    // skip modifiers: "1900 Russian troops", "2000 Wagner fighters"
    while (U(j) == Upos::kAdj || (U(j) == Upos::kPropn && !CountedNoun(j) && Nominal(j + 1))) ++j;
    if (CountedNoun(j)) return true;
    int32_t h = doc_.head(i);
    if (h > 0) {
      uint32_t hi = first_ + static_cast<uint32_t>(h) - 1;
      if (DeprelName(doc_.deprel(i)) == "nummod" && CountedNoun(hi)) return true;
    }
    return false;
  }

  bool Joiner(uint32_t i) const { return IsAny(i, kJoiners); }
  // A joiner that makes a range, not a list: "July-September", "1995 to 2001".
  bool RangeJoiner(uint32_t i) const { return Joiner(i) && !Is(i, "and") && !Is(i, "or"); }

  // Whether the words around a bare month or year at i make it a date: a
  // preposition before it ("in May", "since 2014", "the end of May"), or
  // the other end of a range ("between March and May", "July-September",
  // "from 1995 to 2001", "the 2013/2014 season").
  bool DateContext(uint32_t i, bool year) const {
    auto same = [&](uint32_t j) { return year ? YearAt(j) != 0 : MonthAt(j) != 0; };
    bool joined_after = year ? (RangeJoiner(i + 1) || Is(i + 1, "/")) : RangeJoiner(i + 1);
    if (joined_after && same(i + 2) &&
        (!year || (YearAt(i + 2) > YearAt(i) && !CountNumber(i + 2)))) {
      return true;
    }
    if (i == first_) return false;
    uint32_t p = i - 1;
    if (IsAny(p, kDatePreps) || Is(p, "mid") || (year && Is(p, "year"))) return true;
    if (Is(p, "of")) {
      return IsAny(p - 1, kOfNouns) ||
             (year && (IsAny(p - 1, kEventNouns) || IsAny(p - 1, kEventPlurals)));
    }
    if (Joiner(p) || (year && Is(p, "/"))) return p > first_ && same(p - 1);
    return false;
  }

  // Whether the clause of a date expression starting at i speaks of the
  // future ("talks will resume on Monday", "the vote is scheduled for March
  // 15", "they are due to meet on Sunday"): then a weekday, a day or a month
  // without a year is the next one rather than the last. Reads the parse:
  // the predicate the expression hangs from, its auxiliaries, and the verb it
  // is the infinitive of.
  bool Future(uint32_t i) const {
    auto head = [&](uint32_t t) -> std::optional<uint32_t> {
      int32_t h = doc_.head(t);
      if (h <= 0) return std::nullopt;
      return first_ + static_cast<uint32_t>(h) - 1;
    };
    // Up from the expression's first token to its root ("March" -> "15")
    // and on to the predicate.
    uint32_t t = i;
    for (int k = 0; k < 4; ++k) {
      auto h = head(t);
      if (!h || *h < i || *h > i + 4) break;
      t = *h;
    }
    auto pred = head(t);
    static constexpr std::array<std::string_view, 5> kFutureAux = {"will", "shall", "'ll",
                                                                   "\xE2\x80\x99ll", "wo"};
    // "scheduled for", "planned for", "expected on", "due on"; as the verb
    // of an infinitive also "expects to meet", "plans to vote".
    static constexpr std::array<std::string_view, 4> kFutureWords = {"schedule", "plan", "due",
                                                                     "expect"};
    for (int k = 0; pred && k < 2; ++k) {
      uint32_t p = *pred;
      bool future_word = IndexOf(doc_.lemma(p), kFutureWords) >= 0;
      if (future_word && (k == 1 || U(p) != Upos::kVerb || X(p) == "VBN")) return true;
      bool to = false;
      for (uint32_t c = first_; c < end_; ++c) {
        if (head(c) != p) continue;
        std::string_view rel = DeprelName(doc_.deprel(c));
        if (rel == "aux" && IsAny(c, kFutureAux)) return true;
        if (rel == "mark" && Is(c, "to")) to = true;
      }
      // "expected to arrive on Monday": the verb it is the infinitive of
      std::string_view rel = DeprelName(doc_.deprel(p));
      if (!(rel == "xcomp" || (rel == "advcl" && to))) break;
      pred = head(p);
    }
    return false;
  }

  bool IsFuture() const {
    if (future_ < 0) future_ = Future(cand_) ? 1 : 0;
    return future_ == 1;
  }

  // --- resolution against the article date ---

  // A day and month: in `year` if given, else the article's year, or the
  // year before when that is more than a few days after the article. A day
  // the month does not have ("31 April") is a date left unresolved.
  When DayMonth(int month, int day, int year) const {
    auto ymd = [&](int y) {
      return year_month_day{chr::year{y}, chr::month{static_cast<unsigned>(month)},
                            chr::day{static_cast<unsigned>(day)}};
    };
    if (year) {
      if (!ymd(year).ok()) return Unknown();
      return Day(sys_days{ymd(year)});
    }
    if (!ymd(2000).ok()) return Unknown();  // 31 April; 29 February is fine in a leap year
    if (!pub_) return Unknown();
    int y = static_cast<int>(year_month_day{*pub_}.year());
    int step = IsFuture() ? 1 : -1;  // toward the future or the past
    if (!ymd(y).ok()) y += step;
    if (IsFuture() && ymd(y).ok() && sys_days{ymd(y)} < *pub_ - days{kFewDays}) ++y;
    if (!IsFuture() && ymd(y).ok() && sys_days{ymd(y)} > *pub_ + days{kFewDays}) --y;
    for (int k = 0; k < 8 && !ymd(y).ok(); ++k) y += step;  // 29 February: the nearest leap year
    if (!ymd(y).ok()) return Unknown();
    return Day(sys_days{ymd(y)});
  }

  // A month without a year, as DayMonth reads it.
  When BareMonth(int month) const {
    if (!pub_) return Unknown();
    chr::year_month ym = year_month_day{*pub_}.year() / chr::month{static_cast<unsigned>(month)};
    if (IsFuture() && sys_days{ym / chr::last} < *pub_) ym += chr::years{1};
    if (!IsFuture() && sys_days{ym / 1} > *pub_ + days{kFewDays}) ym -= chr::years{1};
    return Month(ym);
  }

  // A date the text gives in part: day, month, year; 0 where unstated.
  struct Partial {
    int year = 0, month = 0, day = 0;
  };

  // The date mentioned just before i across a joiner ("March 1-2", "between
  // May and July"), or null.
  const When* Before(uint32_t i) const {
    if (i <= first_ + 1 || !Joiner(i - 1) || !prev_ || prev_end_ != i - 1) return nullptr;
    return prev_->prec == Prec::kDay || prev_->prec == Prec::kMonth ? &*prev_ : nullptr;
  }
  // The date mentioned just after `e` across a joiner ("24-26 February",
  // "between January and May 2008"), resolved, with whether it states its
  // year.
  std::optional<Match> After(uint32_t e) const {
    if (!Joiner(e)) return std::nullopt;
    uint32_t cand = cand_;
    int8_t future = future_;
    std::optional<Match> m = Core(e + 1);
    cand_ = cand;
    future_ = future;
    if (!m || (m->when.prec != Prec::kDay && m->when.prec != Prec::kMonth)) return std::nullopt;
    return m;
  }

  // Completes and resolves the partial date spanning [i, e): a year stated
  // after it ("on December 7 last year"), else the date it is joined to
  // ("between 24 and 26 February"), else the article date.
  Match Resolve(Partial d, uint32_t i, uint32_t e) const {
    bool stated = d.year != 0;
    uint32_t y = Is(e, "of") ? e + 1 : e;  // "in August of last year"
    // "in April of that year": the year of the date before it in the sentence
    if (!d.year && Is(y, "that") && Is(y + 1, "year") && prev_ && prev_->prec != Prec::kUnknown) {
      d.year = static_cast<int>(year_month_day{prev_->first}.year());
      stated = true;
      e = y + 2;
    }
    if (!d.year && pub_ && Is(y + 1, "year")) {
      int dir = Is(y, "last") ? -1 : Is(y, "next") ? 1 : Is(y, "this") ? 0 : 2;
      if (dir != 2) {
        d.year = static_cast<int>(year_month_day{*pub_}.year()) + dir;
        stated = true;
        e = y + 2;
      }
    }
    auto ym_of = [](const When& w) {
      year_month_day x{w.first};
      return x.year() / x.month();
    };
    if (!d.year) {
      if (const When* b = Before(i)) {
        chr::year_month ym = ym_of(*b);
        if (d.month) {
          ym = ym.year() / chr::month{static_cast<unsigned>(d.month)};
          if (ym < ym_of(*b)) ym += chr::years{1};  // "December to January"
        }
        d.year = static_cast<int>(ym.year());
        d.month = static_cast<int>(static_cast<unsigned>(ym.month()));
      } else if (auto a = After(e); a && (a->stated_year || !d.month)) {
        year_month_day next{a->when.first};
        chr::year_month ym = next.year() / next.month();
        if (d.month) {
          ym = next.year() / chr::month{static_cast<unsigned>(d.month)};
          if (ym > next.year() / next.month()) ym -= chr::years{1};  // "December to January 2022"
        } else if (a->when.prec != Prec::kDay) {
          return Match{e, Unknown()};
        } else if (static_cast<unsigned>(next.day()) < static_cast<unsigned>(d.day)) {
          ym -= chr::months{1};  // "the 30th to the 2nd of March"
        }
        d.year = static_cast<int>(ym.year());
        d.month = static_cast<int>(static_cast<unsigned>(ym.month()));
        stated = a->stated_year;
      }
    }
    if (!d.month && !d.year) return Match{e, NthOfMonth(d.day)};
    if (!d.day) {
      if (!d.year) return Match{e, BareMonth(d.month)};
      return Match{e, Month(chr::year{d.year} / chr::month{static_cast<unsigned>(d.month)}),
                   stated};
    }
    return Match{e, DayMonth(d.month, d.day, d.year), stated};
  }

  // "on the 12th": a day of the article's month, or of the month before
  // when that is more than a few days after the article (of the month after
  // when the clause is in the future and the day more than a few days past).
  When NthOfMonth(int day) const {
    if (!pub_) return Unknown();
    year_month_day p{*pub_};
    chr::year_month ym = p.year() / p.month();
    chr::months step{IsFuture() ? 1 : -1};
    for (int k = 0; k < 3; ++k, ym += step) {
      year_month_day c = ym / chr::day{static_cast<unsigned>(day)};
      if (!c.ok()) continue;
      if (IsFuture() ? sys_days{c} >= *pub_ - days{kFewDays}
                     : sys_days{c} <= *pub_ + days{kFewDays}) {
        return Day(sys_days{c});
      }
    }
    return Unknown();
  }

  When Weekday(int wd, int dir) const {
    if (!pub_) return Unknown();
    chr::weekday w{static_cast<unsigned>(wd)};
    if (dir > 0) {
      days ahead = w - chr::weekday{*pub_};
      return Day(*pub_ + (ahead.count() == 0 ? days{7} : ahead));
    }
    if (dir == 0 && IsFuture())
      return Day(*pub_ + (w - chr::weekday{*pub_}));  // "will meet on Monday"
    days back = chr::weekday{*pub_} - w;
    if (dir < 0 && back.count() == 0) back = days{7};
    return Day(*pub_ - back);
  }

  // The weekend: dir 0 = the latest that began on or before the article,
  // -1 = the one before the latest that ended before it, +1 = the next.
  When Weekend(int dir) const {
    if (!pub_) return Unknown();
    sys_days saturday;
    if (dir > 0) {
      saturday = *pub_ + (chr::Saturday - chr::weekday{*pub_});
      if (saturday == *pub_) saturday += days{7};
    } else if (dir < 0) {
      sys_days sunday = *pub_ - (chr::weekday{*pub_} - chr::Sunday);
      if (sunday == *pub_) sunday -= days{7};
      saturday = sunday - days{1};
    } else {
      saturday = *pub_ - (chr::weekday{*pub_} - chr::Saturday);
    }
    return Week(saturday);
  }

  // "this|last|next" + unit: the period `dir` units from the article's.
  When Relative(Unit u, int dir) const {
    if (!pub_) return Unknown();
    year_month_day d{*pub_};
    switch (u) {
      case Unit::kDay:
        return Day(*pub_ + days{dir});
      case Unit::kWeek:
        return Week(*pub_ + days{7 * dir});
      case Unit::kMonth:
        return Month(d.year() / d.month() + chr::months{dir});
      case Unit::kYear:
        return Year(d.year() + chr::years{dir});
      default:
        break;
    }
    return Unknown();
  }

  // --- pass 1: the expression that starts at token i ---

  std::optional<Match> Core(uint32_t i) const {
    std::string_view w = F(i);
    if (w.empty()) return std::nullopt;
    cand_ = i;
    future_ = -1;

    // ISO dates: "2022-02-24" (and year-first slashes, which are not ambiguous).
    if (w.size() == 10 && IsDigit(w[0])) {
      if (auto d = ParseIsoDate(w)) return Match{i + 1, Day(*d)};
    }

    if (IEq(w, "the")) return The(i);

    // this|last|next + morning, week, month, year, weekend, weekday or month.
    int dir = IEq(w, "last") ? -1 : IEq(w, "next") ? 1 : IEq(w, "this") ? 0 : 2;
    // Adverbial expressions: only prepositions of time join them.
    auto adverbial = [](Match m) {
      m.any_prep = false;
      return m;
    };
    if (dir != 2 && !Is(i - 1, "the")) {  // "the last week" is a rolling week
      if (auto m = Deictic(i, dir)) return adverbial(*m);
    }
    if (auto m = RelativeDay(i)) return adverbial(*m);
    if (auto m = Ago(i)) return adverbial(*m);
    if (auto m = WeekdayDate(i)) return m;
    if (auto m = MonthFirst(i)) return m;
    if (auto m = DayFirst(i)) return m;
    if (auto m = RangeDay(i)) return m;
    if (auto m = BareYear(i)) return m;
    // "in recent days|weeks|months|years"
    if (IEq(w, "recent") && Is(i - 1, "in") && In(i + 1)) {
      Unit u = UnitOf(F(i + 1));
      if (u != Unit::kNone && u != Unit::kHour && F(i + 1).back() == 's') {
        return Match{i + 2, Unknown()};
      }
    }
    return std::nullopt;
  }

  // Expressions that start with "the".
  std::optional<Match> The(uint32_t i) const {
    // "the day before yesterday"
    if (Is(i + 1, "day") && Is(i + 2, "before") && Is(i + 3, "yesterday")) {
      return Match{i + 4, pub_ ? Day(*pub_ - days{2}) : Unknown()};
    }
    // "(over|at) the weekend"; "the weekend of 17 September" is dated by its date
    if (Is(i + 1, "weekend")) {
      if (Is(i + 2, "of")) return std::nullopt;
      return Match{i + 2, Weekend(0)};
    }
    // "the 1990s": a decade
    std::string_view d = F(i + 1);
    if (d.size() == 5 && (d[4] == 's' || d[4] == 'S') && YearAt(i + 1) == 0) {
      int y = Digits(d.substr(0, 4));
      if (y >= 1900 && y <= 2090 && y % 10 == 0) {
        When w = Unknown();
        if (pub_) {
          sys_days end = sys_days{chr::year{y + 9} / chr::December / 31};
          sys_days start = sys_days{chr::year{y} / chr::January / 1};
          w.historical = end < *pub_ && (*pub_ - start).count() > kHistoricalDays;
        }
        return Match{i + 2, w};
      }
    }
    bool ordinal = false;
    int day = DayAt(i + 1, &ordinal);
    if (!day || !ordinal) return std::nullopt;
    // "the 24th of February [2022]", "the 24th February"
    uint32_t m = Is(i + 2, "of") ? i + 3 : i + 2;
    if (int month = MonthAt(m)) {
      int year = StatedYear(m + 1);
      return Resolve({year, month, day}, i, m + (year ? 2u : 1u));
    }
    if (m == i + 3) return std::nullopt;
    // "on the 12th", "from the 7th to the 14th of December"; not "in the
    // 19th" (a century), and not "the 93rd Brigade": the ordinal must end
    // the noun phrase.
    bool prep = Is(i - 1, "on") || IsAny(i - 1, kTimePreps);
    if (!prep && !Before(i) && !After(i + 2)) return std::nullopt;
    Upos next = U(i + 2);
    if (next == Upos::kNoun || next == Upos::kPropn || next == Upos::kAdj || next == Upos::kNum) {
      return std::nullopt;
    }
    return Resolve({0, 0, day}, i, i + 2);
  }

  std::optional<Match> Deictic(uint32_t i, int dir) const {
    uint32_t j = i + 1;
    std::string_view n = F(j);
    if (n.empty()) return std::nullopt;
    // "this morning", "this evening", "last night" (the night ending on the
    // article date: news convention), "last evening"
    int part = IndexOf(n, kPartsOfDay);
    if (part >= 0) {
      bool ok = (dir == 0) || (dir < 0 && (IEq(n, "night") || IEq(n, "evening")));
      if (!ok) return std::nullopt;
      return Match{j + 1, pub_ ? Day(*pub_) : Unknown()};
    }
    if (IEq(n, "weekend")) return Match{j + 1, Weekend(dir)};
    Unit u = UnitOf(n);
    if (u == Unit::kDay || u == Unit::kWeek || u == Unit::kMonth || u == Unit::kYear) {
      if (u == Unit::kDay || n.back() == 's') return std::nullopt;  // "this day", "last years"
      return Match{j + 1, Relative(u, dir)};
    }
    int wd = WeekdayAt(j);
    if (wd >= 0) {
      uint32_t e = j + 1;
      if (IsAny(e, kPartsOfDay)) ++e;
      return Match{e, Weekday(wd, dir)};
    }
    bool full = false;
    int month = MonthAt(j, &full);
    if (month && full) {
      if (!pub_) return Match{j + 1, Unknown()};
      if (dir == 0) return Match{j + 1, BareMonth(month)};
      chr::year_month ym = year_month_day{*pub_}.year() / chr::month{static_cast<unsigned>(month)};
      chr::year_month now = year_month_day{*pub_}.year() / year_month_day{*pub_}.month();
      if (dir < 0 && ym >= now) ym -= chr::years{1};
      if (dir > 0 && ym <= now) ym += chr::years{1};
      return Match{j + 1, Month(ym)};
    }
    return std::nullopt;
  }

  // today, tonight, yesterday, tomorrow, overnight [+ morning ...]
  std::optional<Match> RelativeDay(uint32_t i) const {
    static constexpr std::array<std::string_view, 5> kWords = {"today", "tonight", "overnight",
                                                               "yesterday", "tomorrow"};
    static constexpr std::array<int, 5> kOffsets = {0, 0, 0, -1, 1};
    int k = IndexOf(F(i), kWords);
    if (k < 0) return std::nullopt;
    // "USA Today", "Russia Today": a title, not a date
    if (k == 0 && Capitalized(i) && i > first_ && U(i - 1) == Upos::kPropn && Capitalized(i - 1)) {
      return std::nullopt;
    }
    uint32_t e = i + 1;
    if (k >= 3 && IsAny(e, kPartsOfDay)) ++e;  // "yesterday morning"
    if (!pub_) return Match{e, Unknown()};
    return Match{e, Day(*pub_ + days{kOffsets[static_cast<size_t>(k)]})};
  }

  // A day and month ("30 April", "April 30", "the 30th of April") at i; the
  // match ends after its year when one follows.
  std::optional<Match> DayDate(uint32_t i) const {
    if (auto m = MonthFirst(i)) {
      if (m->end > i + 1 && DayAt(i + 1)) return m;
      return std::nullopt;
    }
    if (auto m = DayFirst(i)) return m;
    if (Is(i, "the") && DayAt(i + 1) && (MonthAt(i + 2) || (Is(i + 2, "of") && MonthAt(i + 3)))) {
      return The(i);
    }
    return std::nullopt;
  }

  // "Tuesday", "Saturday night", "Tuesday, March 1"
  std::optional<Match> WeekdayDate(uint32_t i) const {
    int wd = WeekdayAt(i);
    if (wd < 0) return std::nullopt;
    uint32_t j = i + 1;
    if (Is(j, ",")) ++j;
    if (auto m = DayDate(j)) return m;
    // "the Sunday Times", "the Good Friday Agreement": a title, not a date
    // (but "on Monday Putin said" is one)
    bool title_before =
        i > first_ && (Is(i - 1, "the") || (Capitalized(i - 1) && i - 1 > first_ &&
                                            (U(i - 1) == Upos::kPropn || U(i - 1) == Upos::kAdj)));
    if (title_before && Capitalized(i + 1) && Nominal(i + 1) && !IsAny(i + 1, kPartsOfDay)) {
      return std::nullopt;
    }
    uint32_t e = i + 1;
    if (IsAny(e, kPartsOfDay)) ++e;
    // "Wednesday this week", "Tuesday last week": that day of that week
    int dir = Is(e, "last") ? -1 : Is(e, "next") ? 1 : Is(e, "this") ? 0 : 2;
    if (dir != 2 && Is(e + 1, "week")) {
      if (!pub_) return Match{e + 2, Unknown()};
      sys_days monday = Relative(Unit::kWeek, dir).first;
      return Match{e + 2, Day(monday + (chr::weekday{static_cast<unsigned>(wd)} - chr::Monday))};
    }
    return Match{e, Weekday(wd, 0)};
  }

  // The year stated at i ("April 30 2022"), or 0.
  int StatedYear(uint32_t i) const {
    int year = YearAt(i);
    return year && !CountNumber(i) ? year : 0;
  }

  // "April 30", "April 30, 2022", "Feb. 24", "April 2021", "May, 2007",
  // "February of 2001", "in April", "mid-April"
  std::optional<Match> MonthFirst(uint32_t i) const {
    std::string_view w = F(i);
    if (w.size() > 4 && IEq(w.substr(0, 4), "mid-")) {
      int k = IndexOf(w.substr(4), kMonths);
      if (k >= 0 && IsUpper(w[4])) return Resolve({0, k + 1, 0}, i, i + 1);
      int y = Digits(w.substr(4));
      if (w.size() == 8 && y >= 1900 && y <= 2099) return Match{i + 1, Year(chr::year{y}), true};
      return std::nullopt;
    }
    bool full = false;
    int month = MonthAt(i, &full);
    if (!month) return std::nullopt;
    int day = DayAt(i + 1);
    if (day && !CountedNoun(i + 2)) {
      uint32_t e = i + 2;
      int year = 0;
      if (Is(e, ",") && StatedYear(e + 1)) {
        year = StatedYear(e + 1);
        e += 2;
      } else if (StatedYear(e)) {
        year = StatedYear(e);
        ++e;
      }
      return Resolve({year, month, day}, i, e);
    }
    uint32_t y = (Is(i + 1, ",") || Is(i + 1, "of")) ? i + 2 : i + 1;
    if (int year = StatedYear(y)) return Resolve({year, month, 0}, i, y + 1);
    // "in May", not "in May's cabinet"
    if (full && !Possessive(i + 1) && DateContext(i, false))
      return Resolve({0, month, 0}, i, i + 1);
    return std::nullopt;
  }

  // "30 April", "30 April 2022", "30th of April"
  std::optional<Match> DayFirst(uint32_t i) const {
    int day = DayAt(i);
    if (!day) return std::nullopt;
    uint32_t j = i + 1;
    if (Is(j, "of")) ++j;
    int month = MonthAt(j);
    if (!month) return std::nullopt;
    uint32_t e = j + 1;
    int year = StatedYear(e);
    if (year) {
      ++e;
    } else if (Is(e, ",") && StatedYear(e + 1)) {  // "24 February, 2022"
      year = StatedYear(e + 1);
      e += 2;
    }
    return Resolve({year, month, day}, i, e);
  }

  // The days of a range before or after its month: "24" in "24-26
  // February", "2" in "March 1-2".
  std::optional<Match> RangeDay(uint32_t i) const {
    int day = DayAt(i);
    if (!day || Nominal(i + 1) || U(i + 1) == Upos::kAdj) return std::nullopt;
    auto day_of = [](const When& w) {
      return static_cast<int>(static_cast<unsigned>(year_month_day{w.first}.day()));
    };
    if (const When* b = Before(i); b && b->prec == Prec::kDay && day > day_of(*b)) {
      return Resolve({0, 0, day}, i, i + 1);
    }
    bool range = RangeJoiner(i + 1) || Is(i - 1, "between") || Is(i - 1, "from");
    if (range) {
      auto a = After(i + 1);
      if (a && a->when.prec == Prec::kDay && day < day_of(a->when)) {
        return Resolve({0, 0, day}, i, i + 1);
      }
    }
    return std::nullopt;
  }

  // "in 2014", "since 2014", "the 2014 elections", "Russia's 2014 annexation"
  std::optional<Match> BareYear(uint32_t i) const {
    int year = YearAt(i);
    if (!year || CountNumber(i)) return std::nullopt;
    bool ok = DateContext(i, true);
    if (!ok && U(i) == Upos::kNum && U(i - 1) != Upos::kNum && U(i - 1) != Upos::kPropn &&
        !Is(i - 1, "at") && !Is(i - 1, "around") && !Is(i - 1, "about")) {
      // A year that modifies a noun: "the 2014 elections", "2014 annexation"
      // (not "phone 650 723 1976", "DPR 2002 file", "at 2000 GMT")
      static constexpr std::array<std::string_view, 6> kClock = {"gmt", "utc",   "hrs",
                                                                 "h",   "hours", "local"};
      uint32_t j = i + 1;
      while (U(j) == Upos::kAdj && !IsAny(j, kClock)) ++j;
      ok = Nominal(j) && !IsAny(j, kClock);
    }
    if (!ok) return std::nullopt;
    return Match{i + 1, Year(chr::year{year}), true};
  }

  // "two days ago", "a year ago", "three weeks ago", "years ago", "a few days ago"
  std::optional<Match> Ago(uint32_t i) const {
    uint32_t j = i;
    int n = -1;  // -1: no count yet; 0: vague ("a few", "several", none)
    if (Is(j, "a") || Is(j, "an")) {
      ++j;
      if (Is(j, "few") || Is(j, "couple")) {
        ++j;
        if (Is(j, "of")) ++j;
        n = 0;
      } else {
        n = 1;
      }
    } else if (Is(j, "several") || Is(j, "some") || Is(j, "many") || Is(j, "few")) {
      ++j;
      n = 0;
    } else if (int k = IndexOf(F(j), kCountWords); k > 0) {
      ++j;
      n = k;
    } else if (int v = Digits(F(j)); v > 0 && v < 1000) {
      ++j;
      n = v;
    }
    Unit u = UnitOf(F(j));
    if (u == Unit::kNone || !Is(j + 1, "ago")) return std::nullopt;
    bool plural = F(j).back() == 's';
    if (n < 0) {
      if (!plural) return std::nullopt;
      n = 0;  // "years ago"
    }
    uint32_t e = j + 2;
    bool long_ago = u == Unit::kYear || u == Unit::kDecade;
    if (!pub_) return Match{e, Unknown(long_ago && (n > 0 || plural))};
    if (n == 0 && u != Unit::kHour) return Match{e, Unknown(long_ago && plural)};
    switch (u) {
      case Unit::kHour:
        return Match{e, Day(*pub_)};
      case Unit::kDay:
        return Match{e, Day(*pub_ - days{n})};
      case Unit::kWeek:
        return Match{e, Week(*pub_ - days{7 * n})};
      case Unit::kMonth:
        return Match{e, Relative(Unit::kMonth, -n)};
      case Unit::kYear:
        return Match{e, Relative(Unit::kYear, -n)};
      case Unit::kDecade: {
        When w = Relative(Unit::kYear, -10 * n);
        w.historical = true;
        return Match{e, w};
      }
      case Unit::kNone:
        break;
    }
    return std::nullopt;
  }

  // Widens the expression [b, e) over a preposition and a modifier before
  // it, in either order ("earlier on Tuesday", "in early April"), never
  // below `lo`. A possessive date keeps its preposition out: "in
  // Saturday's attack" is about the attack.
  uint32_t Widen(uint32_t b, const Match& m, uint32_t lo) const {
    uint32_t e = m.end;
    bool mod = false;
    if (b > lo && IsAny(b - 1, kModifiers) && U(b - 1) != Upos::kNoun) {
      --b;
      mod = true;
    }
    bool prep = m.any_prep ? IsAny(b - 1, kPreps) : IsAny(b - 1, kTimePreps);
    if (b > lo && prep && !Possessive(e)) {
      --b;
      if (!mod && b > lo && IsAny(b - 1, kModifiers) && U(b - 1) != Upos::kNoun) --b;
    }
    return b;
  }

  // --- pass 2: vague words; the end of the expression at i, or 0 ---
  uint32_t Vague(uint32_t i) const {
    std::string_view w = F(i);
    if (IEq(w, "recently") || IEq(w, "lately")) return i + 1;
    if (!IEq(w, "earlier")) return 0;
    // Not "an earlier report", "earlier than expected", "two days earlier"
    // (a date relative to another event, not to the article).
    if (U(i) != Upos::kAdv && U(i) != Upos::kAdj) return 0;
    if (Nominal(i + 1) || Is(i + 1, "than")) return 0;
    if (In(i - 1) && i > first_ && UnitOf(F(i - 1)) != Unit::kNone) return 0;
    if (Is(i + 1, "in") && Is(i + 2, "the") && Is(i + 3, "day")) return i + 4;
    if (Is(i + 1, "on") && !In(i + 2)) return i + 2;
    if (Is(i + 1, "on") && (Is(i + 2, ",") || Is(i + 2, "."))) return i + 2;
    return i + 1;
  }

  void Emit(uint32_t b, uint32_t e, const When& w, std::vector<DateMention>* out,
            std::vector<bool>* used) const {
    DateMention d;
    d.token_begin = b;
    d.token_end = e;
    uint32_t tb = doc_.token_begin(b), te = doc_.token_end(e - 1);
    d.text = doc_.text().substr(tb, te - tb);
    d.value = Format(w);
    d.precision = std::string(PrecName(w.prec));
    d.historical = w.historical;
    if (w.prec != Prec::kUnknown && pub_) {
      d.historical =
          d.historical || (w.last < *pub_ && (*pub_ - w.first).count() > kHistoricalDays);
    }
    for (uint32_t j = b; j < e; ++j) (*used)[j - first_] = true;
    out->push_back(std::move(d));
  }

  const Doc& doc_;
  uint32_t first_, end_;
  std::optional<sys_days> pub_;
  // The expression being read, and whether its clause is about the future
  // (-1: not yet known; see IsFuture).
  mutable uint32_t cand_ = 0;
  mutable int8_t future_ = -1;
  // The last date found by pass 1, for ranges and coordinations.
  std::optional<When> prev_;
  uint32_t prev_end_ = 0;
};

}  // namespace

std::vector<DateMention> FindDates(const Doc& doc, size_t s, const std::string& published) {
  if (s >= doc.num_sentences()) return {};
  return Finder(doc, s, published).Run();
}

}  // namespace sitrep::events
