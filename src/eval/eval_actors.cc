#include "eval/eval_actors.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/utf8.h"

namespace sitrep::eval {

namespace {
using json = nlohmann::json;
}  // namespace

std::string NormalizeCountry(const std::string& c) {
  static const std::map<std::string, std::string> kCameo = {
      {"JAP", "JPN"}, {"ITL", "ITA"}, {"VTN", "VNM"}, {"GMY", "DEU"}, {"UKG", "GBR"}};
  auto it = kCameo.find(c);
  return it == kCameo.end() ? c : it->second;
}

bool IsIgoCode(const std::string& c) {
  static const std::set<std::string> kIgo = {
      "IGO",  "UN",    "NATO", "EU",   "OSCE", "IAEA", "AU",   "ECOWAS", "ICRC",
      "WHO",  "UNHCR", "WFP",  "IMF",  "WB",   "ICC",  "ICJ",  "ASEAN",  "LAS",
      "OPEC", "APEC",  "GCC",  "SADC", "IGAD", "CIS",  "CSTO", "OIC",    "UNSC",
      "EAC",  "OAS",   "G7",   "G20",  "G8",   "COE",  "WP",   "CWTH"};
  return kIgo.count(c) != 0;
}

namespace {

// Gold sectors in CAMEO codes outside the contract's set, read as the
// contract's code (data/actors/README.md, "Codes"): farmers, workers,
// elites and civilians-by-identity are CVL, journalists MED, criminals UAF,
// rights groups NGO, parties OPP, religion codes REL.
std::string NormalizeSector(const std::string& s) {
  static const std::map<std::string, std::string> kCameo = {
      {"AGR", "CVL"}, {"LAB", "CVL"}, {"ELI", "CVL"}, {"CIV", "CVL"}, {"JRN", "MED"},
      {"CRM", "UAF"}, {"HRI", "NGO"}, {"PTY", "OPP"}, {"MOS", "REL"}, {"MUS", "REL"},
      {"CHR", "REL"}, {"JEW", "REL"}, {"BUD", "REL"}, {"HIN", "REL"}};
  auto it = kCameo.find(s);
  return it == kCameo.end() ? s : it->second;
}

}  // namespace

std::string ActorReport::ToText(bool verbose) const {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(2);
  o << "gold: " << gold_path << "\n"
    << "documents: " << docs << "   gold actors: " << gold_actors
    << "   found (overlapped): " << found << " (" << 100 * coverage << " %)\n"
    << "country accuracy: " << 100 * country_accuracy << " %  (" << country_correct << " of "
    << with_country << ")\n"
    << "sector accuracy:  " << 100 * sector_accuracy << " %  (" << sector_correct << " of "
    << with_sector << ")\n";
  if (verbose) {
    o << "errors:\n";
    for (const std::string& e : errors) o << "  " << e << "\n";
  }
  return o.str();
}

std::string ActorReport::ToJson() const {
  json j = {{"gold", gold_path},
            {"docs", docs},
            {"gold_actors", gold_actors},
            {"found", found},
            {"coverage", coverage},
            {"with_country", with_country},
            {"country_correct", country_correct},
            {"country_accuracy", country_accuracy},
            {"with_sector", with_sector},
            {"sector_correct", sector_correct},
            {"sector_accuracy", sector_accuracy}};
  return j.dump();
}

Result<ActorReport> EvalActors(const std::string& gold_path, const ActorFn& fn,
                               const EvalActorsOptions& options) {
  std::ifstream in(gold_path, std::ios::binary);
  if (!in) return Status::NotFound(gold_path + ": cannot open the gold file");
  ActorReport r;
  r.gold_path = gold_path;
  std::string line;
  size_t ln = 0;
  while (std::getline(in, line)) {
    ++ln;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json g = json::parse(line, nullptr, false);
    if (!g.is_object() || !g.contains("text") || !g["text"].is_string()) {
      return Status::Corrupt(gold_path + ":" + std::to_string(ln) +
                             ": not a JSON object with a \"text\" string");
    }
    Doc doc;
    doc.id = g.value("id", gold_path + ":" + std::to_string(ln));
    if (!options.ignore_dates) doc.published = g.value("published", "");
    doc.SetText(g["text"].get<std::string>());
    auto predicted = fn(&doc);
    ++r.docs;
    const std::string& text = doc.text();
    if (!g.contains("events") || !g["events"].is_array()) continue;
    for (const auto& ev : g["events"]) {
      std::string sentence = ev.value("sentence_text", "");
      size_t base = sentence.empty() ? 0 : text.find(sentence);
      if (base == std::string::npos) base = 0;
      for (const char* role : {"actor", "recipient"}) {
        if (!ev.contains(role) || !ev[role].is_array()) continue;
        for (const auto& a : ev[role]) {
          std::string atext = a.value("text", "");
          if (atext.empty()) continue;
          ++r.gold_actors;
          size_t pos = text.find(atext, base);
          if (pos == std::string::npos) pos = text.find(atext);
          size_t located = atext.size();  // bytes of the gold span found
          // A gold text that is not one span of the sentence ("U.S. ...
          // negotiators", "French warships" of "French and Egyptian
          // warships") is located by its first word.
          if (pos == std::string::npos) {
            std::string first = atext.substr(0, atext.find_first_of(" .,"));
            if (first.size() < 2) first = atext.substr(0, atext.find(' '));
            pos = text.find(first, base);
            if (pos != std::string::npos) located = first.size();
          }
          std::string gc = a.contains("country") && a["country"].is_string()
                               ? NormalizeCountry(a["country"].get<std::string>())
                               : "";
          std::string gs = a.contains("sector") && a["sector"].is_string()
                               ? a["sector"].get<std::string>().substr(0, 3)
                               : "";
          if (gs == "***") gs.clear();
          gs = NormalizeSector(gs);
          // The predicted actor for the gold text: overlapping it, preferring
          // one whose head lies inside it, then the most informative (country
          // and sector), then the tightest.
          const actors::ActorMention* best = nullptr;
          auto rank = [&](const actors::ActorMention& m, size_t gb, size_t ge) {
            size_t hb = doc.token_begin(m.head);
            int inside = hb >= gb && hb < ge ? 4 : 0;
            int info = (m.code.country.empty() ? 0 : 1) + (m.code.sector.empty() ? 0 : 1);
            return inside + info;
          };
          if (pos != std::string::npos) {
            size_t gb = pos, ge = pos + located;
            for (const auto& m : predicted) {
              size_t pb = doc.token_begin(m.token_begin), pe = doc.token_end(m.token_end - 1);
              if (pb >= ge || gb >= pe) continue;
              if (!best) {
                best = &m;
                continue;
              }
              int rm = rank(m, gb, ge), rb = rank(*best, gb, ge);
              size_t wm = pe - pb,
                     wb = doc.token_end(best->token_end - 1) - doc.token_begin(best->token_begin);
              if (rm > rb || (rm == rb && wm < wb)) best = &m;
            }
          }
          if (best) ++r.found;
          std::string pc = best ? best->code.country : "", ps = best ? best->code.sector : "";
          if (!gc.empty()) {
            ++r.with_country;
            bool ok = gc == "IGO"   ? (IsIgoCode(pc) || ps == "IGO")
                      : gc == "NGO" ? ps == "NGO"
                                    : pc == gc;
            r.country_correct += ok;
            if (!ok) {
              r.errors.push_back(doc.id + ": \"" + atext + "\" country " + gc + ", predicted " +
                                 (best ? "\"" + best->text + "\" " + (pc.empty() ? "-" : pc)
                                       : std::string("nothing")));
            }
          }
          if (!gs.empty()) {
            ++r.with_sector;
            // CAMEO codes the governing organs of an IGO as GOV ("U.N.
            // Security Council"); the contract's sector for them is IGO.
            bool ok = ps == gs || (gs == "GOV" && ps == "IGO" && IsIgoCode(pc));
            r.sector_correct += ok;
            if (!ok) {
              r.errors.push_back(doc.id + ": \"" + atext + "\" sector " + gs + ", predicted " +
                                 (best ? "\"" + best->text + "\" " + (ps.empty() ? "-" : ps)
                                       : std::string("nothing")));
            }
          }
        }
      }
    }
  }
  auto frac = [](size_t a, size_t b) { return b ? static_cast<double>(a) / b : 0.0; };
  r.country_accuracy = frac(r.country_correct, r.with_country);
  r.sector_accuracy = frac(r.sector_correct, r.with_sector);
  r.coverage = frac(r.found, r.gold_actors);
  return r;
}

}  // namespace sitrep::eval
