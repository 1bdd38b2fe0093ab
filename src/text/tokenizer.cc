// The tokenizer runs in two passes over the text:
//
//  1. Scanner: splits the text at whitespace into chunks and each chunk into
//     tokens, recording per token the newlines before it and a few flags
//     (sentence-final punctuation, abbreviation period, opening/closing
//     quote...). URLs and e-mail addresses are found first, by anchors ("://",
//     "www.", "@"), so that the ordinary word rules never see them.
//  2. BuildDoc: decides sentence boundaries from those flags and appends tokens
//     and sentences to the Doc. An abbreviation whose period also ends the
//     sentence is split here ("etc." -> "etc" "."), as EWT does, which is why
//     tokens go through a buffer instead of straight into the Doc.
//
// Every decision looks at a bounded window, and every step consumes input, so
// the whole is linear in the text. Word-internal rules (which hyphens, dots,
// apostrophes and slashes stay inside a word) were read off EWT train/dev;
// the comments give the counts that decided them.
#include "text/tokenizer.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/utf8.h"

namespace sitrep::text {
namespace {

// ---------------------------------------------------------------------------
// Character classes

enum AsciiBits : uint8_t {
  kSpaceBit = 1,
  kUpperBit = 2,
  kLowerBit = 4,
  kDigitBit = 8,
  kLineBit = 16,    // characters that make up separator lines: - = _ * ~ + # < > |
  kAnchorBit = 32,  // @ : . (possible URL / e-mail anchors)
  kEmoBit = 64,     // characters that can start an emoticon
  kEmo2Bit = 128,   // characters that can come second in an emoticon
};
constexpr uint8_t kAlnumBits = kUpperBit | kLowerBit | kDigitBit;

constexpr std::array<uint8_t, 256> MakeAsciiTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c <= 0x20; ++c) t[c] = kSpaceBit;  // controls count as space
  t[0x7F] = kSpaceBit;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kUpperBit;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kLowerBit;
  for (int c = '0'; c <= '9'; ++c) t[c] = kDigitBit;
  for (char c : std::string_view("-=_*~+#<>|")) t[static_cast<unsigned char>(c)] |= kLineBit;
  for (char c : std::string_view("@:.")) t[static_cast<unsigned char>(c)] |= kAnchorBit;
  for (char c : std::string_view(":;=(<>^-")) t[static_cast<unsigned char>(c)] |= kEmoBit;
  for (char c : std::string_view(":'-_/)(DPp|oO][*^3"))
    t[static_cast<unsigned char>(c)] |= kEmo2Bit;
  return t;
}
constexpr std::array<uint8_t, 256> kAscii = MakeAsciiTable();

inline bool IsAsciiAlnum(unsigned char c) { return kAscii[c] & kAlnumBits; }
inline bool IsAsciiLetter(unsigned char c) { return kAscii[c] & (kUpperBit | kLowerBit); }
inline bool IsAsciiDigit(unsigned char c) { return kAscii[c] & kDigitBit; }
inline unsigned char Lower(unsigned char c) { return (kAscii[c] & kUpperBit) ? c | 0x20 : c; }

// What a non-ASCII code point is to the tokenizer.
enum class Kind : uint8_t {
  kSpace,
  kWord,        // letters, marks, digits: part of words
  kJoin,        // attaches to what precedes: ZWJ, soft hyphen, variation selectors
  kApos,        // ’ (apostrophe or closing single quote)
  kOpenSingle,  // ‘ ‚ ‛
  kOpenQuote,   // “ „ ‟ « ‹
  kCloseQuote,  // ” » ›
  kHyphen,      // ‐ ‑ (behave like '-')
  kDash,        // ‒ – — ― −
  kEllipsis,    // …
  kOther,       // any other symbol or punctuation: a token of its own
};

Kind Classify(char32_t c) {
  switch (c) {
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x180E:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return Kind::kSpace;
    case 0x2018:
    case 0x201A:
    case 0x201B:
      return Kind::kOpenSingle;
    case 0x2019:
      return Kind::kApos;
    case 0x201C:
    case 0x201E:
    case 0x201F:
    case 0xAB:
    case 0x2039:
      return Kind::kOpenQuote;
    case 0x201D:
    case 0xBB:
    case 0x203A:
      return Kind::kCloseQuote;
    case 0x2010:
    case 0x2011:
      return Kind::kHyphen;
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return Kind::kDash;
    case 0x2026:
      return Kind::kEllipsis;
    case 0xAD:
    case 0x200C:
    case 0x200D:
    case 0x2060:
      return Kind::kJoin;
    case 0xFFFD:
      return Kind::kOther;
    default:
      break;
  }
  if (c >= 0x2000 && c <= 0x200B) return Kind::kSpace;
  if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF) ||
      (c >= 0xE0020 && c <= 0xE007F) || (c >= 0xE0100 && c <= 0xE01EF))
    return Kind::kJoin;
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return Kind::kWord;
    case U_CONTROL_CHAR:
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
      return Kind::kSpace;
    case U_FORMAT_CHAR:
      return Kind::kJoin;
    default:
      return Kind::kOther;
  }
}

int NewlinesOf(char32_t c) {
  if (c == 0x2029) return 2;
  if (c == 0x85 || c == 0x2028) return 1;
  return 0;
}

// ---------------------------------------------------------------------------
// Word lists. Small sorted tables; looked up only at a word followed by a
// period, an apostrophe-less word of 2-8 letters, or a hyphen.

template <class T, size_t N>
constexpr std::array<T, N> Sorted(std::array<T, N> a) {
  std::sort(a.begin(), a.end());
  return a;
}

template <size_t N>
bool InSorted(const std::array<std::string_view, N>& table, std::string_view w) {
  return std::binary_search(table.begin(), table.end(), w);
}

// Abbreviations that keep their period (case-sensitive). Titles come before
// a name or number and never end a sentence by themselves.
constexpr auto kTitles = Sorted(std::to_array<std::string_view>({
    "Adm",  "Amb", "Atty", "Brig", "Capt", "Cdr", "Cmdr", "Col",  "Cpl",  "Cpt", "Det",    "Dr",
    "Drs",  "Fig", "Figs", "Fr",   "Ft",   "Gen", "Gov",  "Hon",  "Insp", "Lt",  "Maj",    "Messrs",
    "Mlle", "Mme", "Mr",   "Mrs",  "Ms",   "Mt",  "Pres", "Prof", "Pte",  "Pvt", "Rep",    "Reps",
    "Rev",  "Rt",  "Sen",  "Sens", "Sgt",  "St",  "Sts",  "Ste",  "Supt", "Vol", "approx", "ca",
    "cf",   "e.g", "eg",   "i.e",  "ie",   "pp",  "viz",  "vol",  "vs",
}));
constexpr auto kAbbrevs = Sorted(std::to_array<std::string_view>({
    "Ala",  "Apr",  "Ariz", "Arrv", "Conf", "Fax",  "Para",  "Ph",   "Spec",  "Ark",  "Assn",
    "Attn", "Aug",  "Ave",  "Blvd", "Bros", "CORP", "Calif", "Co",   "Colo",  "Conn", "Corp",
    "Cos",  "Dec",  "Del",  "Dept", "Dist", "Esp",  "Est",   "Ext",  "Feb",   "Fla",  "Fri",
    "Ga",   "Govt", "Hwy",  "Ill",  "INC",  "Inc",  "Ind",   "Intl", "Jan",   "Jr",   "Sr",
    "Jul",  "Jun",  "Kan",  "Kans", "Ky",   "LTD",  "La",    "Ltd",  "PS",    "PVT",  "Mar",
    "Md",   "Mfg",  "Mgr",  "Mich", "Minn", "Mo",   "Mob",   "Mon",  "Mont",  "Natl", "Neb",
    "Nev",  "Nov",  "Oct",  "Okla", "Ore",  "Pa",   "Penn",  "Plc",  "Rd",    "Sat",  "Sep",
    "Sept", "Sq",   "Sun",  "Tel",  "Tenn", "Tex",  "Thu",   "Thur", "Thurs", "Tue",  "Tues",
    "Univ", "Va",   "Vt",   "Wed",  "Wis",  "Wyo",  "al",    "arrv", "attn",  "dept", "ect",
    "esp",  "est",  "et",   "etc",  "ext",  "ft",   "govt",  "hrs",  "incl",  "intl", "lb",
    "lbs",  "mins", "misc", "oz",   "sq",   "tel",  "yrs",
}));

