// `sitrep eval geo`: toponym recognition and resolution scores of a geoparser
// against gold place mentions (GeoVirus XML or the contract's gold JSON/JSONL).
//
// The geoparser is reached only through a callback (GeoparseFn), so this file
// depends on the Place struct (geo/place.h) and nothing else of geo/.
//
// Scoring, per document:
//   - Predictions with demonym == true are ignored ("Ukrainian" is not a
//     toponym in any gold set we use).
//   - Recognition: a predicted span matches a gold span when they overlap.
//     Pairs are matched one-to-one, greedily by largest overlap (ties: the
//     smaller union first, then document order). P = matched / predicted,
//     R = matched / gold, F1 their harmonic mean.
//   - Resolution: the error of a matched gold mention with coordinates is the
//     great-circle distance to the predicted point, or kUnresolvedErrorKm when
//     the prediction is unresolved. A gold mention with no match counts as
//     wrong in the *_all scores and is left out of the *_recognised ones.
// All fractions are in [0, 1]; ToText shows them as percentages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "geo/place.h"
#include "sitrep/status.h"

namespace sitrep::eval {

// Great-circle distance in km (haversine, mean earth radius 6371.0088 km).
double HaversineKm(double lat1, double lon1, double lat2, double lon2);

// The error given to an unresolved prediction: half the earth's circumference.
inline constexpr double kUnresolvedErrorKm = 20039.0;

struct GeoGoldMention {
  // Half-open span in Unicode code points of GeoGoldDoc::text; `text` is the
  // substring it covers (UTF-8).
  uint32_t cp_begin = 0, cp_end = 0;
  std::string text;
  bool has_coords = false;
  double lat = 0, lon = 0;
  std::string name;     // the gold place's name ("Pandi", "Kharkiv")
  std::string feature;  // contract feature name, empty when the gold set has none
};

struct GeoGoldDoc {
  std::string id, text;
  std::vector<GeoGoldMention> mentions;  // sorted by cp_begin, non-overlapping
  // Gold locations that could not be placed in the text (skipped), each with
  // a line in `warnings` that says which one and why.
  uint32_t unaligned = 0;
  std::vector<std::string> warnings;
};

// GeoVirus (Gritta et al. 2018): <articles><article><source/><text/>
// <locations><location><name/><start/><end/><lat/><lon/>...</location>...
// The file's <start>/<end> are code-point offsets that are one too high: the
// name is text[start-1, end-1). Each location is tried at [start-1, end-1),
// then at [start, end), else at the occurrence of <name> nearest to start-1
// (whole-word occurrences first); a name that does not occur is skipped and
// counted in GeoGoldDoc::unaligned. Ids are "geovirus-<n>", n from 1 in file
// order.
Result<std::vector<GeoGoldDoc>> ReadGeoVirus(const std::string& path);

// The contract's gold format (shared/spec/README.md): one JSON object (a
// *.gold.json file; a top-level array of such objects is accepted too) or one
// object per line (JSONL, *.gold.jsonl; also recognised by content). Each
// object needs "text"; a missing "id" becomes the file stem (without
// .gold.json/.jsonl), plus "-<line>" in JSONL or "-<n>" in an array. Every string in a
// place's "mentions" is looked up in the text: each whole-word occurrence is a
// gold mention with that place's coordinates (null lat/lon: no coordinates).
// Where occurrences of different strings overlap, the longer one is kept
// ("Belarus-Ukraine border" over the "Ukraine" inside it). A mention string
// that never occurs is counted in GeoGoldDoc::unaligned.
Result<std::vector<GeoGoldDoc>> ReadGoldJson(const std::string& path);

// ReadGeoVirus for a *.xml path, else ReadGoldJson.
Result<std::vector<GeoGoldDoc>> ReadGeoGold(const std::string& path);

struct GeoReport {
  std::string gold_path;  // set by the caller; shown when not empty
  size_t docs = 0;
  size_t gold = 0;              // gold mentions
  size_t gold_with_coords = 0;  // of which with coordinates
  size_t gold_unaligned = 0;    // gold locations skipped by the reader
  size_t predicted = 0;         // predicted places with demonym == false
  size_t demonyms = 0;          // predicted places with demonym == true (ignored)
  size_t matched = 0;           // one-to-one overlapping (gold, predicted) pairs

  // Recognition.
  double precision = 0, recall = 0, f1 = 0;

  // Resolution. "Recognised": matched gold mentions with coordinates.
  size_t recognised = 0;
  double acc161_recognised = 0;  // error <= 161 km, over recognised
  double acc161_all = 0;         // error <= 161 km, over all gold with coordinates
  double within_25km_all = 0;    // error <= 25 km, over all gold with coordinates
  // Over recognised mentions whose prediction is resolved (`resolved` of them).
  size_t resolved = 0;
  double median_error_km = 0, mean_error_km = 0;
  size_t unresolved_recognised = 0;  // matched predictions with resolved == false
  size_t unresolved_predicted = 0;   // all predictions with resolved == false

  double seconds = 0;  // wall time of EvalGeo, the geoparser included

  // Missed gold mentions, false positives and resolutions over 161 km off, one
  // line each, in document order; the first GeoEvalOptions::max_errors of
  // `errors_total`. Reader warnings come first.
  std::vector<std::string> errors;
  size_t errors_total = 0;

  // A human-readable table; `verbose` appends `errors`.
  std::string ToText(bool verbose = false) const;
  // Every field above except `errors` unless `with_errors`.
  std::string ToJson(bool with_errors = false) const;
};

// Runs the geoparser on one document's text. Called once per document, in
// order, from the calling thread; the id is the gold document's id.
using GeoparseFn = std::function<std::vector<sitrep::geo::Place>(const std::string& text,
                                                                 const std::string& doc_id)>;

struct GeoEvalOptions {
  size_t max_errors = 200;  // lines kept in GeoReport::errors
};

// Fails (InvalidArgument, naming the document) when a prediction's span is
// empty or outside its document's text.
Result<GeoReport> EvalGeo(const std::vector<GeoGoldDoc>& gold, const GeoparseFn& fn,
                          const GeoEvalOptions& opts = {});

}  // namespace sitrep::eval
