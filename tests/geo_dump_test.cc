// `sitrep gazetteer build --geonames FILE --alternate-names FILE`: an official
// GeoNames dump adds village-level places, second-level regions, rivers and
// landmarks; bad rows are reported with file:line and skipped.
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "geo/gazetteer.h"
#include "geo/gazetteer_build.h"
#include "geo/name_key.h"

namespace {

using sitrep::geo::Feature;
using sitrep::geo::Gazetteer;

const std::string kFixtures = std::string(SITREP_SOURCE_DIR) + "/tests/fixtures/geo";

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("sitrep-geo-dump-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

sitrep::geo::GazetteerBuildOptions Options(const std::string& out) {
  sitrep::geo::GazetteerBuildOptions o;
  o.npm_dir = kFixtures + "/npm";
  o.places_dir = kFixtures + "/places";
  o.out = out;
  return o;
}

class GeoDump : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = TempPath("dump.sgz");
    auto o = Options(out_);
    o.geonames = {kFixtures + "/dumps/UA.txt"};
    o.alternate_names = kFixtures + "/dumps/alternateNames.txt";
    auto stats = sitrep::geo::BuildGazetteer(o, log_);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->from_dumps, 4u);  // village, raion, river, airport; the farm is skipped
    auto g = Gazetteer::Open(out_);
    ASSERT_TRUE(g.ok()) << g.status().ToString();
    gaz_ = std::move(g.value());
  }
  void TearDown() override { std::filesystem::remove(out_); }

  // The entry with this GeoNames id among the candidates for `name`, or -1.
  int64_t Find(const std::string& name, uint32_t geonames_id) {
    for (const auto& p : gaz_->Lookup(keyer_.Key(name))) {
      if (gaz_->entry(p.entry).geonames_id == geonames_id) return p.entry;
    }
    return -1;
  }

  std::string out_;
  std::ostringstream log_;
  std::unique_ptr<Gazetteer> gaz_;
  sitrep::geo::NameKeyer keyer_;
};

TEST_F(GeoDump, AddsVillagesRegionsRiversAndLandmarks) {
  int64_t v = Find("Krasnohorivka", 9900001);
  ASSERT_GE(v, 0);
  EXPECT_EQ(gaz_->feature(v), Feature::kVillage);
  EXPECT_EQ(gaz_->country(v), "UKR");
  EXPECT_NE(gaz_->entry(v).admin1_entry, 0u) << "linked to its oblast (admin1 code 05)";
  int64_t raion = Find("Pokrovskyi Raion", 9900002);
  ASSERT_GE(raion, 0);
  EXPECT_EQ(gaz_->feature(raion), Feature::kAdmin2);
  int64_t river = Find("Oskil", 9900003);
  ASSERT_GE(river, 0);
  EXPECT_EQ(gaz_->feature(river), Feature::kWater);
  int64_t airport = Find("Antonov Airport", 9900004);
  ASSERT_GE(airport, 0);
  EXPECT_EQ(gaz_->feature(airport), Feature::kLandmark);
  EXPECT_TRUE(gaz_->Lookup(keyer_.Key("Some Farm")).empty()) << "farms are not kept";
}

TEST_F(GeoDump, AlternateNamesFileAddsNamesButNotLinksOrHistoricNames) {
  EXPECT_GE(Find("Красногоровка", 9900001), 0) << "Russian spelling, through transliteration";
  EXPECT_GE(Find("Krasnogorovka village", 9900001), 0);
  EXPECT_GE(Find("Oskil River", 9900003), 0);
  EXPECT_LT(Find("Old Oskil Name", 9900003), 0) << "historic names are skipped";
  EXPECT_TRUE(gaz_->Lookup(keyer_.Key("https://en.wikipedia.org/wiki/Krasnohorivka")).empty());
}

TEST_F(GeoDump, BadRowIsReportedWithFileAndLine) {
  EXPECT_NE(log_.str().find("UA.txt:9: not a GeoNames row"), std::string::npos) << log_.str();
}

TEST(GeoDumpErrors, MissingDumpNamesTheFile) {
  std::ostringstream log;
  auto o = Options(TempPath("never.sgz"));
  o.geonames = {"/nonexistent/UA.txt"};
  auto stats = sitrep::geo::BuildGazetteer(o, log);
  ASSERT_FALSE(stats.ok());
  EXPECT_NE(stats.status().message().find("/nonexistent/UA.txt"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(o.out));
}

}  // namespace
