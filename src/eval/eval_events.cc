#include "eval/eval_events.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "eval/eval_actors.h"
#include "geo/geoparser.h"

namespace sitrep::eval {

namespace {

using json = nlohmann::json;

// The gold documents of a file: one JSON object, or JSON lines.
Result<std::vector<json>> ReadGoldDocs(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the gold file");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string all = ss.str();
  std::vector<json> docs;
  json whole = json::parse(all, nullptr, false);
  if (whole.is_object()) {
    docs.push_back(std::move(whole));
    return docs;
  }
  std::istringstream lines(all);
  std::string line;
  size_t ln = 0;
  while (std::getline(lines, line)) {
    ++ln;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json g = json::parse(line, nullptr, false);
    if (!g.is_object() || !g.contains("text") || !g["text"].is_string()) {
      return Status::Corrupt(path + ":" + std::to_string(ln) +
                             ": not a JSON object with a \"text\" string");
    }
    docs.push_back(std::move(g));
  }
  return docs;
}

// The document of gold record `index`: its id (else file:line-ish), date and
// text.
Doc GoldDoc(const json& g, const std::string& path, size_t index) {
  Doc doc;
  doc.id = g.contains("id") && g["id"].is_string() ? g["id"].get<std::string>()
                                                   : path + ":" + std::to_string(index + 1);
  doc.published = g.contains("published") && g["published"].is_string()
                      ? g["published"].get<std::string>()
                      : "";
  doc.SetText(g.contains("text") && g["text"].is_string() ? g["text"].get<std::string>() : "");
  return doc;
}

struct GoldEvent {
  const json* j = nullptr;
  size_t sentence = SIZE_MAX;
  size_t begin = 0, end = 0;  // bytes of sentence_text in the document
  bool optional = false;
  std::string type;
};

// Gold events of a document placed in its sentences.
std::vector<GoldEvent> PlaceGold(const json& g, const Doc& doc) {
  std::vector<GoldEvent> out;
  if (!g.contains("events") || !g["events"].is_array()) return out;
  const std::string& text = doc.text();
  size_t from = 0;
  for (const json& e : g["events"]) {
    GoldEvent ge;
    ge.j = &e;
    ge.optional = e.contains("optional") && e["optional"].is_boolean() && e["optional"].get<bool>();
    if (e.contains("plover") && e["plover"].is_object() && e["plover"].contains("type") &&
        e["plover"]["type"].is_string()) {
      ge.type = e["plover"]["type"].get<std::string>();
    }
    std::string st = e.contains("sentence_text") && e["sentence_text"].is_string()
                         ? e["sentence_text"].get<std::string>()
                         : "";
    // Spaces around the gold text are not part of any sentence.
    size_t lead = st.find_first_not_of(" \t\r\n");
    st =
        lead == std::string::npos ? "" : st.substr(lead, st.find_last_not_of(" \t\r\n") + 1 - lead);
    size_t pos = st.empty() ? std::string::npos : text.find(st, from);
    if (pos == std::string::npos && !st.empty()) pos = text.find(st);
    if (pos != std::string::npos) {
      from = pos;  // repeated texts: the next occurrence for the next event
      ge.begin = pos;
      ge.end = pos + st.size();
      for (size_t s = 0; s < doc.num_sentences(); ++s) {
        ByteSpan b = doc.sentence_bytes(s);
        if (pos >= b.begin && pos < b.end) ge.sentence = s;
      }
    }
    out.push_back(ge);
  }
  return out;
}

bool HasCoords(const json& loc) {
  return loc.is_object() && loc.contains("lat") && loc.contains("lon") && loc["lat"].is_number() &&
         loc["lon"].is_number();
}

// The distance from a gold location to a predicted event's place; -1 when
// either lacks coordinates.
double LocationKm(const json& gold, const events::Event& e, const extract::Extraction& x) {
  if (!HasCoords(gold) || e.location < 0) return -1;
  const geo::Place& p = x.places[static_cast<size_t>(e.location)];
  if (!p.resolved) return -1;
  return geo::DistanceKm(gold["lat"].get<double>(), gold["lon"].get<double>(), p.lat, p.lon);
}

std::set<std::string> Countries(const std::vector<events::Participant>& ps,
                                const extract::Extraction& x) {
  std::set<std::string> out;
  for (const auto& p : ps) {
    if (p.mention >= 0) {
      const auto& m = x.mentions[static_cast<size_t>(p.mention)];
      if (!m.code.country.empty()) out.insert(m.code.country);
    } else if (p.place >= 0) {
      const auto& pl = x.places[static_cast<size_t>(p.place)];
      if (!pl.country.empty()) out.insert(pl.country);
    }
  }
  return out;
}

void ScoreCountries(const json& gold, const std::set<std::string>& pred, Ratio* r) {
  if (!gold.is_array()) return;
  for (const json& a : gold) {
    if (!a.is_object() || !a.contains("country") || !a["country"].is_string()) continue;
    std::string c = NormalizeCountry(a["country"].get<std::string>());
    ++r->total;
    bool hit = pred.count(c) != 0;
    if (c == "IGO") {
      for (const std::string& p : pred) hit |= IsIgoCode(p);
    }
    r->hit += hit;
  }
}

std::string Pct(const Ratio& r) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f %% (%zu of %zu)", 100 * r.value(), r.hit, r.total);
  return buf;
}

json RatioJson(const Ratio& r) {
  return {{"hit", r.hit}, {"total", r.total}, {"value", r.value()}};
}

bool Counts(const events::Event& e) {
  return !e.modality.negated && !e.modality.hypothetical && !e.modality.future;
}

}  // namespace