// Sentence starters: after a non-title abbreviation, the next word has to
// be one of these (case-sensitive) for the period to end the sentence.
constexpr auto kStarters = Sorted(std::to_array<std::string_view>({
    "A",       "Additionally", "After",   "All",    "Also",    "Although",  "An",        "And",
    "Another", "Are",          "As",      "Asked",  "At",      "Because",   "Before",    "Both",
    "But",     "By",           "Can",     "Could",  "Despite", "Did",       "Do",        "Does",
    "During",  "Each",         "Earlier", "Even",   "Every",   "Finally",   "First",     "For",
    "From",    "Furthermore",  "Has",     "Have",   "He",      "Her",       "Here",      "His",
    "How",     "However",      "I",       "If",     "In",      "Instead",   "Is",        "It",
    "Its",     "Last",         "Later",   "Let",    "Many",    "Meanwhile", "Moreover",  "Most",
    "My",      "Next",         "No",      "Not",    "Now",     "On",        "Once",      "One",
    "Only",    "Other",        "Our",     "Please", "Several", "She",       "Should",    "Since",
    "So",      "Some",         "Still",   "Such",   "Thanks",  "That",      "The",       "Their",
    "Then",    "There",        "These",   "They",   "This",    "Those",     "Though",    "Thus",
    "To",      "Today",        "We",      "What",   "When",    "Where",     "Which",     "While",
    "Who",     "Why",          "Will",    "With",   "Would",   "Yes",       "Yesterday", "Yet",
    "You",     "Your",
}));

// Left parts that keep a hyphen: "e-mail", "non-stop", "anti-war" (EWT keeps
// these whole, and splits other hyphenated words: 690 splits vs 347 whole).
constexpr auto kHyphenPrefixes = Sorted(std::to_array<std::string_view>({
    "anti",  "bi",    "co",    "counter", "cross", "e",     "ex",  "extra",  "hyper",
    "infra", "inter", "intra", "macro",   "mega",  "micro", "mid", "mini",   "mis",
    "multi", "neo",   "non",   "over",    "post",  "pre",   "pro", "pseudo", "psycho",
    "quasi", "re",    "semi",  "socio",   "sub",   "super", "tri", "ultra",  "un",
}));

// Right parts that keep a period between letters: domains and file names.
constexpr auto kDotSuffixes = Sorted(std::to_array<std::string_view>({
    "asp", "aspx", "au",  "avi",  "biz", "bmp",  "ca",  "cc",  "cfm",  "cn",   "co",   "com",
    "csv", "de",   "doc", "docx", "edu", "eu",   "exe", "fr",  "gif",  "gov",  "htm",  "html",
    "ie",  "info", "int", "io",   "jp",  "jpeg", "jpg", "js",  "json", "jsp",  "ly",   "mil",
    "mov", "mp3",  "mp4", "net",  "nz",  "org",  "pdf", "php", "png",  "ppt",  "pptx", "ru",
    "rtf", "tv",   "txt", "ua",   "uk",  "url",  "us",  "wav", "xls",  "xlsx", "xml",  "zip",
}));

// Newsgroup hierarchies: "alt.animals", "misc.consumers".
constexpr auto kDotPrefixes = Sorted(std::to_array<std::string_view>({
    "alt",
    "ba",
    "comp",
    "misc",
    "news",
    "rec",
    "sci",
    "soc",
    "talk",
}));

// Unit suffixes split from a number: "122mm", "5pm", "65k" (EWT: "35 mm",
// "5 pm", "65 k"). Single capital letters (K, M, B) only after a currency
// sign, since EWT keeps codes like "86M" whole.
constexpr auto kUnits = Sorted(std::to_array<std::string_view>({
    "am",  "bn", "cc", "cm",  "ft",  "g",    "gb",   "ghz", "gw",  "hp",  "hr",  "hrs",
    "hz",  "k",  "kb", "kg",  "khz", "km",   "kmh",  "kph", "kw",  "kwh", "lb",  "lbs",
    "m",   "mb", "mg", "mhz", "mi",  "min",  "mins", "ml",  "mm",  "mn",  "mph", "mw",
    "mwh", "oz", "p",  "pm",  "sec", "secs", "tb",   "yr",  "yrs",
}));

constexpr auto kUpperUnits = Sorted(std::to_array<std::string_view>({
    "AM",
    "BN",
    "GB",
    "GHZ",
    "GW",
    "KG",
    "KM",
    "KPH",
    "KW",
    "KWH",
    "MB",
    "MHZ",
    "MPH",
    "MW",
    "PM",
    "TB",
}));

// "its" and "lets" are split ("it" "s", "let" "s") only before words that
// cannot follow the possessive or the verb (EWT: "its not" 6/6 split,
// "its own" 12/12 whole).
constexpr auto kItsNext = Sorted(std::to_array<std::string_view>({
    "a",          "actually", "also",      "always", "an",     "because", "been",   "called",
    "definitely", "from",     "getting",   "going",  "gonna",  "gotta",   "he",     "her",
    "his",        "i",        "it",        "just",   "like",   "my",      "never",  "not",
    "nothing",    "now",      "obviously", "ok",     "okay",   "our",     "pretty", "probably",
    "prolly",     "quite",    "really",    "she",    "simply", "so",      "still",  "that",
    "the",        "their",    "they",      "this",   "too",    "very",    "we",     "what",
    "you",        "your",
}));
constexpr auto kLetsNext = Sorted(std::to_array<std::string_view>({
    "all",  "be",   "do",    "face", "get",  "go",  "have", "hear", "hope",
    "just", "keep", "look",  "make", "move", "not", "play", "pray", "put",
    "say",  "see",  "start", "take", "talk", "try", "wait",
}));

// Contractions written without the apostrophe, and where EWT splits them
// ("dont" -> "do" "nt": 37 of 37), plus "cannot", "gonna" & co.
struct Contraction {
  std::string_view word;
  uint8_t cut;
  constexpr bool operator<(const Contraction& o) const { return word < o.word; }
};
constexpr auto kContractions = Sorted(std::to_array<Contraction>({
    {"aint", 2},     {"arent", 3}, {"cannot", 3}, {"cant", 2},    {"couldnt", 5}, {"didnt", 3},
    {"doesnt", 4},   {"dont", 2},  {"gonna", 3},  {"gotta", 3},   {"hadnt", 3},   {"hasnt", 3},
    {"havent", 4},   {"hes", 2},   {"im", 1},     {"isnt", 2},    {"ive", 1},     {"outta", 3},
    {"shouldnt", 6}, {"thats", 4}, {"theres", 5}, {"theyre", 4},  {"wanna", 3},   {"wasnt", 3},
    {"werent", 4},   {"whats", 4}, {"wont", 2},   {"wouldnt", 5}, {"youll", 3},   {"youre", 3},
}));

