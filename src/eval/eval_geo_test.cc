#include "eval/eval_geo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sitrep::eval {
namespace {

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

std::string WriteTemp(const std::string& name, std::string_view data) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  return path;
}

// GeoVirus layout with the file's quirk: <start>/<end> one too high (code
// points). Article 1's Paris has correct offsets, article 2's first Accra
// has offsets that point nowhere and Abuja does not occur at all. The
// commented-out article is not an article.
constexpr std::string_view kGeoVirusXml = R"(<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article>
    <source>https://example.org/1</source>
    <text>Troops left Zaïre for Kinshasa and Paris.</text>
    <locations>
      <location><name>Kinshasa</name><start>23</start><end>31</end><lat>-4.32</lat><lon>15.31</lon></location>
      <location><name>Zaïre</name><altName>Congo</altName><start>13</start><end>18</end><lat>-1.44</lat><lon>15.55</lon></location>
      <location><name>Paris</name><start>35</start><end>40</end><lat>48.86</lat><lon>2.35</lon></location>
    </locations>
  </article>
  <!--<article><text>ignored</text></article>-->
  <article>
    <source>https://example.org/2</source>
    <text>Côte d'Ivoire &amp; Ghana: Accra, Accra and Lagos.</text>
    <locations>
      <location><name>Accra</name><start>40</start><end>45</end><lat>5.56</lat><lon>-0.19</lon></location>
      <location><name>Côte d'Ivoire</name><start>1</start><end>14</end><lat>7.54</lat><lon>-5.55</lon></location>
      <location><name>Ghana</name><start>17</start><end>22</end><lat>7.95</lat><lon>-1.02</lon></location>
      <location><name>Accra</name><start>24</start><end>29</end><lat>5.56</lat><lon>-0.19</lon></location>
      <location><name>Abuja</name><start>5</start><end>10</end><lat>9.07</lat><lon>7.40</lon></location>
    </locations>
  </article>
</articles>
)";

TEST(ReadGeoVirus, OffByOneOffsetsInCodePoints) {
  auto docs = ReadGeoVirus(WriteTemp("geovirus-small.xml", kGeoVirusXml));
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 2u);
  const GeoGoldDoc& d1 = (*docs)[0];
  EXPECT_EQ(d1.id, "geovirus-1");
  EXPECT_EQ(d1.text, "Troops left Zaïre for Kinshasa and Paris.");
  EXPECT_EQ(d1.unaligned, 0u);
  ASSERT_EQ(d1.mentions.size(), 3u);  // sorted by position
  EXPECT_EQ(d1.mentions[0].text, "Zaïre");
  EXPECT_EQ(d1.mentions[0].cp_begin, 12u);
  EXPECT_EQ(d1.mentions[0].cp_end, 17u);
  EXPECT_TRUE(d1.mentions[0].has_coords);
  EXPECT_DOUBLE_EQ(d1.mentions[0].lat, -1.44);
  EXPECT_DOUBLE_EQ(d1.mentions[0].lon, 15.55);
  EXPECT_EQ(d1.mentions[0].name, "Zaïre");
  EXPECT_EQ(d1.mentions[1].text, "Kinshasa");
  EXPECT_EQ(d1.mentions[1].cp_begin, 22u);  // a code point after "ï", not a byte
  EXPECT_EQ(d1.mentions[1].cp_end, 30u);
  EXPECT_EQ(d1.mentions[2].text, "Paris");  // offsets already right: kept
  EXPECT_EQ(d1.mentions[2].cp_begin, 35u);

  const GeoGoldDoc& d2 = (*docs)[1];
  EXPECT_EQ(d2.id, "geovirus-2");
  EXPECT_EQ(d2.text, "Côte d'Ivoire & Ghana: Accra, Accra and Lagos.");
  EXPECT_EQ(d2.unaligned, 1u);  // Abuja
  ASSERT_EQ(d2.warnings.size(), 1u);
  EXPECT_TRUE(Contains(d2.warnings[0], "\"Abuja\"")) << d2.warnings[0];
  ASSERT_EQ(d2.mentions.size(), 4u);
  EXPECT_EQ(d2.mentions[0].text, "Côte d'Ivoire");
  EXPECT_EQ(d2.mentions[0].cp_begin, 0u);
  EXPECT_EQ(d2.mentions[0].cp_end, 13u);
  EXPECT_EQ(d2.mentions[1].text, "Ghana");  // after the decoded "&amp;"
  EXPECT_EQ(d2.mentions[1].cp_begin, 16u);
  EXPECT_EQ(d2.mentions[1].cp_end, 21u);
  EXPECT_EQ(d2.mentions[2].cp_begin, 23u);
  EXPECT_EQ(d2.mentions[3].text, "Accra");  // found by search: nearest to 39
  EXPECT_EQ(d2.mentions[3].cp_begin, 30u);
  EXPECT_EQ(d2.mentions[3].cp_end, 35u);
}