Result<EventReport> EvalEvents(const std::string& gold_path, const ExtractFn& fn) {
  auto docs = ReadGoldDocs(gold_path);
  if (!docs.ok()) return docs.status();
  EventReport r;
  r.gold_path = gold_path;
  size_t tp = 0;
  for (size_t di = 0; di < docs->size(); ++di) {
    const json& g = (*docs)[di];
    Doc doc = GoldDoc(g, gold_path, di);
    extract::Extraction x = fn(&doc);
    ++r.docs;
    auto gold = PlaceGold(g, doc);
    const auto& pred = x.events;
    r.predicted += pred.size();
    // Candidate pairs: same sentence and type; trigger inside the gold text
    // and place within 50 km preferred.
    struct Pair {
      int score;
      size_t gi, pi;
    };
    std::vector<Pair> pairs;
    for (size_t gi = 0; gi < gold.size(); ++gi) {
      for (size_t pi = 0; pi < pred.size(); ++pi) {
        if (gold[gi].sentence != pred[pi].sentence || gold[gi].type != pred[pi].codes.plover) {
          continue;
        }
        size_t tb = doc.token_begin(pred[pi].trigger_head);
        int score = (tb >= gold[gi].begin && tb < gold[gi].end) ? 2 : 0;
        if (gold[gi].j->contains("location")) {
          double km = LocationKm((*gold[gi].j)["location"], pred[pi], x);
          if (km >= 0 && km <= 50) score += 1;
        }
        pairs.push_back({score, gi, pi});
      }
    }
    // Best score first; at equal score a required gold event before an
    // optional one.
    std::stable_sort(pairs.begin(), pairs.end(), [&](const Pair& a, const Pair& b) {
      if (a.score != b.score) return a.score > b.score;
      return !gold[a.gi].optional && gold[b.gi].optional;
    });
    std::vector<int> gold_of(pred.size(), -1), pred_of(gold.size(), -1);
    for (const Pair& p : pairs) {
      if (gold_of[p.pi] >= 0 || pred_of[p.gi] >= 0) continue;
      gold_of[p.pi] = static_cast<int>(p.gi);
      pred_of[p.gi] = static_cast<int>(p.pi);
    }
    for (size_t gi = 0; gi < gold.size(); ++gi) {
      const GoldEvent& ge = gold[gi];
      ++r.gold_events;
      if (!ge.optional) {
        ++r.gold_required;
        // Type of the sentence's most confident event (one whose trigger lies
        // in the gold text first).
        const events::Event* top = nullptr;
        bool any = false, top_inside = false;
        for (const auto& e : pred) {
          if (e.sentence != ge.sentence) continue;
          any |= e.codes.plover == ge.type;
          size_t tb = doc.token_begin(e.trigger_head);
          bool inside = tb >= ge.begin && tb < ge.end;
          if (!top || (inside && !top_inside) ||
              (inside == top_inside && e.confidence > top->confidence)) {
            top = &e;
            top_inside = inside;
          }
        }
        ++r.type_accuracy.total;
        r.type_accuracy.hit += top && top->codes.plover == ge.type;
        ++r.type_any.total;
        r.type_any.hit += any;
        if (pred_of[gi] >= 0) {
          ++r.matched_required;
        } else {
          r.errors.push_back(doc.id + ": missed " + ge.type + " in \"" +
                             ge.j->value("sentence_text", "") + "\"" +
                             (top ? " (the sentence's event: " + top->codes.plover + ")" : ""));
        }
      }
      if (pred_of[gi] < 0) continue;
      const events::Event& e = pred[static_cast<size_t>(pred_of[gi])];
      const json& j = *ge.j;
      if (j.contains("cameo") && j["cameo"].is_string() &&
          j["cameo"].get<std::string>().size() >= 2) {
        ++r.cameo_root.total;
        r.cameo_root.hit +=
            e.codes.cameo.substr(0, 2) == j["cameo"].get<std::string>().substr(0, 2);
      }
      if (j.contains("actor")) {
        size_t before = r.actor_country.hit, total = r.actor_country.total;
        auto pc = Countries(e.actor, x);
        ScoreCountries(j["actor"], pc, &r.actor_country);
        if (r.actor_country.total - total != r.actor_country.hit - before) {
          std::string got;
          for (const auto& c : pc) got += (got.empty() ? "" : ",") + c;
          r.errors.push_back(doc.id + ": " + ge.type + " actor " + j["actor"].dump() +
                             ", predicted [" + got + "] for \"" +
                             doc.text().substr(doc.token_begin(e.trigger_begin),
                                               doc.token_end(e.trigger_end - 1) -
                                                   doc.token_begin(e.trigger_begin)) +
                             "\"");
        }
      }
      if (j.contains("recipient")) {
        ScoreCountries(j["recipient"], Countries(e.recipient, x), &r.recipient_country);
      }
      if (j.contains("location") && HasCoords(j["location"])) {
        ++r.location_50km.total;
        double km = LocationKm(j["location"], e, x);
        r.location_50km.hit += km >= 0 && km <= 50;
      }
      if (j.contains("modality") && j["modality"].is_object()) {
        const auto& m = j["modality"];
        auto flag = [&](const char* name, bool pred_flag) {
          if (!m.contains(name) || !m[name].is_boolean()) return;
          ++r.modality.total;
          r.modality.hit += m[name].get<bool>() == pred_flag;
        };
        flag("negated", e.modality.negated);
        flag("hedged", e.modality.hedged);
        flag("future", e.modality.future);
        flag("hypothetical", e.modality.hypothetical);
        flag("historical", e.modality.historical);
      }
    }
    for (size_t pi = 0; pi < pred.size(); ++pi) {
      int gi = gold_of[pi];
      if (gi >= 0) {
        tp += !gold[static_cast<size_t>(gi)].optional;
        continue;
      }
      ++r.unmatched_predicted;
      const auto& e = pred[pi];
      r.errors.push_back(
          doc.id + ": spurious " + e.codes.plover + " \"" +
          doc.text().substr(doc.token_begin(e.trigger_begin),
                            doc.token_end(e.trigger_end - 1) - doc.token_begin(e.trigger_begin)) +
          "\" in sentence " + std::to_string(e.sentence));
    }
  }
  r.precision =
      tp + r.unmatched_predicted ? static_cast<double>(tp) / (tp + r.unmatched_predicted) : 0;
  r.recall = r.gold_required ? static_cast<double>(r.matched_required) / r.gold_required : 0;
  r.f1 = r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall) : 0;
  return r;
}

