// End-to-end: the places subcommands of the sitrep binary (`gazetteer
// build|info|lookup`, `geoparse`, `eval geo`) on the project's fixture data
// in tests/fixtures/geo. Every failure must exit non-zero with a message that
// names the file and says what to do; never a crash.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_util.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

using sitrep::testing::Contains;
using sitrep::testing::RunResult;
using sitrep::testing::Slurp;
using sitrep::testing::TestName;

std::string Dir() { return ::testing::TempDir() + "/sitrep_geo_cli_test"; }
std::string Fixtures() { return std::string(SITREP_SOURCE_DIR) + "/tests/fixtures/geo"; }

std::string TempFile(const std::string& name) { return sitrep::testing::TempFile(Dir(), name); }

std::string Write(const std::string& name, const std::string& bytes) {
  std::string path = TempFile(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

RunResult Sitrep(const std::string& args) { return sitrep::testing::RunSitrep(Dir(), args); }

// One JSON value per non-empty line.
std::vector<json> JsonLines(const std::string& s) {
  std::vector<json> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    out.push_back(json::parse(line, nullptr, false));
  }
  return out;
}

class GeoCli : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(Dir());
    gaz_ = TempFile("fixture.sgz");
    RunResult r = Sitrep("gazetteer build --npm " + Fixtures() + "/npm --places " + Fixtures() +
                         "/places --out " + gaz_);
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_TRUE(fs::exists(gaz_)) << r.err;
    build_log_ = r.err;
  }
  void TearDown() override {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(Dir(), ec)) {
      if (e.path().filename().string().rfind(TestName() + "-", 0) == 0) fs::remove(e.path(), ec);
    }
  }
  std::string gaz_, build_log_;
};

TEST_F(GeoCli, BuildReportsWhatItRead) {
  EXPECT_TRUE(Contains(build_log_, "sitrep gazetteer:")) << build_log_;
  EXPECT_TRUE(Contains(build_log_, "3 curated")) << build_log_;
  EXPECT_TRUE(Contains(build_log_, "cities500.txt")) << build_log_;
  EXPECT_FALSE(fs::exists(gaz_ + ".tmp"));
}

TEST_F(GeoCli, Info) {
  RunResult r = Sitrep("gazetteer info " + gaz_);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, gaz_)) << r.out;
  EXPECT_TRUE(Contains(r.out, "sitrep gazetteer v1")) << r.out;
  EXPECT_TRUE(Contains(r.out, " places, ")) << r.out;
  EXPECT_TRUE(Contains(r.out, " name keys, ")) << r.out;
}

TEST_F(GeoCli, Lookup) {
  RunResult r = Sitrep("gazetteer lookup --gazetteer " + gaz_ + " Kiev Nowhereville");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "Kiev [kiev]: 1 candidates")) << r.out;
  EXPECT_TRUE(Contains(r.out, "Kyiv | UKR")) << r.out;
  EXPECT_TRUE(Contains(r.out, "geonames 703448")) << r.out;
  EXPECT_TRUE(Contains(r.out, "Nowhereville [nowhereville]: 0 candidates")) << r.out;
}