TEST(ReadGeoVirus, MissingFileIsNamed) {
  std::string path = ::testing::TempDir() + "no-such-geovirus.xml";
  auto docs = ReadGeoVirus(path);
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(Contains(docs.status().message(), path)) << docs.status().ToString();
}

TEST(ReadGeoVirus, MalformedXmlNamesFileAndLine) {
  std::string path = WriteTemp("bad.xml", "<articles>\n<article>\n<text>Kyiv</txt>\n</articles>\n");
  auto docs = ReadGeoVirus(path);
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(Contains(docs.status().message(), path + ":3: malformed XML"))
      << docs.status().ToString();
}

TEST(ReadGeoVirus, WrongRootIsRefused) {
  std::string path = WriteTemp("not-geovirus.xml", "<rss><channel/></rss>");
  auto docs = ReadGeoVirus(path);
  ASSERT_FALSE(docs.ok());
  EXPECT_TRUE(Contains(docs.status().message(), path + ": no <articles> root"))
      << docs.status().ToString();
}

// The real corpus, when the reference folder has it.
TEST(ReadGeoVirus, RealCorpus) {
  std::string path = std::string(SITREP_SHARED_DIR) + "/data/geo/GeoVirus.xml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  auto docs = ReadGeoVirus(path);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  EXPECT_EQ(docs->size(), 229u);
  size_t mentions = 0, unaligned = 0;
  for (const auto& d : *docs) {
    mentions += d.mentions.size();
    unaligned += d.unaligned;
    for (const auto& m : d.mentions) {
      EXPECT_EQ(m.text, m.name) << d.id;
      EXPECT_TRUE(m.has_coords) << d.id;
    }
  }
  EXPECT_EQ(mentions, 2167u);
  EXPECT_EQ(unaligned, 0u);
  ASSERT_FALSE(docs->front().mentions.empty());
  EXPECT_EQ(docs->front().mentions[0].text, "Pandi");
  EXPECT_EQ(docs->front().mentions[0].cp_begin, 169u);
  EXPECT_EQ(docs->front().mentions[0].cp_end, 174u);
}

// The contract's sample article, when the reference folder has it.
TEST(GeoGoldJson, SampleArticle) {
  std::string path = std::string(SITREP_SHARED_DIR) + "/samples/kyiv-2022-02-26.gold.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  auto docs = ReadGeoGold(path);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 1u);
  const GeoGoldDoc& d = docs->front();
  EXPECT_EQ(d.id, "kyiv-2022-02-26");
  EXPECT_EQ(d.unaligned, 0u);
  // 29 whole-word occurrences; the "Ukraine" inside "Belarus-Ukraine border" is dropped.
  EXPECT_EQ(d.mentions.size(), 28u);
  ASSERT_FALSE(d.mentions.empty());
  EXPECT_EQ(d.mentions[0].text, "Ukraine");
  EXPECT_EQ(d.mentions[0].cp_begin, 23u);
}

constexpr std::string_view kGoldText =
    "Shelling hit Київ (Kyiv) and Kharkiv. Kyiv's mayor spoke near the Belarus-Ukraine border; "
    "Ukraine denied it. Kyivan officials in Zhytomyr.";