std::string EventReport::ToText(bool verbose) const {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(3);
  o << "gold: " << gold_path << "\n"
    << "documents: " << docs << "   gold events: " << gold_events << " (" << gold_required
    << " required)   predicted: " << predicted << "\n"
    << "event mentions (sentence + PLOVER type): P " << precision << "  R " << recall << "  F1 "
    << f1 << "   (" << matched_required << " required matched, " << unmatched_predicted
    << " predicted events match no gold event)\n"
    << "PLOVER type accuracy (the sentence's most confident event): " << Pct(type_accuracy) << "\n"
    << "PLOVER type found among the sentence's events:              " << Pct(type_any) << "\n"
    << "matched events: CAMEO root " << Pct(cameo_root) << "; actor country " << Pct(actor_country)
    << "; recipient country " << Pct(recipient_country) << "; location within 50 km "
    << Pct(location_50km) << "; modality flags " << Pct(modality) << "\n";
  if (verbose) {
    o << "errors:\n";
    for (const auto& e : errors) o << "  " << e << "\n";
  }
  return o.str();
}

std::string EventReport::ToJson() const {
  json j = {{"gold", gold_path},
            {"documents", docs},
            {"gold_events", gold_events},
            {"gold_required", gold_required},
            {"predicted", predicted},
            {"matched_required", matched_required},
            {"unmatched_predicted", unmatched_predicted},
            {"precision", precision},
            {"recall", recall},
            {"f1", f1},
            {"type_accuracy", RatioJson(type_accuracy)},
            {"type_any", RatioJson(type_any)},
            {"cameo_root", RatioJson(cameo_root)},
            {"actor_country", RatioJson(actor_country)},
            {"recipient_country", RatioJson(recipient_country)},
            {"location_50km", RatioJson(location_50km)},
            {"modality", RatioJson(modality)}};
  return j.dump(2);
}

