// CoNLL-U (https://universaldependencies.org/format.html): reading treebanks
// for training and evaluation, writing parsed Docs.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::conllu {

struct Word {
  std::string form, lemma, upos, xpos, feats, deprel, misc;
  int head = -1;
  bool space_after = true;
};

// A multiword token ("don't" = words do + n't) spanning words [first, last].
struct MultiwordToken {
  int first = 0, last = 0;  // 1-based word ids, inclusive
  std::string form;
  bool space_after = true;
};

struct Sentence {
  std::string sent_id, text;
  bool new_doc = false, new_par = false;
  int line = 0;  // line of the first word in the file, for messages
  std::vector<Word> words;
  std::vector<MultiwordToken> mwts;
};

// Reads every sentence of a CoNLL-U file. Empty nodes (8.1) are skipped.
// Errors name the file and line.
Result<std::vector<Sentence>> ReadFile(const std::string& path);
Result<std::vector<Sentence>> ReadString(std::string_view data, const std::string& name);

// Fills `doc` with sentences [begin, end): one token per word, text made of
// the word forms joined by their SpaceAfter (a multiword token's words are
// joined by nothing). With `gold`, copies UPOS, XPOS, lemma, head and deprel.
void ToDoc(const std::vector<Sentence>& sents, size_t begin, size_t end, bool gold, Doc* doc);

// The raw text of sentences [begin, end) as UD gives it: `# text` lines,
// joined by a space within a paragraph and a blank line between paragraphs
// (new_par / new_doc).
std::string RawText(const std::vector<Sentence>& sents, size_t begin, size_t end);

// The raw text of each document (sentences from one `newdoc` to the next).
std::vector<std::string> DocumentTexts(const std::vector<Sentence>& sents);

// Writes sentences [begin, end) back as CoNLL-U (words, multiword tokens,
// sent_id, text and newdoc/newpar markers).
void WriteSentences(const std::vector<Sentence>& sents, size_t begin, size_t end,
                    std::ostream& out);

// Writes every sentence of `doc` as CoNLL-U.
void Write(const Doc& doc, std::ostream& out);

}  // namespace sitrep::conllu
