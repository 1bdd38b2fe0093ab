#include "ingest/date.h"

#include <cstdio>
#include <vector>

#include "ingest/repair.h"

namespace sitrep::ingest {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

struct Parts {
  int year = -1, month = -1, day = -1;
  int hour = -1, minute = 0, second = 0;
  bool has_zone = false;
  int zone_minutes = 0;  // east of UTC
};

std::optional<std::string> Format(const Parts& p) {
  if (p.year < 1900 || p.year > 2199 || p.month < 1 || p.month > 12 || p.day < 1 ||
      p.day > DaysInMonth(p.year, p.month))
    return std::nullopt;
  char buf[48];
  if (p.hour < 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
    return std::string(buf);
  }
  if (p.hour > 23 || p.minute < 0 || p.minute > 59 || p.second < 0 || p.second > 60)
    return std::nullopt;
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", p.year, p.month, p.day, p.hour,
                p.minute, p.second);
  std::string out = buf;
  if (p.has_zone) {
    if (p.zone_minutes == 0) {
      out += 'Z';
    } else {
      int z = p.zone_minutes < 0 ? -p.zone_minutes : p.zone_minutes;
      if (z > 14 * 60) return std::nullopt;
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", p.zone_minutes < 0 ? '-' : '+', z / 60, z % 60);
      out += buf;
    }
  }
  return out;
}

// Reads exactly `n` digits at s[*i].
bool Digits(std::string_view s, size_t* i, size_t n, int* v) {
  if (*i + n > s.size()) return false;
  int x = 0;
  for (size_t k = 0; k < n; ++k) {
    char c = s[*i + k];
    if (!IsDigit(c)) return false;
    x = x * 10 + (c - '0');
  }
  *i += n;
  *v = x;
  return true;
}

// Reads 1 or 2 digits.
bool SmallNumber(std::string_view s, size_t* i, int* v) {
  if (*i >= s.size() || !IsDigit(s[*i])) return false;
  size_t n = *i + 1 < s.size() && IsDigit(s[*i + 1]) ? 2 : 1;
  return Digits(s, i, n, v);
}

// "Z", "+02:00", "+0200", "-05", "UTC", "GMT" at s[*i].
bool NumericZone(std::string_view s, size_t* i, Parts* p) {
  if (*i >= s.size()) return false;
  char c = s[*i];
  if (c == 'Z' || c == 'z') {
    ++*i;
    p->has_zone = true;
    p->zone_minutes = 0;
    return true;
  }
  if (c != '+' && c != '-') return false;
  size_t j = *i + 1;
  int h = 0, m = 0;
  if (!Digits(s, &j, 2, &h)) return false;
  if (j < s.size() && s[j] == ':') ++j;
  if (j < s.size() && IsDigit(s[j]) && !Digits(s, &j, 2, &m)) return false;
  if (h > 14 || m > 59) return false;
  p->has_zone = true;
  p->zone_minutes = (c == '-' ? -1 : 1) * (h * 60 + m);
  *i = j;
  return true;
}

struct NamedZone {
  std::string_view name;
  int minutes;
};
constexpr NamedZone kZones[] = {
    {"z", 0},      {"utc", 0},    {"gmt", 0},    {"ut", 0},     {"est", -300},
    {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360},
    {"pst", -480}, {"pdt", -420}, {"cet", 60},   {"cest", 120}, {"eet", 120},
    {"eest", 180}, {"msk", 180},  {"bst", 60},   {"wet", 0},    {"west", 60},
};

bool NamedZoneMinutes(std::string_view lower, int* minutes) {
  for (const NamedZone& z : kZones)
    if (z.name == lower) {
      *minutes = z.minutes;
      return true;
    }
  return false;
}

// YYYY-MM-DD / YYYY/MM/DD / YYYY.MM.DD / YYYYMMDD, optionally followed by a time
// and a zone.
std::optional<std::string> ParseIso(std::string_view s) {
  Parts p;
  size_t i = 0;
  if (!Digits(s, &i, 4, &p.year)) return std::nullopt;
  if (i < s.size() && IsDigit(s[i])) {
    if (!Digits(s, &i, 2, &p.month) || !Digits(s, &i, 2, &p.day)) return std::nullopt;
    if (i != s.size()) return std::nullopt;
    return Format(p);
  }
  if (i >= s.size()) return std::nullopt;
  char sep = s[i];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  ++i;
  if (!SmallNumber(s, &i, &p.month) || i >= s.size() || s[i] != sep) return std::nullopt;
  ++i;
  if (!SmallNumber(s, &i, &p.day)) return std::nullopt;
  if (i == s.size()) return Format(p);
  if ((s[i] != 'T' && s[i] != 't' && s[i] != ' ') || i + 1 >= s.size() || !IsDigit(s[i + 1]))
    return std::nullopt;
  ++i;
  if (!Digits(s, &i, 2, &p.hour) || i >= s.size() || s[i] != ':') return std::nullopt;
  ++i;
  if (!Digits(s, &i, 2, &p.minute)) return std::nullopt;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!Digits(s, &i, 2, &p.second)) return std::nullopt;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      if (i >= s.size() || !IsDigit(s[i])) return std::nullopt;
      while (i < s.size() && IsDigit(s[i])) ++i;
    }
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && !NumericZone(s, &i, &p)) {
    int z;
    if (!NamedZoneMinutes(AsciiLower(s.substr(i)), &z)) return std::nullopt;
    p.has_zone = true;
    p.zone_minutes = z;
    i = s.size();
  }
  if (i != s.size()) return std::nullopt;
  return Format(p);
}

