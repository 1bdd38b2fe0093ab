// Tests of the places layer: name keys, the gazetteer builder and file
// checks, and the geoparser on the project's fixture data
// (tests/fixtures/geo: a handful of real GeoNames / Natural Earth /
// world-countries rows and a small curated table) with the real POS models.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/utf8.h"
#include "geo/gazetteer.h"
#include "geo/gazetteer_build.h"
#include "geo/geoparser.h"
#include "geo/name_key.h"
#include "sitrep/pipeline.h"

namespace sitrep::geo {
namespace {

namespace fs = std::filesystem;

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

std::string FixtureDir() { return std::string(SITREP_SOURCE_DIR) + "/tests/fixtures/geo"; }

// ctest runs every test in its own process, two at a time: temp names carry
// the pid and the test name.
std::string TempPath(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string test = info ? std::string(info->test_suite_name()) + "." + info->name() : "suite";
  return ::testing::TempDir() + "geo_test-" + std::to_string(::getpid()) + "-" + test + "-" + name;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Builds the fixture gazetteer into `out`; fails the test on error.
void BuildFixture(const std::string& out, const std::string& places_dir = "") {
  GazetteerBuildOptions o;
  o.npm_dir = FixtureDir() + "/npm";
  o.places_dir = places_dir.empty() ? FixtureDir() + "/places" : places_dir;
  o.out = out;
  std::ostringstream log;
  auto stats = BuildGazetteer(o, log);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString() << "\n" << log.str();
  EXPECT_GT(stats->entries, 20u);
  EXPECT_EQ(stats->curated, 3u);  // Donbas, the plant, the border; the USA row adds names
}

// ---------------------------------------------------------------- NameKeyer

TEST(GeoNameKeyer, FoldsCaseAndCyrillic) {
  NameKeyer k;
  EXPECT_EQ(k.Key("Kyiv"), "kyiv");
  EXPECT_EQ(k.Key("KYIV"), "kyiv");
  // Through ICU Any-Latin and Latin-ASCII: "Київ" -> "Kiïv" -> "kiiv", the
  // key of the transliterated alternate name "Kiiv".
  EXPECT_EQ(k.Key("Київ"), "kiiv");
  EXPECT_EQ(k.Key("Київ"), k.Key("Kiiv"));
}

TEST(GeoNameKeyer, HyphensAndSpacesMeet) {
  NameKeyer k;
  EXPECT_EQ(k.Key("Ivano-Frankivsk"), "ivano frankivsk");
  EXPECT_EQ(k.Key("Ivano-Frankivsk"), k.Key("Ivano Frankivsk"));
  EXPECT_EQ(k.Key("Ivano-Frankivsk"), k.Key("Ivano\xE2\x80\x93"
                                            "Frankivsk"));  // en dash
  EXPECT_EQ(k.Key("  Rostov-on-Don / Rostov "), "rostov on don rostov");
}

TEST(GeoNameKeyer, DotsAndApostrophes) {
  NameKeyer k;
  EXPECT_EQ(k.Key("U.S."), "us");
  EXPECT_EQ(k.Key("U.S."), k.Key("US"));
  EXPECT_EQ(k.Key("Côte d'Ivoire"), "cote divoire");
  EXPECT_EQ(k.Key("Côte d\xE2\x80\x99Ivoire"), "cote divoire");  // typographic apostrophe
  EXPECT_EQ(k.Key("Donets'k"), "donetsk");
}

TEST(GeoNameKeyer, EmptyOrPunctuationOnlyIsFalse) {
  NameKeyer k;
  std::string out = "stale";
  EXPECT_FALSE(k.Key("", &out));
  EXPECT_EQ(out, "");
  EXPECT_FALSE(k.Key("...", &out));
  EXPECT_FALSE(k.Key(" - / ", &out));
  EXPECT_FALSE(k.Key("\xE2\x80\x9C\xE2\x80\x9D", &out));  // “” (non-ASCII path)
  EXPECT_TRUE(k.Key("Kyiv", &out));
  EXPECT_EQ(out, "kyiv");
}

TEST(GeoNameKeyer, FoldAsciiDirect) {
  std::string out;
  FoldAscii("  Sea of  Azov ", &out);
  EXPECT_EQ(out, "sea of azov");
  FoldAscii("St. John's", &out);
  EXPECT_EQ(out, "st johns");
}

// ---------------------------------------------------------------- gazetteer

class GeoGazetteer : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = TempPath("fixture.sgz");
    ASSERT_NO_FATAL_FAILURE(BuildFixture(path_));
    auto g = Gazetteer::Open(path_);
    ASSERT_TRUE(g.ok()) << g.status().ToString();
    gaz_ = std::move(g.value());
  }
  void TearDown() override {
    gaz_.reset();
    std::error_code ec;
    fs::remove(path_, ec);
  }
  std::span<const Posting> Find(std::string_view name) { return gaz_->Lookup(keyer_.Key(name)); }
  // The first posting whose entry is named `name` with feature `f`, or nullptr.
  const Posting* FindEntry(std::string_view query, std::string_view name, Feature f) {
    for (const Posting& p : Find(query)) {
      if (gaz_->name(p.entry) == name && gaz_->feature(p.entry) == f) return &p;
    }
    return nullptr;
  }
  std::string path_;
  std::unique_ptr<Gazetteer> gaz_;
  NameKeyer keyer_;
};

TEST_F(GeoGazetteer, InfoDescribesTheBuild) {
  EXPECT_GT(gaz_->num_entries(), 20u);
  EXPECT_GT(gaz_->num_keys(), 100u);
  EXPECT_EQ(gaz_->path(), path_);
  EXPECT_TRUE(Contains(gaz_->info(), "sitrep gazetteer v1")) << gaz_->info();
  EXPECT_TRUE(Contains(gaz_->info(), "curated.tsv")) << gaz_->info();
  EXPECT_TRUE(Find("Nowhereville").empty());
}

TEST_F(GeoGazetteer, OldSpellingFindsKyiv) {
  const Posting* p = FindEntry("Kiev", "Kyiv", Feature::kCity);
  ASSERT_NE(p, nullptr);
  const EntryRec& e = gaz_->entry(p->entry);
  EXPECT_EQ(e.geonames_id, 703448u);
  EXPECT_NEAR(e.lat, 50.4547, 1e-3);
  EXPECT_NEAR(e.lon, 30.5238, 1e-3);
  EXPECT_EQ(gaz_->country(p->entry), "UKR");
  EXPECT_TRUE(e.flags & kFlagCapital);
  EXPECT_EQ(static_cast<NameKind>(p->kind), NameKind::kAlternate);
  // The Cyrillic alternate name reaches the same entry.
  const Posting* c = FindEntry("Київ", "Kyiv", Feature::kCity);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->entry, p->entry);
}

