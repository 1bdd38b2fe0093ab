// UTF-8 helpers for the hot path: validation, decoding and counting without
// allocation. Unicode-aware work that is not on the hot path (normalization,
// case folding of non-ASCII text) goes through ICU instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sitrep::utf8 {

// Number of code points in s[0, n). Invalid bytes count as one each.
uint32_t CountCodePoints(const char* s, size_t n);

// Decodes the code point at s[i]; sets *len to its byte length (1 for an
// invalid byte, whose value is then U+FFFD).
char32_t Decode(std::string_view s, size_t i, size_t* len);

// Appends the UTF-8 encoding of cp to out.
void Append(char32_t cp, std::string* out);

// Byte offset of the first invalid sequence, or npos when s is valid UTF-8.
size_t FindInvalid(std::string_view s);

// Replaces every invalid sequence with U+FFFD and NUL bytes with a space.
// Returns the number of replacements made.
size_t Sanitize(std::string* s);

}  // namespace sitrep::utf8
