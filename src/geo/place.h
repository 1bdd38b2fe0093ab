// A place mention found in a document, resolved (or not) against the gazetteer.
// This is the record contract's Place (shared/spec/README.md) plus a few
// fields the contract allows the project to add.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sitrep::geo {

// The contract's `feature` values, in this order (stored in the gazetteer).
enum class Feature : uint8_t {
  kCountry = 0,
  kAdmin1,
  kAdmin2,
  kCity,
  kVillage,
  kLandmark,
  kWater,
  kLine,
  kRegion,
};
inline constexpr int kNumFeatures = 9;
std::string_view FeatureName(Feature f);  // "country", "admin1", ...
// False when `name` is not one of the contract's feature names.
bool FeatureFromName(std::string_view name, Feature* out);

struct Place {
  // The mention: token range [token_begin, token_end) of the Doc, its text and
  // its half-open span in Unicode code points of the document text.
  uint32_t token_begin = 0, token_end = 0;
  uint32_t cp_begin = 0, cp_end = 0;
  std::string text;

  // A demonym or country adjective ("Ukrainian", "Russian"): a mention of the
  // country, never an event location by itself.
  bool demonym = false;

  // Resolution. When resolved is false, the coordinates are absent (null in
  // JSON) and the document gets a warning; the mention is still reported.
  bool resolved = false;
  std::string name;          // canonical name ("Kharkiv")
  uint32_t geonames_id = 0;  // 0: none (curated places without a GeoNames id)
  double lat = 0, lon = 0;
  std::string country;  // ISO 3166-1 alpha-3, empty for lines/regions spanning countries
  std::string admin1;   // first-level region name, empty when unknown or not applicable
  Feature feature = Feature::kCity;
  double uncertainty_km = 0;  // radius that contains the place with high probability

  // Disputed or occupied territory (see docs/places.md for the policy): the
  // record keeps the internationally recognised country and says so here.
  bool disputed = false;
  std::string disputed_note;  // e.g. "occupied by Russia since 2014; UN GA res. 68/262"

  // Relative location ("20 km south of Kherson", "outskirts of Kyiv", "near X"):
  // the phrase, the anchor name it was computed from; lat/lon are the derived
  // point and uncertainty_km grows accordingly. Empty when the mention is plain.
  std::string relation;  // "20 km south of", "outskirts of", "near", "direction of"
  std::string anchor;    // the anchor place's canonical name

  double confidence = 0;  // 0..1: how sure the resolution is
};

}  // namespace sitrep::geo
