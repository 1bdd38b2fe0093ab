// sitrep: the command-line program. A thin shell over Pipeline and the
// training/evaluation functions; every subcommand has --help.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "actors/actors.h"
#include "conllu/conllu.h"
#include "eval/eval_actors.h"
#include "eval/eval_events.h"
#include "eval/eval_geo.h"
#include "eval/eval_parse.h"
#include "extract/extract.h"
#include "geo/gazetteer.h"
#include "geo/gazetteer_build.h"
#include "geo/geoparser.h"
#include "geo/name_key.h"
#include "ingest/reader.h"
#include "ner/eval_ner.h"
#include "ner/ner.h"
#include "parse/parser.h"
#include "sitrep/pipeline.h"
#include "tag/jackknife.h"
#include "tag/tagger.h"

namespace {

using sitrep::Status;

int Fail(const Status& st) {
  std::cerr << "sitrep: " << st.ToString() << "\n";
  return 1;
}

sitrep::ingest::Format ParseFormat(const std::string& f) {
  if (f == "text") return sitrep::ingest::Format::kText;
  if (f == "jsonl") return sitrep::ingest::Format::kJsonl;
  if (f == "html") return sitrep::ingest::Format::kHtml;
  return sitrep::ingest::Format::kAuto;
}

// Standard output, or `path` (created or truncated) when given.
Status OpenOutput(const std::string& path, std::ofstream* file, std::ostream** out) {
  if (path.empty()) return Status::Ok();
  file->open(path, std::ios::binary | std::ios::trunc);
  if (!*file) return Status::IoError(path + ": cannot create output file");
  *out = file;
  return Status::Ok();
}

struct ParseArgs {
  std::vector<std::string> inputs;
  std::string format = "auto", models, output;
};

int RunParse(const ParseArgs& a) {
  sitrep::PipelineOptions po;
  po.model_dir = a.models;
  auto pipeline = sitrep::Pipeline::Load(po);
  if (!pipeline.ok()) return Fail(pipeline.status());
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (Status st = OpenOutput(a.output, &file, &out); !st.ok()) return Fail(st);
  std::vector<std::string> inputs = a.inputs;
  if (inputs.empty()) inputs.push_back("-");
  auto worker = (*pipeline)->NewWorker();
  sitrep::ingest::ReadOptions ro;
  ro.format = ParseFormat(a.format);
  size_t docs = 0, sentences = 0, tokens = 0, warnings = 0, failed = 0;
  bool progress = isatty(2);
  auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  for (const std::string& path : inputs) {
    Status st = sitrep::ingest::ReadInput(
        path, ro,
        [&](sitrep::Doc& doc) {
          (*pipeline)->Process(&doc, worker.get());
          *out << "# newdoc id = " << doc.id << "\n";
          sitrep::conllu::Write(doc, *out);
          ++docs;
          sentences += doc.num_sentences();
          tokens += doc.num_tokens();
          auto now = std::chrono::steady_clock::now();
          if (progress && now - last > std::chrono::seconds(2)) {
            last = now;
            std::cerr << "\rsitrep parse: " << docs << " documents, " << tokens << " tokens"
                      << std::flush;
          }
        },
        [&](const std::string& w) {
          ++warnings;
          std::cerr << "sitrep: warning: " << w << "\n";
        });
    if (!st.ok()) {
      ++failed;
      std::cerr << "sitrep: " << st.ToString() << " (skipped; continuing with the rest)\n";
    }
  }
  out->flush();
  if (!*out) return Fail(Status::IoError("writing the output failed (disk full?)"));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (progress) std::cerr << "\r";
  std::cerr << "sitrep parse: " << inputs.size() << " inputs, " << docs << " documents, "
            << sentences << " sentences, " << tokens << " tokens, " << warnings << " warnings, "
            << failed << " unreadable inputs in " << secs << " s\n";
  return failed ? 1 : 0;
}

struct ExtractArgs {
  std::vector<std::string> inputs;
  std::string format = "auto", models, gazetteer, output, output_format = "jsonl", events;
};

// `sitrep extract`: every stage, one contract Document per input document.
int RunExtract(const ExtractArgs& a) {
  sitrep::extract::ExtractOptions eo;
  eo.models = a.models;
  eo.gazetteer = a.gazetteer;
  eo.events_dir = a.events;
  auto ex = sitrep::extract::Extractor::Load(eo);
  if (!ex.ok()) return Fail(ex.status());
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (Status st = OpenOutput(a.output, &file, &out); !st.ok()) return Fail(st);
  std::vector<std::string> inputs = a.inputs;
  if (inputs.empty()) inputs.push_back("-");
  auto worker = (*ex)->NewWorker();
  sitrep::ingest::ReadOptions ro;
  ro.format = ParseFormat(a.format);
  bool pretty = a.output_format == "pretty", array = a.output_format == "json";
  size_t docs = 0, sentences = 0, events = 0, warnings = 0, failed = 0;
  bool progress = isatty(2);
  auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  if (array) *out << "[";
  for (const std::string& path : inputs) {
    Status st = sitrep::ingest::ReadInput(
        path, ro,
        [&](sitrep::Doc& doc) {
          auto x = (*ex)->Run(&doc, worker.get());
          if (array && docs) *out << ",";
          *out << (*ex)->ToJson(doc, x, pretty) << (array ? "" : "\n");
          ++docs;
          sentences += doc.num_sentences();
          events += x.events.size();
          warnings += doc.warnings.size();
          auto now = std::chrono::steady_clock::now();
          if (progress && now - last > std::chrono::seconds(1)) {
            last = now;
            double secs = std::chrono::duration<double>(now - t0).count();
            std::cerr << "\rsitrep extract: " << docs << " documents, " << events << " events, "
                      << static_cast<long>(sentences / secs) << " sentences/s" << std::flush;
          }
        },
        [&](const std::string& w) {
          ++warnings;
          std::cerr << "sitrep: warning: " << w << "\n";
        });
    if (!st.ok()) {
      ++failed;
      std::cerr << "sitrep: " << st.ToString() << " (skipped; continuing with the rest)\n";
    }
  }
  if (array) *out << "]\n";
  out->flush();
  if (!*out) return Fail(Status::IoError("writing the output failed (disk full?)"));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (progress) std::cerr << "\r";
  std::cerr << "sitrep extract: " << docs << " documents, " << sentences << " sentences, " << events
            << " events, " << warnings << " warnings, " << failed << " unreadable inputs in "
            << secs << " s\n";
  return failed ? 1 : 0;
}

int RunEvalEvents(const std::string& gold, const sitrep::extract::ExtractOptions& eo, bool acled,
                  bool json, bool verbose) {
  auto ex = sitrep::extract::Extractor::Load(eo);
  if (!ex.ok()) return Fail(ex.status());
  auto worker = (*ex)->NewWorker();
  auto fn = [&](sitrep::Doc* doc) { return (*ex)->Run(doc, worker.get()); };
  if (acled) {
    auto report = sitrep::eval::EvalAcled(gold, fn);
    if (!report.ok()) return Fail(report.status());
    std::cout << (json ? report->ToJson() + "\n" : report->ToText());
    return 0;
  }
  auto report = sitrep::eval::EvalEvents(gold, fn);
  if (!report.ok()) return Fail(report.status());
  std::cout << (json ? report->ToJson() + "\n" : report->ToText(verbose));
  return 0;
}

struct GeoparseArgs {
  std::vector<std::string> inputs;
  std::string format = "auto", models, gazetteer, places, output_format = "jsonl";
};

// One document's places as a JSON object: id, places, warnings.
std::string GeoDocJson(const sitrep::Doc& doc, const std::vector<sitrep::geo::Place>& places,
                       bool pretty) {
  std::string out = pretty ? "{\n  \"id\": " : "{\"id\":";
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') {
        q += '\\';
        q += static_cast<char>(c);
      } else if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", c);
        q += buf;
      } else {
        q += static_cast<char>(c);
      }
    }
    return q + "\"";
  };
  out += quote(doc.id);
  out += pretty ? ",\n  \"places\": [" : ",\"places\":[";
  for (size_t i = 0; i < places.size(); ++i) {
    if (i) out += ",";
    if (pretty) out += "\n    ";
    out += sitrep::geo::PlaceToJson(places[i]);
  }
  out += pretty ? "\n  ],\n  \"warnings\": [" : "],\"warnings\":[";
  for (size_t i = 0; i < doc.warnings.size(); ++i) {
    if (i) out += ",";
    if (pretty) out += "\n    ";
    out += quote(doc.warnings[i]);
  }
  out += pretty ? "\n  ]\n}" : "]}";
  return out;
}

