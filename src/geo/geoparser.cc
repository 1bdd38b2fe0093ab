#include "geo/geoparser.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/utf8.h"
#include "geo/gazetteer_build.h"
#include "geo/name_key.h"

namespace sitrep::geo {

namespace {

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kDegToRad = M_PI / 180.0;
constexpr size_t kMaxSpanTokens = 8;

using WordSet = std::unordered_set<std::string>;

// Lowercase ASCII copy (for matching closed word lists).
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

const WordSet& Connectors() {
  static const WordSet k = {"of", "de",  "la",  "le",  "les", "du", "des", "del",  "della", "da",
                            "do", "dos", "das", "di",  "the", "al", "el",  "upon", "on",    "am",
                            "an", "der", "den", "und", "y",   "e",  "sur", "en",   "and",   "&"};
  return k;
}
// Words after a name that make it a region: "Kharkiv Oblast".
const WordSet& TypeWords() {
  static const WordSet k = {"oblast",     "oblast'",      "region",    "province", "governorate",
                            "district",   "county",       "raion",     "rayon",    "krai",
                            "prefecture", "municipality", "territory", "canton",   "voivodeship",
                            "emirate",    "parish",       "borough"};
  return k;
}
// Words before a name that make it a person: "President Jordan".
const WordSet& Titles() {
  static const WordSet k = {
      "mr",          "mrs",          "ms",         "miss",      "dr",         "gen",
      "general",     "president",    "minister",   "secretary", "sen",        "senator",
      "rep",         "gov",          "governor",   "king",      "queen",      "prince",
      "princess",    "pope",         "judge",      "lt",        "col",        "colonel",
      "capt",        "captain",      "sgt",        "sergeant",  "prof",       "professor",
      "sir",         "lord",         "lady",       "maj",       "major",      "adm",
      "admiral",     "commander",    "chancellor", "mayor",     "ambassador", "spokesman",
      "spokeswoman", "spokesperson", "coach",      "rev",       "father",     "sister",
      "brother",     "saint",        "st",         "mother",    "uncle",      "aunt",
      "officer",     "sheikh",       "ayatollah",  "emir",      "sultan",     "justice",
      "detective",   "agent",        "corporal",   "private",   "pvt",        "cpl",
      "sgt."};
  return k;
}
// Capitalized words that may follow a place name without making it part of a
// larger name: "Ukraine President Zelensky", "Kyiv Mayor Klitschko".
const WordSet& RoleWords() {
  static const WordSet k = {
      "president",  "prime",     "minister", "foreign",     "defence",     "defense", "interior",
      "mayor",      "governor",  "army",     "police",      "army's",      "forces",  "military",
      "government", "officials", "official", "authorities", "parliament",  "state",   "ambassador",
      "embassy",    "border",    "region",   "city",        "time",        "times",   "navy",
      "air",        "health",    "ministry", "spokesman",   "spokeswoman", "leader",  "chief",
      "premier",    "secretary", "senator",  "sen",         "rep",         "gov",     "vice",
      "deputy"};
  return k;
}
// Capitalized words that may follow a place without being part of its name:
// "struck Kharkiv Monday".
const WordSet& TimeWords() {
  static const WordSet k = {"monday",    "tuesday", "wednesday", "thursday", "friday",
                            "saturday",  "sunday",  "january",   "february", "march",
                            "april",     "may",     "june",      "july",     "august",
                            "september", "october", "november",  "december"};
  return k;
}
// Institutions named after a place that are not about the place: "Michigan
// State University", "Kyiv Post", "Ukraine International Airlines".
const WordSet& NamedAfterPlace() {
  static const WordSet k = {"university",  "college", "post",  "times",    "herald",
                            "tribune",     "gazette", "press", "airlines", "airways",
                            "independent", "eggs",    "zoo",   "fc",       "united"};
  return k;
}
// Institution heads: "University of Texas", "Bank of England".
const WordSet& OrgHeads() {
  static const WordSet k = {
      "university", "bank",       "department",  "ministry",  "church",  "college",     "institute",
      "school",     "museum",     "council",     "bureau",    "office",  "commission",  "agency",
      "archbishop", "bishop",     "duke",        "duchess",   "earl",    "academy",     "hospital",
      "republic's", "board",      "court",       "library",   "society", "association", "union",
      "federation", "chamber",    "corporation", "company",   "club",    "league",      "party",
      "cathedral",  "diocese",    "archdiocese", "order",     "port",    "zoo",         "centre",
      "center",     "foundation", "fund",        "committee", "times",   "post",        "herald"};
  return k;
}
const std::map<std::string, double>& Bearings() {
  static const std::map<std::string, double> k = {
      {"north", 0},       {"northeast", 45},   {"east", 90},        {"southeast", 135},
      {"south", 180},     {"southwest", 225},  {"west", 270},       {"northwest", 315},
      {"northern", 0},    {"eastern", 90},     {"southern", 180},   {"western", 270},
      {"north-east", 45}, {"south-east", 135}, {"south-west", 225}, {"north-west", 315}};
  return k;
}

bool IsUpperInitial(std::string_view s) {
  if (s.empty()) return false;
  size_t len = 0;
  char32_t c = utf8::Decode(s, 0, &len);
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}

// "Kharkiv", "Київ", and the particle-first forms "d'Ivoire", "al-Minya".
bool IsCapitalizedWord(std::string_view s) {
  if (IsUpperInitial(s)) return true;
  size_t sep = s.find_first_of("'-");
  if (sep == std::string_view::npos || sep == 0 || sep > 3 || sep + 1 >= s.size()) return false;
  for (size_t i = 0; i < sep; ++i) {
    if (s[i] < 'a' || s[i] > 'z') return false;
  }
  return IsUpperInitial(s.substr(sep + 1));
}

// Words that head a place name before it: "Village Malakal", "Camp Bastion".
const WordSet& PlaceHeads() {
  static const WordSet k = {"village", "city",     "town",     "camp",     "fort",   "port",
                            "lake",    "mount",    "cape",     "isla",     "san",    "santa",
                            "saint",   "st",       "district", "province", "county", "region",
                            "oblast",  "republic", "kingdom",  "state",    "island", "islands",
                            "gulf",    "bay",      "sea",      "river",    "valley"};
  return k;
}
// Lowercase words after a name that make it a disease or strain: "Marburg
// virus", "West Nile fever", "Reston strain".
const WordSet& DiseaseWords() {
  static const WordSet k = {"virus",  "viruses", "fever",    "flu",        "influenza",
                            "strain", "strains", "syndrome", "ebolavirus", "variant"};
  return k;
}

// Written like an abbreviation: at least two capitals, and no lowercase
// letter unless the word is short ("UK", "U.S.", "LoC", "BiH").
bool IsAllCaps(std::string_view s) {
  int upper = 0, lower = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') ++lower;
    if (c >= 'A' && c <= 'Z') ++upper;
  }
  return upper >= 2 && (lower == 0 || s.size() <= 4);
}

double ParseNumberWord(std::string_view s) {
  static const std::map<std::string, double> kWords = {
      {"one", 1}, {"two", 2},    {"three", 3},   {"four", 4},    {"five", 5},
      {"six", 6}, {"seven", 7},  {"eight", 8},   {"nine", 9},    {"ten", 10},
      {"a", 1},   {"dozen", 12}, {"twenty", 20}, {"thirty", 30}, {"fifty", 50}};
  std::string l = Lower(s);
  auto it = kWords.find(l);
  if (it != kWords.end()) return it->second;
  std::string digits;
  for (char c : s) {
    if (c == ',') continue;
    if ((c < '0' || c > '9') && c != '.') return -1;
    digits.push_back(c);
  }
  if (digits.empty()) return -1;
  return std::strtod(digits.c_str(), nullptr);
}

// Reads a word list (one per line, '#' comments); keys through NameKeyer.
Result<WordSet> ReadKeyList(const std::string& path, NameKeyer* keyer) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open (part of the source tree: data/places)");
  WordSet out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string key;
    if (keyer->Key(line, &key)) out.insert(key);
  }
  return out;
}

}  // namespace

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  double p1 = lat1 * kDegToRad, p2 = lat2 * kDegToRad;
  double dp = (lat2 - lat1) * kDegToRad, dl = (lon2 - lon1) * kDegToRad;
  double a = std::sin(dp / 2) * std::sin(dp / 2) +
             std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

