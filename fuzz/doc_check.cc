#include "fuzz/doc_check.h"

#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/utf8.h"
#include "text/tokenizer.h"

namespace sitrep::fuzz {

void Fail(const char* what, size_t a, size_t b) {
  std::fprintf(stderr, "fuzz check failed: %s (%zu, %zu)\n", what, a, b);
  std::abort();
}

void CheckIngestedDoc(const Doc& doc) {
  const std::string& text = doc.text();
  SITREP_FUZZ_CHECK(utf8::FindInvalid(text) == std::string::npos, utf8::FindInvalid(text),
                    text.size());
  SITREP_FUZZ_CHECK(text.find('\0') == std::string::npos, text.find('\0'), text.size());
  SITREP_FUZZ_CHECK(text.find('\r') == std::string::npos, text.find('\r'), text.size());
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  SITREP_FUZZ_CHECK(U_SUCCESS(err), err, 0);
  const bool normalized =
      nfc->isNormalizedUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), err);
  SITREP_FUZZ_CHECK(U_SUCCESS(err) && normalized, err, text.size());
  for (const std::string* s :
       {&doc.id, &doc.url, &doc.outlet, &doc.title, &doc.published, &doc.language, &doc.source})
    SITREP_FUZZ_CHECK(utf8::FindInvalid(*s) == std::string::npos, utf8::FindInvalid(*s), s->size());
}

namespace {

// Decodes the code point at text[*pos], advances *pos and *cps past it and
// returns whether it is whitespace to the tokenizer.
bool NextIsSpace(std::string_view text, size_t* pos, size_t* cps) {
  size_t len = 0;
  const char32_t c = utf8::Decode(text, *pos, &len);
  SITREP_FUZZ_CHECK(len >= 1, *pos, len);
  *pos += len;
  *cps += 1;
  return text::IsSpace(c);
}

}  // namespace

void CheckTokenized(const Doc& doc) {
  const std::string_view text = doc.text();
  const size_t n = doc.num_tokens();
  std::string scratch;
  size_t pos = 0, cps = 0;  // walk over text(): byte and code-point position
  for (size_t i = 0; i < n; ++i) {
    const size_t b = doc.token_begin(i), e = doc.token_end(i);
    SITREP_FUZZ_CHECK(b < e, i, b);
    SITREP_FUZZ_CHECK(e <= text.size(), i, e);
    SITREP_FUZZ_CHECK(b >= pos, i, b);  // in order, no overlap
    SITREP_FUZZ_CHECK(e - b <= text::kMaxTokenBytes + 16, i, e - b);
    // The gap before the token: whitespace only, ending on a code point start.
    while (pos < b) SITREP_FUZZ_CHECK(NextIsSpace(text, &pos, &cps), i, pos);
    SITREP_FUZZ_CHECK(pos == b, i, b);
    SITREP_FUZZ_CHECK(doc.token_cp_begin(i) == cps, i, doc.token_cp_begin(i));
    // The token itself: no whitespace, ending on a code point boundary.
    while (pos < e) SITREP_FUZZ_CHECK(!NextIsSpace(text, &pos, &cps), i, pos);
    SITREP_FUZZ_CHECK(pos == e, i, e);
    SITREP_FUZZ_CHECK(doc.token_cp_end(i) == cps, i, doc.token_cp_end(i));
    // space_after: whitespace follows exactly when it says so.
    const size_t next = i + 1 < n ? doc.token_begin(i + 1) : text.size();
    SITREP_FUZZ_CHECK(doc.space_after(i) == (next > e), i, next);
    // Not checked: a token whose normal form is empty (a lone soft hyphen;
    // an empty norm means "same as the form"), and ASCII-only tokens, which
    // NormalizeToken changes only for a "`" before a letter: the tokenizer
    // keeps that inside URLs and e-mail addresses without a norm.
    const std::string_view form = doc.form(i);
    const std::string_view norm = text::NormalizeToken(form, &scratch);
    const bool ascii = std::all_of(form.begin(), form.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    SITREP_FUZZ_CHECK(doc.norm(i) == norm || norm.empty() || ascii, i, b);
  }
  while (pos < text.size()) SITREP_FUZZ_CHECK(NextIsSpace(text, &pos, &cps), n, pos);

  // Sentences partition the tokens in order.
  const size_t ns = doc.num_sentences();
  SITREP_FUZZ_CHECK((ns == 0) == (n == 0), ns, n);
  size_t expect_first = 0;
  for (size_t s = 0; s < ns; ++s) {
    const size_t first = doc.sentence_first(s), end = doc.sentence_end(s);
    SITREP_FUZZ_CHECK(first == expect_first, s, first);
    SITREP_FUZZ_CHECK(first < end, s, end);
    SITREP_FUZZ_CHECK(end <= n, s, end);
    SITREP_FUZZ_CHECK(end - first <= text::kMaxSentenceTokens, s, end - first);
    const ByteSpan bytes = doc.sentence_bytes(s);
    SITREP_FUZZ_CHECK(bytes.begin == doc.token_begin(first) && bytes.end == doc.token_end(end - 1),
                      s, bytes.begin);
    const ByteSpan cp = doc.sentence_cps(s);
    SITREP_FUZZ_CHECK(cp.begin == doc.token_cp_begin(first) && cp.end == doc.token_cp_end(end - 1),
                      s, cp.begin);
    expect_first = end;
  }
  SITREP_FUZZ_CHECK(expect_first == n, expect_first, n);
}

}  // namespace sitrep::fuzz
