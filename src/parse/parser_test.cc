#include "parse/parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

namespace sitrep::parse {
namespace {

// A small treebank the tests own: short news-style sentences.
constexpr char kFixture[] =
    "# text = Russian forces shelled Kharkiv.\n"
    "1\tRussian\tRussian\tADJ\tJJ\t_\t2\tamod\t_\t_\n"
    "2\tforces\tforce\tNOUN\tNNS\t_\t3\tnsubj\t_\t_\n"
    "3\tshelled\tshell\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "4\tKharkiv\tKharkiv\tPROPN\tNNP\t_\t3\tobj\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "# text = The army took the plant on Friday.\n"
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tarmy\tarmy\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
    "3\ttook\ttake\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_\n"
    "5\tplant\tplant\tNOUN\tNN\t_\t3\tobj\t_\t_\n"
    "6\ton\ton\tADP\tIN\t_\t7\tcase\t_\t_\n"
    "7\tFriday\tFriday\tPROPN\tNNP\t_\t3\tobl\t_\tSpaceAfter=No\n"
    "8\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "# text = Officials denied the report.\n"
    "1\tOfficials\tofficial\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
    "2\tdenied\tdeny\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n"
    "4\treport\treport\tNOUN\tNN\t_\t2\tobj\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n";

std::string WriteFixture(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// Trains on kFixture (train = dev), written to `name` in the temp folder.
Result<Parser> TrainOnFixture(const std::string& name, int epochs, float prune,
                              std::ostringstream* log) {
  ParserTrainOptions o;
  o.train_path = o.dev_path = WriteFixture(name, kFixture);
  o.epochs = epochs;
  o.prune = prune;
  return TrainParser(o, *log);
}

TEST(Oracle, ReproducesProjectiveTreesExactly) {
  // Random projective trees: build by recursive splitting.
  std::mt19937 rng(3);
  for (int trial = 0; trial < 300; ++trial) {
    int n = 1 + static_cast<int>(rng() % 25);
    std::vector<int> heads(static_cast<size_t>(n), 0);
    // attach [lo, hi) under head h (1-based), choosing a root in the span
    std::function<void(int, int, int)> build = [&](int lo, int hi, int h) {
      if (lo >= hi) return;
      int r = lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo));
      heads[static_cast<size_t>(r)] = h;
      build(lo, r, r + 1);
      build(r + 1, hi, r + 1);
    };
    build(0, n, 0);
    std::vector<std::string> labels(static_cast<size_t>(n), "dep");
    for (int i = 0; i < n; ++i)
      if (heads[static_cast<size_t>(i)] == 0) labels[static_cast<size_t>(i)] = "root";
    EXPECT_EQ(internal::OracleParse(heads, labels), heads) << "trial " << trial;
  }
}

TEST(Oracle, NonProjectiveTreesLoseOnlyLiftedArcs) {
  // 1 <- 3, 2 <- 4 crossing: "A hearing is scheduled on the issue today" style.
  std::vector<int> heads = {3, 4, 0, 3};
  std::vector<std::string> labels = {"nsubj", "nmod", "root", "obj"};
  auto got = internal::OracleParse(heads, labels);
  EXPECT_EQ(got[0], 3);
  EXPECT_EQ(got[2], 0);
  EXPECT_EQ(got[3], 3);
}

TEST(Parser, TrainsOnFixtureSavesLoadsAndParses) {
  std::ostringstream log;
  auto parser = TrainOnFixture("parser_fixture.conllu", 10, 0.0f, &log);
  std::string path = ::testing::TempDir() + "/parser_fixture.conllu";
  ASSERT_TRUE(parser.ok()) << parser.status().ToString();
  std::string model = ::testing::TempDir() + "/fixture.parser";
  ASSERT_TRUE(parser->Save(model).ok());
  auto loaded = Parser::Load(model);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto gold = conllu::ReadFile(path);
  ASSERT_TRUE(gold.ok());
  Doc doc;
  conllu::ToDoc(*gold, 0, gold->size(), true, &doc);  // gold tags
  for (size_t i = 0; i < doc.num_tokens(); ++i) doc.set_head(i, -1, 0);
  auto ws = loaded->NewWorkspace();
  loaded->Parse(&doc, ws.get());
  ParseScores sc = ScoreParse(doc, *gold);
  EXPECT_EQ(sc.words, 18u);
  EXPECT_DOUBLE_EQ(sc.uas, 100.0);
  EXPECT_DOUBLE_EQ(sc.las, 100.0);
  EXPECT_NE(log.str().find("best epoch"), std::string::npos);
}

TEST(Parser, EveryTokenGetsAHeadAndOneRoot) {
  std::ostringstream log;
  auto parser = TrainOnFixture("parser_fixture2.conllu", 2, ParserTrainOptions().prune, &log);
  ASSERT_TRUE(parser.ok());
  Doc doc;
  doc.SetText("x y z w v u t s r q");
  for (uint32_t i = 0; i < 10; ++i) doc.AddToken(2 * i, 2 * i + 1, {}, true);
  doc.AddSentence(0, 10);
  auto ws = parser->NewWorkspace();
  parser->Parse(&doc, ws.get());  // untagged input: still a well-formed tree
  int roots = 0;
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_GE(doc.head(i), 0);
    EXPECT_LE(doc.head(i), 10);
    EXPECT_NE(doc.head(i), static_cast<int>(i) + 1);
    if (doc.head(i) == 0) {
      ++roots;
      EXPECT_EQ(DeprelName(doc.deprel(i)), "root");
    }
  }
  EXPECT_EQ(roots, 1);
}

TEST(Parser, RefusesDamagedAndForeignModels) {
  std::string path = ::testing::TempDir() + "/garbage.parser";
  std::ofstream(path) << "definitely not a model";
  auto bad = Parser::Load(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(path), std::string::npos);
  std::string other = ::testing::TempDir() + "/other.model";
  ASSERT_TRUE(model::WriteModelFile(other, {"tagger", 1, "{}", "x"}).ok());
  auto foreign = Parser::Load(other);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("expected 'parser'"), std::string::npos);
  auto missing = Parser::Load(::testing::TempDir() + "/nope.parser");
  EXPECT_FALSE(missing.ok());
}

TEST(Parser, TrainingReportsBadInputFiles) {
  ParserTrainOptions o;
  o.train_path = "/nonexistent/train.conllu";
  o.dev_path = "/nonexistent/dev.conllu";
  std::ostringstream log;
  auto p = TrainParser(o, log);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("/nonexistent/train.conllu"), std::string::npos);
}

}  // namespace
}  // namespace sitrep::parse
