// Golden test: bundled sample articles → hand-checked sentence boundaries and
// tokens (tests/golden/*.tokens; see the README there).
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ingest/reader.h"
#include "text/tokenizer.h"

namespace {

const std::string kRoot = SITREP_SOURCE_DIR;

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class Golden : public ::testing::TestWithParam<const char*> {};

TEST_P(Golden, SentencesAndTokensMatchTheHandCheckedFile) {
  std::string name = GetParam();
  std::vector<sitrep::Doc> docs;
  sitrep::Status st = sitrep::ingest::ReadInput(
      kRoot + "/samples/" + name + ".txt", {}, [&](sitrep::Doc& d) { docs.push_back(d); },
      [&](const std::string& w) { ADD_FAILURE() << "unexpected warning: " << w; });
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(docs.size(), 1u);
  sitrep::Doc& doc = docs[0];
  sitrep::text::Tokenize(&doc);
  std::vector<std::string> got;
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    std::string line;
    for (uint32_t i = doc.sentence_first(s); i < doc.sentence_end(s); ++i) {
      if (!line.empty()) line += ' ';
      line += doc.form(i);
    }
    got.push_back(line);
  }
  std::vector<std::string> want = Lines(kRoot + "/tests/golden/" + name + ".tokens");
  ASSERT_FALSE(want.empty());
  EXPECT_EQ(got.size(), want.size()) << "sentence count";
  for (size_t i = 0; i < std::min(got.size(), want.size()); ++i)
    EXPECT_EQ(got[i], want[i]) << "sentence " << i + 1;
}

INSTANTIATE_TEST_SUITE_P(Samples, Golden, ::testing::Values("kharkiv-strikes", "port-talks"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