TEST_F(GeoGazetteer, AdminOneThroughGeneratedNames) {
  const Posting* oblast = FindEntry("kharkiv oblast", "Kharkiv Oblast", Feature::kAdmin1);
  ASSERT_NE(oblast, nullptr);
  const EntryRec& e = gaz_->entry(oblast->entry);
  EXPECT_EQ(e.geonames_id, 706482u);
  EXPECT_EQ(gaz_->country(oblast->entry), "UKR");
  // "Kharkiv region" / "Kharkiv province" exist only as generated names.
  for (const char* q : {"Kharkiv region", "Kharkiv province", "Donetsk region"}) {
    bool found = false;
    for (const Posting& p : Find(q)) {
      if (gaz_->feature(p.entry) != Feature::kAdmin1) continue;
      found = true;
      EXPECT_EQ(static_cast<NameKind>(p.kind), NameKind::kGenerated) << q;
    }
    EXPECT_TRUE(found) << q;
  }
  // The city of Kharkiv knows its region.
  const Posting* city = FindEntry("Kharkiv", "Kharkiv", Feature::kCity);
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(gaz_->entry(city->entry).admin1_entry, oblast->entry + 1);
  EXPECT_EQ(gaz_->str(gaz_->entry(city->entry).admin1_name), "Kharkiv Oblast");
}

TEST_F(GeoGazetteer, DemonymsAreTheirOwnKind) {
  for (const char* q : {"Ukrainian", "Ukrainians"}) {
    auto ps = Find(q);
    ASSERT_EQ(ps.size(), 1u) << q;
    EXPECT_EQ(static_cast<NameKind>(ps[0].kind), NameKind::kDemonym) << q;
    EXPECT_EQ(gaz_->name(ps[0].entry), "Ukraine");
    EXPECT_EQ(gaz_->feature(ps[0].entry), Feature::kCountry);
  }
}

TEST_F(GeoGazetteer, CuratedAliasFindsLandmark) {
  for (const char* q : {"Chernobyl nuclear plant", "Chornobyl nuclear power plant",
                        "Chernobyl Nuclear Power Plant"}) {
    const Posting* p = FindEntry(q, "Chernobyl Nuclear Power Plant", Feature::kLandmark);
    ASSERT_NE(p, nullptr) << q;
    EXPECT_EQ(static_cast<NameKind>(p->kind), NameKind::kCurated);
    const EntryRec& e = gaz_->entry(p->entry);
    EXPECT_TRUE(e.flags & kFlagCurated);
    EXPECT_NEAR(e.lat, 51.3894, 1e-3);
    EXPECT_NEAR(e.lon, 30.0989, 1e-3);
    EXPECT_EQ(e.uncertainty_km, 2);
    EXPECT_EQ(gaz_->str(e.admin1_name), "Kyiv Oblast");
  }
  const Posting* line =
      FindEntry("Belarus-Ukraine border", "Belarus-Ukraine border", Feature::kLine);
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(gaz_->country(line->entry), "");  // spans two countries
}

TEST_F(GeoGazetteer, CuratedCountryRowAddsAbbreviationsWithoutTwin) {
  size_t countries = 0;
  for (uint32_t i = 0; i < gaz_->num_entries(); ++i) {
    countries += gaz_->feature(i) == Feature::kCountry && gaz_->country(i) == "USA";
  }
  EXPECT_EQ(countries, 1u);
  for (const char* q : {"U.S.", "US", "USA"}) {
    const Posting* p = FindEntry(q, "United States", Feature::kCountry);
    ASSERT_NE(p, nullptr) << q;
    EXPECT_EQ(static_cast<NameKind>(p->kind), NameKind::kAbbrev) << q;
  }
}

// Regression: a curated row for an existing country added its names but left
// world-countries' latlng (38, -97) in place of the reviewed 39.76, -98.5.
TEST_F(GeoGazetteer, CuratedCountryRowAppliesReviewedCoordinates) {
  const Posting* p = FindEntry("United States", "United States", Feature::kCountry);
  ASSERT_NE(p, nullptr);
  EXPECT_NEAR(gaz_->entry(p->entry).lat, 39.76, 1e-3);
  EXPECT_NEAR(gaz_->entry(p->entry).lon, -98.5, 1e-3);
}

