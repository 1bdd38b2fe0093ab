#include "eval/eval_geo.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "core/model_file.h"
#include "core/utf8.h"

namespace sitrep::eval {
namespace {

using json = nlohmann::json;

constexpr double kAcc161Km = 161.0;  // 100 miles, the usual geoparsing threshold
constexpr double k25Km = 25.0;

// Byte offsets of every code point of a UTF-8 text, plus the text's size: the
// code point range [b, e) is the byte range [at[b], at[e]).
class CpIndex {
 public:
  explicit CpIndex(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      at_.push_back(static_cast<uint32_t>(i));
      size_t len = 1;
      utf8::Decode(text, i, &len);
      i += len;
    }
    at_.push_back(static_cast<uint32_t>(text.size()));
  }
  uint32_t size() const { return static_cast<uint32_t>(at_.size() - 1); }  // code points
  uint32_t Byte(uint32_t cp) const { return at_[cp]; }
  // The code point that starts at byte offset `byte` (a code point boundary).
  uint32_t Cp(size_t byte) const {
    return static_cast<uint32_t>(std::lower_bound(at_.begin(), at_.end(), byte) - at_.begin());
  }

 private:
  std::vector<uint32_t> at_;
};

bool IsWordChar(char32_t c) {
  if (c < 0x80)
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
  if (u_isalnum(static_cast<UChar32>(c))) return true;
  int8_t t = u_charType(static_cast<UChar32>(c));
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

// True when text[b, e) is not preceded or followed by a letter, digit, mark or '_'.
bool IsWholeWord(std::string_view text, size_t b, size_t e) {
  if (b > 0) {
    size_t p = b - 1;
    while (p > 0 && b - p < 4 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
    size_t len = 1;
    if (IsWordChar(utf8::Decode(text, p, &len))) return false;
  }
  if (e < text.size()) {
    size_t len = 1;
    if (IsWordChar(utf8::Decode(text, e, &len))) return false;
  }
  return true;
}

// Byte offsets of every occurrence of `needle` in `text`.
std::vector<size_t> FindAll(std::string_view text, std::string_view needle) {
  std::vector<size_t> out;
  if (needle.empty()) return out;
  for (size_t pos = text.find(needle); pos != std::string_view::npos;
       pos = text.find(needle, pos + 1)) {
    out.push_back(pos);
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

template <class T>
bool ParseNumber(std::string_view s, T* v) {
  s = Trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string SpanText(uint32_t b, uint32_t e) {
  return "[" + std::to_string(b) + "," + std::to_string(e) + ")";
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Coords(double lat, double lon) {
  return "(" + Fixed(lat, 2) + ", " + Fixed(lon, 2) + ")";
}

// Sorts by position and drops mentions that overlap an earlier one.
void SortAndDropOverlaps(GeoGoldDoc* doc) {
  auto& ms = doc->mentions;
  std::stable_sort(ms.begin(), ms.end(), [](const GeoGoldMention& a, const GeoGoldMention& b) {
    return a.cp_begin != b.cp_begin ? a.cp_begin < b.cp_begin : a.cp_end > b.cp_end;
  });
  std::vector<GeoGoldMention> kept;
  for (auto& m : ms) {
    if (!kept.empty() && m.cp_begin < kept.back().cp_end) {
      ++doc->unaligned;
      doc->warnings.push_back(doc->id + ": location " + Quote(m.name) + " " +
                              SpanText(m.cp_begin, m.cp_end) + " overlaps " +
                              Quote(kept.back().text) + "; skipped");
      continue;
    }
    kept.push_back(std::move(m));
  }
  ms = std::move(kept);
}

// ---------------------------------------------------------------- GeoVirus

Result<std::vector<GeoGoldDoc>> ParseGeoVirus(const std::string& data, const std::string& path) {
  pugi::xml_document xml;
  pugi::xml_parse_result pr = xml.load_buffer(data.data(), data.size());
  if (!pr) {
    size_t off = std::min(static_cast<size_t>(std::max<ptrdiff_t>(pr.offset, 0)), data.size());
    size_t line = 1 + static_cast<size_t>(std::count(data.begin(), data.begin() + off, '\n'));
    return Status::InvalidArgument(path + ":" + std::to_string(line) + ": malformed XML (" +
                                   pr.description() + ")");
  }
  pugi::xml_node root = xml.child("articles");
  if (!root) {
    return Status::InvalidArgument(path +
                                   ": no <articles> root element (expected the GeoVirus format)");
  }
  std::vector<GeoGoldDoc> out;
  for (pugi::xml_node article : root.children("article")) {
    GeoGoldDoc doc;
    doc.id = "geovirus-" + std::to_string(out.size() + 1);
    pugi::xml_node text = article.child("text");
    if (!text) return Status::InvalidArgument(path + ": " + doc.id + ": <article> has no <text>");
    doc.text = text.text().get();
    CpIndex cps(doc.text);
    std::string_view t = doc.text;
    for (pugi::xml_node loc : article.child("locations").children("location")) {
      std::string name(Trim(loc.child_value("name")));
      int64_t start = -1, end = -1;
      bool has_offsets = ParseNumber(std::string_view(loc.child_value("start")), &start) &&
                         ParseNumber(std::string_view(loc.child_value("end")), &end);
      auto matches = [&](int64_t b, int64_t e) {
        return b >= 0 && b < e && e <= static_cast<int64_t>(cps.size()) &&
               t.substr(cps.Byte(static_cast<uint32_t>(b)),
                        cps.Byte(static_cast<uint32_t>(e)) - cps.Byte(static_cast<uint32_t>(b))) ==
                   name;
      };
      int64_t b = -1, e = -1;
      if (name.empty()) {
        // Nothing to look for.
      } else if (has_offsets && matches(start - 1, end - 1)) {
        b = start - 1, e = end - 1;  // the usual case: offsets one too high
      } else if (has_offsets && matches(start, end)) {
        b = start, e = end;
      } else {
        // The occurrence nearest to where the file says, whole words first.
        int64_t want = has_offsets ? start - 1 : 0;
        int64_t best = -1, best_dist = 0;
        bool best_whole = false;
        for (size_t pos : FindAll(t, name)) {
          bool whole = IsWholeWord(t, pos, pos + name.size());
          int64_t cp = cps.Cp(pos);
          int64_t dist = cp > want ? cp - want : want - cp;
          if (best < 0 || (whole && !best_whole) || (whole == best_whole && dist < best_dist)) {
            best = cp, best_dist = dist, best_whole = whole;
          }
        }
        if (best >= 0) b = best, e = cps.Cp(cps.Byte(static_cast<uint32_t>(best)) + name.size());
      }
      if (b < 0) {
        ++doc.unaligned;
        doc.warnings.push_back(path + ": " + doc.id + ": location " + Quote(name) + " (start " +
                               loc.child_value("start") + ", end " + loc.child_value("end") +
                               ") does not occur in the text; skipped");
        continue;
      }
      GeoGoldMention m;
      m.cp_begin = static_cast<uint32_t>(b);
      m.cp_end = static_cast<uint32_t>(e);
      m.text =
          std::string(t.substr(cps.Byte(m.cp_begin), cps.Byte(m.cp_end) - cps.Byte(m.cp_begin)));
      m.has_coords = ParseNumber(std::string_view(loc.child_value("lat")), &m.lat) &&
                     ParseNumber(std::string_view(loc.child_value("lon")), &m.lon);
      if (!m.has_coords) m.lat = m.lon = 0;
      m.name = name;
      doc.mentions.push_back(std::move(m));
    }
    SortAndDropOverlaps(&doc);
    out.push_back(std::move(doc));
  }
  return out;
}

// ---------------------------------------------------------------- gold JSON

// Reads one gold document; `where` is "file" or "file:line" for messages.
Result<GeoGoldDoc> GoldDocFromJson(const json& j, const std::string& where,
                                   const std::string& default_id) {
  if (!j.is_object()) return Status::InvalidArgument(where + ": expected a JSON object");
  GeoGoldDoc doc;
  auto text = j.find("text");
  if (text == j.end() || !text->is_string())
    return Status::InvalidArgument(where + ": missing \"text\" (the document text, a string)");
  doc.text = text->get<std::string>();
  auto id = j.find("id");
  if (id != j.end() && !id->is_null() && !id->is_string())
    return Status::InvalidArgument(where + ": \"id\" must be a string");
  doc.id = id != j.end() && id->is_string() ? id->get<std::string>() : default_id;

  auto places = j.find("places");
  if (places == j.end() || places->is_null()) return doc;
  if (!places->is_array()) return Status::InvalidArgument(where + ": \"places\" must be an array");

  struct Candidate {
    size_t begin, end;  // bytes
    size_t place;
  };
  std::vector<Candidate> cands;
  std::vector<GeoGoldMention> protos;  // one per place: everything but the span
  std::string_view t = doc.text;
  for (size_t i = 0; i < places->size(); ++i) {
    const json& p = (*places)[i];
    std::string field = where + ": places[" + std::to_string(i) + "]";
    if (!p.is_object()) return Status::InvalidArgument(field + ": expected a JSON object");
    GeoGoldMention proto;
    auto str = [&](const char* key, std::string* out) -> Status {
      auto it = p.find(key);
      if (it == p.end() || it->is_null()) return Status::Ok();
      if (!it->is_string())
        return Status::InvalidArgument(field + "." + key + ": expected a string or null");
      *out = it->get<std::string>();
      return Status::Ok();
    };
    SITREP_RETURN_IF_ERROR(str("name", &proto.name));
    SITREP_RETURN_IF_ERROR(str("feature", &proto.feature));
    auto lat = p.find("lat"), lon = p.find("lon");
    bool lat_null = lat == p.end() || lat->is_null(), lon_null = lon == p.end() || lon->is_null();
    if ((!lat_null && !lat->is_number()) || (!lon_null && !lon->is_number()))
      return Status::InvalidArgument(field + ": \"lat\" and \"lon\" must be numbers or null");
    if (lat_null != lon_null)
      return Status::InvalidArgument(field +
                                     ": \"lat\" and \"lon\" must both be numbers or both null");
    proto.has_coords = !lat_null;
    if (proto.has_coords) {
      proto.lat = lat->get<double>();
      proto.lon = lon->get<double>();
      if (std::abs(proto.lat) > 90 || std::abs(proto.lon) > 180)
        return Status::InvalidArgument(field + ": coordinates " + Coords(proto.lat, proto.lon) +
                                       " out of range");
    }
    auto mentions = p.find("mentions");
    if (mentions != p.end() && !mentions->is_null()) {
      if (!mentions->is_array())
        return Status::InvalidArgument(field + ".mentions: expected an array of strings");
      for (size_t k = 0; k < mentions->size(); ++k) {
        const json& m = (*mentions)[k];
        if (!m.is_string() || m.get_ref<const std::string&>().empty()) {
          return Status::InvalidArgument(field + ".mentions[" + std::to_string(k) +
                                         "]: expected a non-empty string");
        }
        const std::string& s = m.get_ref<const std::string&>();
        bool found = false;
        for (size_t pos : FindAll(t, s)) {
          if (!IsWholeWord(t, pos, pos + s.size())) continue;
          cands.push_back({pos, pos + s.size(), protos.size()});
          found = true;
        }
        if (!found) {
          ++doc.unaligned;
          doc.warnings.push_back(where + ": " + doc.id + ": mention " + Quote(s) + " of place " +
                                 Quote(proto.name) + " does not occur in the text as a word");
        }
      }
    }
    protos.push_back(std::move(proto));
  }

  // Longest first; a candidate overlapping one already kept is inside it.
  std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    size_t la = a.end - a.begin, lb = b.end - b.begin;
    return la != lb ? la > lb : a.begin < b.begin;
  });
  std::vector<Candidate> kept;
  for (const Candidate& c : cands) {
    bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const Candidate& k) {
      return c.begin < k.end && k.begin < c.end;
    });
    if (!overlaps) kept.push_back(c);
  }
  std::sort(kept.begin(), kept.end(),
            [](const Candidate& a, const Candidate& b) { return a.begin < b.begin; });
  CpIndex cps(doc.text);
  for (const Candidate& c : kept) {
    GeoGoldMention m = protos[c.place];
    m.cp_begin = cps.Cp(c.begin);
    m.cp_end = cps.Cp(c.end);
    m.text = std::string(t.substr(c.begin, c.end - c.begin));
    doc.mentions.push_back(std::move(m));
  }
  return doc;
}

std::string Stem(const std::string& path) {
  std::string s = std::filesystem::path(path).filename().string();
  for (const char* ext : {".jsonl", ".json"}) {
    std::string_view e(ext);
    if (s.size() > e.size() && s.ends_with(e)) {
      s.resize(s.size() - e.size());
      break;
    }
  }
  if (s.ends_with(".gold")) s.resize(s.size() - 5);
  return s;
}

Result<std::vector<GeoGoldDoc>> ParseJsonl(std::string_view data, const std::string& path) {
  std::vector<GeoGoldDoc> out;
  std::string stem = Stem(path);
  size_t pos = 0, line_no = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = Trim(data.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    std::string where = path + ":" + std::to_string(line_no);
    json j;
    try {
      j = json::parse(line);
    } catch (const json::exception& e) {
      return Status::InvalidArgument(where + ": not valid JSON (" + e.what() + ")");
    }
    auto doc = GoldDocFromJson(j, where, stem + "-" + std::to_string(line_no));
    if (!doc.ok()) return doc.status();
    out.push_back(std::move(doc).value());
  }
  return out;
}

Result<std::vector<GeoGoldDoc>> ParseGoldJson(const std::string& data, const std::string& path) {
  if (path.ends_with(".jsonl")) return ParseJsonl(data, path);
  json j;
  try {
    j = json::parse(data);
  } catch (const json::exception& e) {
    // Several lines that each parse alone: JSONL under another name.
    std::string_view d = data;
    size_t first_nl = Trim(d).find('\n');
    if (first_nl != std::string_view::npos && json::accept(Trim(d).substr(0, first_nl))) {
      return ParseJsonl(data, path);
    }
    return Status::InvalidArgument(path + ": not valid JSON (" + e.what() + ")");
  }
  std::vector<GeoGoldDoc> out;
  std::string stem = Stem(path);
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      auto doc = GoldDocFromJson(j[i], path + ": [" + std::to_string(i) + "]",
                                 stem + "-" + std::to_string(i + 1));
      if (!doc.ok()) return doc.status();
      out.push_back(std::move(doc).value());
    }
    return out;
  }
  auto doc = GoldDocFromJson(j, path, stem);
  if (!doc.ok()) return doc.status();
  out.push_back(std::move(doc).value());
  return out;
}

Result<std::string> ReadInputFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return Status::NotFound(path + ": no such file (give the path of a gold file)");
  if (std::filesystem::is_directory(path, ec))
    return Status::InvalidArgument(path + ": is a folder, expected a gold file");
  return model::ReadFileToString(path);
}