int RunGeoparse(const GeoparseArgs& a) {
  sitrep::PipelineOptions po;
  po.model_dir = a.models;
  po.parse = false;  // the geoparser needs tokens and POS tags only
  auto pipeline = sitrep::Pipeline::Load(po);
  if (!pipeline.ok()) return Fail(pipeline.status());
  sitrep::geo::GeoparserOptions go;
  go.gazetteer = a.gazetteer;
  go.places_dir = a.places;
  auto geo = sitrep::geo::Geoparser::Load(go);
  if (!geo.ok()) return Fail(geo.status());
  auto worker = (*pipeline)->NewWorker();
  auto ws = (*geo)->NewWorkspace();
  std::vector<std::string> inputs = a.inputs;
  if (inputs.empty()) inputs.push_back("-");
  sitrep::ingest::ReadOptions ro;
  ro.format = ParseFormat(a.format);
  size_t docs = 0, places = 0, failed = 0;
  for (const std::string& path : inputs) {
    Status st = sitrep::ingest::ReadInput(
        path, ro,
        [&](sitrep::Doc& doc) {
          (*pipeline)->Process(&doc, worker.get());
          auto found = (*geo)->Parse(&doc, ws.get());
          places += found.size();
          ++docs;
          std::cout << GeoDocJson(doc, found, a.output_format == "pretty") << "\n";
        },
        [&](const std::string& w) { std::cerr << "sitrep: warning: " << w << "\n"; });
    if (!st.ok()) {
      ++failed;
      std::cerr << "sitrep: " << st.ToString() << " (skipped; continuing with the rest)\n";
    }
  }
  std::cout.flush();
  std::cerr << "sitrep geoparse: " << docs << " documents, " << places << " places, " << failed
            << " unreadable inputs\n";
  return failed ? 1 : 0;
}