Result<AcledReport> EvalAcled(const std::string& gold_path, const ExtractFn& fn) {
  auto docs = ReadGoldDocs(gold_path);
  if (!docs.ok()) return docs.status();
  AcledReport r;
  r.gold_path = gold_path;
  size_t ttp = 0, tfp = 0, tfn = 0, stp = 0, sfp = 0, sfn = 0;
  for (size_t di = 0; di < docs->size(); ++di) {
    const json& g = (*docs)[di];
    Doc doc = GoldDoc(g, gold_path, di);
    extract::Extraction x = fn(&doc);
    ++r.docs;
    std::set<std::string> gt, gs, pt, ps;
    std::vector<const json*> gold_acled;
    if (g.contains("events") && g["events"].is_array()) {
      for (const json& e : g["events"]) {
        if (e.value("optional", false) || !e.contains("acled") || !e["acled"].is_object()) continue;
        std::string type = e["acled"].value("event_type", ""),
                    sub = e["acled"].value("sub_event_type", "");
        if (type.empty()) continue;
        gt.insert(type);
        gs.insert(type + "/" + sub);
        gold_acled.push_back(&e);
      }
    }
    for (const auto& e : x.events) {
      if (e.codes.acled_type.empty() || !Counts(e)) continue;
      pt.insert(e.codes.acled_type);
      ps.insert(e.codes.acled_type + "/" + e.codes.acled_sub);
    }
    auto tally = [](const std::set<std::string>& gold, const std::set<std::string>& pred,
                    size_t* tp, size_t* fp, size_t* fn) {
      for (const auto& p : pred) (gold.count(p) ? *tp : *fp) += 1;
      for (const auto& q : gold) *fn += !pred.count(q);
    };
    tally(gt, pt, &ttp, &tfp, &tfn);
    tally(gs, ps, &stp, &sfp, &sfn);
    for (const json* ge : gold_acled) {
      std::string sub = (*ge)["acled"].value("sub_event_type", "");
      std::vector<const events::Event*> same;
      for (const auto& e : x.events)
        if (e.codes.acled_sub == sub && Counts(e)) same.push_back(&e);
      if (ge->contains("location") && HasCoords((*ge)["location"])) {
        double best = -1;
        for (const auto* e : same) {
          double km = LocationKm((*ge)["location"], *e, x);
          if (km >= 0 && (best < 0 || km < best)) best = km;
        }
        ++r.within_50km.total;
        if (best >= 0) {
          r.location_km.push_back(best);
          r.within_50km.hit += best <= 50;
        }
      }
      if (ge->contains("fatalities") && (*ge)["fatalities"].is_number_integer()) {
        ++r.fatalities.total;
        int64_t want = (*ge)["fatalities"].get<int64_t>();
        for (const auto* e : same) {
          if (e->fatalities && *e->fatalities == want) {
            ++r.fatalities.hit;
            break;
          }
        }
      }
      if (ge->contains("date") && (*ge)["date"].is_object()) {
        std::string want = (*ge)["date"].value("value", "");
        if (!want.empty()) {
          ++r.date.total;
          for (const auto* e : same) {
            if (e->date.value == want) {
              ++r.date.hit;
              break;
            }
          }
        }
      }
      if (ge->contains("actor") && (*ge)["actor"].is_array()) {
        for (const json& a : (*ge)["actor"]) {
          if (!a.is_object() || !a.contains("acled_inter") ||
              !a["acled_inter"].is_number_integer()) {
            continue;
          }
          ++r.actor_type.total;
          int want = a["acled_inter"].get<int>();
          bool hit = false;
          for (const auto* e : same) {
            for (const auto& p : e->actor) {
              hit |= p.mention >= 0 &&
                     x.mentions[static_cast<size_t>(p.mention)].code.acled_inter == want;
            }
          }
          r.actor_type.hit += hit;
        }
      }
    }
  }
  auto prf = [](size_t tp, size_t fp, size_t fn, double* p, double* rc, double* f) {
    *p = tp + fp ? static_cast<double>(tp) / (tp + fp) : 0;
    *rc = tp + fn ? static_cast<double>(tp) / (tp + fn) : 0;
    *f = *p + *rc > 0 ? 2 * *p * *rc / (*p + *rc) : 0;
  };
  prf(ttp, tfp, tfn, &r.type_precision, &r.type_recall, &r.type_f1);
  prf(stp, sfp, sfn, &r.sub_precision, &r.sub_recall, &r.sub_f1);
  if (!r.location_km.empty()) {
    std::vector<double> v = r.location_km;
    std::sort(v.begin(), v.end());
    r.median_location_km = v[v.size() / 2];
  }
  return r;
}

