// End-to-end: the sitrep binary on good and bad inputs in one batch. Every
// bad input must produce a warning naming the file (and line), never a
// crash, and the good inputs must still be processed.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "cli_util.h"

namespace {

using sitrep::testing::RunResult;
using sitrep::testing::Slurp;

std::string Dir() { return ::testing::TempDir() + "/sitrep_cli_test"; }

std::string Write(const std::string& name, const std::string& bytes) {
  std::string path = sitrep::testing::TempFile(Dir(), name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

RunResult Sitrep(const std::string& args) { return sitrep::testing::RunSitrep(Dir(), args); }

class CliBadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    std::system(("mkdir -p " + Dir()).c_str());
    good_ = Write("good.txt", "Russian forces shelled Kharkiv on Saturday. Two people died.\n");
  }
  // Runs the bad file together with a good one and checks the batch went on.
  RunResult CheckBatch(const std::string& bad, const std::string& expect_in_warning) {
    RunResult r = Sitrep("parse " + bad + " " + good_);
    EXPECT_LT(r.status, 2) << r.err;  // no crash, no abort
    EXPECT_NE(r.err.find(bad), std::string::npos) << "warning must name the file: " << r.err;
    EXPECT_NE(r.err.find(expect_in_warning), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("Kharkiv"), std::string::npos) << "good file must still be parsed";
    return r;
  }
  std::string good_;
};

TEST_F(CliBadInput, InvalidUtf8) {
  RunResult r = CheckBatch(Write("bad_utf8.txt", "Troops \xff\xfe entered the city.\n"), "UTF-8");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("entered"), std::string::npos);
}

TEST_F(CliBadInput, NulBytes) {
  RunResult r =
      CheckBatch(Write("nul.txt", std::string("Shelling\0continued overnight.\n", 30)), "NUL");
  EXPECT_NE(r.out.find("overnight"), std::string::npos);
}

TEST_F(CliBadInput, TenMegabyteSingleLine) {
  std::string big;
  big.reserve(10u << 20);
  while (big.size() < (10u << 20)) big += "the convoy moved south of the river and ";
  RunResult r = Sitrep("parse " + Write("big.txt", big) + " " + good_);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Kharkiv"), std::string::npos);
  EXPECT_NE(r.out.find("convoy"), std::string::npos);
}

TEST_F(CliBadInput, EmptyFile) { CheckBatch(Write("empty.txt", ""), "empty"); }

TEST_F(CliBadInput, BinaryFile) {
  std::string bin = "\x89PNG\r\n\x1a\n";
  std::mt19937 rng(7);
  for (int i = 0; i < 4096; ++i) bin.push_back(static_cast<char>(rng() & 0xFF));
  CheckBatch(Write("image.txt", bin), "binary");
}

TEST_F(CliBadInput, MalformedJsonlLines) {
  std::string jsonl =
      "{\"id\": \"a\", \"text\": \"Artillery hit Izium.\"}\n"
      "{not json at all\n"
      "{\"id\": \"c\", \"text\": 42}\n"
      "[1, 2, 3]\n"
      "{\"id\": \"e\", \"text\": \"Drones struck Odesa.\"}\n";
  std::string path = Write("feed.jsonl", jsonl);
  RunResult r = CheckBatch(path, "feed.jsonl:2");
  EXPECT_NE(r.err.find("feed.jsonl:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("feed.jsonl:4"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Izium"), std::string::npos);
  EXPECT_NE(r.out.find("Odesa"), std::string::npos);
}

TEST_F(CliBadInput, BrokenHtml) {
  std::string html =
      "<html><head><title>Strikes on Kyiv</title><script>var x = '<p>';</script>"
      "<body><article><p>Missiles hit <b>Kyiv overnight<p>Officials said <i>three";
  RunResult r = Sitrep("parse " + Write("broken.html", html) + " " + good_);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Missiles"), std::string::npos);
  EXPECT_EQ(r.out.find("var x"), std::string::npos) << "script text must be dropped";
  EXPECT_NE(r.out.find("Kharkiv"), std::string::npos);
}

TEST_F(CliBadInput, MissingFileFailsButBatchGoesOn) {
  RunResult r = Sitrep("parse " + Dir() + "/does-not-exist.txt " + good_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("does-not-exist.txt"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Kharkiv"), std::string::npos);
}

TEST(Cli, HelpForEverySubcommand) {
  for (const char* sub :
       {"", "parse", "eval", "eval parse", "train", "train tagger", "train parser"}) {
    RunResult r = Sitrep(std::string(sub) + " --help");
    EXPECT_EQ(r.status, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub << ": " << r.out;
  }
}

TEST(Cli, ReadsStandardInputAndWritesConllu) {
  std::system(("mkdir -p " + Dir()).c_str());
  std::string in = Write("stdin.txt", "Ukraine's army didn't retreat from Bakhmut.");
  RunResult r = Sitrep("parse - < " + in);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\tUkraine\t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\t's\t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\tn't\t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\troot\t"), std::string::npos) << r.out;
}

TEST(Cli, BadModelFolderIsAClearError) {
  RunResult r = Sitrep("parse --models /nonexistent-model-dir -");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("/nonexistent-model-dir/en_ewt.tagger"), std::string::npos) << r.err;
}

}  // namespace