void Destination(double lat, double lon, double bearing_deg, double km, double* out_lat,
                 double* out_lon) {
  double d = km / kEarthRadiusKm, b = bearing_deg * kDegToRad;
  double p1 = lat * kDegToRad, l1 = lon * kDegToRad;
  double p2 = std::asin(std::sin(p1) * std::cos(d) + std::cos(p1) * std::sin(d) * std::cos(b));
  double l2 = l1 + std::atan2(std::sin(b) * std::sin(d) * std::cos(p1),
                              std::cos(d) - std::sin(p1) * std::sin(p2));
  *out_lat = p2 / kDegToRad;
  *out_lon = std::remainder(l2 / kDegToRad, 360.0);
}

struct Geoparser::Data {
  WordSet not_places;  // keys never matched alone as a place ("March", "Police")
};

struct Geoparser::Workspace {
  NameKeyer keyer;
  std::string key, span_key;
};

void Geoparser::WorkspaceDeleter::operator()(Workspace* w) const { delete w; }

Geoparser::~Geoparser() = default;

Geoparser::WorkspacePtr Geoparser::NewWorkspace() const { return WorkspacePtr(new Workspace()); }

Result<std::unique_ptr<Geoparser>> Geoparser::Load(const GeoparserOptions& options) {
  auto gaz = Gazetteer::Open(options.gazetteer);
  if (!gaz.ok()) return gaz.status();
  std::unique_ptr<Geoparser> g(new Geoparser());
  g->gaz_ = std::move(gaz.value());
  g->data_ = std::make_unique<Data>();
  const char* debug = std::getenv("SITREP_GEO_DEBUG");  // candidate scores to stderr
  g->debug_ = debug && *debug && *debug != '0';
  std::string dir = options.places_dir.empty() ? DefaultPlacesDir() : options.places_dir;
  NameKeyer keyer;
  auto np = ReadKeyList(dir + "/not_places.txt", &keyer);
  if (!np.ok()) return np.status();
  g->data_->not_places = std::move(np.value());
  return g;
}

namespace {

// A recognised name before resolution.
struct Mention {
  uint32_t tb, te;  // tokens [tb, te) of the name itself
  uint32_t mb, me;  // tokens of the whole mention (with a type word)
  std::string key;
  std::vector<Posting> cands;
  bool demonym = false;
  bool admin_hint = false;  // followed by Oblast/region/province/...
  bool unknown = false;     // a name the gazetteer lacks, found by its context
  int group = -1;           // mentions with the same key share one resolution
};

struct Scored {
  uint32_t entry;
  double score;
};

}  // namespace

