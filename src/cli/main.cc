// sitrep: the command-line program. A thin shell over Pipeline and the
// training/evaluation functions; every subcommand has --help.
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "conllu/conllu.h"
#include "eval/eval_parse.h"
#include "ingest/reader.h"
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
  if (!a.output.empty()) {
    file.open(a.output, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(Status::IoError(a.output + ": cannot create output file"));
    out = &file;
  }
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "sitrep: turns news about armed conflict into structured, sourced records.\n"
      "This build has the text engine: tokenization, POS tagging, lemmas, dependency parsing."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sitrep 0.1.0");

  ParseArgs pa;
  auto* parse = app.add_subcommand(
      "parse", "Tokenize, tag and parse articles; write CoNLL-U to standard output or -o FILE");
  parse->add_option("inputs", pa.inputs, "Input files (.txt, .jsonl, .html) or - for stdin");
  parse->add_option("--format", pa.format, "Input format")
      ->check(CLI::IsMember({"auto", "text", "jsonl", "html"}))
      ->capture_default_str();
  parse->add_option("--models", pa.models, "Model folder (default: $SITREP_MODELS or models/)");
  parse->add_option("-o,--output", pa.output, "Output file (default: standard output)");

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

  CLI11_PARSE(app, argc, argv);

  if (parse->parsed()) return RunParse(pa);
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