TEST_F(GeoCli, GeoparseOneJsonLinePerDocument) {
  std::string txt = Write("article.txt", "Russian forces shelled Kharkiv on Tuesday.\n");
  std::string jsonl =
      Write("feed.jsonl",
            "{\"id\": \"a\", \"text\": \"Troops massed on the outskirts of Kyiv.\"}\n"
            "{\"id\": \"b\", \"text\": \"Nothing happened anywhere.\"}\n"
            "{\"id\": \"c\", \"text\": \"Fighting near the village of "
            "Zzyzxivka and in Sumy.\"}\n");
  RunResult r = Sitrep("geoparse --gazetteer " + gaz_ + " " + txt + " " + jsonl);
  ASSERT_EQ(r.status, 0) << r.err;
  auto docs = JsonLines(r.out);
  ASSERT_EQ(docs.size(), 4u) << r.out;
  for (const json& d : docs) {
    ASSERT_FALSE(d.is_discarded()) << r.out;
    ASSERT_TRUE(d.contains("id")) << d.dump();
    ASSERT_TRUE(d["places"].is_array()) << d.dump();
    ASSERT_TRUE(d["warnings"].is_array()) << d.dump();
  }
  // The text file: Kharkiv the city, and the demonym.
  const json* kharkiv = nullptr;
  for (const json& p : docs[0]["places"]) {
    if (p["text"] == "Kharkiv") kharkiv = &p;
  }
  ASSERT_NE(kharkiv, nullptr) << docs[0].dump();
  EXPECT_NEAR((*kharkiv)["lat"].get<double>(), 49.9808, 1e-3);
  EXPECT_NEAR((*kharkiv)["lon"].get<double>(), 36.2527, 1e-3);
  EXPECT_EQ((*kharkiv)["feature"], "city");
  EXPECT_EQ((*kharkiv)["country"], "UKR");
  EXPECT_EQ((*kharkiv)["geonames_id"], 706483);
  EXPECT_EQ((*kharkiv)["span"], json::array({23, 30}));
  // The JSONL documents keep their ids and order.
  EXPECT_EQ(docs[1]["id"], "a");
  ASSERT_EQ(docs[1]["places"].size(), 1u) << docs[1].dump();
  EXPECT_EQ(docs[1]["places"][0]["relation"], "outskirts of");
  EXPECT_EQ(docs[2]["id"], "b");
  EXPECT_TRUE(docs[2]["places"].empty()) << docs[2].dump();
  // An unknown village: kept with null coordinates and a warning; Sumy still there.
  EXPECT_EQ(docs[3]["id"], "c");
  ASSERT_EQ(docs[3]["places"].size(), 2u) << docs[3].dump();
  EXPECT_EQ(docs[3]["places"][0]["text"], "Zzyzxivka");
  EXPECT_TRUE(docs[3]["places"][0]["lat"].is_null());
  EXPECT_TRUE(docs[3]["places"][0]["lon"].is_null());
  EXPECT_EQ(docs[3]["places"][1]["name"], "Sumy");
  ASSERT_EQ(docs[3]["warnings"].size(), 1u);
  EXPECT_TRUE(Contains(docs[3]["warnings"][0].get<std::string>(), "Zzyzxivka"));
  EXPECT_TRUE(Contains(r.err, "4 documents")) << r.err;
}

TEST_F(GeoCli, GeoparseStdinAndPretty) {
  RunResult r = Sitrep("geoparse --format text --output-format pretty --gazetteer " + gaz_ +
                       " - <" + Write("in.txt", "Shelling continued in Donetsk Oblast.\n"));
  ASSERT_EQ(r.status, 0) << r.err;
  json d = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(d.is_discarded()) << r.out;
  ASSERT_EQ(d["places"].size(), 1u) << r.out;
  EXPECT_EQ(d["places"][0]["feature"], "admin1");
  EXPECT_EQ(d["places"][0]["disputed"], true);
}

// Open failures of `geoparse`, `gazetteer info` and `eval geo`: exit code 1,
// the file named, the way to rebuild it given.
void ExpectGazetteerRefused(const RunResult& r, const std::string& path, const std::string& what) {
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_TRUE(Contains(r.err, path)) << r.err;
  EXPECT_TRUE(Contains(r.err, what)) << r.err;
  EXPECT_TRUE(Contains(r.err, "sitrep gazetteer build")) << r.err;
}

TEST_F(GeoCli, MissingGazetteer) {
  std::string missing = TempFile("missing.sgz");
  std::string txt = Write("article.txt", "Russian forces shelled Kharkiv.\n");
  ExpectGazetteerRefused(Sitrep("geoparse --gazetteer " + missing + " " + txt), missing,
                         "cannot open");
  ExpectGazetteerRefused(Sitrep("gazetteer info " + missing), missing, "cannot open");
  ExpectGazetteerRefused(
      Sitrep("eval geo --gold " + Fixtures() + "/gold/fixture.gold.jsonl --gazetteer " + missing),
      missing, "cannot open");
}

