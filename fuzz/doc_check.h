// Invariants the fuzzers check on what the parsers and the tokenizer produce.
// A violation prints what failed (with the offending offsets) to stderr and
// calls abort(), which libFuzzer and the smoke driver report as a crash and
// save the input for.
#pragma once

#include <cstddef>
#include <string_view>

#include "sitrep/doc.h"

namespace sitrep::fuzz {

// Prints "fuzz check failed: <what> (a, b)" and aborts.
[[noreturn]] void Fail(const char* what, size_t a, size_t b);

// What the ingest readers promise for every Doc they hand out: the text is
// valid UTF-8 in NFC with "\n" line ends and no NUL byte; the metadata
// strings are valid UTF-8 too (records are written as JSON).
void CheckIngestedDoc(const Doc& doc);

// What text::Tokenize promises for a valid UTF-8 text:
//  - tokens are non-empty, in text order, non-overlapping and inside text();
//  - token boundaries fall on code-point boundaries and the code-point
//    offsets agree with the byte offsets;
//  - tokens hold no whitespace (text::IsSpace) and everything between tokens
//    is whitespace (nothing is dropped);
//  - space_after(i) is true exactly when whitespace follows token i;
//  - norm(i) == NormalizeToken(form(i)) for tokens with non-ASCII text
//    (see doc_check.cc for the two exceptions);
//  - sentences are non-empty, at most kMaxSentenceTokens long, and cover the
//    tokens in order without gaps, so every token is in exactly one sentence.
void CheckTokenized(const Doc& doc);

}  // namespace sitrep::fuzz

#define SITREP_FUZZ_CHECK(cond, a, b)                                                         \
  do {                                                                                        \
    if (!(cond)) ::sitrep::fuzz::Fail(#cond, static_cast<size_t>(a), static_cast<size_t>(b)); \
  } while (0)