nlohmann::json GoldDocJson(const std::string& id) {
  nlohmann::json place = {{"name", "Kyiv"},    {"lat", 50.45},     {"lon", 30.52},
                          {"feature", "city"}, {"country", "UKR"}, {"mentions", {"Київ", "Kyiv"}}};
  return {{"id", id},
          {"text", kGoldText},
          {"places",
           {place,
            {{"name", "Kharkiv"}, {"lat", 49.99}, {"lon", 36.23}, {"mentions", {"Kharkiv"}}},
            {{"name", "Ukraine"}, {"lat", 49.0}, {"lon", 32.0}, {"mentions", {"Ukraine"}}},
            {{"name", "Belarus-Ukraine border"},
             {"lat", 51.5},
             {"lon", 28.5},
             {"feature", "line"},
             {"country", nullptr},
             {"mentions", {"Belarus-Ukraine border"}}},
            {{"name", "Zhytomyr"}, {"lat", nullptr}, {"lon", nullptr}, {"mentions", {"Zhytomyr"}}},
            {{"name", "Atlantis"}, {"lat", 0.0}, {"lon", 0.0}, {"mentions", {"Atlantis"}}},
            {{"name", "Russia"},
             {"lat", 61.5},
             {"lon", 105.3},
             {"mentions", nlohmann::json::array()}}}}};
}

void ExpectGoldDoc(const GeoGoldDoc& d) {
  struct Want {
    const char* text;
    uint32_t b, e;
    const char* name;
  };
  const std::vector<Want> want = {{"Київ", 13, 17, "Kyiv"},
                                  {"Kyiv", 19, 23, "Kyiv"},
                                  {"Kharkiv", 29, 36, "Kharkiv"},
                                  {"Kyiv", 38, 42, "Kyiv"},  // "Kyiv's"; "Kyivan" is no match
                                  {"Belarus-Ukraine border", 66, 88, "Belarus-Ukraine border"},
                                  {"Ukraine", 90, 97, "Ukraine"},  // not the one inside the border
                                  {"Zhytomyr", 129, 137, "Zhytomyr"}};
  ASSERT_EQ(d.mentions.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(d.mentions[i].text, want[i].text) << i;
    EXPECT_EQ(d.mentions[i].cp_begin, want[i].b) << i;
    EXPECT_EQ(d.mentions[i].cp_end, want[i].e) << i;
    EXPECT_EQ(d.mentions[i].name, want[i].name) << i;
  }
  EXPECT_TRUE(d.mentions[0].has_coords);
  EXPECT_DOUBLE_EQ(d.mentions[0].lat, 50.45);
  EXPECT_EQ(d.mentions[0].feature, "city");
  EXPECT_EQ(d.mentions[4].feature, "line");
  EXPECT_FALSE(d.mentions[6].has_coords);  // null lat/lon
  EXPECT_EQ(d.unaligned, 1u);              // Atlantis
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_TRUE(Contains(d.warnings[0], "\"Atlantis\"")) << d.warnings[0];
}

TEST(GeoGoldJson, OneObjectEveryWholeWordOccurrence) {
  std::string path = WriteTemp("one.gold.json", GoldDocJson("doc-a").dump(2));
  auto docs = ReadGoldJson(path);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].id, "doc-a");
  EXPECT_EQ((*docs)[0].text, kGoldText);
  ExpectGoldDoc((*docs)[0]);
}

TEST(GeoGoldJson, JsonlOneDocumentPerLine) {
  nlohmann::json no_id = {
      {"text", "Rain in Lviv."},
      {"places", {{{"name", "Lviv"}, {"lat", 49.84}, {"lon", 24.03}, {"mentions", {"Lviv"}}}}}};
  std::string data = GoldDocJson("doc-a").dump() + "\n\n" + no_id.dump() + "\n";
  std::string path = WriteTemp("many.gold.jsonl", data);
  auto docs = ReadGoldJson(path);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 2u);
  ExpectGoldDoc((*docs)[0]);
  EXPECT_EQ((*docs)[1].id, "many-3");  // file stem and line
  ASSERT_EQ((*docs)[1].mentions.size(), 1u);
  EXPECT_EQ((*docs)[1].mentions[0].cp_begin, 8u);

  // JSONL content under a .json name is recognised too.
  auto again = ReadGoldJson(WriteTemp("many-lines.json", data));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->size(), 2u);
}