// Quick reject for the contraction lookup: bit n of kContractionLengths[c]
// is set when some contraction starts with letter c and has n letters.
constexpr std::array<uint16_t, 26> MakeContractionLengths() {
  std::array<uint16_t, 26> t{};
  for (const Contraction& c : kContractions)
    t[static_cast<size_t>(c.word[0] - 'a')] |= static_cast<uint16_t>(1u << c.word.size());
  return t;
}
constexpr std::array<uint16_t, 26> kContractionLengths = MakeContractionLengths();

// Emoticons (ASCII). Matched at a token start and only before a non-word
// character, so ":D" never eats ":Dallas".
constexpr auto kEmoticons = std::to_array<std::string_view>({
    ">:(", ">:)", ":'(", ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|", ";-)", "^_^",
    "-_-", "</3", ":)",  ":(",  ":D",  ":P",  ":p",  ":/",  ":|",  ":o",  ":O",  ":]",
    ":[",  ":*",  ";)",  ";D",  ";P",  "=)",  "=(",  "=D",  "(:",  "^^",  "<3",
});

bool EqualsLower(const char* s, size_t n, std::string_view lower) {
  if (n != lower.size()) return false;
  for (size_t i = 0; i < n; ++i)
    if (Lower(static_cast<unsigned char>(s[i])) != static_cast<unsigned char>(lower[i]))
      return false;
  return true;
}

// Lowercases s[0, n) into buf (n <= cap); false when too long.
template <size_t Cap>
bool LowerInto(const char* s, size_t n, std::array<char, Cap>* buf) {
  if (n > Cap) return false;
  for (size_t i = 0; i < n; ++i)
    (*buf)[i] = static_cast<char>(Lower(static_cast<unsigned char>(s[i])));
  return true;
}

template <size_t N>
bool InSortedLower(const std::array<std::string_view, N>& table, const char* s, size_t n) {
  std::array<char, 16> buf;
  if (!LowerInto(s, n, &buf)) return false;
  return InSorted(table, std::string_view(buf.data(), n));
}

// ---------------------------------------------------------------------------
// Pass 1: the scanner.

enum TokFlags : uint16_t {
  kSpaceAfter = 1,
  kNeedNorm = 2,  // contains non-ASCII or a backtick: NormalizeToken may change it
  kAbbrev = 4,    // ends with an abbreviation's period
  kTitle = 8,     // ... of an abbreviation that never ends a sentence (Mr., vs.)
  kTerm = 16,     // sentence-final punctuation: . ! ? ... … and runs of them
  kOpen = 32,     // opening bracket or quote
  kClose = 64,    // closing bracket or quote
  kQuote = 128,   // straight quote: opening or closing by its spacing
  kSafe = 256,    // , ; : or a dash: where an over-long sentence may be cut
  kEmoticon = 512,
};

struct Tok {
  uint32_t begin, end;
  uint16_t flags;
  uint8_t nl;  // newlines in the whitespace before the token, capped at 2
};

// One run of word characters inside a word.
struct Seg {
  size_t begin = 0, end = 0;
  uint32_t cps = 0, letters = 0, digits = 0, upper = 0, lead_digits = 0;
  bool nonascii = false;
  bool digits_only() const { return cps > 0 && digits == cps; }
};

// What is known about the word scanned so far.
struct WordState {
  bool numeric = true;        // no letters yet
  bool ascii_letters = true;  // ASCII letters only, no connector
  bool single_segs = true;    // every run is one letter ("U.S")
  bool nonascii = false;
  bool digit_hyphen = false;  // inside a phone number or date with '-'
  bool digit_slash = false;   // inside a date with '/'
  bool host = false;          // a dot kept as in a host or file name
  uint32_t dots = 0, connectors = 0;
  void Add(const Seg& r) {
    if (r.letters || r.nonascii) numeric = false;
    if (r.digits || r.nonascii) ascii_letters = false;
    if (r.cps != 1 || r.letters != 1) single_segs = false;
    nonascii |= r.nonascii;
  }
};

struct Cp {
  char32_t c;
  uint32_t len;
  Kind kind;
};

class Scanner {
 public:
  Scanner(std::string_view text, std::vector<Tok>* out) : s_(text), n_(text.size()), out_(out) {}

  void Run() {
    size_t i = 0;
    int nl = 0;
    while (i < n_) {
      const auto c = static_cast<unsigned char>(s_[i]);
      if (c < 0x80) {
        if (kAscii[c] & kSpaceBit) {
          if (c == '\n' || c == '\v' || (c == '\r' && (i + 1 == n_ || s_[i + 1] != '\n')))
            ++nl;
          else if (c == '\f')
            nl += 2;
          ++i;
          continue;
        }
      } else {
        Cp cp = At(i);
        if (cp.kind == Kind::kSpace) {
          nl += NewlinesOf(cp.c);
          i += cp.len;
          continue;
        }
      }
      bool special = false;
      const size_t j = ChunkEnd(i, &special);
      pending_nl_ = static_cast<uint8_t>(std::min(nl, 2));
      nl = 0;
      chunk_end_ = j;
      Chunk(i, j, special);
      i = j;
    }
  }

 private:
  Cp At(size_t i) const {
    const auto c = static_cast<unsigned char>(s_[i]);
    if (c < 0x80) {
      Kind k = (kAscii[c] & kAlnumBits)  ? Kind::kWord
               : (kAscii[c] & kSpaceBit) ? Kind::kSpace
                                         : Kind::kOther;
      return {c, 1, k};
    }
    size_t len;
    char32_t cp = utf8::Decode(s_, i, &len);
    return {cp, static_cast<uint32_t>(len), Classify(cp)};
  }

  bool IsWordAt(size_t i) const {
    const auto c = static_cast<unsigned char>(s_[i]);
    if (c < 0x80) return IsAsciiAlnum(c);
    return At(i).kind == Kind::kWord;
  }

  // End of the whitespace-free chunk starting at i; sets *special when it
  // may hold a URL or an e-mail address.
  size_t ChunkEnd(size_t i, bool* special) const {
    while (i < n_) {
      const auto c = static_cast<unsigned char>(s_[i]);
      if (c < 0x80) {
        const uint8_t k = kAscii[c];
        if (k & kSpaceBit) break;
        if (k & kAnchorBit) {
          if (c == '@' || (c == ':' && i + 2 < n_ && s_[i + 1] == '/' && s_[i + 2] == '/') ||
              (c == '.' && i >= 3 && EqualsLower(s_.data() + i - 3, 3, "www")))
            *special = true;
        }
        ++i;
        continue;
      }
      Cp cp = At(i);
      if (cp.kind == Kind::kSpace) break;
      i += cp.len;
    }
    return i;
  }

  void Emit(size_t b, size_t e, uint16_t flags) {
    Tok t;
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.flags = flags;
    if (e == chunk_end_ && e < n_) t.flags |= kSpaceAfter;
    t.nl = pending_nl_;
    pending_nl_ = 0;
    out_->push_back(t);
  }

  // --- URLs and e-mail addresses --------------------------------------------