int MonthFromName(std::string_view w) {
  static constexpr std::string_view kMonths[] = {"january",   "february", "march",    "april",
                                                 "may",       "june",     "july",     "august",
                                                 "september", "october",  "november", "december"};
  if (w.size() < 3) return -1;
  for (int m = 0; m < 12; ++m) {
    std::string_view full = kMonths[m];
    if (w == full || w == full.substr(0, 3) || (m == 8 && w == "sept")) return m + 1;
  }
  return -1;
}

// "Thu, 14 Mar 2024 09:30:00 GMT", "March 14, 2024", "14 March 2024 at 9:30 pm".
std::optional<std::string> ParseWords(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!cur.empty()) words.push_back(AsciiLower(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) words.push_back(AsciiLower(cur));
  if (words.empty() || words.size() > 12) return std::nullopt;

  Parts p;
  for (std::string w : words) {
    if (w.size() > 1 && w.back() == '.') w.pop_back();  // "Mar.", "Sept."
    if (IsAlpha(w[0])) {
      int m = MonthFromName(w);
      int z;
      if (m > 0) {
        if (p.month > 0) return std::nullopt;
        p.month = m;
      } else if ((w == "am" || w == "pm" || w == "a.m" || w == "p.m") && p.hour >= 0) {
        if (p.hour < 1 || p.hour > 12) return std::nullopt;
        p.hour = p.hour % 12 + (w[0] == 'p' ? 12 : 0);
      } else if (p.hour >= 0 && !p.has_zone && NamedZoneMinutes(w, &z)) {
        p.has_zone = true;
        p.zone_minutes = z;
      } else if (p.hour >= 0 && !p.has_zone && (w.starts_with("gmt") || w.starts_with("utc")) &&
                 w.size() > 3) {
        size_t i = 3;
        if (!NumericZone(w, &i, &p) || i != w.size()) return std::nullopt;
      }
      // Other words ("published", "updated", "on", "at", weekdays) carry no date.
      continue;
    }
    if ((w[0] == '+' || w[0] == '-') && p.hour >= 0 && !p.has_zone) {
      size_t i = 0;
      if (!NumericZone(w, &i, &p) || i != w.size()) return std::nullopt;
      continue;
    }
    if (!IsDigit(w[0])) return std::nullopt;
    size_t colon = w.find(':');
    if (colon != std::string::npos) {  // a time: 9:30, 09:30:15, 9:30pm
      if (p.hour >= 0) return std::nullopt;
      size_t i = 0;
      if (!SmallNumber(w, &i, &p.hour) || i >= w.size() || w[i] != ':') return std::nullopt;
      ++i;
      if (!Digits(w, &i, 2, &p.minute)) return std::nullopt;
      if (i < w.size() && w[i] == ':') {
        ++i;
        if (!Digits(w, &i, 2, &p.second)) return std::nullopt;
      }
      std::string_view rest = std::string_view(w).substr(i);
      if (rest == "am" || rest == "pm") {
        if (p.hour < 1 || p.hour > 12) return std::nullopt;
        p.hour = p.hour % 12 + (rest[0] == 'p' ? 12 : 0);
      } else if (!rest.empty()) {
        i = 0;
        if (!NumericZone(rest, &i, &p) || i != rest.size()) return std::nullopt;
      }
      continue;
    }
    size_t n = 0;
    while (n < w.size() && IsDigit(w[n])) ++n;
    std::string_view suffix = std::string_view(w).substr(n);
    if (n == 4 && suffix.empty()) {
      if (p.year >= 0) return std::nullopt;
      size_t i = 0;
      if (!Digits(w, &i, 4, &p.year)) return std::nullopt;
    } else if (n <= 2 && (suffix.empty() || suffix == "st" || suffix == "nd" || suffix == "rd" ||
                          suffix == "th")) {
      if (p.day >= 0) return std::nullopt;
      size_t i = 0;
      if (!Digits(w, &i, n, &p.day)) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  if (p.month < 0 || p.day < 0 || p.year < 0) return std::nullopt;
  return Format(p);
}

}  // namespace

std::optional<std::string> NormalizeDate(std::string_view text) {
  std::string s = CollapseSpaces(text);
  if (s.empty() || s.size() > 80) return std::nullopt;
  if (IsDigit(s[0]) && s.size() >= 8 && IsDigit(s[1]) && IsDigit(s[2]) && IsDigit(s[3]))
    if (auto iso = ParseIso(s)) return iso;
  return ParseWords(s);
}

}  // namespace sitrep::ingest
