#include "conllu/conllu.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sitrep::conllu {
namespace {

constexpr char kSample[] =
    "# newdoc id = d1\n"
    "# sent_id = s1\n"
    "# text = They don't know.\n"
    "1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n";

TEST(Conllu, ReadsWordsAndMultiwordTokens) {
  auto sents = ReadString(kSample, "sample");
  ASSERT_TRUE(sents.ok()) << sents.status().ToString();
  ASSERT_EQ(sents->size(), 1u);
  const Sentence& s = (*sents)[0];
  EXPECT_TRUE(s.new_doc);
  EXPECT_EQ(s.text, "They don't know.");
  ASSERT_EQ(s.words.size(), 5u);
  ASSERT_EQ(s.mwts.size(), 1u);
  EXPECT_EQ(s.words[3].head, 0);
  EXPECT_FALSE(s.words[3].space_after);
}

TEST(Conllu, ToDocRebuildsSurfaceText) {
  auto sents = ReadString(kSample, "sample");
  ASSERT_TRUE(sents.ok());
  Doc doc;
  ToDoc(*sents, 0, 1, true, &doc);
  EXPECT_EQ(doc.text(), "They don't know. ");
  ASSERT_EQ(doc.num_tokens(), 5u);
  EXPECT_EQ(doc.form(1), "do");
  EXPECT_EQ(doc.form(2), "n't");
  EXPECT_EQ(doc.lemma(2), "not");
  EXPECT_EQ(doc.head(0), 4);
  std::ostringstream out;
  doc.id = "t";
  Write(doc, out);
  EXPECT_NE(out.str().find("4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No"),
            std::string::npos);
  EXPECT_NE(out.str().find("# text = They don't know."), std::string::npos);
}

TEST(Conllu, WriteSentencesRoundTrips) {
  auto sents = ReadString(kSample, "sample");
  ASSERT_TRUE(sents.ok());
  std::ostringstream out;
  WriteSentences(*sents, 0, sents->size(), out);
  auto again = ReadString(out.str(), "again");
  ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << out.str();
  ASSERT_EQ(again->size(), 1u);
  const Sentence& s = (*again)[0];
  EXPECT_TRUE(s.new_doc);
  EXPECT_EQ(s.text, "They don't know.");
  ASSERT_EQ(s.mwts.size(), 1u);
  EXPECT_EQ(s.mwts[0].form, "don't");
  ASSERT_EQ(s.words.size(), 5u);
  EXPECT_EQ(s.words[2].lemma, "not");
  EXPECT_EQ(s.words[3].head, 0);
  EXPECT_FALSE(s.words[3].space_after);
}

TEST(Conllu, ErrorsNameFileAndLine) {
  auto bad = ReadString("1\tonly\tthree\n", "broken.conllu");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("broken.conllu:1"), std::string::npos);
  auto seq = ReadString("2\ta\ta\tX\tX\t_\t0\troot\t_\t_\n", "seq.conllu");
  ASSERT_FALSE(seq.ok());
  EXPECT_NE(seq.status().message().find("out of sequence"), std::string::npos);
}

}  // namespace
}  // namespace sitrep::conllu