  void Chunk(size_t b, size_t e, bool special) {
    if (!special) {
      Segment(b, e);
      return;
    }
    size_t p = b;
    for (size_t k = b; k < e; ++k) {
      const auto c = static_cast<unsigned char>(s_[k]);
      size_t sb = 0, se = 0;
      bool ok = false;
      if (c == '@') {
        ok = EmailAt(k, p, e, &sb, &se);
      } else if (c == ':' && k + 2 < e && s_[k + 1] == '/' && s_[k + 2] == '/') {
        size_t lb = k;
        while (lb > p && k - lb < 10 && IsAsciiLetter(s_[lb - 1])) --lb;
        if (k - lb >= 3 && (lb == p || !IsAsciiAlnum(s_[lb - 1]))) {
          sb = lb;
          se = UrlEnd(lb, e);
          ok = true;
        }
      } else if (c == '.' && k >= p + 3 && k + 1 < e && EqualsLower(s_.data() + k - 3, 3, "www") &&
                 IsWordAt(k + 1)) {
        const size_t lb = k - 3;
        if (lb == p || !(IsAsciiAlnum(s_[lb - 1]) || s_[lb - 1] == '.')) {
          sb = lb;
          se = UrlEnd(lb, e);
          ok = true;
        }
      }
      if (ok) {
        Segment(p, sb);
        Emit(sb, se, HasNonAscii(sb, se) ? kNeedNorm : 0);
        p = se;
        k = se - 1;
      }
    }
    Segment(p, e);
  }

  bool HasNonAscii(size_t b, size_t e) const {
    for (size_t i = b; i < e; ++i)
      if (static_cast<unsigned char>(s_[i]) >= 0x80) return true;
    return false;
  }

  static bool IsEmailLocal(unsigned char c) {
    return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }
  static bool IsDomainChar(unsigned char c) {
    return IsAsciiAlnum(c) || c == '.' || c == '-' || c == '_';
  }

  // local@domain around the '@' at a, within [p, e).
  bool EmailAt(size_t a, size_t p, size_t e, size_t* sb, size_t* se) const {
    size_t lb = a;
    while (lb > p && a - lb < 64 && IsEmailLocal(s_[lb - 1])) --lb;
    while (lb < a && !IsAsciiAlnum(s_[lb])) ++lb;
    if (lb >= p + 7 && EqualsLower(s_.data() + lb - 7, 7, "mailto:")) lb -= 7;
    size_t re = a + 1;
    while (re < e && re - a < 256 && IsDomainChar(s_[re])) ++re;
    while (re > a + 1 && !IsAsciiAlnum(s_[re - 1])) --re;
    if (lb == a || re == a + 1 || !IsAsciiAlnum(s_[a + 1])) return false;
    *sb = lb;
    *se = re;
    return true;
  }

  // End of a URL starting at b: up to whitespace, <, >, " or a typographic
  // quote, minus trailing punctuation and unbalanced closing brackets.
  size_t UrlEnd(size_t b, size_t e) const {
    const size_t limit = std::min(e, b + kMaxTokenBytes);
    size_t q = b;
    int paren = 0, bracket = 0;
    while (q < limit) {
      const auto c = static_cast<unsigned char>(s_[q]);
      if (c < 0x80) {
        if (c == '<' || c == '>' || c == '"') break;
        if (c == '(') ++paren;
        if (c == ')') --paren;
        if (c == '[') ++bracket;
        if (c == ']') --bracket;
        ++q;
        continue;
      }
      Cp cp = At(q);
      if (cp.kind != Kind::kWord && cp.kind != Kind::kJoin) break;
      q += cp.len;
    }
    while (q > b) {
      const auto c = static_cast<unsigned char>(s_[q - 1]);
      if (std::strchr(".,;:!?'*", c) != nullptr && c != 0) {
        --q;
      } else if (c == ')' && paren < 0) {
        ++paren;
        --q;
      } else if (c == ']' && bracket < 0) {
        ++bracket;
        --q;
      } else {
        break;
      }
    }
    return q;
  }

  // --- ordinary text ----------------------------------------------------------

  void Segment(size_t p, size_t e) {
    while (p < e) {
      const auto c = static_cast<unsigned char>(s_[p]);
      const bool word = c < 0x80 ? IsAsciiAlnum(c) : At(p).kind == Kind::kWord;
      p = word ? Word(p, e) : Punct(p, e);
    }
  }

  // The run of word characters starting at q (ASCII letters and digits, any
  // script's letters, marks and joiners), up to limit.
  Seg ScanRun(size_t q, size_t limit) const {
    Seg r;
    r.begin = q;
    bool lead = true;
    while (q < limit) {
      const auto c = static_cast<unsigned char>(s_[q]);
      if (c < 0x80) {
        const uint8_t k = kAscii[c];
        if (k & kDigitBit) {
          ++r.digits;
          if (lead) ++r.lead_digits;
        } else if (k & (kUpperBit | kLowerBit)) {
          ++r.letters;
          if (k & kUpperBit) ++r.upper;
          lead = false;
        } else {
          break;
        }
        ++r.cps;
        ++q;
        continue;
      }
      Cp cp = At(q);
      if (cp.kind == Kind::kWord) {
        ++r.cps;
        ++r.letters;  // non-ASCII digits count as letters: no number rules for them
        lead = false;
      } else if (cp.kind != Kind::kJoin || r.cps == 0) {
        break;
      }
      r.nonascii = true;
      q += cp.len;
    }
    r.end = q;
    return r;
  }

  static uint32_t Value(const char* s, size_t n) {
    uint32_t v = 0;
    for (size_t i = 0; i < n && i < 6; ++i) v = v * 10 + static_cast<uint32_t>(s[i] - '0');
    return v;
  }

  // Keeps '-' between seg and right?
  bool KeepHyphen(const Seg& seg, const Seg& right, size_t limit, WordState* w) const {
    if (seg.digits_only() && right.digits_only()) {
      // Phone numbers and dates stay whole (713-853-3989, 11-20-2000, 555-1234);
      // ranges and scores split (5-10, 1990-1995).
      if (w->digit_hyphen) return true;
      if (right.end + 1 < limit && s_[right.end] == '-' && IsAsciiDigit(s_[right.end + 1]))
        return w->digit_hyphen = true;
      // 555-1234, x3-5213, 77415-0027
      if ((seg.cps == 3 || seg.cps == 1 || seg.cps == 5) && right.cps == 4)
        return w->digit_hyphen = true;
      return false;
    }
    if (w->host) return true;  // misc.consumers.frugal-living
    if (seg.digits == 0 && !seg.nonascii && seg.cps <= 7)
      return InSortedLower(kHyphenPrefixes, s_.data() + seg.begin, seg.cps);
    return false;
  }

  bool KeepDot(const Seg& seg, const Seg& right, size_t limit, WordState* w) const {
    if (seg.digits_only() && right.lead_digits > 0) return true;  // 3.5, 1.2.3
    if (seg.cps == 1 && seg.letters == 1 && right.cps == 1 && right.letters == 1 && !seg.nonascii &&
        !right.nonascii)
      return true;  // U.S, e.g, a.m
    if (right.nonascii || seg.nonascii) return false;
    // Ph.D
    if (right.cps == 1 && seg.cps == 2 && s_[seg.begin] == 'P' && s_[seg.begin + 1] == 'h' &&
        s_[right.begin] == 'D')
      return true;
    if (right.digits == 0 && right.cps <= 4 &&
        InSortedLower(kDotSuffixes, s_.data() + right.begin, right.cps))
      return w->host = true;  // Amazon.com, report.doc
    const bool lower = seg.upper == 0 && right.upper == 0;
    if (lower && (w->host || (right.end + 1 < limit && s_[right.end] == '.' &&
                              IsAsciiAlnum(s_[right.end + 1]))))
      return w->host = true;  // comp.sources.unix, irc.example.net
    if (right.upper == 0 && w->dots == 0 && seg.digits == 0 && seg.cps <= 4 &&
        InSortedLower(kDotPrefixes, s_.data() + seg.begin, seg.cps))
      return w->host = true;  // alt.animals
    return false;
  }

