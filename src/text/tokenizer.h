// Tokenization and sentence splitting following Universal Dependencies
// English-EWT conventions, because the tagger and parser are trained on EWT
// words.
//
// What a token is (see tokenizer_test.cc for the full table):
//   - clitics are split: "don't" -> "do" "n't", "can't" -> "ca" "n't",
//     "Ukraine's" -> "Ukraine" "'s", "I'm" -> "I" "'m" (also with ’ and with
//     the apostrophe left out: "dont" -> "do" "nt"); "cannot", "gonna",
//     "wanna", "gotta" are split too ("gon" "na");
//   - hyphens split words ("full" "-" "fledged", "Ivano" "-" "Frankivsk", as
//     EWT does) except after common prefixes ("e-mail", "non-stop",
//     "anti-war") and inside phone numbers and dates;
//   - numbers stay whole ("150,000", "3.5", "1990s", "7:30", "11/28/2000")
//     but a unit suffix is split off ("122mm" -> "122" "mm", "5pm");
//   - abbreviations keep their period ("U.S.", "Gen.", "a.m.", "No. 5",
//     "J. Smith") unless the period also ends the sentence ("etc." at the end
//     of a sentence is "etc" ".");
//   - URLs, e-mail addresses, @handles, #hashtags, emoticons, "...", "--"
//     and lines of punctuation ("-----") are single tokens; "$5" is "$" "5",
//     "5%" is "5" "%".
// A token never exceeds about kMaxTokenBytes bytes (longer runs are cut).
//
// Sentences end at . ! ? … (and runs like "?!") before a capitalized word,
// digit, quote or bracket, but not after an abbreviation unless the next word
// clearly starts a sentence ("etc. The"); closing quotes and brackets stay in
// the sentence. A blank line always ends a sentence, and so does a single
// newline unless the next line continues in lower case (so headlines and
// datelines are sentences of their own). Sentences longer than
// kMaxSentenceTokens are cut at a comma, semicolon or dash where possible.
//
// Whitespace is every Unicode White_Space character (NBSP, thin space, ...)
// plus U+200B ZERO WIDTH SPACE, U+180E and U+FEFF; control characters count as
// whitespace too. Joiners, soft hyphens and variation selectors stay inside
// tokens.
//
// Cost: one pass over the text with byte tables for ASCII; ICU character
// properties only for non-ASCII code points. Linear time on any input.
// Thread-safety: the functions keep no state; run one per Doc per thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "sitrep/doc.h"

namespace sitrep::text {

inline constexpr size_t kMaxTokenBytes = 1000;
inline constexpr size_t kMaxSentenceTokens = 250;

// Splits doc->text() (valid UTF-8, NFC) into tokens and sentences, replacing
// every existing layer (calls doc->ClearLayers() first). Tokens carry a norm
// when it differs from the surface form (see NormalizeToken). Texts longer
// than 4 GiB are tokenized up to that point and a warning is added.
void Tokenize(Doc* doc);

// The normalized form of a token: typographic quotes folded (“ ” „ « » to ",
// ‘ ’ ‚ to ', a "`" before a letter to '), en dash and hyphen variants to
// "-", em dash to "--", "…" to "...", soft hyphens dropped. Returns `form`
// itself when nothing changes (no copy), else a view of *scratch, which is
// overwritten. Used on training data too, so tagger features agree.
std::string_view NormalizeToken(std::string_view form, std::string* scratch);

// True for the code points the tokenizer treats as whitespace.
bool IsSpace(char32_t c);

}  // namespace sitrep::text