TEST(GeoGoldJson, ErrorsNameFileAndLine) {
  std::string missing = ::testing::TempDir() + "no-such.gold.json";
  auto r = ReadGoldJson(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(Contains(r.status().message(), missing)) << r.status().ToString();

  std::string bad = WriteTemp("bad.gold.json", "{\"id\": \"x\", \"text\": ");
  r = ReadGoldJson(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), bad + ": not valid JSON")) << r.status().ToString();

  std::string jsonl = WriteTemp("bad.gold.jsonl", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n{oops\n");
  r = ReadGoldJson(jsonl);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), jsonl + ":3: not valid JSON"))
      << r.status().ToString();

  std::string no_text = WriteTemp("no-text.gold.jsonl", "{\"id\": \"x\"}\n");
  r = ReadGoldJson(no_text);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), no_text + ":1: missing \"text\""))
      << r.status().ToString();

  std::string bad_lat = WriteTemp(
      "bad-lat.gold.json",
      R"({"text": "Kyiv", "places": [{"name": "Kyiv", "lat": "50", "lon": 30, "mentions": ["Kyiv"]}]})");
  r = ReadGoldJson(bad_lat);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), bad_lat + ": places[0]")) << r.status().ToString();
}

TEST(ReadGeoGold, DispatchesOnExtension) {
  auto xml = ReadGeoGold(WriteTemp("dispatch.xml", kGeoVirusXml));
  ASSERT_TRUE(xml.ok()) << xml.status().ToString();
  EXPECT_EQ(xml->size(), 2u);
  auto js = ReadGeoGold(WriteTemp("dispatch.gold.json", GoldDocJson("doc-a").dump()));
  ASSERT_TRUE(js.ok()) << js.status().ToString();
  EXPECT_EQ(js->size(), 1u);
}

TEST(GeoHaversine, KnownDistances) {
  EXPECT_NEAR(HaversineKm(0, 0, 0, 1), 111.19508, 1e-4);     // R * pi / 180
  EXPECT_NEAR(HaversineKm(0, 0, 0, 180), 20015.1144, 1e-3);  // R * pi
  EXPECT_NEAR(HaversineKm(50.45, 30.52, 50.45, 30.52), 0, 1e-9);
  EXPECT_NEAR(HaversineKm(50.4501, 30.5234, 49.9935, 36.2304), 410.0, 5.0);  // Kyiv-Kharkiv
  EXPECT_NEAR(HaversineKm(89.9, 0, 89.9, 180), HaversineKm(89.9, 0, 90, 0) * 2, 1e-6);
}

// --- Scoring with a fake geoparser whose output is fixed.

GeoGoldMention Gold(std::string_view text, std::string_view m, double lat, double lon) {
  GeoGoldMention g;
  g.cp_begin = static_cast<uint32_t>(text.find(m));  // ASCII texts: bytes are code points
  g.cp_end = g.cp_begin + static_cast<uint32_t>(m.size());
  g.text = std::string(m);
  g.name = std::string(m);
  g.has_coords = true;
  g.lat = lat;
  g.lon = lon;
  return g;
}

geo::Place Pred(std::string_view text, std::string_view m, size_t extra_chars = 0) {
  geo::Place p;
  p.cp_begin = static_cast<uint32_t>(text.find(m));
  p.cp_end = p.cp_begin + static_cast<uint32_t>(m.size() + extra_chars);
  p.text = std::string(text.substr(p.cp_begin, p.cp_end - p.cp_begin));
  return p;
}

geo::Place Resolved(geo::Place p, double lat, double lon, std::string name = "") {
  p.resolved = true;
  p.lat = lat;
  p.lon = lon;
  p.name = name.empty() ? p.text : name;
  return p;
}

constexpr std::string_view kText =
    "Fighting near Kharkiv, Izium and Kupiansk in Donetsk Oblast; Russian forces left Lyman.";
constexpr double kKmPerDegree = 6371.0088 * 3.14159265358979323846 / 180;

std::vector<GeoGoldDoc> ScoringGold() {
  GeoGoldDoc d;
  d.id = "d1";
  d.text = std::string(kText);
  d.mentions = {Gold(kText, "Kharkiv", 49.99, 36.23), Gold(kText, "Izium", 49.21, 37.26),
                Gold(kText, "Kupiansk", 49.71, 37.61), Gold(kText, "Donetsk Oblast", 48.0, 37.8),
                Gold(kText, "Lyman", 48.99, 37.80)};
  return {d};
}