TEST_F(GeoGazetteer, DisputedTerritoryFlagsAndNotes) {
  const Posting* oblast = FindEntry("Donetsk Oblast", "Donetsk Oblast", Feature::kAdmin1);
  ASSERT_NE(oblast, nullptr);
  EXPECT_TRUE(gaz_->entry(oblast->entry).flags & kFlagDisputed);
  // A village of the oblast inherits the flag and the note.
  const Posting* village = FindEntry("Berestove", "Berestove", Feature::kVillage);
  ASSERT_NE(village, nullptr);
  const EntryRec& v = gaz_->entry(village->entry);
  EXPECT_TRUE(v.flags & kFlagDisputed);
  EXPECT_EQ(v.admin1_entry, oblast->entry + 1);
  std::string_view note = gaz_->str(v.note);
  EXPECT_TRUE(Contains(note, "Donetsk Oblast")) << note;
  EXPECT_TRUE(Contains(note, "occupied by Russia")) << note;
  EXPECT_TRUE(Contains(note, "UA,RU")) << note;
  // Mariupol is in the same oblast; Kharkiv and the Russian Donetsk are not.
  const Posting* mariupol = FindEntry("Mariupol", "Mariupol", Feature::kCity);
  ASSERT_NE(mariupol, nullptr);
  EXPECT_TRUE(gaz_->entry(mariupol->entry).flags & kFlagDisputed);
  const Posting* kharkiv = FindEntry("Kharkiv", "Kharkiv", Feature::kCity);
  ASSERT_NE(kharkiv, nullptr);
  EXPECT_FALSE(gaz_->entry(kharkiv->entry).flags & kFlagDisputed);
  for (const Posting& p : Find("Donetsk")) {
    if (gaz_->country(p.entry) == "RUS") {
      EXPECT_FALSE(gaz_->entry(p.entry).flags & kFlagDisputed);
    }
  }
}

TEST_F(GeoGazetteer, PostingsBestPriorFirst) {
  // "Washington": the capital before the small Georgia town of that name.
  auto ps = Find("Washington");
  ASSERT_GE(ps.size(), 2u);
  EXPECT_EQ(gaz_->entry(ps[0].entry).geonames_id, 4140963u);
  bool town = false;
  for (const Posting& p : ps) town |= gaz_->entry(p.entry).geonames_id == 4229546u;
  EXPECT_TRUE(town);
}

// ---------------------------------------------------------------- Open errors

class GeoGazetteerOpen : public GeoGazetteer {
 protected:
  // Writes a damaged copy of the fixture gazetteer; returns its path.
  std::string Damaged(const std::string& name, const std::function<void(std::string*)>& damage) {
    std::string bytes = Slurp(path_);
    damage(&bytes);
    std::string p = TempPath(name);
    WriteFile(p, bytes);
    damaged_.push_back(p);
    return p;
  }
  void TearDown() override {
    for (const std::string& p : damaged_) {
      std::error_code ec;
      fs::remove(p, ec);
    }
    GeoGazetteer::TearDown();
  }
  // Open must fail with a Corrupt status naming the file, saying `what` and
  // how to rebuild.
  void ExpectRefused(const std::string& path, std::string_view what,
                     Status::Code code = Status::Code::kCorrupt) {
    auto g = Gazetteer::Open(path);
    ASSERT_FALSE(g.ok()) << path;
    const std::string& msg = g.status().message();
    EXPECT_EQ(g.status().code(), code) << msg;
    EXPECT_TRUE(Contains(msg, path)) << msg;
    EXPECT_TRUE(Contains(msg, what)) << msg;
    EXPECT_TRUE(Contains(msg, "sitrep gazetteer build")) << msg;
  }
  std::vector<std::string> damaged_;
};

TEST_F(GeoGazetteerOpen, MissingFile) {
  std::string missing = TempPath("does-not-exist.sgz");
  ExpectRefused(missing, "cannot open", Status::Code::kNotFound);
}

TEST_F(GeoGazetteerOpen, Directory) { ExpectRefused(::testing::TempDir(), "not a regular file"); }

TEST_F(GeoGazetteerOpen, Truncated) {
  ExpectRefused(Damaged("truncated.sgz", [](std::string* b) { b->resize(b->size() / 2); }),
                "truncated");
  ExpectRefused(Damaged("stub.sgz", [](std::string* b) { b->resize(40); }), "too short");
  ExpectRefused(Damaged("empty.sgz", [](std::string* b) { b->clear(); }), "too short");
}

TEST_F(GeoGazetteerOpen, FlippedByteFailsChecksum) {
  // One bit in the last byte of the body, and one in the middle.
  ExpectRefused(Damaged("flip-end.sgz", [](std::string* b) { b->back() ^= 0x01; }), "checksum");
  ExpectRefused(
      Damaged("flip-mid.sgz",
              [](std::string* b) {
                (*b)[sizeof(GazetteerHeader) + (b->size() - sizeof(GazetteerHeader)) / 2] ^= 0x20;
              }),
      "checksum");
}

TEST_F(GeoGazetteerOpen, WrongMagic) {
  ExpectRefused(Damaged("magic.sgz", [](std::string* b) { (*b)[0] = 'X'; }), "bad magic");
  // A different file format altogether.
  ExpectRefused(Damaged("text.sgz",
                        [](std::string* b) {
                          std::string t(200, ' ');
                          t.replace(0, 10, "Kyiv\tKiev\n");
                          *b = t;
                        }),
                "bad magic");
}

TEST_F(GeoGazetteerOpen, OtherFormatVersion) {
  // Only format_version changes: magic, sizes and checksum (which covers the
  // body, not the header) are all still right.
  std::string p = Damaged("version.sgz", [](std::string* b) {
    uint32_t v = kGazetteerFormatVersion + 1;
    std::memcpy(b->data() + offsetof(GazetteerHeader, format_version), &v, sizeof(v));
  });
  ExpectRefused(p, "format version " + std::to_string(kGazetteerFormatVersion + 1));
  auto g = Gazetteer::Open(p);
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(Contains(g.status().message(),
                       "this sitrep reads " + std::to_string(kGazetteerFormatVersion)))
      << g.status().message();
}

// ---------------------------------------------------------------- builder errors

