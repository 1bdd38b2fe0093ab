// IOB2 files as Universal NER (UNER) releases them: one token per line,
// tab-separated columns `index  form  tag  ...` (further columns ignored),
// sentences separated by blank lines, `# key = value` comment lines before a
// sentence (`# newdoc id`, `# sent_id`, `# text` are kept). Tags are `O`,
// `B-T` or `I-T` with T one of PER, ORG, LOC.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ner/ner.h"
#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::ner {

struct Iob2Token {
  std::string form, tag;
};

struct Iob2Sentence {
  std::string doc_id;  // from the last `# newdoc id` at or before this sentence
  std::string sent_id, text;
  int line = 0;  // line of the first token, for messages
  std::vector<Iob2Token> tokens;
};

// Reads every sentence of an IOB2 file. Errors name the file and line: a
// token line with fewer than three columns, an empty form, a non-numeric
// index, or a tag that is not O / B-T / I-T with a known type.
Result<std::vector<Iob2Sentence>> ReadIob2(const std::string& path);
Result<std::vector<Iob2Sentence>> ReadIob2String(std::string_view data, const std::string& name);

// The names of one sentence's tags, as conlleval reads them: B-T starts a
// name, I-T continues a name of type T, and an I-T that does not continue one
// starts a new name. Token indices are `offset` + the position in the
// sentence; scores are 1.
void SpansFromTags(const Iob2Sentence& s, uint32_t offset, std::vector<Entity>* out);

// Fills `doc` with sentences [begin, end) of `sents`: one token per IOB2
// token, the text their forms joined by spaces (sentences by newlines), each
// token's norm as the tokenizer would give it (text::NormalizeToken). No
// annotation layers: tag the Doc before recognizing names in it.
void ToDoc(const std::vector<Iob2Sentence>& sents, size_t begin, size_t end, Doc* doc);

}  // namespace sitrep::ner