int RunEvalGeo(const std::string& gold, const std::string& models, const std::string& gazetteer,
               const std::string& places, bool json, bool verbose) {
  auto docs = sitrep::eval::ReadGeoGold(gold);
  if (!docs.ok()) return Fail(docs.status());
  sitrep::PipelineOptions po;
  po.model_dir = models;
  po.parse = false;
  auto pipeline = sitrep::Pipeline::Load(po);
  if (!pipeline.ok()) return Fail(pipeline.status());
  sitrep::geo::GeoparserOptions go;
  go.gazetteer = gazetteer;
  go.places_dir = places;
  auto geo = sitrep::geo::Geoparser::Load(go);
  if (!geo.ok()) return Fail(geo.status());
  auto worker = (*pipeline)->NewWorker();
  auto ws = (*geo)->NewWorkspace();
  auto report = sitrep::eval::EvalGeo(
      *docs,
      [&](const std::string& text, const std::string& id) {
        sitrep::Doc doc;
        doc.id = id;
        doc.SetText(text);
        (*pipeline)->Process(&doc, worker.get());
        return (*geo)->Parse(&doc, ws.get());
      },
      sitrep::eval::GeoEvalOptions{verbose ? SIZE_MAX : 200});
  if (!report.ok()) return Fail(report.status());
  report->gold_path = gold;
  std::cout << (json ? report->ToJson(verbose) + "\n" : report->ToText(verbose));
  return 0;
}

// One document's entities as JSON (the contract's Entity records).
std::string EntitiesJson(const sitrep::Doc& doc,
                         const std::vector<sitrep::actors::ActorMention>& ms,
                         const std::vector<sitrep::actors::Entity>& es) {
  nlohmann::ordered_json out;
  out["id"] = doc.id;
  out["entities"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < es.size(); ++i) {
    const auto& e = es[i];
    nlohmann::ordered_json j;
    j["id"] = doc.id + ":n" + std::to_string(i + 1);
    j["type"] = e.type;
    j["name"] = e.name;
    j["mentions"] = nlohmann::ordered_json::array();
    for (size_t k : e.mentions) {
      const auto& m = ms[k];
      j["mentions"].push_back(
          {{"text", m.text},
           {"span", {doc.token_cp_begin(m.token_begin), doc.token_cp_end(m.token_end - 1)}},
           {"how", m.how}});
    }
    auto opt = [](const std::string& v) {
      return v.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
    };
    j["actor"] = {{"name", e.actor.name},
                  {"country", opt(e.actor.country)},
                  {"sector", opt(e.actor.sector)},
                  {"acled_inter", e.actor.acled_inter ? nlohmann::ordered_json(e.actor.acled_inter)
                                                      : nlohmann::ordered_json(nullptr)}};
    out["entities"].push_back(j);
  }
  return out.dump();
}

