// Internal to the ingest module: making outside bytes into valid text, and
// recognising inputs that are not text at all.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::ingest {

// Removes a UTF-8 byte-order mark, or converts text that starts with a UTF-16
// byte-order mark to UTF-8. Returns true when a byte-order mark was found.
bool DecodeBom(std::string* data);

// Why `data` yields no document — "empty file; skipped — …" or "looks like a
// binary file (PNG image); skipped — …" — or "" when it is text. Looks at the
// first 8 KB only (plus a scan for non-whitespace).
std::string WhyNotText(std::string_view data);

// What was changed to make a text valid.
struct Repairs {
  size_t invalid_bytes = 0;  // invalid UTF-8 bytes replaced by U+FFFD
  size_t nul_bytes = 0;      // NUL bytes replaced by spaces
  size_t nfc_bytes_before = 0, nfc_bytes_after = 0;
  bool nfc = false;  // the text was not in NFC and was normalized
};

// Invalid UTF-8 → U+FFFD, NUL → space (utf8::Sanitize), counted into *r.
void SanitizeBytes(std::string* s, Repairs* r);
// CR LF and lone CR → LF.
void NormalizeNewlines(std::string* s);
// Normalizes valid UTF-8 to NFC with ICU. Returns true when the text changed.
bool ToNfc(std::string* s);
// SanitizeBytes, NormalizeNewlines and ToNfc, in that order; linear time.
void RepairText(std::string* s, Repairs* r);
// Appends one warning per kind of repair, each "<where>: …".
void AppendRepairWarnings(const Repairs& r, std::string_view where, std::vector<std::string>* out);

inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Byte length of the whitespace at s[i]: 1 for ASCII whitespace, 2 for U+00A0
// (no-break space, &nbsp;), 0 for anything else.
inline size_t SpaceWidth(std::string_view s, size_t i) {
  if (IsAsciiSpace(s[i])) return 1;
  if (s[i] == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') return 2;
  return 0;
}

// "dir/kharkiv.txt" → "kharkiv"; "-" and "<stdin>" → "stdin".
std::string Stem(std::string_view path);
// True when s holds only ASCII whitespace.
bool IsBlank(std::string_view s);
// Trims ASCII whitespace (and no-break spaces) and collapses inner runs of it to
// one space.
std::string CollapseSpaces(std::string_view s);
std::string AsciiLower(std::string_view s);

}  // namespace sitrep::ingest