  bool KeepSlash(const Seg& seg, const Seg& right, size_t limit, WordState* w) const {
    if (seg.digits_only() && right.digits_only()) {
      // Dates stay whole (11/28/2000, 9/11, 5/18); fractions and ranges
      // split (1 / 2, 24 / 7, 19 / 20).
      if (w->digit_slash) return true;
      if (right.end + 1 < limit && s_[right.end] == '/' && IsAsciiDigit(s_[right.end + 1]))
        return w->digit_slash = true;
      if (seg.cps <= 2 && right.cps == 2) {
        uint32_t m = Value(s_.data() + seg.begin, seg.cps);
        uint32_t d = Value(s_.data() + right.begin, right.cps);
        if (m >= 1 && m <= 12 && d <= 31) return true;
      }
      // 713/853-6197
      return seg.cps == 3 && right.cps == 3 && right.end < limit && s_[right.end] == '-';
    }
    if (seg.cps == 1 && seg.letters == 1 && !seg.nonascii) {
      if (right.cps == 1 && right.letters == 1 && !right.nonascii) return true;  // b/c, w/o
      if (Lower(s_[seg.begin]) == 'w' && (EqualsLower(s_.data() + right.begin, right.cps, "o") ||
                                          EqualsLower(s_.data() + right.begin, right.cps, "out")))
        return true;  // w/o, w/out
    }
    return false;
  }

  // Scans a word starting at `start` (a word character) and emits it; returns
  // the position after it.
  size_t Word(size_t start, size_t e) {
    const size_t limit = std::min(e, start + kMaxTokenBytes);
    WordState w;
    size_t q = start;
    Seg run = ScanRun(q, limit);
    for (;;) {
      w.Add(run);
      q = run.end;
      if (q >= limit) break;
      const auto c = static_cast<unsigned char>(s_[q]);
      Cp cp{c, 1, Kind::kOther};
      if (c >= 0x80) cp = At(q);
      if (c == '\'' || c == '`' || cp.kind == Kind::kApos) {
        const size_t alen = cp.len;
        const size_t r0 = q + alen;
        size_t r1 = r0;
        while (r1 < e && r1 - r0 < 3 && IsAsciiLetter(s_[r1])) ++r1;
        const bool more = r1 < e && IsWordAt(r1);
        const int cl = more ? 0 : CliticKind(r0, r1);
        const uint16_t nf = (alen > 1 || c == '`') ? kNeedNorm : 0;
        if (c == '`' && cl != 1) break;  // a backtick only in "mama`s"
        if (cl == 2 && q > start && Lower(s_[q - 1]) == 'n') {
          // n't: "do" "n't", "ca" "n't", "wo" "n't"
          const size_t cut = q - 1;
          if (cut > start) Emit(start, cut, w.nonascii ? kNeedNorm : 0);
          Emit(cut, r1, nf);
          return r1;
        }
        if (cl == 1 || cl == 3) {
          if (w.numeric && cl == 1) {  // "1990's" stays whole
            q = r1;
            w.nonascii |= nf != 0;
            break;
          }
          Emit(start, q, w.nonascii ? kNeedNorm : 0);
          Emit(q, r1, nf);
          return r1;
        }
        if (c != '`' && r0 < limit && IsWordAt(r0)) {  // O'Brien, Shi'ite, п'ять
          w.nonascii |= nf != 0;
          w.ascii_letters = w.numeric = w.single_segs = false;
          ++w.connectors;
          run = ScanRun(r0, limit);
          continue;
        }
        // A trailing apostrophe belongs to the word only in "nothin'".
        if (w.ascii_letters && q - start >= 4 && s_[q - 1] == 'n' && s_[q - 2] == 'i') {
          q = r0;
          w.nonascii |= nf != 0;
        }
        break;
      }
      const size_t r0 = q + cp.len;
      if (r0 >= limit || !IsWordAt(r0)) break;
      const Seg right = ScanRun(r0, limit);
      bool keep = false;
      if (c == '-' || cp.kind == Kind::kHyphen) {
        keep = KeepHyphen(run, right, limit, &w);
      } else if (c == '.') {
        keep = KeepDot(run, right, limit, &w);
        if (keep) ++w.dots;
      } else if (c == ',') {
        // 150,000 and 1,350kg; European decimals 3,40 and 7,5 (as in EWT)
        keep = w.numeric && run.digits_only() &&
               ((right.lead_digits == 3 && right.digits == 3) ||
                (right.digits_only() && right.cps <= 2 && w.connectors == 0));
      } else if (c == ':') {
        keep = run.digits_only() && run.cps <= 2 && right.lead_digits == 2 && right.digits == 2;
      } else if (c == '/') {
        keep = KeepSlash(run, right, limit, &w);
      } else if (c == '&') {
        keep = run.letters == run.cps && run.cps <= 3 && right.letters == right.cps &&
               right.cps <= 3 && !run.nonascii && !right.nonascii;
      } else if (c == '_') {
        keep = true;
      }
      if (!keep) break;
      if (c >= 0x80) w.nonascii = true;
      ++w.connectors;
      if (c != '.') w.single_segs = false;
      if (c != '.' && c != ',' && c != ':') w.numeric = w.numeric && c == '/';
      w.ascii_letters = false;
      run = right;
    }
    return Finish(start, q, e, w);
  }

  // 0: not a clitic; 1: 's; 2: n't (the 't' part); 3: 'm 'd 'll 're 've.
  int CliticKind(size_t r0, size_t r1) const {
    const size_t n = r1 - r0;
    if (n == 1) {
      const unsigned char a = Lower(s_[r0]);
      if (a == 's') return 1;
      if (a == 't') return 2;
      if (a == 'm' || a == 'd') return 3;
      return 0;
    }
    if (n == 2) {
      const unsigned char a = Lower(s_[r0]), b = Lower(s_[r0 + 1]);
      if ((a == 'l' && b == 'l') || (a == 'r' && b == 'e') || (a == 'v' && b == 'e')) return 3;
    }
    return 0;
  }

  // Is the word after the chunk ending at q (after spaces on the same line)
  // one of `table`?
  template <size_t N>
  bool NextWordIn(size_t q, size_t e, const std::array<std::string_view, N>& table) const {
    if (q != e) return false;
    size_t k = q;
    while (k < n_ && k < q + 4 && (s_[k] == ' ' || s_[k] == '\t')) ++k;
    size_t m = k;
    while (m < n_ && m < k + 12 && IsAsciiLetter(s_[m])) ++m;
    if (m == k || (m < n_ && IsWordAt(m))) return false;
    return InSortedLower(table, s_.data() + k, m - k);
  }

  // Where the apostrophe-less contraction s_[start, start + len) splits
  // ("dont" -> 2), or 0.
  size_t ContractionCut(size_t start, size_t len) const {
    const unsigned char c0 = Lower(s_[start]);
    if (c0 < 'a' || c0 > 'z' || !((kContractionLengths[c0 - 'a'] >> len) & 1)) return 0;
    std::array<char, 8> buf;
    if (!LowerInto(s_.data() + start, len, &buf)) return 0;
    const std::string_view lw(buf.data(), len);
    auto it = std::lower_bound(kContractions.begin(), kContractions.end(), Contraction{lw, 0});
    if (it == kContractions.end() || it->word != lw) return 0;
    if (lw == "im" && s_[start + 1] != 'm') return 0;  // "IM" (instant message)
    return it->cut;
  }

