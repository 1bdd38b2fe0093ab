#include "text/span_eval.h"

#include <gtest/gtest.h>

#include "conllu/conllu.h"
#include "text/tokenizer.h"

namespace sitrep::text {
namespace {

constexpr char kSample[] =
    "# newdoc id = d1\n"
    "# newpar\n"
    "# sent_id = s1\n"
    "# text = They don't know.\n"
    "1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# sent_id = s2\n"
    "# text = Stay home\n"
    "1\tStay\tstay\tVERB\tVB\t_\t0\troot\t_\t_\n"
    "2\thome\thome\tADV\tRB\t_\t1\tadvmod\t_\t_\n"
    "\n";

// A Doc with the given text and tokens at byte spans, in one sentence per
// entry of `sentence_sizes`.
Doc Make(std::string text, const std::vector<std::pair<uint32_t, uint32_t>>& spans,
         const std::vector<uint32_t>& sentence_sizes) {
  Doc doc;
  doc.SetText(std::move(text));
  for (auto [b, e] : spans) doc.AddToken(b, e, {}, true);
  uint32_t first = 0;
  for (uint32_t n : sentence_sizes) {
    doc.AddSentence(first, first + n);
    first += n;
  }
  return doc;
}

TEST(SpanEval, ScoresArithmetic) {
  SpanScores s;
  EXPECT_EQ(s.precision(), 0.0);
  EXPECT_EQ(s.recall(), 0.0);
  EXPECT_EQ(s.f1(), 0.0);
  s = {10, 8, 6};
  EXPECT_DOUBLE_EQ(s.precision(), 0.75);
  EXPECT_DOUBLE_EQ(s.recall(), 0.6);
  EXPECT_DOUBLE_EQ(s.f1(), 2 * 0.75 * 0.6 / 1.35);
  s += SpanScores{1, 1, 1};
  EXPECT_EQ(s.gold, 11u);
  EXPECT_EQ(s.correct, 7u);
}

TEST(SpanEval, IgnoresWhitespaceDifferences) {
  // gold "ab c" tokens [ab][c]; pred "ab\n\n  c" tokens [a][b][c].
  Doc gold = Make("ab c", {{0, 2}, {3, 4}}, {2});
  Doc pred = Make("ab\n\n  c", {{0, 1}, {1, 2}, {6, 7}}, {2, 1});
  auto t = TokenScores(gold, pred);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->gold, 2u);
  EXPECT_EQ(t->pred, 3u);
  EXPECT_EQ(t->correct, 1u);  // only "c"
  auto s = SentenceScores(gold, pred);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->gold, 1u);
  EXPECT_EQ(s->pred, 2u);
  EXPECT_EQ(s->correct, 0u);
}

TEST(SpanEval, MultiwordTokensAreTwoSpans) {
  auto sents = conllu::ReadString(kSample, "sample");
  ASSERT_TRUE(sents.ok()) << sents.status().ToString();
  Doc gold, pred;
  conllu::ToDoc(*sents, 0, sents->size(), false, &gold);
  pred.SetText(conllu::RawText(*sents, 0, sents->size()));
  Tokenize(&pred);
  auto t = TokenScores(gold, pred);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->gold, 7u);  // They do n't know . Stay home
  EXPECT_EQ(t->pred, 7u);
  EXPECT_EQ(t->correct, 7u);
  auto s = SentenceScores(gold, pred);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->gold, 2u);
  EXPECT_EQ(s->correct, 2u);

  // Merging the two words loses both spans and gains one wrong one.
  Doc merged = Make(pred.text(), {{0, 4}, {5, 10}, {11, 15}, {15, 16}, {17, 21}, {22, 26}}, {4, 2});
  auto m = TokenScores(gold, merged);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->correct, 5u);
  EXPECT_EQ(m->pred, 6u);
}

TEST(SpanEval, RefusesDifferentTexts) {
  Doc gold = Make("ab c", {{0, 2}, {3, 4}}, {2});
  Doc pred = Make("ab d", {{0, 2}, {3, 4}}, {2});
  auto t = TokenScores(gold, pred);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(t.status().message().find("character 2"), std::string::npos) << t.status().message();
  EXPECT_FALSE(SentenceScores(gold, pred).ok());

  Doc shorter = Make("ab", {{0, 2}}, {1});
  auto u = TokenScores(gold, shorter);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().message().find("ends"), std::string::npos) << u.status().message();
}

TEST(SpanEval, NonBreakingSpaceIsWhitespace) {
  Doc gold = Make("a b", {{0, 1}, {2, 3}}, {2});
  Doc pred;
  pred.SetText(
      "a\xC2\xA0"
      "b");
  Tokenize(&pred);
  auto t = TokenScores(gold, pred);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->correct, 2u);
}

}  // namespace
}  // namespace sitrep::text