class GeoCuratedBadRow : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempPath("places");
    fs::create_directories(dir_);
    fs::copy_file(FixtureDir() + "/places/disputed.tsv", dir_ + "/disputed.tsv",
                  fs::copy_options::overwrite_existing);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    fs::remove(TempPath("out.sgz"), ec);
  }
  // Builds with a curated.tsv whose line 4 is `row`; returns the error message.
  std::string BuildWith(const std::string& row) {
    WriteFile(dir_ + "/curated.tsv",
              "# comment\n"
              "name\taliases\tfeature\tlat\tlon\tcountry\tadmin1\tuncertainty_km\tgeonames_id\t"
              "source\n"
              "Donbas\tDonbass\tregion\t48.0\t38.0\tUKR\t\t150\t\tWikipedia\n" +
                  row + "\n");
    GazetteerBuildOptions o;
    o.npm_dir = FixtureDir() + "/npm";
    o.places_dir = dir_;
    o.out = TempPath("out.sgz");
    std::ostringstream log;
    auto r = BuildGazetteer(o, log);
    if (r.ok()) return "";
    EXPECT_FALSE(fs::exists(o.out)) << "a failed build must not leave a gazetteer";
    return r.status().message();
  }
  std::string dir_;
};

TEST_F(GeoCuratedBadRow, GoodRowBuilds) {
  EXPECT_EQ(BuildWith("Izium\t\tcity\t49.2128\t37.2566\tUKR\tKharkiv Oblast\t5\t707292\t"
                      "GeoNames"),
            "");
}

TEST_F(GeoCuratedBadRow, WrongFieldCount) {
  std::string msg = BuildWith("Izium\tcity\t49.2\t37.2\tUKR\t5\tGeoNames");
  EXPECT_TRUE(Contains(msg, dir_ + "/curated.tsv:4:")) << msg;
  EXPECT_TRUE(Contains(msg, "expected 10")) << msg;
  EXPECT_TRUE(Contains(msg, "found 7")) << msg;
}

TEST_F(GeoCuratedBadRow, BadLatitude) {
  for (const char* lat : {"forty-nine", "95.0", "", "49.2N"}) {
    std::string msg =
        BuildWith(std::string("Izium\t\tcity\t") + lat + "\t37.2566\tUKR\t\t5\t\tGeoNames");
    EXPECT_TRUE(Contains(msg, dir_ + "/curated.tsv:4:")) << lat << ": " << msg;
    EXPECT_TRUE(Contains(msg, "lat/lon")) << lat << ": " << msg;
  }
}

TEST_F(GeoCuratedBadRow, UnknownFeature) {
  std::string msg = BuildWith("Izium\t\ttown\t49.2128\t37.2566\tUKR\t\t5\t\tGeoNames");
  EXPECT_TRUE(Contains(msg, dir_ + "/curated.tsv:4:")) << msg;
  EXPECT_TRUE(Contains(msg, "unknown feature 'town'")) << msg;
}

TEST_F(GeoCuratedBadRow, MissingSource) {
  for (const char* source : {"", "  "}) {
    std::string msg =
        BuildWith(std::string("Izium\t\tcity\t49.2128\t37.2566\tUKR\t\t5\t\t") + source);
    EXPECT_TRUE(Contains(msg, dir_ + "/curated.tsv:4:")) << msg;
    EXPECT_TRUE(Contains(msg, "source")) << msg;
  }
}

TEST_F(GeoCuratedBadRow, BadUncertainty) {
  std::string msg = BuildWith("Izium\t\tcity\t49.2128\t37.2566\tUKR\t\t-5\t\tGeoNames");
  EXPECT_TRUE(Contains(msg, dir_ + "/curated.tsv:4:")) << msg;
  EXPECT_TRUE(Contains(msg, "uncertainty_km")) << msg;
}

TEST_F(GeoCuratedBadRow, DisputedWrongFieldCount) {
  WriteFile(dir_ + "/disputed.tsv",
            "country\tadmin1_code\tgeonames_id\tname\tclaimants\tnote\nUA\t05\tDonetsk\n");
  std::string msg = BuildWith("Izium\t\tcity\t49.2128\t37.2566\tUKR\t\t5\t\tGeoNames");
  EXPECT_TRUE(Contains(msg, dir_ + "/disputed.tsv:2:")) << msg;
  EXPECT_TRUE(Contains(msg, "expected 6")) << msg;
}

TEST(GeoGazetteerBuild, MissingNpmDataSaysHowToInstall) {
  GazetteerBuildOptions o;
  o.npm_dir = TempPath("no-npm");
  o.places_dir = FixtureDir() + "/places";
  o.out = TempPath("never.sgz");
  std::ostringstream log;
  auto r = BuildGazetteer(o, log);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(Contains(r.status().message(), o.npm_dir)) << r.status().message();
  EXPECT_TRUE(Contains(r.status().message(), "scripts/setup.sh")) << r.status().message();
}

// ---------------------------------------------------------------- geometry

TEST(GeoGeometry, DistanceKm) {
  EXPECT_DOUBLE_EQ(DistanceKm(50.45, 30.52, 50.45, 30.52), 0.0);
  // One degree of latitude on the mean sphere: 6371.0088 * pi / 180.
  EXPECT_NEAR(DistanceKm(0, 0, 1, 0), 111.195, 0.01);
  EXPECT_NEAR(DistanceKm(0, 0, 0, 1), 111.195, 0.01);
  // Kyiv - Kharkiv, about 410 km.
  double d = DistanceKm(50.4547, 30.5238, 49.9808, 36.2527);
  EXPECT_NEAR(d, 410, 5);
  EXPECT_DOUBLE_EQ(d, DistanceKm(49.9808, 36.2527, 50.4547, 30.5238));
  // Antipodes: half the circumference; across the antimeridian: short way.
  EXPECT_NEAR(DistanceKm(0, 0, 0, 180), 20015.1, 1);
  EXPECT_NEAR(DistanceKm(0, 179.5, 0, -179.5), 111.195, 0.01);
}