  bool CurrencyBefore(size_t start) const {
    if (out_->empty() || out_->back().end != start) return false;
    const Tok& t = out_->back();
    std::string_view f = s_.substr(t.begin, t.end - t.begin);
    return f == "$" || f == "\xE2\x82\xAC" || f == "\xC2\xA3" || f == "\xC2\xA5";
  }

  // Emits the word [start, q) with its unit suffix, contraction or
  // abbreviation period handled; returns the position after what it emitted.
  size_t Finish(size_t start, size_t q, size_t e, const WordState& w) {
    const uint16_t flags = w.nonascii ? kNeedNorm : 0;
    const size_t len = q - start;
    // A unit after a number: "122mm" -> "122" "mm".
    if (!w.numeric && !w.nonascii && IsAsciiDigit(s_[start])) {
      size_t k = start;
      while (k < q && (IsAsciiDigit(s_[k]) || s_[k] == '.' || s_[k] == ',' || s_[k] == ':')) ++k;
      size_t m = k;
      while (m < q && IsAsciiLetter(s_[m])) ++m;
      if (k > start && k < q && m == q && IsAsciiDigit(s_[k - 1])) {
        bool upper = true;
        for (size_t i = k; i < q; ++i)
          upper = upper && (kAscii[static_cast<unsigned char>(s_[i])] & kUpperBit);
        const std::string_view suffix = s_.substr(k, q - k);
        bool unit;
        if (!upper)
          unit = InSortedLower(kUnits, suffix.data(), suffix.size());
        else if (suffix.size() == 1)  // "39K", but "86M" only in "$86M"
          unit = suffix == "K" || ((suffix == "M" || suffix == "B") && CurrencyBefore(start));
        else
          unit = InSorted(kUpperUnits, suffix);  // "11AM", but "10MM"
        if (unit) {
          Emit(start, k, 0);
          Emit(k, q, 0);
          return q;
        }
      }
    }
    // Contractions without an apostrophe: "dont" -> "do" "nt".
    if (w.ascii_letters && w.connectors == 0 && len >= 2 && len <= 8) {
      if ((EqualsLower(s_.data() + start, len, "its") && NextWordIn(q, e, kItsNext)) ||
          (EqualsLower(s_.data() + start, len, "lets") && NextWordIn(q, e, kLetsNext))) {
        Emit(start, q - 1, 0);
        Emit(q - 1, q, 0);
        return q;
      }
      if (const size_t cut = ContractionCut(start, len)) {
        Emit(start, start + cut, 0);
        Emit(start + cut, q, 0);
        return q;
      }
    }
    // An abbreviation keeps its period: "Gen.", "U.S.", "No. 5", "J.".
    if (q < e && s_[q] == '.' && !w.nonascii &&
        !(q + 2 < e && s_[q + 1] == '.' && s_[q + 2] == '.')) {
      const uint16_t ab = AbbrevFlags(start, q, w);
      if (ab != 0) {
        Emit(start, q + 1, flags | ab);
        return q + 1;
      }
    }
    // "Yahoo!", "US$", "C$"
    if (q < e && ((s_[q] == '!' && s_.substr(start, len) == "Yahoo") ||
                  (s_[q] == '$' && len <= 3 && w.ascii_letters &&
                   std::all_of(s_.begin() + start, s_.begin() + q, [](char ch) {
                     return (kAscii[static_cast<unsigned char>(ch)] & kUpperBit) != 0;
                   })))) {
      Emit(start, q + 1, 0);
      return q + 1;
    }
    // "w/" (with)
    if (len == 1 && Lower(s_[start]) == 'w' && q < e && s_[q] == '/') {
      Emit(start, q + 1, 0);
      return q + 1;
    }
    Emit(start, q, flags);
    return q;
  }

  uint16_t AbbrevFlags(size_t start, size_t q, const WordState& w) const {
    const size_t len = q - start;
    const std::string_view word = s_.substr(start, len);
    if (w.single_segs && w.dots >= 1) {
      if (EqualsLower(word.data(), len, "e.g") || EqualsLower(word.data(), len, "i.e"))
        return kAbbrev | kTitle;
      return kAbbrev;
    }
    if (len == 1) return (kAscii[static_cast<unsigned char>(word[0])] & kUpperBit) ? kAbbrev : 0;
    if (word == "Ph.D") return kAbbrev;
    if (w.connectors > 0 || !w.ascii_letters) return 0;
    if (InSorted(kTitles, word)) return kAbbrev | kTitle;
    if (InSorted(kAbbrevs, word)) return kAbbrev;
    if (word == "No" || word == "no" || word == "Nos" || word == "Nr") {
      // "No. 5", "No. #3", but "I said no."
      size_t k = q + 1;
      while (k < n_ && k < q + 8 && (kAscii[static_cast<unsigned char>(s_[k])] & kSpaceBit)) ++k;
      if (k < n_ && (IsAsciiDigit(s_[k]) || s_[k] == '#')) return kAbbrev | kTitle;
    }
    return 0;
  }

  // --- punctuation and symbols ----------------------------------------------

  size_t Emoticon(size_t p, size_t e) const {
    for (std::string_view emo : kEmoticons) {
      if (e - p < emo.size() || s_.compare(p, emo.size(), emo) != 0) continue;
      size_t q = p + emo.size();
      const char last = emo.back();
      if (last == ')' || last == '(') {
        while (q < e && q < p + kMaxTokenBytes && s_[q] == last) ++q;  // ":)))"
      }
      if (q < e && IsWordAt(q)) continue;
      if (emo == "(:" && q != e) continue;
      return q - p;
    }
    return 0;
  }

  size_t RunOf(size_t p, size_t limit, unsigned char c) const {
    size_t q = p + 1;
    while (q < limit && static_cast<unsigned char>(s_[q]) == c) ++q;
    return q;
  }

  // An apostrophe (ASCII or ’, alen bytes) at the start of a token.
  size_t Apostrophe(size_t p, size_t e, size_t alen) {
    const uint16_t nf = alen > 1 ? kNeedNorm : 0;
    const size_t r0 = p + alen;
    // '' and ’’ used as quotes
    if (r0 + alen <= e && s_.compare(r0, alen, s_, p, alen) == 0) {
      size_t q = r0 + alen;
      while (q + alen <= e && q - p < 12 && s_.compare(q, alen, s_, p, alen) == 0) q += alen;
      Emit(p, q, kQuote | nf);
      return q;
    }
    // '72, ’90s
    if (r0 + 1 < e && IsAsciiDigit(s_[r0]) && IsAsciiDigit(s_[r0 + 1]) &&
        (r0 + 2 == e || !IsAsciiDigit(s_[r0 + 2]))) {
      size_t q = r0 + 2;
      if (q < e && s_[q] == 's') ++q;
      if (q == e || !IsWordAt(q)) {
        Emit(p, q, nf);
        return q;
      }
    }
    // a clitic standing alone: "Bush 's"
    size_t r1 = r0;
    while (r1 < e && r1 - r0 < 3 && IsAsciiLetter(s_[r1])) ++r1;
    const int cl = CliticKind(r0, r1);
    if ((cl == 1 || cl == 3) && (r1 == e || !IsWordAt(r1))) {
      Emit(p, r1, nf);
      return r1;
    }
    Emit(p, r0, kQuote | nf);
    return r0;
  }