TEST_F(GeoCli, CorruptGazetteer) {
  std::string bytes = Slurp(gaz_);
  std::string txt = Write("article.txt", "Russian forces shelled Kharkiv.\n");
  std::string flipped = bytes;
  flipped[flipped.size() - 3] ^= 0x10;
  std::string p = Write("flipped.sgz", flipped);
  ExpectGazetteerRefused(Sitrep("geoparse --gazetteer " + p + " " + txt), p, "checksum");
  ExpectGazetteerRefused(Sitrep("gazetteer info " + p), p, "checksum");
  p = Write("truncated.sgz", bytes.substr(0, bytes.size() - 100));
  ExpectGazetteerRefused(Sitrep("geoparse --gazetteer " + p + " " + txt), p, "truncated");
  p = Write("text.sgz", std::string(50, '\n') + std::string(500, 'x'));
  ExpectGazetteerRefused(Sitrep("geoparse --gazetteer " + p + " " + txt), p, "bad magic");
}

TEST_F(GeoCli, EvalGeoPrintsScores) {
  std::string gold = Fixtures() + "/gold/fixture.gold.jsonl";
  RunResult r = Sitrep("eval geo --gold " + gold + " --gazetteer " + gaz_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "gold: " + gold)) << r.out;
  // Kharkiv, Sumy and Kiev are found; "Bankova Street" is not in the gazetteer.
  EXPECT_TRUE(Contains(r.out, "P 100.00 %  R  75.00 %  F1  85.71 %")) << r.out;
  EXPECT_TRUE(Contains(r.out, "acc@161km")) << r.out;

  r = Sitrep("eval geo --json --gold " + gold + " --gazetteer " + gaz_);
  ASSERT_EQ(r.status, 0) << r.err;
  json j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["documents"], 2);
  EXPECT_EQ(j["gold_mentions"], 4);
  EXPECT_EQ(j["matched"], 3);
  EXPECT_EQ(j["demonyms"], 1);
  EXPECT_DOUBLE_EQ(j["precision"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["recall"].get<double>(), 0.75);
  EXPECT_NEAR(j["f1"].get<double>(), 6.0 / 7.0, 1e-9);
  EXPECT_DOUBLE_EQ(j["acc161_recognised"].get<double>(), 1.0);
}

TEST_F(GeoCli, EvalGeoMissingGold) {
  std::string missing = TempFile("missing.gold.jsonl");
  RunResult r = Sitrep("eval geo --gold " + missing + " --gazetteer " + gaz_);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, missing)) << r.err;
}

TEST(GeoCliBuild, BadCuratedRowNamesFileAndLine) {
  fs::create_directories(Dir());
  std::string places = TempFile("places");
  fs::create_directories(places);
  fs::copy_file(Fixtures() + "/places/disputed.tsv", places + "/disputed.tsv",
                fs::copy_options::overwrite_existing);
  std::ofstream(places + "/curated.tsv", std::ios::trunc)
      << "name\taliases\tfeature\tlat\tlon\tcountry\tadmin1\tuncertainty_km\tgeonames_id\tsource\n"
      << "Izium\t\tcity\tforty-nine\t37.2566\tUKR\t\t5\t\tGeoNames\n";
  std::string out = TempFile("out.sgz");
  RunResult r =
      Sitrep("gazetteer build --npm " + Fixtures() + "/npm --places " + places + " --out " + out);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, places + "/curated.tsv:2:")) << r.err;
  EXPECT_TRUE(Contains(r.err, "lat/lon")) << r.err;
  EXPECT_FALSE(fs::exists(out));
  std::error_code ec;
  fs::remove_all(places, ec);
}

TEST(GeoCliBuild, MissingNpmData) {
  fs::create_directories(Dir());
  std::string npm = TempFile("no-npm");
  std::string out = TempFile("out.sgz");
  RunResult r =
      Sitrep("gazetteer build --npm " + npm + " --places " + Fixtures() + "/places --out " + out);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, npm)) << r.err;
  EXPECT_TRUE(Contains(r.err, "scripts/setup.sh")) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
