// `sitrep extract` and `sitrep eval acled` end to end: the contract's
// Document fields, output formats, a bad input among good ones, and the ACLED
// scorer on a project-written gold file (tests/fixtures/events).
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_util.h"

namespace {

using sitrep::testing::Contains;
using sitrep::testing::RunSitrep;
using sitrep::testing::TempFile;

const std::string kDir = std::string(SITREP_BUILD_DIR) + "/test-extract";
const std::string kSource = SITREP_SOURCE_DIR;

TEST(ExtractCli, DocumentRecordFollowsTheContract) {
  std::string in = TempFile(kDir, "in.jsonl");
  std::ofstream(in)
      << R"({"id": "k1", "published": "2022-03-02", "outlet": "Test Wire", )"
      << R"("text": "Russian forces shelled Kharkiv on Tuesday, killing three civilians."})"
      << "\n";
  auto r = RunSitrep(kDir, "extract " + in + " --input-format jsonl");
  ASSERT_EQ(r.status, 0) << r.err;
  auto d = nlohmann::json::parse(r.out);
  for (const char* f : {"id", "url", "outlet", "title", "published", "language", "text_sha256",
                        "sentences", "events", "claims", "places", "entities", "warnings"}) {
    EXPECT_TRUE(d.contains(f)) << f;
  }
  EXPECT_EQ(d["id"], "k1");
  EXPECT_EQ(d["outlet"], "Test Wire");
  EXPECT_EQ(d["text_sha256"].get<std::string>().size(), 64u);
  ASSERT_EQ(d["events"].size(), 1u) << r.out;
  const auto& e = d["events"][0];
  EXPECT_EQ(e["id"], "k1:e1");
  EXPECT_EQ(e["plover"]["type"], "ASSAULT");
  EXPECT_EQ(e["cameo"], "194");
  EXPECT_EQ(e["acled"]["sub_event_type"], "Shelling/artillery/missile attack");
  EXPECT_EQ(e["actor"][0]["country"], "RUS");
  EXPECT_EQ(e["actor"][0]["sector"], "MIL");
  EXPECT_EQ(e["location"]["name"], "Kharkiv");
  EXPECT_EQ(e["date"]["value"], "2022-03-01");
  EXPECT_EQ(e["date"]["precision"], "day");
  EXPECT_EQ(e["fatalities"], 3);
  EXPECT_EQ(e["trigger"]["text"], "shelled");
  // Spans are code points into the text.
  EXPECT_EQ(e["trigger"]["span"][0], 15);
  EXPECT_EQ(e["trigger"]["span"][1], 22);
}

TEST(ExtractCli, JsonArrayAndBadInputKeepsTheRest) {
  std::string a = TempFile(kDir, "a.txt"), missing = TempFile(kDir, "missing.txt");
  std::ofstream(a) << "Protesters rallied in Minsk on Sunday.\n";
  auto r = RunSitrep(kDir, "extract " + a + " " + missing + " " + a + " --format json");
  EXPECT_EQ(r.status, 1) << "an unreadable input makes the exit status 1";
  EXPECT_TRUE(Contains(r.err, "missing.txt")) << r.err;
  auto arr = nlohmann::json::parse(r.out);
  ASSERT_TRUE(arr.is_array());
  EXPECT_EQ(arr.size(), 2u) << "both readable inputs are extracted";
}

TEST(ExtractCli, EvalAcledScoresTheFixture) {
  auto r = RunSitrep(
      kDir, "eval acled --json --gold " + kSource + "/tests/fixtures/events/acled.gold.jsonl");
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["documents"], 2);
  EXPECT_DOUBLE_EQ(j["type"]["f1"].get<double>(), 1.0) << r.out;
  EXPECT_DOUBLE_EQ(j["sub_event_type"]["f1"].get<double>(), 1.0) << r.out;
  EXPECT_EQ(j["within_50km"]["hit"], 2);
  EXPECT_EQ(j["fatalities"]["hit"], 1);
  EXPECT_EQ(j["date"]["hit"], 2);
  EXPECT_EQ(j["actor_type"]["hit"], 1);
}

TEST(ExtractCli, EvalEventsNamesABadGoldLine) {
  std::string gold = TempFile(kDir, "bad.gold.jsonl");
  std::ofstream(gold) << R"({"id": "x", "text": "Troops attacked.", "events": []})"
                      << "\n"
                      << "{not json\n";
  auto r = RunSitrep(kDir, "eval events --gold " + gold);
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Contains(r.err, gold + ":2")) << r.err;
}

}  // namespace