TEST(GeoGeometry, DestinationRoundTrips) {
  double lat, lon;
  Destination(0, 0, 90, 111.195, &lat, &lon);
  EXPECT_NEAR(lat, 0, 1e-6);
  EXPECT_NEAR(lon, 1, 1e-3);
  Destination(49.9808, 36.2527, 180, 20, &lat, &lon);
  EXPECT_LT(lat, 49.9808);
  EXPECT_NEAR(lon, 36.2527, 1e-9);
  EXPECT_NEAR(DistanceKm(49.9808, 36.2527, lat, lon), 20, 1e-6);
  for (double bearing : {0.0, 45.0, 135.0, 225.0, 315.0}) {
    for (double km : {1.0, 20.0, 500.0}) {
      Destination(50.4547, 30.5238, bearing, km, &lat, &lon);
      EXPECT_NEAR(DistanceKm(50.4547, 30.5238, lat, lon), km, 1e-6 * km + 1e-9)
          << bearing << " " << km;
    }
  }
  // Longitudes stay in [-180, 180] across the antimeridian.
  Destination(0, 179.5, 90, 111.195, &lat, &lon);
  EXPECT_NEAR(lon, -179.5, 1e-3);
}

// ---------------------------------------------------------------- PlaceToJson

TEST(GeoPlaceToJson, ContractFieldsResolved) {
  Place p;
  p.cp_begin = 23;
  p.cp_end = 30;
  p.text = "Kharkiv";
  p.resolved = true;
  p.name = "Kharkiv";
  p.geonames_id = 706483;
  p.lat = 49.98081;
  p.lon = 36.25272;
  p.country = "UKR";
  p.admin1 = "Kharkiv Oblast";
  p.feature = Feature::kCity;
  p.uncertainty_km = 8;
  p.confidence = 0.9;
  auto j = nlohmann::json::parse(PlaceToJson(p));
  for (const char* k : {"text", "span", "name", "geonames_id", "lat", "lon", "country", "admin1",
                        "feature", "uncertainty_km"}) {
    EXPECT_TRUE(j.contains(k)) << k << " in " << j.dump();
  }
  EXPECT_EQ(j["text"], "Kharkiv");
  EXPECT_EQ(j["span"], nlohmann::json::array({23, 30}));
  EXPECT_EQ(j["name"], "Kharkiv");
  EXPECT_EQ(j["geonames_id"], 706483);
  EXPECT_NEAR(j["lat"].get<double>(), 49.9808, 1e-4);
  EXPECT_NEAR(j["lon"].get<double>(), 36.2527, 1e-4);
  EXPECT_EQ(j["country"], "UKR");
  EXPECT_EQ(j["admin1"], "Kharkiv Oblast");
  EXPECT_EQ(j["feature"], "city");
  EXPECT_EQ(j["uncertainty_km"], 8.0);
  EXPECT_FALSE(j.contains("demonym"));
  EXPECT_FALSE(j.contains("disputed"));
  EXPECT_FALSE(j.contains("relation"));
}

TEST(GeoPlaceToJson, UnresolvedHasNullCoordinates) {
  Place p;
  p.cp_begin = 5;
  p.cp_end = 14;
  p.text = "Zzyzxivka";
  auto j = nlohmann::json::parse(PlaceToJson(p));
  EXPECT_EQ(j["text"], "Zzyzxivka");
  EXPECT_EQ(j["span"], nlohmann::json::array({5, 14}));
  for (const char* k : {"name", "geonames_id", "lat", "lon", "feature", "uncertainty_km"}) {
    ASSERT_TRUE(j.contains(k)) << k;
    EXPECT_TRUE(j[k].is_null()) << k << " in " << j.dump();
  }
}

TEST(GeoPlaceToJson, OptionalFields) {
  Place p;
  p.text = "Donbas";
  p.resolved = true;
  p.name = "Donbas";
  p.feature = Feature::kRegion;
  p.disputed = true;
  p.disputed_note = "occupied";
  p.relation = "near";
  p.anchor = "Donbas";
  auto j = nlohmann::json::parse(PlaceToJson(p));
  EXPECT_TRUE(j["geonames_id"].is_null());  // curated places without a GeoNames id
  EXPECT_TRUE(j["admin1"].is_null());
  EXPECT_TRUE(j["country"].is_null());
  EXPECT_EQ(j["feature"], "region");
  EXPECT_EQ(j["disputed"], true);
  EXPECT_EQ(j["disputed_note"], "occupied");
  EXPECT_EQ(j["relation"], "near");
  EXPECT_EQ(j["anchor"], "Donbas");
  Place d;
  d.text = "Ukrainian";
  d.demonym = true;
  d.resolved = true;
  d.name = "Ukraine";
  d.feature = Feature::kCountry;
  EXPECT_EQ(nlohmann::json::parse(PlaceToJson(d))["demonym"], true);
}

TEST(GeoFeatureNames, RoundTrip) {
  for (int i = 0; i < kNumFeatures; ++i) {
    Feature f;
    ASSERT_TRUE(FeatureFromName(FeatureName(static_cast<Feature>(i)), &f)) << i;
    EXPECT_EQ(static_cast<int>(f), i);
  }
  Feature f;
  EXPECT_FALSE(FeatureFromName("town", &f));
  EXPECT_EQ(FeatureName(Feature::kLine), "line");
}

// ---------------------------------------------------------------- geoparser

class GeoparserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gaz_path_ = new std::string(::testing::TempDir() + "geo_test-" + std::to_string(::getpid()) +
                                "-geoparser.sgz");
    GazetteerBuildOptions o;
    o.npm_dir = FixtureDir() + "/npm";
    o.places_dir = FixtureDir() + "/places";
    o.out = *gaz_path_;
    std::ostringstream log;
    auto stats = BuildGazetteer(o, log);
    if (!stats.ok()) {
      *error_ = stats.status().ToString();
      return;
    }
    PipelineOptions po;
    po.parse = false;  // as `sitrep geoparse`: tokens and POS tags only
    auto pipeline = Pipeline::Load(po);
    if (!pipeline.ok()) {
      *error_ = pipeline.status().ToString();
      return;
    }
    pipeline_ = pipeline.value().release();
    GeoparserOptions go;
    go.gazetteer = *gaz_path_;
    go.places_dir = FixtureDir() + "/places";
    auto geo = Geoparser::Load(go);
    if (!geo.ok()) {
      *error_ = geo.status().ToString();
      return;
    }
    geo_ = geo.value().release();
  }
  static void TearDownTestSuite() {
    delete geo_;
    delete pipeline_;
    geo_ = nullptr;
    pipeline_ = nullptr;
    std::error_code ec;
    fs::remove(*gaz_path_, ec);
    delete gaz_path_;
  }
  void SetUp() override { ASSERT_NE(geo_, nullptr) << *error_; }

  // Tags `text` and returns its places; the Doc stays in doc_.
  std::vector<Place> Parse(const std::string& text) {
    auto worker = pipeline_->NewWorker();
    auto ws = geo_->NewWorkspace();
    doc_ = Doc();
    doc_.id = "test";
    doc_.SetText(text);
    pipeline_->Process(&doc_, worker.get());
    return geo_->Parse(&doc_, ws.get());
  }
  // The places that are not demonyms.
  static std::vector<Place> Locations(const std::vector<Place>& all) {
    std::vector<Place> out;
    for (const Place& p : all) {
      if (!p.demonym) out.push_back(p);
    }
    return out;
  }
  static const Place* ByText(const std::vector<Place>& places, std::string_view text) {
    for (const Place& p : places) {
      if (p.text == text) return &p;
    }
    return nullptr;
  }
  static std::string Describe(const std::vector<Place>& places) {
    std::string s = "[";
    for (const Place& p : places) s += PlaceToJson(p) + " ";
    return s + "]";
  }
  // Code-point offset of `part` in `text`.
  static uint32_t CpOffset(const std::string& text, std::string_view part) {
    size_t b = text.find(part);
    return utf8::CountCodePoints(text.data(), b);
  }

  static std::string* gaz_path_;
  static std::string* error_;
  static Pipeline* pipeline_;
  static Geoparser* geo_;
  Doc doc_;
};
std::string* GeoparserTest::gaz_path_ = nullptr;
std::string* GeoparserTest::error_ = new std::string("not loaded");
Pipeline* GeoparserTest::pipeline_ = nullptr;
Geoparser* GeoparserTest::geo_ = nullptr;

TEST_F(GeoparserTest, CityNotOblastAndDemonym) {
  const std::string text = "Russian forces shelled Kharkiv on Tuesday.";
  auto places = Parse(text);
  const Place* k = ByText(places, "Kharkiv");
  ASSERT_NE(k, nullptr) << Describe(places);
  EXPECT_TRUE(k->resolved);
  EXPECT_FALSE(k->demonym);
  EXPECT_EQ(k->feature, Feature::kCity) << Describe(places);
  EXPECT_EQ(k->name, "Kharkiv");
  EXPECT_EQ(k->geonames_id, 706483u);
  EXPECT_NEAR(k->lat, 49.9808, 1e-3);
  EXPECT_NEAR(k->lon, 36.2527, 1e-3);
  EXPECT_EQ(k->country, "UKR");
  EXPECT_EQ(k->admin1, "Kharkiv Oblast");
  EXPECT_EQ(k->cp_begin, 23u);
  EXPECT_EQ(k->cp_end, 30u);
  EXPECT_TRUE(k->relation.empty());
  const Place* r = ByText(places, "Russian");
  ASSERT_NE(r, nullptr) << Describe(places);
  EXPECT_TRUE(r->demonym);
  EXPECT_EQ(r->country, "RUS");
  EXPECT_EQ(r->feature, Feature::kCountry);
  // Nothing else: "Tuesday" is not a place.
  EXPECT_EQ(places.size(), 2u) << Describe(places);
  EXPECT_TRUE(doc_.warnings.empty());
}

TEST_F(GeoparserTest, OblastFormsAreTheRegion) {
  for (const char* text :
       {"Shelling continued in Kharkiv Oblast.", "Shelling continued in the Kharkiv region."}) {
    auto places = Locations(Parse(text));
    ASSERT_EQ(places.size(), 1u) << text << Describe(places);
    EXPECT_EQ(places[0].feature, Feature::kAdmin1) << text;
    EXPECT_EQ(places[0].name, "Kharkiv Oblast") << text;
  }
}

TEST_F(GeoparserTest, VillageInsideNamedOblast) {
  auto places = Parse("There was heavy fighting near Berestove, Donetsk.");
  const Place* b = ByText(places, "Berestove");
  ASSERT_NE(b, nullptr) << Describe(places);
  EXPECT_TRUE(b->resolved);
  EXPECT_EQ(b->feature, Feature::kVillage);
  EXPECT_EQ(b->admin1, "Donetsk Oblast");
  EXPECT_EQ(b->country, "UKR");
  EXPECT_EQ(b->relation, "near");
  EXPECT_EQ(b->anchor, "Berestove");
  EXPECT_TRUE(b->disputed);
  EXPECT_TRUE(Contains(b->disputed_note, "occupied by Russia")) << b->disputed_note;
  // The "Donetsk" after the comma is the Ukrainian one, not Donetsk, Rostov.
  const Place* d = ByText(places, "Donetsk");
  ASSERT_NE(d, nullptr) << Describe(places);
  EXPECT_EQ(d->country, "UKR");
}

TEST_F(GeoparserTest, DistanceAndBearingMoveThePoint) {
  auto plain = Locations(Parse("Artillery hit Kharkiv overnight."));
  ASSERT_EQ(plain.size(), 1u) << Describe(plain);
  auto places = Locations(Parse("Artillery hit a depot 20 km south of Kharkiv overnight."));
  ASSERT_EQ(places.size(), 1u) << Describe(places);
  const Place& p = places[0];
  EXPECT_TRUE(p.resolved);
  EXPECT_EQ(p.relation, "20 km south of");
  EXPECT_EQ(p.anchor, "Kharkiv");
  EXPECT_EQ(p.text, "Kharkiv");
  EXPECT_NEAR(DistanceKm(plain[0].lat, plain[0].lon, p.lat, p.lon), 20, 1);
  EXPECT_LT(p.lat, plain[0].lat);
  EXPECT_NEAR(p.lon, plain[0].lon, 1e-6);
  EXPECT_GT(p.uncertainty_km, plain[0].uncertainty_km);
}

