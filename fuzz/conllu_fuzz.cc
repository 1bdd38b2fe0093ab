// Fuzzes the CoNLL-U reader (treebanks are outside input: downloaded, edited
// by hand, produced by other tools). For every input conllu::ReadString
// accepts: ToDoc (plain and gold) builds a Doc whose tokens and sentences are
// consistent, Write, WriteSentences and RawText do not crash, and what
// WriteSentences and Write produce reads back with the same sentences and
// words.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "conllu/conllu.h"
#include "core/utf8.h"
#include "fuzz/doc_check.h"
#include "sitrep/doc.h"

namespace {

using sitrep::conllu::Sentence;

// Tokens of a Doc made from CoNLL-U: in text order (words of a multiword
// token may share a span but never go backwards), code-point offsets
// consistent with the byte offsets, sentences covering all tokens in order.
void CheckDocSpans(const sitrep::Doc& doc, const std::vector<Sentence>& sents) {
  const std::string& text = doc.text();
  size_t pos = 0, cps = 0, words = 0;
  for (size_t i = 0; i < doc.num_tokens(); ++i) {
    const size_t b = doc.token_begin(i), e = doc.token_end(i);
    SITREP_FUZZ_CHECK(pos <= b && b <= e && e <= text.size(), i, b);
    cps += sitrep::utf8::CountCodePoints(text.data() + pos, b - pos);
    SITREP_FUZZ_CHECK(doc.token_cp_begin(i) == cps, i, cps);
    SITREP_FUZZ_CHECK(
        doc.token_cp_end(i) == cps + sitrep::utf8::CountCodePoints(text.data() + b, e - b), i,
        doc.token_cp_end(i));
    pos = b;
  }
  SITREP_FUZZ_CHECK(doc.num_sentences() == sents.size(), doc.num_sentences(), sents.size());
  for (size_t s = 0; s < sents.size(); ++s) {
    SITREP_FUZZ_CHECK(doc.sentence_first(s) == words, s, doc.sentence_first(s));
    words += sents[s].words.size();
    SITREP_FUZZ_CHECK(doc.sentence_end(s) == words, s, doc.sentence_end(s));
  }
  SITREP_FUZZ_CHECK(doc.num_tokens() == words, doc.num_tokens(), words);
}

// What was written reads back as the same number of sentences and words.
void CheckReadsBack(const std::string& written, const std::vector<Sentence>& sents) {
  auto again = sitrep::conllu::ReadString(written, "written.conllu");
  SITREP_FUZZ_CHECK(again.ok(), again.status().message().size(), written.size());
  SITREP_FUZZ_CHECK(again->size() == sents.size(), again->size(), sents.size());
  for (size_t s = 0; s < sents.size(); ++s)
    SITREP_FUZZ_CHECK((*again)[s].words.size() == sents[s].words.size(), s,
                      (*again)[s].words.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto read = sitrep::conllu::ReadString(input, "fuzz.conllu");
  if (!read.ok()) {
    SITREP_FUZZ_CHECK(read.status().message().starts_with("fuzz.conllu:"),
                      read.status().message().size(), 0);
    return 0;
  }
  const std::vector<Sentence>& sents = read.value();

  std::ostringstream raw;
  sitrep::conllu::WriteSentences(sents, 0, sents.size(), raw);
  CheckReadsBack(raw.str(), sents);
  (void)sitrep::conllu::RawText(sents, 0, sents.size());

  for (const bool gold : {false, true}) {
    sitrep::Doc doc;
    sitrep::conllu::ToDoc(sents, 0, sents.size(), gold, &doc);
    CheckDocSpans(doc, sents);
    std::ostringstream out;
    sitrep::conllu::Write(doc, out);
    CheckReadsBack(out.str(), sents);
  }
  // A sub-range, as training and evaluation use it.
  if (sents.size() >= 2) {
    sitrep::Doc doc;
    sitrep::conllu::ToDoc(sents, 1, sents.size(), true, &doc);
    (void)sitrep::conllu::RawText(sents, 1, sents.size());
  }
  return 0;
}
