// Fuzzes the readers of outside input (plain text, JSONL, HTML) and the
// tokenizer behind them. The first byte picks the reader (byte % 3: 0 text,
// 1 JSONL, 2 HTML); the rest is the input. Every Doc a reader hands out is
// checked against the reader's contract (fuzz/doc_check.h), tokenized, and
// the tokens and sentences are checked too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/doc_check.h"
#include "ingest/reader.h"
#include "sitrep/doc.h"
#include "text/tokenizer.h"

namespace {

using sitrep::Doc;
using sitrep::Status;

void CheckDoc(Doc* doc) {
  sitrep::fuzz::CheckIngestedDoc(*doc);
  sitrep::text::Tokenize(doc);
  sitrep::fuzz::CheckTokenized(*doc);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int mode = data[0] % 3;
  std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  Doc doc;
  switch (mode) {
    case 0: {
      std::vector<std::string> warnings;
      const Status st =
          sitrep::ingest::ReadTextString(std::move(input), "fuzz.txt", &doc, &warnings);
      if (st.ok()) {
        CheckDoc(&doc);
      } else {
        // The message of a refusal is the last warning.
        SITREP_FUZZ_CHECK(!warnings.empty() && warnings.back() == st.message(), warnings.size(),
                          st.message().size());
      }
      break;
    }
    case 1: {
      size_t seen = 0;
      const size_t n = sitrep::ingest::ReadJsonlString(
          std::move(input), "fuzz.jsonl",
          [&](Doc& d) {
            ++seen;
            CheckDoc(&d);
          },
          [](const std::string& warning) { SITREP_FUZZ_CHECK(!warning.empty(), 0, 0); });
      SITREP_FUZZ_CHECK(n == seen, n, seen);
      break;
    }
    default: {
      const Status st = sitrep::ingest::ParseHtml(input, "fuzz.html", &doc);
      if (st.ok()) {
        CheckDoc(&doc);
      } else {
        SITREP_FUZZ_CHECK(!st.message().empty(), 0, 0);
      }
      break;
    }
  }
  return 0;
}