int RunActors(const std::vector<std::string>& inputs_in, const std::string& models,
              const std::string& data) {
  auto pipeline = sitrep::Pipeline::Load({models});
  if (!pipeline.ok()) return Fail(pipeline.status());
  sitrep::actors::ActorOptions ao;
  ao.data_dir = data;
  auto coder = sitrep::actors::ActorCoder::Load(ao);
  if (!coder.ok()) return Fail(coder.status());
  auto worker = (*pipeline)->NewWorker();
  auto ws = (*coder)->NewWorkspace();
  std::vector<std::string> inputs = inputs_in;
  if (inputs.empty()) inputs.push_back("-");
  size_t failed = 0;
  for (const std::string& path : inputs) {
    Status st = sitrep::ingest::ReadInput(
        path, {},
        [&](sitrep::Doc& doc) {
          (*pipeline)->Process(&doc, worker.get());
          auto ms = (*coder)->Code(doc, ws.get());
          auto es = (*coder)->Resolve(doc, &ms);
          std::cout << EntitiesJson(doc, ms, es) << "\n";
        },
        [&](const std::string& w) { std::cerr << "sitrep: warning: " << w << "\n"; });
    if (!st.ok()) {
      ++failed;
      std::cerr << "sitrep: " << st.ToString() << " (skipped; continuing with the rest)\n";
    }
  }
  return failed ? 1 : 0;
}

int RunEvalActors(const std::string& gold, const std::string& models, const std::string& data,
                  const std::string& gazetteer, bool json, bool verbose,
                  const sitrep::eval::EvalActorsOptions& options) {
  auto pipeline = sitrep::Pipeline::Load({models});
  if (!pipeline.ok()) return Fail(pipeline.status());
  sitrep::actors::ActorOptions ao;
  ao.data_dir = data;
  ao.gazetteer = gazetteer;
  auto coder = sitrep::actors::ActorCoder::Load(ao);
  if (!coder.ok()) return Fail(coder.status());
  auto worker = (*pipeline)->NewWorker();
  auto ws = (*coder)->NewWorkspace();
  auto report = sitrep::eval::EvalActors(
      gold,
      [&](sitrep::Doc* doc) {
        (*pipeline)->Process(doc, worker.get());
        return (*coder)->Code(*doc, ws.get());
      },
      options);
  if (!report.ok()) return Fail(report.status());
  std::cout << (json ? report->ToJson() + "\n" : report->ToText(verbose));
  return 0;
}

int RunEvalNer(const std::string& gold, const std::string& models, std::string model, bool json,
               bool model_only, const std::string& actor_data) {
  sitrep::PipelineOptions po;
  po.model_dir = models;
  po.parse = false;  // the recognizer reads tokens and POS tags only
  auto pipeline = sitrep::Pipeline::Load(po);
  if (!pipeline.ok()) return Fail(pipeline.status());
  if (model.empty()) model = (*pipeline)->model_dir() + "/en_uner.ner";
  auto ner = sitrep::ner::Ner::Load(model);
  if (!ner.ok()) return Fail(ner.status());
  sitrep::ner::RefineFn refine;
  std::unique_ptr<sitrep::actors::ActorCoder> coder;
  sitrep::actors::ActorCoder::WorkspacePtr coder_ws;
  if (!model_only) {
    sitrep::actors::ActorOptions ao;
    ao.data_dir = actor_data;
    auto loaded = sitrep::actors::ActorCoder::Load(ao);
    if (!loaded.ok()) return Fail(loaded.status());
    coder = std::move(loaded.value());
    coder_ws = coder->NewWorkspace();
    refine = [&](const sitrep::Doc& doc, std::vector<sitrep::ner::Entity>* names) {
      coder->RefineNames(doc, coder_ws.get(), names);
    };
  }
  auto report = sitrep::ner::EvalNer(*ner, **pipeline, gold, refine);
  if (!report.ok()) return Fail(report.status());
  std::cout << (json ? report->ToJson() + "\n" : report->ToText());
  return 0;
}

int RunGazetteerInfo(const std::string& path) {
  auto g = sitrep::geo::Gazetteer::Open(path);
  if (!g.ok()) return Fail(g.status());
  std::cout << (*g)->path() << "\n"
            << (*g)->info() << "\n"
            << (*g)->num_entries() << " places, " << (*g)->num_keys() << " name keys, "
            << (*g)->file_size() << " bytes\n";
  return 0;
}