std::vector<geo::Place> FakeGeoparser(const std::string& text, const std::string& id) {
  EXPECT_EQ(id, "d1");
  EXPECT_EQ(text, kText);
  geo::Place russian = Pred(kText, "Russian");
  russian.demonym = true;
  russian = Resolved(russian, 61.5, 105.3, "Russia");
  geo::Place forces = Resolved(Pred(kText, "forces"), 10, 10, "Forces");
  forces.country = "XXX";
  return {
      Resolved(Pred(kText, "Kharkiv"), 49.99, 36.23),                   // exact: 0 km
      Resolved(Pred(kText, "Izium", 4), 49.71, 37.26),                  // "Izium and": 0.5 deg off
      Pred(kText, "Kupiansk"),                                          // unresolved
      russian,                                                          // demonym: ignored
      forces,                                                           // false positive
      Resolved(Pred(kText, "Lyman"), 50.99, 37.80, "Lyman (Kharkiv)"),  // 2 deg off
  };
}

TEST(EvalGeo, ExactScores) {
  auto r = EvalGeo(ScoringGold(), FakeGeoparser);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->docs, 1u);
  EXPECT_EQ(r->gold, 5u);
  EXPECT_EQ(r->gold_with_coords, 5u);
  EXPECT_EQ(r->predicted, 5u);
  EXPECT_EQ(r->demonyms, 1u);
  EXPECT_EQ(r->matched, 4u);
  EXPECT_DOUBLE_EQ(r->precision, 0.8);
  EXPECT_DOUBLE_EQ(r->recall, 0.8);
  EXPECT_DOUBLE_EQ(r->f1, 0.8);
  EXPECT_EQ(r->recognised, 4u);
  // Errors of the recognised: 0, 55.6, 20039 (unresolved), 222.4 km.
  EXPECT_DOUBLE_EQ(r->acc161_recognised, 0.5);
  EXPECT_DOUBLE_EQ(r->acc161_all, 0.4);
  EXPECT_DOUBLE_EQ(r->within_25km_all, 0.2);
  EXPECT_EQ(r->resolved, 3u);
  EXPECT_NEAR(r->median_error_km, 0.5 * kKmPerDegree, 1e-6);
  EXPECT_NEAR(r->mean_error_km, (0 + 0.5 + 2.0) * kKmPerDegree / 3, 1e-6);
  EXPECT_EQ(r->unresolved_recognised, 1u);
  EXPECT_EQ(r->unresolved_predicted, 1u);

  ASSERT_EQ(r->errors_total, 4u);
  ASSERT_EQ(r->errors.size(), 4u);
  EXPECT_EQ(r->errors[0], "d1: unresolved \"Kupiansk\" [33,41); gold Kupiansk (49.71, 37.61)");
  EXPECT_EQ(r->errors[1], "d1: missed \"Donetsk Oblast\" [45,59)");
  EXPECT_EQ(r->errors[2], "d1: false positive \"forces\" [69,75) -> Forces/XXX");
  EXPECT_EQ(r->errors[3],
            "d1: wrong resolution \"Lyman\" [81,86): 222 km off; gold Lyman (48.99, 37.80), "
            "predicted Lyman (Kharkiv) (50.99, 37.80)");
}

TEST(EvalGeo, ErrorListIsCappedAndShownWhenVerbose) {
  GeoEvalOptions opts;
  opts.max_errors = 2;
  auto r = EvalGeo(ScoringGold(), FakeGeoparser, opts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->errors_total, 4u);
  ASSERT_EQ(r->errors.size(), 2u);
  std::string quiet = r->ToText();
  EXPECT_TRUE(Contains(quiet, "F1  80.00 %")) << quiet;
  EXPECT_TRUE(Contains(quiet, "recognised  50.00 %")) << quiet;
  EXPECT_FALSE(Contains(quiet, "missed")) << quiet;
  std::string verbose = r->ToText(true);
  EXPECT_TRUE(Contains(verbose, "errors (first 2 of 4):\n  d1: unresolved \"Kupiansk\""))
      << verbose;

  auto j = nlohmann::json::parse(r->ToJson());
  EXPECT_DOUBLE_EQ(j["f1"].get<double>(), 0.8);
  EXPECT_DOUBLE_EQ(j["acc161_all"].get<double>(), 0.4);
  EXPECT_EQ(j["gold_mentions"].get<size_t>(), 5u);
  EXPECT_FALSE(j.contains("errors"));
  EXPECT_EQ(nlohmann::json::parse(r->ToJson(true))["errors"].size(), 2u);
}