std::vector<Place> Geoparser::Parse(Doc* doc, Workspace* ws) const {
  const Gazetteer& gz = *gaz_;
  const std::string& text = doc->text();
  size_t n = doc->num_tokens();
  std::vector<uint8_t> cap(n), connector(n), joiner(n);
  std::vector<std::string> lower(n);
  for (size_t i = 0; i < n; ++i) {
    std::string_view f = doc->form(i);
    cap[i] = IsCapitalizedWord(f);
    lower[i] = Lower(f);
    connector[i] = Connectors().count(lower[i]) != 0;
    joiner[i] =
        f == "-" || f == "'" || f == "\xE2\x80\x99" || f == "." || f == "'s" || f == "\xE2\x80\x90";
  }
  auto upos = [&](size_t i) { return doc->upos(i); };

  std::vector<Mention> mentions;
  std::unordered_set<std::string> person_keys;
  for (size_t s = 0; s < doc->num_sentences(); ++s) {
    uint32_t sb = doc->sentence_first(s), se = doc->sentence_end(s);
    // The first word of a sentence (after opening quotes/brackets).
    uint32_t first_word = sb;
    while (first_word < se && !cap[first_word] && upos(first_word) == Upos::kPunct) ++first_word;
    for (uint32_t i = sb; i < se;) {
      if (!cap[i]) {
        ++i;
        continue;
      }
      // Longest gazetteer match starting at i.
      uint32_t best_end = 0;
      std::span<const Posting> best;
      std::string best_key;
      for (uint32_t j = i + 1; j <= se && j - i <= kMaxSpanTokens; ++j) {
        uint32_t last = j - 1;
        bool word = upos(last) != Upos::kPunct;
        if (last > i && !word && !joiner[last]) break;
        if (doc->form(last) == "'s") continue;  // inside only: "People's Republic of China"
        // A span ends on a capitalized word, a lowercase noun ("Belarus-Ukraine
        // border", "Chernobyl nuclear plant") or the period of "U.S.".
        bool dot = doc->form(last) == "." && last > i && doc->form(last - 1).size() == 1 &&
                   !doc->space_after(last - 1);
        bool lower_end = !cap[last] && !dot;
        if (lower_end && !(word && upos(last) == Upos::kNoun)) continue;
        uint32_t b = doc->token_begin(i), e = doc->token_end(last);
        if (!ws->keyer.Key(std::string_view(text).substr(b, e - b), &ws->span_key)) continue;
        auto p = gz.Lookup(ws->span_key);
        // A span ending in a lowercase noun must be a reviewed name
        // ("Chernobyl nuclear plant"), never an accident like "The village".
        if (lower_end) {
          bool reviewed = false;
          for (const Posting& q : p) {
            auto k = static_cast<NameKind>(q.kind);
            reviewed |= k == NameKind::kCurated || k == NameKind::kGenerated;
          }
          if (!reviewed) continue;
        }
        if (!p.empty()) {
          best_end = j;
          best = p;
          best_key = ws->span_key;
        }
      }
      if (best_end == 0) {
        ++i;
        continue;
      }
      Mention m;
      m.tb = m.mb = i;
      m.te = m.me = best_end;
      m.key = best_key;
      std::string_view surface = std::string_view(text).substr(
          doc->token_begin(i), doc->token_end(best_end - 1) - doc->token_begin(i));
      bool caps = IsAllCaps(surface);
      bool any_place = false, any_demonym = false;
      for (const Posting& p : best) {
        auto kind = static_cast<NameKind>(p.kind);
        if (kind == NameKind::kAbbrev && !caps) continue;
        // An all-caps short word ("FAO", "DOH") is an abbreviation: only the
        // curated abbreviations and names may match it, not alternate names.
        // Datelines ("KYIV —") keep big places under their own name.
        const EntryRec& pe = gz.entry(p.entry);
        bool big =
            kind == NameKind::kPrimary &&
            (pe.population >= 100000 || pe.feature == static_cast<uint8_t>(Feature::kCountry));
        if (caps && surface.size() <= 6 && kind != NameKind::kAbbrev &&
            kind != NameKind::kCurated && kind != NameKind::kDemonym && !big) {
          continue;
        }
        if (kind == NameKind::kDemonym) {
          any_demonym = true;
          continue;
        }
        any_place = true;
        m.cands.push_back(p);
      }
      uint32_t next = best_end;
      i = best_end;
      // "Somali refugees": a demonym used as an adjective wins over a village
      // of the same name.
      bool adjectival = best_end - m.tb == 1 && upos(m.tb) == Upos::kAdj;
      if (any_demonym && (!any_place || adjectival)) {
        m.demonym = true;
        m.cands.clear();
        for (const Posting& p : best) {
          if (static_cast<NameKind>(p.kind) == NameKind::kDemonym) m.cands.push_back(p);
        }
      }
      if (m.cands.empty()) continue;
      // --- context rules ---
      bool single = best_end - m.tb == 1;
      // Countries, first-level regions and curated places are names in their
      // own right even inside an organisation's name ("Health Canada", "U.S.
      // Centers for Disease Control"): the adjacency rules below spare them.
      bool strong = false, alternate_only = true, big_city = false;
      for (const Posting& p : m.cands) {
        auto f = gz.feature(p.entry);
        auto k = static_cast<NameKind>(p.kind);
        if (k != NameKind::kAlternate) alternate_only = false;
        if (k == NameKind::kAlternate || k == NameKind::kDemonym) continue;
        strong |= f == Feature::kCountry || f == Feature::kAdmin1 ||
                  (gz.entry(p.entry).flags & kFlagCurated);
        // A city of 100,000 under its own name: trust the capital letter over
        // a tag like VERB (the tagger guesses on unseen names).
        big_city |= (f == Feature::kCity && gz.entry(p.entry).population >= 100000);
      }
      // The English tagger cannot judge words in other scripts ("Київ" comes
      // out ADJ); for them the capital letter and the gazetteer decide.
      bool foreign_script = false;
      for (char c : doc->form(m.tb)) foreign_script |= static_cast<unsigned char>(c) >= 0x80;
      // A lone word known only as some place's foreign name ("Cow" for
      // Moscow, "Aid", "Drug") must at least look like a proper noun.
      if (single && alternate_only && !m.demonym &&
          (upos(m.tb) != Upos::kPropn || doc->form(m.tb).size() <= 3) && !foreign_script) {
        continue;
      }
      if (single && !caps && data_->not_places.count(m.key)) continue;
      if (m.tb == first_word && single && upos(m.tb) != Upos::kPropn && !m.demonym &&
          !foreign_script && !(strong && (upos(m.tb) == Upos::kNoun || upos(m.tb) == Upos::kAdj))) {
        continue;
      }
      if (next < se && DiseaseWords().count(lower[next])) continue;
      if (!m.demonym && single && upos(m.tb) != Upos::kPropn && upos(m.tb) != Upos::kNoun &&
          upos(m.tb) != Upos::kX && !caps && !(strong && upos(m.tb) == Upos::kAdj) &&
          !foreign_script && !(big_city && m.tb != first_word)) {
        continue;
      }
      // A title before: a person ("President Jordan", "Mr. Washington").
      uint32_t prev = m.tb;
      while (prev > sb && doc->form(prev - 1) == ".") --prev;
      if (prev > sb && cap[prev - 1]) {
        std::string_view t = lower[prev - 1];
        if (!t.empty() && t.back() == '.') t.remove_suffix(1);  // "Mr." is one token
        if (Titles().count(std::string(t))) continue;
      }
      // Inside a longer capitalized name ("Paris Hilton", "Washington Post"),
      // unless the next word is a region type or a role.
      if (next < se && cap[next] && next != first_word &&
          (upos(next) == Upos::kPropn || upos(next) == Upos::kNoun) &&
          !TypeWords().count(lower[next]) && !RoleWords().count(lower[next]) &&
          !TimeWords().count(lower[next]) && !m.demonym && !strong) {
        continue;
      }
      if (m.tb > first_word && cap[m.tb - 1] && upos(m.tb - 1) == Upos::kPropn &&
          !Bearings().count(lower[m.tb - 1]) && !PlaceHeads().count(lower[m.tb - 1]) &&
          !m.demonym && !strong) {
        // "John Kerry": later a bare "Kerry" is the same person.
        if (single) person_keys.insert(m.key);
        continue;
      }
      if (single && person_keys.count(m.key)) continue;
      // "Michigan State University", "Kyiv Post": the name of an institution,
      // even for a region or country.
      // (A country inside a government body's name stays: "U.S. Department of
      // Agriculture" still says where.)
      if (next < se && cap[next] && !m.demonym &&
          (NamedAfterPlace().count(lower[next]) || (!strong && OrgHeads().count(lower[next])))) {
        continue;
      }
      // Hyphenated personal names: "Navarro-Valls", "Jean-Vivien".
      bool hyphen_before = m.tb >= sb + 2 && doc->form(m.tb - 1) == "-" &&
                           !doc->space_after(m.tb - 2) && cap[m.tb - 2];
      bool hyphen_after =
          next + 1 < se && doc->form(next) == "-" && !doc->space_after(next - 1) && cap[next + 1];
      if ((hyphen_before || hyphen_after) && !strong && !m.demonym) continue;
      // A bare name that speaks is a person ("Hartl said"), unless it is a
      // capital or a big city standing for its government ("Moscow said").
      bool after_preposition = m.tb > sb && upos(m.tb - 1) == Upos::kAdp;  // "of Tyler said"
      if (single && next < se && !strong && !m.demonym && !after_preposition) {
        std::string_view verb = doc->lemma(next);
        bool speech = verb == "say" || verb == "tell" || verb == "add" || verb == "explain" ||
                      verb == "note" || verb == "argue" || verb == "write" || verb == "ask" ||
                      verb == "insist" || verb == "recall";
        bool seat = false;
        for (const Posting& p : m.cands) {
          const EntryRec& e = gz.entry(p.entry);
          seat |= (e.flags & kFlagCapital) || e.population >= 1000000;
        }
        if (speech && !seat) continue;
      }
      // "University of Texas", "Bank of England".
      if (m.tb >= sb + 2 && lower[m.tb - 1] == "of" && cap[m.tb - 2] &&
          OrgHeads().count(lower[m.tb - 2]) && !m.demonym && !strong) {
        continue;
      }
      // "the state of Washington", "the province of Quebec".
      if (m.tb >= sb + 2 && lower[m.tb - 1] == "of" &&
          (lower[m.tb - 2] == "state" || lower[m.tb - 2] == "province" ||
           lower[m.tb - 2] == "region" || lower[m.tb - 2] == "oblast")) {
        m.admin_hint = true;
      }
      // "Kharkiv Oblast", "Donetsk region".
      if (next < se && TypeWords().count(lower[next]) && !m.demonym) {
        m.admin_hint = true;
        m.me = next + 1;
        i = next + 1;
      }
      mentions.push_back(std::move(m));
    }
    // Names the gazetteer lacks, found by their context: "the village of X",
    // "X Oblast", "south of X".
    for (uint32_t i = sb; i + 1 < se; ++i) {
      bool cue = false;
      std::string_view l = lower[i];
      if ((l == "village" || l == "town" || l == "city" || l == "settlement" || l == "hamlet") &&
          i + 2 < se && lower[i + 1] == "of") {
        cue = true;
        i += 1;
      } else if (l == "of" && i > sb &&
                 (Bearings().count(lower[i - 1]) || lower[i - 1] == "outskirts")) {
        cue = true;
      } else if (cap[i + 1] && (i == sb || !cap[i])) {
        // "Zzyzxivka Oblast": a capitalized run followed by a region word.
        uint32_t e = i + 1;
        while (e < se && cap[e] && !TypeWords().count(lower[e])) ++e;
        cue = e < se && e > i + 1 && TypeWords().count(lower[e]) && upos(i + 1) == Upos::kPropn;
      }
      if (!cue || i + 1 >= se || !cap[i + 1]) continue;
      uint32_t b = i + 1, e = b;
      while (e < se && !TypeWords().count(lower[e]) &&
             (cap[e] || (joiner[e] && doc->form(e) == "-" && e + 1 < se && cap[e + 1]))) {
        ++e;
      }
      bool covered = false;
      for (const Mention& m : mentions) covered |= m.mb < e && b < m.me;
      if (covered || e == b || e - b > 4) continue;
      Mention m;
      m.tb = m.mb = b;
      m.te = m.me = e;
      m.unknown = true;
      if (e < se && TypeWords().count(lower[e])) m.me = e + 1;
      mentions.push_back(std::move(m));
    }
  }
  std::sort(mentions.begin(), mentions.end(),
            [](const Mention& a, const Mention& b) { return a.mb < b.mb; });

  // --- resolution ---
  // One sense per name per document: mentions with the same key form a group.
  std::unordered_map<std::string, int> group_of;
  std::vector<std::vector<size_t>> groups;
  for (size_t k = 0; k < mentions.size(); ++k) {
    Mention& m = mentions[k];
    if (m.unknown || m.demonym) continue;
    std::string gk = m.key + (m.admin_hint ? "#admin" : "");
    auto [it, added] = group_of.emplace(gk, static_cast<int>(groups.size()));
    if (added) groups.emplace_back();
    m.group = it->second;
    groups[it->second].push_back(k);
  }
  auto prior = [&](const Posting& p, bool admin_hint) {
    const EntryRec& e = gz.entry(p.entry);
    static constexpr double kFeature[kNumFeatures] = {1.4, 0.55, 0.2, 0.3, 0.0, 0.3, 0.3, 0.2, 0.6};
    // Regions and countries: GeoNames cities do not always sum up to them
    // (British counties vs. GeoNames' ENG/SCT admin codes), so floor them.
    double pop = e.population;
    if (e.feature == static_cast<uint8_t>(Feature::kAdmin1)) pop = std::max(pop, 3e5);
    if (e.feature == static_cast<uint8_t>(Feature::kCountry)) pop = std::max(pop, 1e6);
    if (e.flags & kFlagCurated) pop = std::max(pop, 1e6);  // seas, regions, landmarks
    double s = std::log10(1.0 + pop) / 7.0 + kFeature[e.feature];
    if (e.flags & kFlagCapital) s += 0.5;
    if (e.flags & kFlagAdminSeat) s += 0.15;
    // Curated rows exist because news names them; they outrank homonymous
    // small towns ("Pacific" the ocean, not Pacific, Missouri).
    if (e.flags & kFlagCurated) s += 1.3;
    if (e.flags & kFlagHistorical) s -= 0.5;
    switch (static_cast<NameKind>(p.kind)) {
      case NameKind::kAlternate:
        s -= 0.3;
        break;
      case NameKind::kOfficial:
        s -= 0.05;
        break;
      default:
        break;
    }
    auto f = static_cast<Feature>(e.feature);
    if (admin_hint) s += (f == Feature::kAdmin1 || f == Feature::kAdmin2) ? 1.0 : -0.3;
    return s;
  };
  // Pass 1: priors only.
  std::vector<std::vector<Scored>> scored(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    const Mention& m = mentions[groups[g][0]];
    for (const Posting& p : m.cands) scored[g].push_back({p.entry, prior(p, m.admin_hint)});
    // A bare name shared by a city and the region around it ("Kharkiv") is
    // the city; "Kharkiv Oblast"/"Kharkiv region" carry admin_hint.
    if (!mentions[groups[g][0]].admin_hint) {
      for (Scored& a : scored[g]) {
        if (gz.feature(a.entry) != Feature::kAdmin1) continue;
        for (const Scored& c : scored[g]) {
          auto f = gz.feature(c.entry);
          if ((f == Feature::kCity || f == Feature::kVillage) &&
              gz.entry(c.entry).admin1_entry == a.entry + 1) {
            a.score -= 0.8;
            break;
          }
        }
      }
    }
  }
  auto best_of = [&](size_t g) -> const Scored* {
    const Scored* b = nullptr;
    for (const Scored& s : scored[g]) {
      if (!b || s.score > b->score) b = &s;
    }
    return b;
  };
  // Country focus: each group votes for the country of its pass-1 choice,
  // weighted by its mentions; demonyms vote too.
  std::unordered_map<std::string, double> focus;
  double focus_total = 0;
  std::vector<std::string> vote_country(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    const Scored* b = best_of(g);
    if (!b) continue;
    vote_country[g] = gz.country(b->entry);
    if (vote_country[g].empty()) continue;
    focus[vote_country[g]] += static_cast<double>(groups[g].size());
    focus_total += static_cast<double>(groups[g].size());
  }
  for (const Mention& m : mentions) {
    if (!m.demonym || m.cands.empty()) continue;
    std::string c = gz.country(m.cands[0].entry);
    if (c.empty()) continue;
    focus[c] += 0.5;
    focus_total += 0.5;
  }
  // Hierarchy cues: "X, Y" / "X (Y)" / "X in Y" / "X, in Y, Z" where a
  // candidate of X lies in a candidate of Y or Z (its admin1 or country).
  std::vector<std::unordered_map<uint32_t, double>> bonus(groups.size());
  // The first-level region a group's mention is placed in ("Scott County,
  // Indiana" -> Indiana), for names the gazetteer lacks at that level.
  std::vector<uint32_t> container(groups.size(), UINT32_MAX);
  auto add_bonus = [&](int g, uint32_t entry, double v) {
    double& b = bonus[g][entry];
    b = std::max(b, v);
  };
  // Only separators between two mentions: ",", "(", "in", "and", "or".
  auto gap_is = [&](uint32_t from, uint32_t to, bool list) {
    if (to <= from || to - from > 2) return false;
    for (uint32_t t = from; t < to; ++t) {
      std::string_view w = lower[t];
      bool ok = w == "," || (list ? (w == "and" || w == "or") : (w == "(" || w == "in"));
      if (!ok) return false;
    }
    return true;
  };
  for (size_t k = 0; k < mentions.size(); ++k) {
    const Mention& a = mentions[k];
    if (a.group < 0) continue;
    uint32_t end = a.me;
    for (size_t n = k + 1; n < mentions.size() && n <= k + 2; ++n) {
      const Mention& b = mentions[n];
      if (!gap_is(end, b.mb, false)) break;
      end = b.me;
      if (b.group < 0 || b.group == a.group) continue;
      const Scored* yb = best_of(b.group);
      if (yb && gz.feature(yb->entry) == Feature::kAdmin1 && container[a.group] == UINT32_MAX) {
        container[a.group] = yb->entry;
      }
      for (const Scored& yc : scored[b.group]) {
        const EntryRec& y = gz.entry(yc.entry);
        auto yf = static_cast<Feature>(y.feature);
        if (yf != Feature::kAdmin1 && yf != Feature::kCountry) continue;
        for (const Scored& xc : scored[a.group]) {
          const EntryRec& x = gz.entry(xc.entry);
          bool inside = yf == Feature::kAdmin1 ? x.admin1_entry == yc.entry + 1
                                               : std::memcmp(x.country, y.country, 3) == 0;
          if (!inside || xc.entry == yc.entry) continue;
          add_bonus(a.group, xc.entry, 1.5);
          add_bonus(b.group, yc.entry, 0.8);
        }
      }
    }
  }
  // Lists: "Arizona, California, Georgia, Washington and Wisconsin" are names
  // of one kind in one country. Members whose best candidate is clear vote
  // for (feature, country); ambiguous members lean to the majority.
  for (size_t k = 0; k < mentions.size();) {
    size_t n = k + 1;
    while (n < mentions.size() && mentions[n].group >= 0 && mentions[n - 1].group >= 0 &&
           gap_is(mentions[n - 1].me, mentions[n].mb, true)) {
      ++n;
    }
    if (n - k >= 3) {
      std::map<std::pair<uint8_t, std::string>, int> votes;
      for (size_t i = k; i < n; ++i) {
        const Scored* b = best_of(mentions[i].group);
        if (b) ++votes[{gz.entry(b->entry).feature, gz.country(b->entry)}];
      }
      auto top = std::max_element(votes.begin(), votes.end(),
                                  [](const auto& x, const auto& y) { return x.second < y.second; });
      if (top != votes.end() && top->second * 2 > static_cast<int>(n - k)) {
        for (size_t i = k; i < n; ++i) {
          for (const Scored& c : scored[mentions[i].group]) {
            if (gz.entry(c.entry).feature == top->first.first &&
                gz.country(c.entry) == top->first.second) {
              add_bonus(mentions[i].group, c.entry, 1.0);
            }
          }
        }
      }
    }
    k = n;
  }
  // Pass-1 points of the document's more specific places, for proximity.
  struct Pt {
    double lat, lon;
    size_t group;
  };
  std::vector<Pt> points;
  for (size_t g = 0; g < groups.size(); ++g) {
    const Scored* b = best_of(g);
    if (!b) continue;
    auto f = gz.feature(b->entry);
    if (f == Feature::kCountry || f == Feature::kRegion || f == Feature::kWater) continue;
    points.push_back({gz.entry(b->entry).lat, gz.entry(b->entry).lon, g});
  }
  std::vector<uint32_t> choice(groups.size(), UINT32_MAX);
  std::vector<double> confidence(groups.size(), 0);
  for (size_t g = 0; g < groups.size(); ++g) {
    double own = static_cast<double>(groups[g].size());
    for (Scored& s : scored[g]) {
      const EntryRec& e = gz.entry(s.entry);
      std::string c = gz.country(s.entry);
      if (!c.empty() && focus_total > 0) {
        double w = focus.count(c) ? focus[c] : 0;
        if (c == vote_country[g]) w -= own;  // a name does not vote for itself
        // Only the group's own vote (if it cast one) is taken out.
        double others = focus_total - (vote_country[g].empty() ? 0.0 : own);
        // A first-level region of the document's country is strong evidence
        // ("Georgia" among Atlanta and Texas is the state).
        double k = gz.feature(s.entry) == Feature::kAdmin1 ? 1.35 : 0.9;
        if (others > 0) s.score += k * std::clamp(w / others, 0.0, 1.0);
      }
      auto bit = bonus[g].find(s.entry);
      if (bit != bonus[g].end()) s.score += bit->second;
      auto f = static_cast<Feature>(e.feature);
      if (f != Feature::kCountry && f != Feature::kRegion && f != Feature::kWater) {
        double near = 0;
        for (const Pt& p : points) {
          if (p.group == g) continue;
          near = std::max(near, std::exp(-DistanceKm(e.lat, e.lon, p.lat, p.lon) / 150.0));
        }
        s.score += 0.4 * near;
      }
    }
    std::sort(scored[g].begin(), scored[g].end(),
              [](const Scored& a, const Scored& b) { return a.score > b.score; });
    if (debug_) {
      for (const Scored& c : scored[g]) {
        auto b = bonus[g].find(c.entry);
        std::fprintf(stderr, "geo: %s -> %s/%s %s score %.3f (hierarchy %.2f)\n",
                     mentions[groups[g][0]].key.c_str(), std::string(gz.name(c.entry)).c_str(),
                     gz.country(c.entry).c_str(),
                     std::string(FeatureName(gz.feature(c.entry))).c_str(), c.score,
                     b == bonus[g].end() ? 0.0 : b->second);
      }
    }
    if (scored[g].empty()) continue;
    // A small place reached only through a foreign alternate name, in a
    // country the document never mentions, is more likely a place the
    // gazetteer lacks ("Karo" the Indonesian regency vs. Carros, France, whose
    // Occitan name is Karo): keep the name, leave it unresolved.
    const Mention& m0 = mentions[groups[g][0]];
    bool alternate_only = true;
    for (const Posting& p : m0.cands) {
      if (p.entry == scored[g][0].entry && static_cast<NameKind>(p.kind) != NameKind::kAlternate) {
        alternate_only = false;
      }
    }
    const EntryRec& top = gz.entry(scored[g][0].entry);
    std::string top_country = gz.country(scored[g][0].entry);
    double support = focus.count(top_country) ? focus[top_country] : 0;
    if (top_country == vote_country[g]) support -= own;
    if (alternate_only && top.population < 20000 && support <= 0 &&
        bonus[g].find(scored[g][0].entry) == bonus[g].end()) {
      continue;
    }
    // Likewise a small town in a country the document never mentions while
    // it is clearly about another one ("Halfaya" in a Sudan story is the
    // Khartoum suburb the gazetteer lacks, not the Syrian village).
    double top_focus = 0;
    for (const auto& [c, w] : focus) top_focus = std::max(top_focus, w);
    auto tf = gz.feature(scored[g][0].entry);
    bool small = (tf == Feature::kVillage || tf == Feature::kCity) && top.population < 50000;
    if (small && support <= 0 && focus_total > 0 && top_focus >= 0.5 * focus_total &&
        top_focus >= 2 && bonus[g].find(scored[g][0].entry) == bonus[g].end()) {
      continue;
    }
    choice[g] = scored[g][0].entry;
    double margin = scored[g].size() > 1 ? scored[g][0].score - scored[g][1].score : 3.0;
    confidence[g] = 1.0 / (1.0 + std::exp(-2.5 * margin));
  }

  // --- output ---
  std::vector<Place> out;
  out.reserve(mentions.size());
  for (const Mention& m : mentions) {
    Place p;
    p.token_begin = m.mb;
    p.token_end = m.me;
    p.cp_begin = doc->token_cp_begin(m.mb);
    p.cp_end = doc->token_cp_end(m.me - 1);
    uint32_t bb = doc->token_begin(m.mb), be = doc->token_end(m.me - 1);
    p.text = text.substr(bb, be - bb);
    p.demonym = m.demonym;
    uint32_t entry = UINT32_MAX;
    if (m.demonym && !m.cands.empty()) {
      entry = m.cands[0].entry;
      p.confidence = 1.0;
    } else if (m.group >= 0) {
      entry = choice[m.group];
      p.confidence = confidence[m.group];
    }
    if (entry != UINT32_MAX) {
      const EntryRec& e = gz.entry(entry);
      p.resolved = true;
      p.name = gz.name(entry);
      p.geonames_id = e.geonames_id;
      p.lat = e.lat;
      p.lon = e.lon;
      p.country = gz.country(entry);
      p.admin1 = gz.str(e.admin1_name);
      p.feature = gz.feature(entry);
      p.uncertainty_km = e.uncertainty_km;
      p.disputed = (e.flags & kFlagDisputed) != 0;
      p.disputed_note = gz.str(e.note);
      // "Scott County, Indiana" when the gazetteer has no such county: a town
      // that happens to be called Scott is wrong; the region it is in is
      // right, at a coarser scale.
      if (m.group >= 0 && m.admin_hint && container[m.group] != UINT32_MAX &&
          p.feature != Feature::kAdmin1 && p.feature != Feature::kAdmin2 &&
          bonus[m.group].find(entry) == bonus[m.group].end()) {
        uint32_t c = container[m.group];
        const EntryRec& ce = gz.entry(c);
        p.name = p.text;
        p.geonames_id = 0;
        p.lat = ce.lat;
        p.lon = ce.lon;
        p.country = gz.country(c);
        p.admin1 = gz.name(c);
        p.feature = Feature::kAdmin2;
        p.uncertainty_km = ce.uncertainty_km;
        p.relation = "in";
        p.anchor = gz.name(c);
        p.confidence = std::min(p.confidence, 0.5);
      }
    } else {
      std::string why = m.cands.empty()
                            ? "is not in the gazetteer"
                            : "has only gazetteer candidates that do not fit this document (" +
                                  std::string(gz.name(m.cands[0].entry)) + ", " +
                                  gz.country(m.cands[0].entry) + ")";
      doc->warnings.push_back("place \"" + p.text + "\" at [" + std::to_string(p.cp_begin) + ", " +
                              std::to_string(p.cp_end) + ") " + why +
                              "; kept without coordinates (a GeoNames dump adds villages: see "
                              "README.md, The gazetteer)");
    }
    // Relative location before the name: "20 km south of", "outskirts of",
    // "near", "in the direction of".
    if (p.resolved && !p.demonym && p.relation.empty()) {
      uint32_t sb = 0;
      for (size_t s = 0; s < doc->num_sentences(); ++s) {
        if (doc->sentence_first(s) <= m.mb && m.mb < doc->sentence_end(s)) {
          sb = doc->sentence_first(s);
        }
      }
      auto word = [&](int64_t k) -> std::string_view {
        return k >= static_cast<int64_t>(sb) ? std::string_view(lower[k]) : std::string_view();
      };
      int64_t k = static_cast<int64_t>(m.mb) - 1;
      if (word(k) == "the") --k;
      if (word(k) == "of") {
        int64_t d = k - 1;
        std::string dir(word(d));
        if (word(d - 1) == "-" && Bearings().count(std::string(word(d - 2)))) {
          dir = std::string(word(d - 2)) + "-" + dir;
          d -= 2;
        }
        auto bit = Bearings().find(dir);
        bool point_like = p.feature == Feature::kCity || p.feature == Feature::kVillage ||
                          p.feature == Feature::kLandmark;
        if (word(d) == "outskirts") {
          p.relation = "outskirts of";
          p.uncertainty_km += 5;
        } else if (word(d) == "direction") {
          p.relation = "direction of";
          p.uncertainty_km += 30;
        } else if (bit != Bearings().end() && point_like) {
          double km = 15, unc = 15;
          std::string_view unit = word(d - 1);
          double mult = (unit == "km" || unit == "kilometres" || unit == "kilometers" ||
                         unit == "kilometre" || unit == "kilometer")
                            ? 1.0
                        : (unit == "miles" || unit == "mile" || unit == "mi") ? 1.609
                                                                              : 0.0;
          std::string phrase = dir + " of";
          if (mult > 0 && d - 2 >= static_cast<int64_t>(sb)) {
            double v = ParseNumberWord(doc->form(d - 2));
            if (v > 0) {
              km = v * mult;
              unc = std::max(3.0, km * 0.25);
              phrase = std::string(doc->form(d - 2)) + " " + std::string(unit) + " " + phrase;
            }
          }
          Destination(p.lat, p.lon, bit->second, km, &p.lat, &p.lon);
          p.relation = phrase;
          p.uncertainty_km = std::max<double>(p.uncertainty_km, unc) + unc;
        }
      } else if (word(k) == "near" || word(k) == "outside" || word(k) == "around") {
        p.relation = std::string(word(k));
        p.uncertainty_km += 10;
      } else if (word(k) == "towards" || word(k) == "toward") {
        p.relation = "direction of";
        p.uncertainty_km += 30;
      }
      if (!p.relation.empty()) p.anchor = p.name;
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string PlaceToJson(const Place& p) {
  nlohmann::ordered_json j;
  j["text"] = p.text;
  j["span"] = {p.cp_begin, p.cp_end};
  if (p.demonym) j["demonym"] = true;
  auto opt = [&](const char* k, const std::string& v) {
    if (v.empty()) {
      j[k] = nullptr;
    } else {
      j[k] = v;
    }
  };
  if (p.resolved) {
    j["name"] = p.name;
    if (p.geonames_id) {
      j["geonames_id"] = p.geonames_id;
    } else {
      j["geonames_id"] = nullptr;
    }
    j["lat"] = std::round(p.lat * 1e4) / 1e4;
    j["lon"] = std::round(p.lon * 1e4) / 1e4;
    opt("country", p.country);
    opt("admin1", p.admin1);
    j["feature"] = std::string(FeatureName(p.feature));
    j["uncertainty_km"] = std::round(p.uncertainty_km * 10) / 10;
  } else {
    j["name"] = nullptr;
    j["geonames_id"] = nullptr;
    j["lat"] = nullptr;
    j["lon"] = nullptr;
    opt("country", p.country);
    opt("admin1", p.admin1);
    j["feature"] = nullptr;
    j["uncertainty_km"] = nullptr;
  }
  if (p.disputed) {
    j["disputed"] = true;
    j["disputed_note"] = p.disputed_note;
  }
  if (!p.relation.empty()) {
    j["relation"] = p.relation;
    j["anchor"] = p.anchor;
  }
  j["confidence"] = std::round(p.confidence * 1000) / 1000;
  return j.dump();
}

}  // namespace sitrep::geo
