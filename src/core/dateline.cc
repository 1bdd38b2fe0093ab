#include "core/dateline.h"

#include <string_view>

namespace sitrep {

namespace {

bool AllCapsWord(std::string_view w) {
  bool letter = false;
  for (char c : w) {
    if (c >= 'a' && c <= 'z') return false;
    letter |= c >= 'A' && c <= 'Z';
  }
  return letter;
}

bool Dash(std::string_view w) {
  return w == "-" || w == "--" || w == "\xE2\x80\x94" /* em dash */ || w == "\xE2\x80\x93" /* en */;
}

}  // namespace

size_t DatelineTokens(const Doc& doc) {
  if (doc.num_sentences() == 0) return 0;
  size_t b = doc.sentence_first(0), e = doc.sentence_end(0);
  if (b >= e || !AllCapsWord(doc.form(b))) return 0;
  // At most a dozen tokens: "WASHINGTON, D.C., March 3 (Reuters) -".
  for (size_t t = b + 1; t < e && t < b + 12; ++t) {
    std::string_view w = doc.form(t);
    if (Dash(w)) return t + 1 - b;
    bool ok = AllCapsWord(w) || w == "," || w == "(" || w == ")" || w == "." ||
              (!w.empty() && w[0] >= 'A' && w[0] <= 'Z') ||
              (!w.empty() && w[0] >= '0' && w[0] <= '9');
    if (!ok) return 0;
  }
  return 0;
}

}  // namespace sitrep