int RunGazetteerLookup(const std::string& path, const std::vector<std::string>& names) {
  auto g = sitrep::geo::Gazetteer::Open(path);
  if (!g.ok()) return Fail(g.status());
  sitrep::geo::NameKeyer keyer;
  for (const std::string& n : names) {
    std::string key = keyer.Key(n);
    auto postings = (*g)->Lookup(key);
    std::cout << n << " [" << key << "]: " << postings.size() << " candidates\n";
    for (const auto& p : postings) {
      const auto& e = (*g)->entry(p.entry);
      std::cout << "  " << (*g)->name(p.entry) << " | " << (*g)->country(p.entry) << " | "
                << (*g)->str(e.admin1_name) << " | "
                << sitrep::geo::FeatureName((*g)->feature(p.entry)) << " | pop " << e.population
                << " | " << e.lat << "," << e.lon << " | geonames " << e.geonames_id << " | kind "
                << int(p.kind) << "\n";
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "sitrep: turns news about armed conflict into structured, sourced records.\n"
      "This build has the text engine: tokenization, POS tagging, lemmas, dependency parsing."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sitrep 0.1.0");

  // Positional inputs and --format, shared by the subcommands that read articles.
  auto add_inputs = [](CLI::App* sub, std::vector<std::string>* inputs, std::string* format) {
    sub->add_option("inputs", *inputs, "Input files (.txt, .jsonl, .html) or - for stdin");
    sub->add_option("--format", *format, "Input format")
        ->check(CLI::IsMember({"auto", "text", "jsonl", "html"}))
        ->capture_default_str();
  };

  ParseArgs pa;
  auto* parse = app.add_subcommand(
      "parse", "Tokenize, tag and parse articles; write CoNLL-U to standard output or -o FILE");
  add_inputs(parse, &pa.inputs, &pa.format);
  parse->add_option("--models", pa.models, "Model folder (default: $SITREP_MODELS or models/)");
  parse->add_option("-o,--output", pa.output, "Output file (default: standard output)");

  ExtractArgs xa;
  auto* extract_cmd = app.add_subcommand(
      "extract", "Every stage (places, actors, events); one contract Document per input document");
  extract_cmd->add_option("inputs", xa.inputs, "Input files (.txt, .jsonl, .html) or - for stdin");
  extract_cmd
      ->add_option("--format", xa.output_format,
                   "Output: jsonl (one document per line), json (one array) or pretty")
      ->check(CLI::IsMember({"jsonl", "json", "pretty"}))
      ->capture_default_str();
  extract_cmd->add_option("--input-format", xa.format, "Input format")
      ->check(CLI::IsMember({"auto", "text", "jsonl", "html"}))
      ->capture_default_str();
  extract_cmd->add_option("--models", xa.models,
                          "Model folder (default: $SITREP_MODELS or models/)");
  extract_cmd->add_option("--gazetteer", xa.gazetteer,
                          "Gazetteer file (default: var/gazetteer.sgz)");
  extract_cmd->add_option("-o,--output", xa.output, "Output file (default: standard output)");
  extract_cmd->add_option("--events", xa.events, "Folder of the event tables (data/events)");

  GeoparseArgs ga;
  auto* geoparse = app.add_subcommand(
      "geoparse", "Find and resolve place names; one JSON document per input document");
  add_inputs(geoparse, &ga.inputs, &ga.format);
  geoparse
      ->add_option("--output-format", ga.output_format, "jsonl (one line per document) or pretty")
      ->check(CLI::IsMember({"jsonl", "pretty"}))
      ->capture_default_str();
  geoparse->add_option("--models", ga.models, "Model folder (default: $SITREP_MODELS or models/)");
  geoparse->add_option("--places", ga.places,
                       "Folder of not_places.txt (default: the source tree's data/places)");
  geoparse->add_option("--gazetteer", ga.gazetteer,
                       "Gazetteer file (default: $SITREP_GAZETTEER or var/gazetteer.sgz)");

  std::vector<std::string> act_inputs;
  std::string act_cmd_models, act_cmd_data;
  auto* actors_cmd = app.add_subcommand(
      "actors", "Code actors and resolve entities; one JSON document per input document");
  actors_cmd->add_option("inputs", act_inputs, "Input files (.txt, .jsonl, .html) or - for stdin");
  actors_cmd->add_option("--models", act_cmd_models, "Model folder");
  actors_cmd->add_option("--actors", act_cmd_data, "Folder of the actor tables (data/actors)");

  auto* eval = app.add_subcommand("eval", "Measure quality against gold data");
  eval->require_subcommand(1);
  std::string gold, eval_models;
  bool eval_json = false;
  auto* eval_parse = eval->add_subcommand(
      "parse",
      "UPOS/XPOS/lemma accuracy and UAS/LAS with gold tokenization; token and sentence "
      "F1 on the raw text");
  eval_parse->add_option("--gold", gold, "Gold CoNLL-U file")->required();
  eval_parse->add_option("--models", eval_models, "Model folder");
  eval_parse->add_flag("--json", eval_json, "Print the scores as JSON");

  std::string geo_gold, geo_models, geo_gazetteer, geo_places;
  bool geo_json = false, geo_verbose = false;
  auto* eval_geo = eval->add_subcommand(
      "geo",
      "Place recognition (P/R/F1 by span overlap) and resolution (accuracy within 161 km, "
      "median error) against GeoVirus XML or contract gold JSON/JSONL");
  eval_geo->add_option("--gold", geo_gold, "Gold file: GeoVirus.xml, *.gold.json or *.gold.jsonl")
      ->required();
  eval_geo->add_option("--models", geo_models, "Model folder");
  eval_geo->add_option("--gazetteer", geo_gazetteer, "Gazetteer file");
  eval_geo->add_option("--places", geo_places, "Folder of not_places.txt");
  eval_geo->add_flag("--json", geo_json, "Print the scores as JSON");
  eval_geo->add_flag("--errors", geo_verbose, "List missed, spurious and misplaced names");

  std::string act_gold, act_models, act_data, act_gazetteer;
  bool act_json = false, act_verbose = false;
  sitrep::eval::EvalActorsOptions act_options;
  auto* eval_actors = eval->add_subcommand(
      "actors", "Actor coding (country and sector accuracy) against gold events with actors");
  eval_actors->add_option("--gold", act_gold, "Gold JSONL (e.g. plover-gsr.gold.jsonl)")
      ->required();
  eval_actors->add_option("--models", act_models, "Model folder");
  eval_actors->add_option("--actors", act_data, "Folder of the actor tables (data/actors)");
  eval_actors->add_option("--gazetteer", act_gazetteer, "Gazetteer file");
  eval_actors->add_flag("--json", act_json, "Print the scores as JSON");
  eval_actors->add_flag("--errors", act_verbose, "List wrong and missed actors");
  eval_actors->add_flag("--ignore-dates", act_options.ignore_dates,
                        "Code every document as undated (for gold sets whose dates are "
                        "placeholders, e.g. PLOVER-GSR)");

  std::string ev_gold;
  sitrep::extract::ExtractOptions ev_options;
  bool ev_json = false, ev_verbose = false;
  auto* eval_events = eval->add_subcommand(
      "events", "Sentence-level event mentions (PLOVER, CAMEO, actors, place, modality)");
  eval_events->add_option("--gold", ev_gold, "Gold JSONL or JSON (the contract's gold format)")
      ->required();
  eval_events->add_option("--models", ev_options.models, "Model folder");
  eval_events->add_option("--gazetteer", ev_options.gazetteer, "Gazetteer file");
  eval_events->add_option("--events", ev_options.events_dir,
                          "Folder of the event tables (data/events)");
  eval_events->add_flag("--json", ev_json, "Print the scores as JSON");
  eval_events->add_flag("--errors", ev_verbose, "List missed and spurious events");
  auto* eval_acled = eval->add_subcommand(
      "acled", "Document-level ACLED event types, locations, actor types, fatalities and dates");
  eval_acled->add_option("--gold", ev_gold, "Gold JSONL or JSON (the contract's gold format)")
      ->required();
  eval_acled->add_option("--models", ev_options.models, "Model folder");
  eval_acled->add_option("--gazetteer", ev_options.gazetteer, "Gazetteer file");
  eval_acled->add_option("--events", ev_options.events_dir,
                         "Folder of the event tables (data/events)");
  eval_acled->add_flag("--json", ev_json, "Print the scores as JSON");

  std::string ner_gold, ner_models, ner_model;
  bool ner_json = false;
  auto* eval_ner = eval->add_subcommand(
      "ner",
      "Named entities (PER, ORG, LOC): exact-span P/R/F1 per type and micro against a UNER "
      "IOB2 file, with gold tokenization");
  eval_ner->add_option("--gold", ner_gold, "Gold IOB2 file (UNER)")->required();
  eval_ner->add_option("--models", ner_models, "Model folder (tagger; default model)");
  eval_ner->add_option("--model", ner_model, "NER model (default: <models>/en_uner.ner)");
  eval_ner->add_flag("--json", ner_json, "Print the scores as JSON");
  bool ner_model_only = false;
  std::string ner_actor_data;
  eval_ner->add_flag("--model-only", ner_model_only,
                     "Score the statistical model alone, without the actor tables' names");
  eval_ner->add_option("--actors", ner_actor_data, "Folder of the actor tables (data/actors)");

  auto* train = app.add_subcommand("train", "Train models from treebanks");
  train->require_subcommand(1);
  sitrep::tag::TaggerTrainOptions to;
  std::string tagger_out;
  auto* train_tagger = train->add_subcommand("tagger", "Train the POS tagger and lemmatizer");
  train_tagger->add_option("--train", to.train_path, "Training CoNLL-U")->required();
  train_tagger->add_option("--dev", to.dev_path, "Development CoNLL-U")->required();
  train_tagger->add_option("--epochs", to.epochs, "Epochs (0: choose on dev)");
  train_tagger->add_option("--out", tagger_out, "Output model file")->required();
  sitrep::parse::ParserTrainOptions po;
  std::string parser_out;
  auto* train_parser = train->add_subcommand("parser", "Train the dependency parser");
  train_parser->add_option("--train", po.train_path, "Training CoNLL-U")->required();
  train_parser->add_option("--dev", po.dev_path, "Development CoNLL-U")->required();
  train_parser->add_option("--epochs", po.epochs, "Epochs")->capture_default_str();
  train_parser->add_option("--train-tags", po.train_tags_path,
                           "CoNLL-U with predicted tags for the training file (jackknifed)");
  train_parser->add_option("--dev-tags", po.dev_tags_path,
                           "CoNLL-U with predicted tags for the dev file");
  train_parser->add_option("--out", parser_out, "Output model file")->required();

  sitrep::tag::TaggerTrainOptions jo;
  int folds = 10;
  std::string jk_out, jk_tagger, jk_dev_out, jk_tmp = "/tmp";
  auto* train_jk = train->add_subcommand(
      "jackknife",
      "Predicted tags for parser training: tag each fold of --train with a tagger trained on "
      "the other folds; optionally tag --dev with --tagger");
  train_jk->add_option("--train", jo.train_path, "Training CoNLL-U")->required();
  train_jk->add_option("--dev", jo.dev_path, "Development CoNLL-U (tunes each fold's tagger)")
      ->required();
  train_jk->add_option("--folds", folds, "Number of folds")->capture_default_str();
  train_jk->add_option("--out", jk_out, "Output: the training file with predicted tags")
      ->required();
  train_jk->add_option("--tagger", jk_tagger, "Tagger model to tag --dev with");
  train_jk->add_option("--dev-out", jk_dev_out, "Output: the dev file with predicted tags");
  train_jk->add_option("--tmp", jk_tmp, "Folder for fold files")->capture_default_str();

  sitrep::ner::NerTrainOptions no;
  std::string ner_out;
  auto* train_ner =
      train->add_subcommand("ner", "Train the named-entity recognizer on a UNER IOB2 file");
  train_ner->add_option("--train", no.train_path, "Training IOB2 file")->required();
  train_ner->add_option("--lexicon", no.lexicon_path,
                        "Lexicon TSV to compile in (scripts/ner-lexicon/build.mjs)");
  train_ner->add_option("--models", no.model_dir, "Folder of en_ewt.tagger");
  train_ner->add_option("--epochs", no.epochs, "Epochs (0: choose on the held-out sentences)");
  train_ner
      ->add_option("--holdout-every", no.holdout_every,
                   "Hold out every Nth sentence to choose epochs and pruning")
      ->capture_default_str();
  train_ner->add_option("--seed", no.seed, "Shuffling seed")->capture_default_str();
  train_ner->add_option("--out", ner_out, "Output model file")->required();

  auto* gaz = app.add_subcommand("gazetteer", "Build and inspect the offline gazetteer");
  gaz->require_subcommand(1);
  sitrep::geo::GazetteerBuildOptions gbo;
  auto* gaz_build = gaz->add_subcommand(
      "build",
      "Compile the gazetteer from the npm data packages (installed by scripts/setup.sh), "
      "data/places/*.tsv and optional GeoNames dumps");
  gaz_build->add_option("--geonames", gbo.geonames,
                        "GeoNames dump(s) for village-level coverage: allCountries.txt or a "
                        "country file such as UA.txt (download.geonames.org/export/dump/)");
  gaz_build->add_option("--alternate-names", gbo.alternate_names,
                        "GeoNames alternateNamesV2.txt (optional)");
  gaz_build->add_option("--out", gbo.out,
                        "Output file (default: $SITREP_GAZETTEER or var/gazetteer.sgz)");
  gaz_build->add_option("--npm", gbo.npm_dir, "Folder of the npm data packages");
  gaz_build->add_option("--places", gbo.places_dir, "Folder of curated.tsv and disputed.tsv");
  std::string gaz_path;
  std::vector<std::string> gaz_names;
  auto* gaz_info = gaz->add_subcommand("info", "Check a gazetteer file and describe it");
  gaz_info->add_option("file", gaz_path, "Gazetteer file (default: the default gazetteer)");
  auto* gaz_lookup = gaz->add_subcommand("lookup", "List the candidates for place names");
  gaz_lookup->add_option("names", gaz_names, "Names")->required();
  gaz_lookup->add_option("--gazetteer", gaz_path, "Gazetteer file");

  CLI11_PARSE(app, argc, argv);

  if (eval_ner->parsed())
    return RunEvalNer(ner_gold, ner_models, ner_model, ner_json, ner_model_only, ner_actor_data);
  if (train_ner->parsed()) {
    auto n = sitrep::ner::TrainNer(no, std::cerr);
    if (!n.ok()) return Fail(n.status());
    Status st = n->Save(ner_out);
    return st.ok() ? 0 : Fail(st);
  }
  if (geoparse->parsed()) return RunGeoparse(ga);
  if (eval_geo->parsed()) {
    return RunEvalGeo(geo_gold, geo_models, geo_gazetteer, geo_places, geo_json, geo_verbose);
  }
  if (actors_cmd->parsed()) return RunActors(act_inputs, act_cmd_models, act_cmd_data);
  if (eval_events->parsed()) return RunEvalEvents(ev_gold, ev_options, false, ev_json, ev_verbose);
  if (eval_acled->parsed()) return RunEvalEvents(ev_gold, ev_options, true, ev_json, false);
  if (eval_actors->parsed()) {
    return RunEvalActors(act_gold, act_models, act_data, act_gazetteer, act_json, act_verbose,
                         act_options);
  }
  if (gaz_build->parsed()) {
    auto st = sitrep::geo::BuildGazetteer(gbo, std::cerr);
    if (!st.ok()) return Fail(st.status());
    std::cerr << "sitrep gazetteer: " << st->entries << " places (" << st->curated << " curated, "
              << st->from_dumps << " from GeoNames dumps), " << st->keys << " name keys, "
              << st->bytes / 1000000.0 << " MB in " << st->seconds << " s\n";
    return 0;
  }
  if (gaz_info->parsed()) return RunGazetteerInfo(gaz_path);
  if (gaz_lookup->parsed()) return RunGazetteerLookup(gaz_path, gaz_names);

  if (parse->parsed()) return RunParse(pa);
  if (extract_cmd->parsed()) return RunExtract(xa);
  if (eval_parse->parsed()) {
    sitrep::PipelineOptions opts;
    opts.model_dir = eval_models;
    auto pipeline = sitrep::Pipeline::Load(opts);
    if (!pipeline.ok()) return Fail(pipeline.status());
    auto report = sitrep::eval::EvalParse(**pipeline, gold);
    if (!report.ok()) return Fail(report.status());
    std::cout << (eval_json ? report->ToJson() + "\n" : report->ToText());
    return 0;
  }
  if (train_tagger->parsed()) {
    auto t = sitrep::tag::TrainTagger(to, std::cerr);
    if (!t.ok()) return Fail(t.status());
    Status st = t->Save(tagger_out);
    return st.ok() ? 0 : Fail(st);
  }
  if (train_jk->parsed()) {
    Status st = sitrep::tag::JackknifeTags(jo, folds, jk_tmp, jk_out, std::cerr);
    if (!st.ok()) return Fail(st);
    if (!jk_tagger.empty() && !jk_dev_out.empty()) {
      auto tagger = sitrep::tag::Tagger::Load(jk_tagger);
      if (!tagger.ok()) return Fail(tagger.status());
      st = sitrep::tag::TagConllu(*tagger, jo.dev_path, jk_dev_out);
      if (!st.ok()) return Fail(st);
    }
    return 0;
  }
  if (train_parser->parsed()) {
    auto p = sitrep::parse::TrainParser(po, std::cerr);
    if (!p.ok()) return Fail(p.status());
    Status st = p->Save(parser_out);
    return st.ok() ? 0 : Fail(st);
  }
  return 0;
}
