// Fuzzes text::Tokenize directly, without a reader in front. ingest_fuzz only
// reaches the tokenizer with text a reader accepted (no binary-looking input,
// NFC, no control characters to speak of); this target feeds it any valid
// UTF-8 (invalid bytes replaced by U+FFFD, NUL by a space, not normalized),
// so mutations reach every scanner rule quickly. Checks the token and
// sentence invariants (fuzz/doc_check.h), that tokenizing again gives the
// same layers, and that writing the result as CoNLL-U does not crash.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "conllu/conllu.h"
#include "core/utf8.h"
#include "fuzz/doc_check.h"
#include "sitrep/doc.h"
#include "text/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  sitrep::utf8::Sanitize(&text);
  sitrep::Doc doc;
  doc.SetText(std::move(text));
  sitrep::text::Tokenize(&doc);
  sitrep::fuzz::CheckTokenized(doc);

  // Tokenizing again replaces the layers and gives the same result.
  const size_t n = doc.num_tokens(), ns = doc.num_sentences();
  std::vector<uint32_t> spans;
  spans.reserve(2 * n + 2 * ns);
  for (size_t i = 0; i < n; ++i) spans.insert(spans.end(), {doc.token_begin(i), doc.token_end(i)});
  for (size_t s = 0; s < ns; ++s)
    spans.insert(spans.end(), {doc.sentence_first(s), doc.sentence_end(s)});
  sitrep::text::Tokenize(&doc);
  SITREP_FUZZ_CHECK(doc.num_tokens() == n && doc.num_sentences() == ns, doc.num_tokens(), n);
  size_t k = 0;
  for (size_t i = 0; i < n; ++i, k += 2)
    SITREP_FUZZ_CHECK(doc.token_begin(i) == spans[k] && doc.token_end(i) == spans[k + 1], i, k);
  for (size_t s = 0; s < ns; ++s, k += 2)
    SITREP_FUZZ_CHECK(doc.sentence_first(s) == spans[k] && doc.sentence_end(s) == spans[k + 1], s,
                      k);

  std::ostringstream out;
  sitrep::conllu::Write(doc, out);
  return 0;
}