TEST_F(GeoparserTest, OutskirtsOf) {
  auto places = Locations(Parse("Troops massed on the outskirts of Kyiv."));
  ASSERT_EQ(places.size(), 1u) << Describe(places);
  EXPECT_EQ(places[0].name, "Kyiv");
  EXPECT_EQ(places[0].feature, Feature::kCity);
  EXPECT_EQ(places[0].relation, "outskirts of");
  EXPECT_EQ(places[0].anchor, "Kyiv");
}

TEST_F(GeoparserTest, OldSpellingIsKyiv) {
  auto places = Locations(Parse("Explosions were heard in Kiev overnight."));
  ASSERT_EQ(places.size(), 1u) << Describe(places);
  EXPECT_EQ(places[0].text, "Kiev");
  EXPECT_EQ(places[0].name, "Kyiv");
  EXPECT_EQ(places[0].geonames_id, 703448u);
  EXPECT_EQ(places[0].feature, Feature::kCity);
}

// Regression: the English tagger tags an unknown Cyrillic word as ADJ
// ("Київ" -> ADJ/JJ) and the context rules dropped single-token matches that
// were not PROPN/NOUN/X, so "Київ" was never found although the gazetteer has
// it (GeoGazetteer.OldSpellingFindsKyiv).
TEST_F(GeoparserTest, CyrillicNameIsKyiv) {
  const std::string text = "Explosions were heard in Київ overnight.";
  auto places = Locations(Parse(text));
  ASSERT_EQ(places.size(), 1u) << Describe(places);
  EXPECT_EQ(places[0].text, "Київ");
  EXPECT_EQ(places[0].name, "Kyiv");
  EXPECT_EQ(places[0].geonames_id, 703448u);
  EXPECT_EQ(places[0].cp_begin, CpOffset(text, "Київ"));
  EXPECT_EQ(places[0].cp_end, CpOffset(text, "Київ") + 4);
}

TEST_F(GeoparserTest, OblastIsDisputed) {
  const std::string text = "Shelling continued in Donetsk Oblast.";
  auto places = Locations(Parse(text));
  ASSERT_EQ(places.size(), 1u) << Describe(places);
  const Place& p = places[0];
  EXPECT_EQ(p.text, "Donetsk Oblast");
  EXPECT_EQ(p.cp_begin, CpOffset(text, "Donetsk Oblast"));
  EXPECT_EQ(p.cp_end, p.cp_begin + 14);
  EXPECT_EQ(p.feature, Feature::kAdmin1);
  EXPECT_EQ(p.name, "Donetsk Oblast");
  EXPECT_EQ(p.country, "UKR");  // the internationally recognised country
  EXPECT_TRUE(p.disputed);
  EXPECT_FALSE(p.disputed_note.empty());
  auto j = nlohmann::json::parse(PlaceToJson(p));
  EXPECT_EQ(j["disputed"], true);
}

TEST_F(GeoparserTest, UnknownVillageIsKeptWithWarning) {
  const std::string text =
      "Fighting was reported in the village of Zzyzxivka. Kharkiv was shelled again.";
  auto places = Parse(text);
  const Place* z = ByText(places, "Zzyzxivka");
  ASSERT_NE(z, nullptr) << Describe(places);
  EXPECT_FALSE(z->resolved);
  EXPECT_EQ(z->cp_begin, CpOffset(text, "Zzyzxivka"));
  EXPECT_EQ(z->cp_end, z->cp_begin + 9);
  auto j = nlohmann::json::parse(PlaceToJson(*z));
  EXPECT_TRUE(j["lat"].is_null());
  EXPECT_TRUE(j["lon"].is_null());
  ASSERT_EQ(doc_.warnings.size(), 1u);
  EXPECT_TRUE(Contains(doc_.warnings[0], "Zzyzxivka")) << doc_.warnings[0];
  // The other places of the document are still there.
  const Place* k = ByText(places, "Kharkiv");
  ASSERT_NE(k, nullptr) << Describe(places);
  EXPECT_TRUE(k->resolved);
  EXPECT_EQ(k->feature, Feature::kCity);
}

// Regression: unknown names were found after "the village of" and "south
// of" but not before a type word; "Zzyzxivka Oblast" gave no place and no
// warning.
TEST_F(GeoparserTest, UnknownOblastIsKeptWithWarning) {
  const std::string text = "Heavy fighting continued in Zzyzxivka Oblast on Monday.";
  auto places = Parse(text);
  ASSERT_EQ(places.size(), 1u) << Describe(places);
  EXPECT_FALSE(places[0].resolved);
  EXPECT_TRUE(Contains(places[0].text, "Zzyzxivka")) << places[0].text;
  EXPECT_EQ(places[0].cp_begin, CpOffset(text, "Zzyzxivka"));
  ASSERT_EQ(doc_.warnings.size(), 1u);
  EXPECT_TRUE(Contains(doc_.warnings[0], "Zzyzxivka")) << doc_.warnings[0];
}

TEST_F(GeoparserTest, UnknownNameBeforeBearing) {
  auto places = Parse("Soldiers entered the village of Zzyzxivka, west of Sumy.");
  const Place* z = ByText(places, "Zzyzxivka");
  ASSERT_NE(z, nullptr) << Describe(places);
  EXPECT_FALSE(z->resolved);
  const Place* s = ByText(places, "Sumy");
  ASSERT_NE(s, nullptr) << Describe(places);
  EXPECT_TRUE(s->resolved);
  EXPECT_EQ(s->relation, "west of");
  EXPECT_LT(s->lon, 34.80029);
}