  size_t Punct(size_t p, size_t e) {
    const size_t limit = std::min(e, p + kMaxTokenBytes);
    const auto c = static_cast<unsigned char>(s_[p]);
    if (c < 0x80) {
      if ((kAscii[c] & kEmoBit) && p + 1 < e &&
          (kAscii[static_cast<unsigned char>(s_[p + 1])] & kEmo2Bit)) {
        if (size_t m = Emoticon(p, e)) {
          Emit(p, p + m, kEmoticon);
          return p + m;
        }
      }
      size_t q;
      switch (c) {
        case '.':
          q = RunOf(p, limit, '.');
          // ".doc" written apart from its file name
          if (q == p + 1 && q < e && IsAsciiLetter(s_[q])) {
            const Seg r = ScanRun(q, limit);
            if (r.digits == 0 && !r.nonascii && r.cps <= 4 && (r.end == e || !IsWordAt(r.end)) &&
                InSortedLower(kDotSuffixes, s_.data() + q, r.cps)) {
              Emit(p, r.end, 0);
              return r.end;
            }
          }
          // "..." stays apart from a following "?" (EWT: "... ?"), ".?" and
          // "?!" are one token.
          if (q - p == 1) {
            while (q < limit && (s_[q] == '.' || s_[q] == '!' || s_[q] == '?')) ++q;
          }
          Emit(p, q, kTerm);
          return q;
        case '!':
        case '?':
          q = p + 1;
          while (q < limit && (s_[q] == '.' || s_[q] == '!' || s_[q] == '?')) ++q;
          Emit(p, q, kTerm);
          return q;
        case '+':
          if (p + 1 < e && IsAsciiDigit(s_[p + 1])) {  // +44 (phone prefix)
            q = p + 1;
            while (q < limit && IsAsciiDigit(s_[q])) ++q;
            Emit(p, q, 0);
            return q;
          }
          break;
        case '\'':
          return Apostrophe(p, e, 1);
        case '`':
          if (p + 1 < e && s_[p + 1] == '`') {
            Emit(p, p + 2, kOpen | kNeedNorm);
            return p + 2;
          }
          if (p + 1 < e && Lower(s_[p + 1]) == 's' && (p + 2 == e || !IsWordAt(p + 2))) {
            Emit(p, p + 2, kNeedNorm);  // "mama `s"
            return p + 2;
          }
          Emit(p, p + 1, kQuote);
          return p + 1;
        case '"':
          Emit(p, p + 1, kQuote);
          return p + 1;
        case '(':
        case '[':
        case '{':
          Emit(p, p + 1, kOpen);
          return p + 1;
        case ')':
        case ']':
        case '}':
          Emit(p, p + 1, kClose);
          return p + 1;
        case ',':
        case ';':
        case ':':
          q = RunOf(p, limit, c);
          Emit(p, q, kSafe);
          return q;
        case '#':
          if (p + 1 < e && IsAsciiLetter(s_[p + 1])) {  // #hashtag
            q = p + 1;
            while (q < limit && (IsAsciiAlnum(s_[q]) || s_[q] == '_')) ++q;
            Emit(p, q, 0);
            return q;
          }
          break;
        case '@':
          if (p + 1 < e && (IsAsciiLetter(s_[p + 1]) || s_[p + 1] == '_')) {  // @handle
            q = p + 1;
            while (q < limit && (IsAsciiAlnum(s_[q]) || s_[q] == '_' ||
                                 (s_[q] == '.' && q + 1 < limit && IsAsciiAlnum(s_[q + 1]))))
              ++q;
            Emit(p, q, 0);
            return q;
          }
          break;
        default:
          break;
      }
      if (kAscii[c] & kLineBit) {  // "-", "--", "-----", "==>", "****"
        q = p + 1;
        if (c == '<' && q < e && s_[q] == '>') {  // "<>" is two tokens in EWT
          Emit(p, q, 0);
          return q;
        }
        while (q < limit && (kAscii[static_cast<unsigned char>(s_[q])] & kLineBit)) ++q;
        Emit(p, q, (c == '-' && q - p >= 2) ? kSafe : 0);
        return q;
      }
      q = RunOf(p, limit, c);
      Emit(p, q, 0);
      return q;
    }
    const Cp cp = At(p);
    const size_t r0 = p + cp.len;
    switch (cp.kind) {
      case Kind::kApos:
        return Apostrophe(p, e, cp.len);
      case Kind::kOpenSingle:
        if (r0 < e && At(r0).kind == Kind::kApos) {  // ‘’ used as a quote
          const size_t q = r0 + At(r0).len;
          Emit(p, q, kQuote | kNeedNorm);
          return q;
        }
        Emit(p, r0, kOpen | kNeedNorm);
        return r0;
      case Kind::kOpenQuote:
      case Kind::kCloseQuote:
      case Kind::kDash:
      case Kind::kHyphen:
      case Kind::kEllipsis: {
        size_t q = r0;
        while (q + cp.len <= limit && s_.compare(q, cp.len, s_, p, cp.len) == 0) q += cp.len;
        uint16_t f = kNeedNorm;
        if (cp.kind == Kind::kOpenQuote) f |= kOpen;
        if (cp.kind == Kind::kCloseQuote) f |= kClose;
        if (cp.kind == Kind::kDash) f |= kSafe;
        if (cp.kind == Kind::kEllipsis) {
          f |= kTerm;
          while (q < limit && s_[q] == '.') ++q;  // "…." but "… ?" as with "... ?"
        }
        Emit(p, q, f);
        return q;
      }
      default:
        break;
    }
    // Any other symbol: a run of the same code point plus what attaches to it
    // (variation selectors, skin tones, ZWJ sequences).
    size_t q = r0;
    if (cp.c >= 0x1F1E6 && cp.c <= 0x1F1FF && q < limit) {  // a flag: two regional indicators
      const Cp nx = At(q);
      if (nx.c >= 0x1F1E6 && nx.c <= 0x1F1FF) q += nx.len;
    }
    while (q < limit) {
      const Cp nx = At(q);
      if (nx.kind == Kind::kJoin) {
        q += nx.len;
        if (nx.c == 0x200D && q < limit) {
          const Cp n2 = At(q);
          if (n2.kind == Kind::kOther && n2.c >= 0x80) q += n2.len;
        }
        continue;
      }
      if (nx.c != cp.c) break;
      q += nx.len;
    }
    Emit(p, q, kNeedNorm);
    return q;
  }

  std::string_view s_;
  size_t n_;
  std::vector<Tok>* out_;
  size_t chunk_end_ = 0;
  uint8_t pending_nl_ = 0;
};

// ---------------------------------------------------------------------------
// Pass 2: sentences, and the tokens into the Doc.

class Builder {
 public:
  Builder(const std::vector<Tok>& toks, Doc* doc) : toks_(toks), doc_(doc), text_(doc->text()) {}

  void Run() {
    for (size_t i = 1; i < toks_.size(); ++i) {
      const bool brk = BreakBefore(i);
      Add(toks_[i - 1], brk);
      if (brk) Close();
    }
    if (!toks_.empty()) Add(toks_.back(), true);
    Close();
  }

 private:
  uint32_t FirstCp(const Tok& t) const {
    const auto c = static_cast<unsigned char>(text_[t.begin]);
    if (c < 0x80) return c;
    size_t len;
    return utf8::Decode(text_, t.begin, &len);
  }