TEST(EvalGeo, OverlapMatchingIsOneToOne) {
  // Gold "New York" and "Boston"; the parser splits New York in two and
  // swallows ", Boston" into one long span.
  const std::string text = "From New York, Boston and Lyon.";
  GeoGoldDoc d;
  d.id = "d2";
  d.text = text;
  d.mentions = {Gold(text, "New York", 40.71, -74.01), Gold(text, "Boston", 42.36, -71.06),
                Gold(text, "Lyon", 45.76, 4.84)};
  auto fn = [&](const std::string&, const std::string&) {
    return std::vector<geo::Place>{
        Resolved(Pred(text, "New"), 40.71, -74.01),           // overlap 3
        Resolved(Pred(text, "York, Boston"), 42.36, -71.06),  // York 4, Boston 6
        Resolved(Pred(text, "Lyon"), 45.76, 4.84),
    };
  };
  auto r = EvalGeo({d}, fn);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // "York, Boston" goes to Boston (overlap 6), "New" to New York (3).
  EXPECT_EQ(r->matched, 3u);
  EXPECT_DOUBLE_EQ(r->precision, 1.0);
  EXPECT_DOUBLE_EQ(r->recall, 1.0);
  EXPECT_DOUBLE_EQ(r->acc161_all, 1.0);

  // One prediction over both: only the larger overlap matches.
  auto fn2 = [&](const std::string&, const std::string&) {
    return std::vector<geo::Place>{Resolved(Pred(text, "New York, Boston"), 40.71, -74.01)};
  };
  r = EvalGeo({d}, fn2);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->matched, 1u);
  EXPECT_DOUBLE_EQ(r->precision, 1.0);
  EXPECT_DOUBLE_EQ(r->recall, 1.0 / 3);
  ASSERT_EQ(r->errors.size(), 2u);
  EXPECT_EQ(r->errors[0], "d2: missed \"Boston\" [15,21)");  // New York overlaps more
  EXPECT_EQ(r->errors[1], "d2: missed \"Lyon\" [26,30)");
}

TEST(EvalGeo, NoPredictionsAndEmptyGold) {
  auto none = [](const std::string&, const std::string&) { return std::vector<geo::Place>{}; };
  auto r = EvalGeo(ScoringGold(), none);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->predicted, 0u);
  EXPECT_DOUBLE_EQ(r->precision, 0);
  EXPECT_DOUBLE_EQ(r->recall, 0);
  EXPECT_DOUBLE_EQ(r->f1, 0);
  EXPECT_DOUBLE_EQ(r->acc161_all, 0);
  EXPECT_DOUBLE_EQ(r->median_error_km, 0);

  r = EvalGeo({}, none);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->docs, 0u);
  EXPECT_DOUBLE_EQ(r->f1, 0);
}

TEST(EvalGeo, SpanOutsideTheTextIsAnError) {
  auto bad = [](const std::string& text, const std::string&) {
    geo::Place p;
    p.cp_begin = 3;
    p.cp_end = static_cast<uint32_t>(text.size() + 1);
    p.text = "Lyman";
    return std::vector<geo::Place>{p};
  };
  auto r = EvalGeo(ScoringGold(), bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "d1: predicted place \"Lyman\""))
      << r.status().ToString();
}

TEST(EvalGeo, ReaderWarningsComeFirstInErrors) {
  auto docs = ReadGeoVirus(WriteTemp("geovirus-eval.xml", kGeoVirusXml));
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  // A perfect geoparser: every gold mention, resolved exactly.
  auto perfect = [&](const std::string&, const std::string& id) {
    std::vector<geo::Place> out;
    for (const auto& d : *docs) {
      if (d.id != id) continue;
      for (const auto& g : d.mentions) {
        geo::Place p;
        p.cp_begin = g.cp_begin;
        p.cp_end = g.cp_end;
        p.text = g.text;
        out.push_back(Resolved(p, g.lat, g.lon));
      }
    }
    return out;
  };
  auto r = EvalGeo(*docs, perfect);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->gold, 7u);
  EXPECT_EQ(r->gold_unaligned, 1u);
  EXPECT_DOUBLE_EQ(r->f1, 1.0);
  EXPECT_DOUBLE_EQ(r->acc161_all, 1.0);
  EXPECT_DOUBLE_EQ(r->within_25km_all, 1.0);
  EXPECT_DOUBLE_EQ(r->median_error_km, 0);
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_TRUE(Contains(r->errors[0], "\"Abuja\"")) << r->errors[0];
}

}  // namespace
}  // namespace sitrep::eval