TEST_F(GeoparserTest, CuratedLandmarkAlias) {
  auto places = Locations(Parse("Russian troops seized the Chernobyl nuclear plant."));
  ASSERT_EQ(places.size(), 1u) << Describe(places);
  EXPECT_EQ(places[0].text, "Chernobyl nuclear plant");
  EXPECT_EQ(places[0].name, "Chernobyl Nuclear Power Plant");
  EXPECT_EQ(places[0].feature, Feature::kLandmark);
  EXPECT_EQ(places[0].geonames_id, 0u);
  EXPECT_NEAR(places[0].lat, 51.3894, 1e-3);
}

TEST_F(GeoparserTest, BorderIsOneLine) {
  auto places = Parse("Columns crossed the Belarus-Ukraine border at dawn.");
  ASSERT_EQ(places.size(), 1u) << Describe(places);  // not Belarus + Ukraine
  EXPECT_EQ(places[0].text, "Belarus-Ukraine border");
  EXPECT_EQ(places[0].feature, Feature::kLine);
  EXPECT_EQ(places[0].name, "Belarus-Ukraine border");
  EXPECT_EQ(places[0].country, "");
}

TEST_F(GeoparserTest, GeorgiaAmongUsPlacesIsTheState) {
  auto places =
      Parse("Storms hit Atlanta on Monday. Texas and Georgia declared states of emergency.");
  const Place* g = ByText(places, "Georgia");
  ASSERT_NE(g, nullptr) << Describe(places);
  EXPECT_EQ(g->feature, Feature::kAdmin1) << Describe(places);
  EXPECT_EQ(g->country, "USA");
  const Place* a = ByText(places, "Atlanta");
  ASSERT_NE(a, nullptr) << Describe(places);
  EXPECT_EQ(a->country, "USA");
}

TEST_F(GeoparserTest, GeorgiaNearTbilisiIsTheCountry) {
  auto places = Parse("Officials in Tbilisi said Russia had moved more troops into Georgia.");
  const Place* g = ByText(places, "Georgia");
  ASSERT_NE(g, nullptr) << Describe(places);
  EXPECT_EQ(g->feature, Feature::kCountry) << Describe(places);
  EXPECT_EQ(g->country, "GEO");
}

TEST_F(GeoparserTest, OneSensePerNamePerDocument) {
  auto places = Locations(
      Parse("Residents of Donetsk sheltered overnight. Donetsk and Mariupol were shelled again."));
  std::vector<const Place*> donetsk;
  for (const Place& p : places) {
    if (p.text == "Donetsk") donetsk.push_back(&p);
  }
  ASSERT_EQ(donetsk.size(), 2u) << Describe(places);
  EXPECT_EQ(donetsk[0]->geonames_id, donetsk[1]->geonames_id);
  EXPECT_EQ(donetsk[0]->geonames_id, 709717u) << Describe(places);  // Ukraine, not Rostov
}

TEST_F(GeoparserTest, TitleMakesAPerson) {
  auto places = Parse("President Jordan met reporters on Friday.");
  EXPECT_TRUE(places.empty()) << Describe(places);
}

TEST_F(GeoparserTest, NameInsidePersonName) {
  auto places = Parse("Paris Hilton attended the gala in a red dress.");
  EXPECT_TRUE(places.empty()) << Describe(places);
}

// Regression: the tokenizer keeps "Mr." as one token, so the title rule
// (which lists "mr") did not match "mr." and "Mr. Washington" came out as
// Washington, D.C.
TEST_F(GeoparserTest, AbbreviatedTitleMakesAPerson) {
  auto places = Parse("Mr. Washington said the talks had failed.");
  EXPECT_TRUE(places.empty()) << Describe(places);
}

TEST_F(GeoparserTest, SameNamesAsPlaces) {
  auto places = Locations(Parse("The delegation flew from Paris to Jordan."));
  EXPECT_NE(ByText(places, "Paris"), nullptr) << Describe(places);
  EXPECT_NE(ByText(places, "Jordan"), nullptr) << Describe(places);
}

TEST_F(GeoparserTest, CommonWordsAreNotPlaces) {
  // "March" is a town in Cambridgeshire (in the fixture) and in not_places.txt.
  auto places = Parse("The offensive began in March and stalled by May.");
  EXPECT_TRUE(places.empty()) << Describe(places);
}

TEST_F(GeoparserTest, AbbreviationOnlyInCapitals) {
  auto places = Locations(Parse("The U.S. sent more aid. Officials told us nothing."));
  ASSERT_EQ(places.size(), 1u) << Describe(places);
  EXPECT_EQ(places[0].name, "United States");
  EXPECT_EQ(places[0].feature, Feature::kCountry);
}

TEST_F(GeoparserTest, EmptyDocument) {
  EXPECT_TRUE(Parse("").empty());
  EXPECT_TRUE(Parse("no capitals here at all.").empty());
  EXPECT_TRUE(doc_.warnings.empty());
}

TEST(GeoparserLoad, MissingGazetteerNamesTheFile) {
  GeoparserOptions go;
  go.gazetteer = TempPath("missing.sgz");
  go.places_dir = FixtureDir() + "/places";
  auto g = Geoparser::Load(go);
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(Contains(g.status().message(), go.gazetteer)) << g.status().message();
  EXPECT_TRUE(Contains(g.status().message(), "sitrep gazetteer build")) << g.status().message();
}

TEST(GeoparserLoad, MissingNotPlacesNamesTheFile) {
  std::string gaz = TempPath("ok.sgz");
  ASSERT_NO_FATAL_FAILURE(BuildFixture(gaz));
  GeoparserOptions go;
  go.gazetteer = gaz;
  go.places_dir = TempPath("no-places");
  auto g = Geoparser::Load(go);
  std::error_code ec;
  fs::remove(gaz, ec);
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(Contains(g.status().message(), go.places_dir + "/not_places.txt"))
      << g.status().message();
}

}  // namespace
}  // namespace sitrep::geo