std::string AcledReport::ToText() const {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(3);
  o << "gold: " << gold_path << "\n"
    << "documents: " << docs << "\n"
    << "ACLED event type (per document): P " << type_precision << "  R " << type_recall << "  F1 "
    << type_f1 << "\n"
    << "ACLED sub-event type (per document): P " << sub_precision << "  R " << sub_recall << "  F1 "
    << sub_f1 << "\n"
    << "location: median " << median_location_km << " km over " << location_km.size()
    << " gold events placed; within 50 km " << Pct(within_50km) << "\n"
    << "actor types " << Pct(actor_type) << "; fatalities " << Pct(fatalities) << "; date "
    << Pct(date) << "\n";
  return o.str();
}

std::string AcledReport::ToJson() const {
  json j = {
      {"gold", gold_path},
      {"documents", docs},
      {"type", {{"precision", type_precision}, {"recall", type_recall}, {"f1", type_f1}}},
      {"sub_event_type", {{"precision", sub_precision}, {"recall", sub_recall}, {"f1", sub_f1}}},
      {"median_location_km", median_location_km},
      {"within_50km", RatioJson(within_50km)},
      {"actor_type", RatioJson(actor_type)},
      {"fatalities", RatioJson(fatalities)},
      {"date", RatioJson(date)}};
  return j.dump(2);
}

}  // namespace sitrep::eval