  bool StartsLower(const Tok& t) const {
    const uint32_t c = FirstCp(t);
    if (c < 0x80) return kAscii[c] & kLowerBit;
    return u_islower(static_cast<UChar32>(c));
  }

  bool IsCloser(size_t j) const {
    const Tok& t = toks_[j];
    if (t.flags & kClose) return true;
    return (t.flags & kQuote) && j > 0 && !(toks_[j - 1].flags & kSpaceAfter);
  }

  // Can token t begin a sentence after . ! ? (a capital, digit, opening
  // quote or bracket)?
  bool StartsSentence(const Tok& t) const {
    if (t.flags & (kOpen | kQuote)) return true;
    const uint32_t c = FirstCp(t);
    if (c < 0x80) return (kAscii[c] & (kUpperBit | kDigitBit)) || c == '$' || c == '#' || c == '@';
    const auto u = static_cast<UChar32>(c);
    if (u_isupper(u) || u_istitle(u)) return true;
    if (u_isalpha(u)) return !u_islower(u);  // scripts without case
    return u_isdigit(u) || u_charType(u) == U_CURRENCY_SYMBOL;
  }

  bool IsStarter(const Tok& t) const {
    return InSorted(kStarters, std::string_view(text_).substr(t.begin, t.end - t.begin));
  }

  bool BreakBefore(size_t i) const {
    const Tok& nx = toks_[i];
    if (nx.nl >= 2) return true;
    if (nx.nl == 0 && IsCloser(i)) return false;  // closing quotes stay with the sentence
    size_t j = i - 1;
    for (int steps = 0; j > 0 && steps < 4 && IsCloser(j); ++steps) --j;
    const Tok& t = toks_[j];
    const bool term = t.flags & kTerm;
    if (nx.nl == 1) {
      // A line break ends a sentence (headline, dateline, list item) unless
      // the text runs on in lower case or after a title ("Mr.").
      if (t.flags & kTitle) return false;
      return term || !StartsLower(nx);
    }
    if (term) {
      if (StartsSentence(nx)) return true;
      // Web text often starts sentences in lower case: in EWT train a
      // lower-case word after a spaced "." "?" "!" starts a sentence 92% of
      // the time (after "..." only 9%).
      const auto first = static_cast<unsigned char>(text_[t.begin]);
      return (toks_[i - 1].flags & kSpaceAfter) && StartsLower(nx) &&
             (first != '.' || t.end - t.begin == 1) && first < 0x80;
    }
    if ((t.flags & kAbbrev) && !(t.flags & kTitle)) {
      // "etc." is never followed by a name: any capital starts a sentence.
      const std::string_view f = std::string_view(text_).substr(t.begin, t.end - t.begin);
      if (f == "etc." || f == "ect.") return StartsSentence(nx) && !(nx.flags & kQuote);
      return IsStarter(nx);
    }
    // An emoticon or the ">" closing an e-mail address before a capital ends
    // a sentence in EWT (71%, 90%).
    if ((t.flags & kEmoticon) || text_[t.begin] == '>')
      return StartsSentence(nx) && !(nx.flags & kQuote);
    return false;
  }

  // Appends token t; `ends` says a sentence ends after it, in which case an
  // abbreviation gives up its period ("etc." -> "etc" ".").
  void Add(const Tok& t, bool ends) {
    std::string_view norm;
    if (t.flags & kNeedNorm)
      norm = NormalizeToken(std::string_view(text_).substr(t.begin, t.end - t.begin), &scratch_);
    if (ends && (t.flags & kAbbrev) && t.end - t.begin >= 2) {
      doc_->AddToken(t.begin, t.end - 1, {}, false);
      Count(false);
      doc_->AddToken(t.end - 1, t.end, {}, t.flags & kSpaceAfter);
      Count(true);
      return;
    }
    doc_->AddToken(t.begin, t.end, norm, t.flags & kSpaceAfter);
    Count((t.flags & (kTerm | kSafe)) != 0);
  }

  // Bookkeeping after a token: cut an over-long sentence, preferably after
  // the last , ; : or dash in its second half.
  void Count(bool safe) {
    const auto n = static_cast<uint32_t>(doc_->num_tokens());
    if (safe) last_safe_ = n;
    if (n - first_ < kMaxSentenceTokens) return;
    uint32_t cut = last_safe_ > first_ + kMaxSentenceTokens / 2 ? last_safe_ : n;
    doc_->AddSentence(first_, cut);
    first_ = cut;
    last_safe_ = 0;
  }

  void Close() {
    const auto n = static_cast<uint32_t>(doc_->num_tokens());
    if (n > first_) doc_->AddSentence(first_, n);
    first_ = n;
    last_safe_ = 0;
  }

  const std::vector<Tok>& toks_;
  Doc* doc_;
  const std::string& text_;
  std::string scratch_;
  uint32_t first_ = 0, last_safe_ = 0;
};

}  // namespace

bool IsSpace(char32_t c) {
  if (c < 0x80) return kAscii[c] & kSpaceBit;
  return Classify(c) == Kind::kSpace;
}

void Tokenize(Doc* doc) {
  doc->ClearLayers();
  std::string_view text = doc->text();
  constexpr size_t kMaxText = std::numeric_limits<uint32_t>::max() - 1;
  if (text.size() > kMaxText) {
    doc->warnings.push_back("text longer than 4 GiB: tokenized only the first 4 GiB");
    text = text.substr(0, kMaxText);
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80)
      text.remove_suffix(1);
  }
  std::vector<Tok> toks;
  toks.reserve(text.size() / 5 + 16);
  Scanner(text, &toks).Run();
  doc->ReserveTokens(toks.size() + toks.size() / 32 + 1);
  Builder(toks, doc).Run();
}

std::string_view NormalizeToken(std::string_view form, std::string* scratch) {
  size_t i = 0;
  while (i < form.size() && static_cast<unsigned char>(form[i]) < 0x80 && form[i] != '`') ++i;
  if (i == form.size()) return form;
  scratch->assign(form.data(), i);
  bool changed = false;
  while (i < form.size()) {
    const auto c = static_cast<unsigned char>(form[i]);
    if (c < 0x80) {
      if (c == '`' && i + 1 < form.size() && IsAsciiLetter(form[i + 1])) {
        scratch->push_back('\'');
        changed = true;
      } else {
        scratch->push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    size_t len;
    const char32_t cp = utf8::Decode(form, i, &len);
    std::string_view rep;
    bool replace = true;
    switch (cp) {
      case 0x2018:
      case 0x2019:
      case 0x201A:
      case 0x201B:
      case 0x2032:
        rep = "'";
        break;
      case 0x201C:
      case 0x201D:
      case 0x201E:
      case 0x201F:
      case 0x2033:
      case 0xAB:
      case 0xBB:
        rep = "\"";
        break;
      case 0x2010:
      case 0x2011:
      case 0x2012:
      case 0x2013:
      case 0x2212:
        rep = "-";
        break;
      case 0x2014:
      case 0x2015:
        rep = "--";
        break;
      case 0x2026:
        rep = "...";
        break;
      case 0xAD:
        rep = "";
        break;
      default:
        replace = false;
    }
    if (replace) {
      scratch->append(rep);
      changed = true;
    } else {
      scratch->append(form.substr(i, len));
    }
    i += len;
  }
  if (!changed) return form;
  return *scratch;
}

}  // namespace sitrep::text
