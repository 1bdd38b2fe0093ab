// The geoparser: finds place names in a tagged Doc and resolves them against
// the gazetteer.
//
// Recognition: longest gazetteer match over capitalized token runs (with
// lowercase connectors: "Sea of Azov", "Rostov-on-Don"), hyphenated names
// rejoined, "X Oblast/region/province/district" forms, abbreviations only as
// written in capitals, demonyms kept as country mentions, and context rules
// that reject names inside person and organisation names ("Paris Hilton",
// "Washington Post", "University of Texas") and common words (data/places/
// not_places.txt).
// Resolution: population and feature priors, the document's country focus,
// admin hierarchy cues ("Berestove, Donetsk"), proximity to the document's
// other places, and one sense per name per document. Relative phrases ("20 km
// south of Kherson", "outskirts of Kyiv", "near X", "in the direction of X")
// move the point and widen uncertainty_km.
//
// A Geoparser is immutable after Load() and shared between threads; each thread
// passes its own Workspace.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "geo/gazetteer.h"
#include "geo/place.h"
#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::geo {

struct GeoparserOptions {
  std::string gazetteer;   // empty: DefaultGazetteerPath()
  std::string places_dir;  // empty: the source tree's data/places (not_places.txt)
};

class Geoparser {
 public:
  struct Workspace;
  struct WorkspaceDeleter {
    void operator()(Workspace* w) const;
  };
  using WorkspacePtr = std::unique_ptr<Workspace, WorkspaceDeleter>;

  static Result<std::unique_ptr<Geoparser>> Load(const GeoparserOptions& options);
  ~Geoparser();

  WorkspacePtr NewWorkspace() const;

  // Places mentioned in `doc` (tokens, sentences and POS tags needed), in text
  // order. Unresolvable names are returned with resolved=false and a warning
  // is appended to doc->warnings.
  std::vector<Place> Parse(Doc* doc, Workspace* ws) const;

  const Gazetteer& gazetteer() const { return *gaz_; }

 private:
  Geoparser() = default;
  std::unique_ptr<Gazetteer> gaz_;
  struct Data;
  std::unique_ptr<Data> data_;
  bool debug_ = false;
};

// Great-circle distance in km (haversine, mean Earth radius 6371.0088 km).
double DistanceKm(double lat1, double lon1, double lat2, double lon2);
// The point `km` away from (lat, lon) on `bearing_deg` (0 = north, 90 = east).
void Destination(double lat, double lon, double bearing_deg, double km, double* out_lat,
                 double* out_lon);

// One place as a contract JSON object (see shared/spec/README.md, Place).
std::string PlaceToJson(const Place& p);

}  // namespace sitrep::geo