double Fraction(size_t a, size_t b) {
  return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

}  // namespace

double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double s1 = std::sin(dlat / 2), s2 = std::sin(dlon / 2);
  double a = s1 * s1 + std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * s2 * s2;
  a = std::clamp(a, 0.0, 1.0);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(a));
}

Result<std::vector<GeoGoldDoc>> ReadGeoVirus(const std::string& path) {
  auto data = ReadInputFile(path);
  if (!data.ok()) return data.status();
  return ParseGeoVirus(data.value(), path);
}

Result<std::vector<GeoGoldDoc>> ReadGoldJson(const std::string& path) {
  auto data = ReadInputFile(path);
  if (!data.ok()) return data.status();
  return ParseGoldJson(data.value(), path);
}

Result<std::vector<GeoGoldDoc>> ReadGeoGold(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".xml" ? ReadGeoVirus(path) : ReadGoldJson(path);
}

Result<GeoReport> EvalGeo(const std::vector<GeoGoldDoc>& gold, const GeoparseFn& fn,
                          const GeoEvalOptions& opts) {
  auto t0 = std::chrono::steady_clock::now();
  GeoReport r;
  r.docs = gold.size();
  auto add_error = [&](std::string line) {
    ++r.errors_total;
    if (r.errors.size() < opts.max_errors) r.errors.push_back(std::move(line));
  };
  for (const GeoGoldDoc& doc : gold) {
    r.gold_unaligned += doc.unaligned;
    for (const std::string& w : doc.warnings) add_error(w);
  }

  std::vector<double> resolved_errors;
  size_t within161 = 0, within25 = 0;
  for (const GeoGoldDoc& doc : gold) {
    const auto& gm = doc.mentions;
    r.gold += gm.size();
    for (const auto& g : gm) r.gold_with_coords += g.has_coords;

    std::vector<geo::Place> pred;
    {
      std::vector<geo::Place> all = fn(doc.text, doc.id);
      uint32_t ncp = utf8::CountCodePoints(doc.text.data(), doc.text.size());
      for (auto& p : all) {
        if (p.cp_begin >= p.cp_end || p.cp_end > ncp) {
          return Status::InvalidArgument(doc.id + ": predicted place " + Quote(p.text) +
                                         " has span " + SpanText(p.cp_begin, p.cp_end) +
                                         ", not a non-empty span of the text (" +
                                         std::to_string(ncp) + " code points)");
        }
        if (p.demonym) {
          ++r.demonyms;
          continue;
        }
        pred.push_back(std::move(p));
      }
    }
    r.predicted += pred.size();
    for (const auto& p : pred) r.unresolved_predicted += !p.resolved;

    // One-to-one matching, largest overlap first.
    struct Pair {
      size_t g, p;
      uint32_t overlap, uni;
    };
    std::vector<Pair> pairs;
    for (size_t i = 0; i < gm.size(); ++i) {
      for (size_t k = 0; k < pred.size(); ++k) {
        uint32_t b = std::max(gm[i].cp_begin, pred[k].cp_begin);
        uint32_t e = std::min(gm[i].cp_end, pred[k].cp_end);
        if (b >= e) continue;
        uint32_t uni =
            std::max(gm[i].cp_end, pred[k].cp_end) - std::min(gm[i].cp_begin, pred[k].cp_begin);
        pairs.push_back({i, k, e - b, uni});
      }
    }
    std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
      if (a.overlap != b.overlap) return a.overlap > b.overlap;
      if (a.uni != b.uni) return a.uni < b.uni;
      return a.g != b.g ? a.g < b.g : a.p < b.p;
    });
    constexpr size_t kNone = static_cast<size_t>(-1);
    std::vector<size_t> pred_of_gold(gm.size(), kNone), gold_of_pred(pred.size(), kNone);
    for (const Pair& pr : pairs) {
      if (pred_of_gold[pr.g] != kNone || gold_of_pred[pr.p] != kNone) continue;
      pred_of_gold[pr.g] = pr.p;
      gold_of_pred[pr.p] = pr.g;
      ++r.matched;
    }

    // Scores and error lines (in document order).
    std::vector<std::pair<uint32_t, std::string>> lines;
    for (size_t i = 0; i < gm.size(); ++i) {
      const GeoGoldMention& g = gm[i];
      std::string what = Quote(g.text) + " " + SpanText(g.cp_begin, g.cp_end);
      if (pred_of_gold[i] == kNone) {
        lines.push_back({g.cp_begin, doc.id + ": missed " + what});
        continue;
      }
      const geo::Place& p = pred[pred_of_gold[i]];
      if (!p.resolved) ++r.unresolved_recognised;
      if (!g.has_coords) continue;
      ++r.recognised;
      double err = p.resolved ? HaversineKm(g.lat, g.lon, p.lat, p.lon) : kUnresolvedErrorKm;
      if (p.resolved) resolved_errors.push_back(err);
      within161 += err <= kAcc161Km;
      within25 += err <= k25Km;
      if (err > kAcc161Km) {
        std::string gold_place = (g.name.empty() ? g.text : g.name) + " " + Coords(g.lat, g.lon);
        if (p.resolved) {
          std::string pred_place = p.name.empty() ? p.text : p.name;
          if (!p.country.empty()) pred_place += "/" + p.country;
          lines.push_back({g.cp_begin, doc.id + ": wrong resolution " + what + ": " +
                                           Fixed(err, 0) + " km off; gold " + gold_place +
                                           ", predicted " + pred_place + " " +
                                           Coords(p.lat, p.lon)});
        } else {
          lines.push_back({g.cp_begin, doc.id + ": unresolved " + what + "; gold " + gold_place});
        }
      }
    }
    for (size_t k = 0; k < pred.size(); ++k) {
      if (gold_of_pred[k] != kNone) continue;
      const geo::Place& p = pred[k];
      std::string line =
          doc.id + ": false positive " + Quote(p.text) + " " + SpanText(p.cp_begin, p.cp_end);
      if (p.resolved) {
        line += " -> " + (p.name.empty() ? p.text : p.name);
        if (!p.country.empty()) line += "/" + p.country;
      }
      lines.push_back({p.cp_begin, std::move(line)});
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& l : lines) add_error(std::move(l.second));
  }

  r.precision = Fraction(r.matched, r.predicted);
  r.recall = Fraction(r.matched, r.gold);
  r.f1 = r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall) : 0;
  r.acc161_recognised = Fraction(within161, r.recognised);
  r.acc161_all = Fraction(within161, r.gold_with_coords);
  r.within_25km_all = Fraction(within25, r.gold_with_coords);
  r.resolved = resolved_errors.size();
  if (!resolved_errors.empty()) {
    std::sort(resolved_errors.begin(), resolved_errors.end());
    size_t n = resolved_errors.size();
    r.median_error_km =
        n % 2 ? resolved_errors[n / 2] : (resolved_errors[n / 2 - 1] + resolved_errors[n / 2]) / 2;
    double sum = 0;
    for (double e : resolved_errors) sum += e;
    r.mean_error_km = sum / static_cast<double>(n);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

std::string GeoReport::ToText(bool verbose) const {
  char buf[2048];
  std::string out;
  if (!gold_path.empty()) out += "gold: " + gold_path + "\n";
  std::snprintf(buf, sizeof buf,
                "documents: %zu   gold mentions: %zu (%zu with coordinates, %zu unaligned "
                "skipped)\n"
                "predicted: %zu places (%zu unresolved), %zu demonyms ignored\n"
                "recognition (span overlap, one-to-one):\n"
                "  P %6.2f %%  R %6.2f %%  F1 %6.2f %%   (%zu matched)\n"
                "resolution:\n"
                "  acc@161km  recognised %6.2f %%  (of %zu)\n"
                "  acc@161km  all gold   %6.2f %%  (of %zu)\n"
                "  <=25km     all gold   %6.2f %%\n"
                "  error km   median %.1f  mean %.1f  (over %zu recognised and resolved)\n"
                "  recognised but unresolved: %zu\n"
                "time: %.2f s\n",
                docs, gold, gold_with_coords, gold_unaligned, predicted, unresolved_predicted,
                demonyms, 100 * precision, 100 * recall, 100 * f1, matched, 100 * acc161_recognised,
                recognised, 100 * acc161_all, gold_with_coords, 100 * within_25km_all,
                median_error_km, mean_error_km, resolved, unresolved_recognised, seconds);
  out += buf;
  if (verbose && errors_total > 0) {
    out += "errors";
    if (errors.size() < errors_total)
      out +=
          " (first " + std::to_string(errors.size()) + " of " + std::to_string(errors_total) + ")";
    out += ":\n";
    for (const auto& e : errors) out += "  " + e + "\n";
  }
  return out;
}

std::string GeoReport::ToJson(bool with_errors) const {
  json j = {{"gold", gold_path},
            {"documents", docs},
            {"gold_mentions", gold},
            {"gold_with_coords", gold_with_coords},
            {"gold_unaligned", gold_unaligned},
            {"predicted", predicted},
            {"demonyms", demonyms},
            {"matched", matched},
            {"precision", precision},
            {"recall", recall},
            {"f1", f1},
            {"recognised", recognised},
            {"acc161_recognised", acc161_recognised},
            {"acc161_all", acc161_all},
            {"within_25km_all", within_25km_all},
            {"resolved", resolved},
            {"median_error_km", median_error_km},
            {"mean_error_km", mean_error_km},
            {"unresolved_recognised", unresolved_recognised},
            {"unresolved_predicted", unresolved_predicted},
            {"errors_total", errors_total},
            {"seconds", seconds}};
  if (with_errors) j["errors"] = errors;
  return j.dump(2);
}

}  // namespace sitrep::eval
