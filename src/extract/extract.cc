#include "extract/extract.h"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

namespace sitrep::extract {

using json = nlohmann::ordered_json;

class Extractor::Worker {
 public:
  Pipeline::WorkerPtr pipeline;
  geo::Geoparser::WorkspacePtr geo;
  actors::ActorCoder::WorkspacePtr actors;
};

void Extractor::WorkerDeleter::operator()(Worker* w) const { delete w; }
Extractor::~Extractor() = default;

Result<std::unique_ptr<Extractor>> Extractor::Load(const ExtractOptions& o) {
  std::unique_ptr<Extractor> x(new Extractor());
  PipelineOptions po;
  po.model_dir = o.models;
  auto pipeline = Pipeline::Load(po);
  if (!pipeline.ok()) return pipeline.status();
  x->pipeline_ = std::move(pipeline.value());
  geo::GeoparserOptions go;
  go.gazetteer = o.gazetteer;
  go.places_dir = o.places_dir;
  auto geo = geo::Geoparser::Load(go);
  if (!geo.ok()) return geo.status();
  x->geo_ = std::move(geo.value());
  actors::ActorOptions ao;
  ao.data_dir = o.actors_dir;
  ao.gazetteer = o.gazetteer;
  if (!o.models.empty()) ao.ner_model = o.models + "/en_uner.ner";
  auto coder = actors::ActorCoder::Load(ao);
  if (!coder.ok()) return coder.status();
  x->actors_ = std::move(coder.value());
  events::EventOptions eo;
  eo.data_dir = o.events_dir;
  auto ev = events::EventExtractor::Load(eo);
  if (!ev.ok()) return ev.status();
  x->events_ = std::move(ev.value());
  return x;
}

Extractor::WorkerPtr Extractor::NewWorker() const {
  WorkerPtr w(new Worker());
  w->pipeline = pipeline_->NewWorker();
  w->geo = geo_->NewWorkspace();
  w->actors = actors_->NewWorkspace();
  return w;
}

Extraction Extractor::Run(Doc* doc, Worker* w) const {
  Extraction x;
  pipeline_->Process(doc, w->pipeline.get());
  x.places = geo_->Parse(doc, w->geo.get());
  x.mentions = actors_->Code(*doc, w->actors.get());
  x.entities = actors_->Resolve(*doc, &x.mentions);
  x.events = events_->Extract(*doc, x.mentions, x.places);
  return x;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

namespace {

json Opt(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json Span(const Doc& doc, size_t b, size_t e) {
  return json::array({doc.token_cp_begin(b), doc.token_cp_end(e - 1)});
}

std::string Text(const Doc& doc, size_t b, size_t e) {
  return doc.text().substr(doc.token_begin(b), doc.token_end(e - 1) - doc.token_begin(b));
}

json ActorJson(const Doc& doc, const Extraction& x, const events::Participant& p) {
  json j;
  if (p.mention >= 0) {
    const auto& m = x.mentions[static_cast<size_t>(p.mention)];
    j["text"] = m.text;
    j["span"] = Span(doc, m.token_begin, m.token_end);
    j["name"] = m.entity >= 0 ? x.entities[static_cast<size_t>(m.entity)].name : m.code.name;
    j["country"] = Opt(m.code.country);
    j["sector"] = Opt(m.code.sector);
    j["acled_inter"] = m.code.acled_inter ? json(m.code.acled_inter) : json(nullptr);
    j["entity"] =
        m.entity >= 0 ? json(doc.id + ":n" + std::to_string(m.entity + 1)) : json(nullptr);
  } else {
    // A place standing as a target: its country.
    const auto& pl = x.places[static_cast<size_t>(p.place)];
    j["text"] = pl.text;
    j["span"] = json::array({pl.cp_begin, pl.cp_end});
    j["name"] = pl.resolved ? json(pl.name) : json(pl.text);
    j["country"] = Opt(pl.country);
    j["sector"] = nullptr;
    j["acled_inter"] = nullptr;
    j["entity"] = nullptr;
  }
  return j;
}

}  // namespace

std::string Extractor::ToJson(const Doc& doc, const Extraction& x, bool pretty) const {
  json d;
  d["id"] = doc.id;
  d["url"] = Opt(doc.url);
  d["outlet"] = Opt(doc.outlet);
  d["title"] = Opt(doc.title);
  d["published"] = Opt(doc.published);
  d["language"] = doc.language.empty() ? "en" : doc.language;
  d["text_sha256"] = Sha256Hex(doc.text());
  json sents = json::array();
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    ByteSpan cp = doc.sentence_cps(s);
    sents.push_back(json::array({cp.begin, cp.end}));
  }
  d["sentences"] = std::move(sents);
  json events = json::array();
  for (size_t i = 0; i < x.events.size(); ++i) {
    const events::Event& e = x.events[i];
    json j;
    j["id"] = doc.id + ":e" + std::to_string(i + 1);
    j["sentence"] = e.sentence;
    j["trigger"] = {{"text", Text(doc, e.trigger_begin, e.trigger_end)},
                    {"span", Span(doc, e.trigger_begin, e.trigger_end)}};
    j["plover"] = {
        {"type", e.codes.plover}, {"mode", Opt(e.codes.mode)}, {"context", e.codes.context}};
    j["cameo"] = e.codes.cameo;
    j["acled"] = e.codes.acled_type.empty() ? json(nullptr)
                                            : json{{"event_type", e.codes.acled_type},
                                                   {"sub_event_type", e.codes.acled_sub}};
    j["actor"] = json::array();
    for (const auto& p : e.actor) j["actor"].push_back(ActorJson(doc, x, p));
    j["recipient"] = json::array();
    for (const auto& p : e.recipient) j["recipient"].push_back(ActorJson(doc, x, p));
    j["location"] = e.location >= 0
                        ? json::parse(geo::PlaceToJson(x.places[static_cast<size_t>(e.location)]))
                        : json(nullptr);
    if (!e.date.value.empty() || !e.date.text.empty()) {
      j["date"] = {{"value", Opt(e.date.value)},
                   {"precision", e.date.precision.empty() ? "unknown" : e.date.precision},
                   {"text", Opt(e.date.text)}};
    } else {
      j["date"] = nullptr;
    }
    j["modality"] = {{"negated", e.modality.negated},
                     {"hedged", e.modality.hedged},
                     {"future", e.modality.future},
                     {"hypothetical", e.modality.hypothetical},
                     {"historical", e.modality.historical}};
    if (e.speaker >= 0) {
      const auto& sp = x.mentions[static_cast<size_t>(e.speaker)];
      bool outlet = sp.code.sector == "MED" && sp.how == "organisation";
      j["attribution"] = {
          {"outlet", outlet ? json(sp.code.name) : json(nullptr)},
          {"speaker",
           outlet ? json(nullptr) : ActorJson(doc, x, events::Participant{e.speaker, -1})},
          {"claim", nullptr}};
    } else {
      j["attribution"] = nullptr;
    }
    auto num = [](const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); };
    j["fatalities"] = num(e.fatalities);
    j["injured"] = num(e.injured);
    j["size"] = num(e.size);
    j["confidence"] = std::round(e.confidence * 1000) / 1000;
    events.push_back(std::move(j));
  }
  d["events"] = std::move(events);
  d["claims"] = json::array();
  json places = json::array();
  for (const auto& p : x.places) places.push_back(json::parse(geo::PlaceToJson(p)));
  d["places"] = std::move(places);
  json ents = json::array();
  for (size_t i = 0; i < x.entities.size(); ++i) {
    const auto& e = x.entities[i];
    json j;
    j["id"] = doc.id + ":n" + std::to_string(i + 1);
    j["type"] = e.type;
    j["name"] = e.name;
    j["mentions"] = json::array();
    for (size_t k : e.mentions) {
      const auto& m = x.mentions[k];
      j["mentions"].push_back({{"text", m.text}, {"span", Span(doc, m.token_begin, m.token_end)}});
    }
    bool actor = !e.actor.country.empty() || !e.actor.sector.empty();
    j["actor"] =
        actor
            ? json{{"name", e.actor.name},
                   {"country", Opt(e.actor.country)},
                   {"sector", Opt(e.actor.sector)},
                   {"acled_inter", e.actor.acled_inter ? json(e.actor.acled_inter) : json(nullptr)}}
            : json(nullptr);
    ents.push_back(std::move(j));
  }
  d["entities"] = std::move(ents);
  d["warnings"] = doc.warnings;
  return d.dump(pretty ? 2 : -1);
}

}  // namespace sitrep::extract
