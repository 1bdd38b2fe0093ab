// Development helper for the named-entity recognizer: cross-validate, dump
// predictions, time. Training and evaluation are `sitrep train ner` and
// `sitrep eval ner`.
//
//   sitrep_train_ner cv    --train DEV.iob2 [--folds K] [--epochs N] [--models DIR]
//   sitrep_train_ner predict --model M --data F.iob2 [--models DIR] > out.iob2
//   sitrep_train_ner bench --model M --data F.iob2 [--models DIR] [--reps N]
//
// --models is the folder of the POS tagger the recognizer reads tags from.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "ner/eval_ner.h"
#include "ner/iob2.h"
#include "ner/ner.h"
#include "ner/ner_model.h"
#include "sitrep/pipeline.h"

namespace {

int Fail(const std::string& msg) {
  std::cerr << "sitrep_train_ner: " << msg << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sitrep;
  if (argc < 2) return Fail("usage: sitrep_train_ner cv|predict|bench --flag value ...");
  std::string cmd = argv[1];
  std::map<std::string, std::string> args;
  for (int i = 2; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  auto arg = [&](const std::string& k, const std::string& def = "") {
    auto it = args.find(k);
    return it == args.end() ? def : it->second;
  };
  if (cmd == "cv") {
    // K-fold cross-validation by document (documents round-robin to folds):
    // for choosing features without looking at the test set.
    auto sents = ner::ReadIob2(arg("--train"));
    if (!sents.ok()) return Fail(sents.status().ToString());
    size_t folds = std::stoul(arg("--folds", "5"));
    ner::NerTrainOptions o;
    o.model_dir = arg("--models");
    o.lexicon_path = arg("--lexicon");
    o.epochs = std::stoi(arg("--epochs", "10"));
    o.refit = false;
    std::vector<size_t> fold_of(sents->size());
    size_t doc = 0;
    for (size_t s = 0; s < sents->size(); ++s) {
      if (s > 0 && (*sents)[s].doc_id != (*sents)[s - 1].doc_id) ++doc;
      fold_of[s] = doc % folds;
    }
    PipelineOptions po;
    po.model_dir = o.model_dir;
    po.parse = false;
    auto pipeline = Pipeline::Load(po);
    if (!pipeline.ok()) return Fail(pipeline.status().ToString());
    ner::NerReport total;
    std::vector<std::string> pred_tags(sents->size());  // per sentence, for --pred
    std::ofstream pred_out;
    if (!arg("--pred").empty()) pred_out.open(arg("--pred"));
    for (size_t k = 0; k < folds; ++k) {
      std::vector<uint32_t> train, test;
      std::vector<ner::Iob2Sentence> held;
      for (uint32_t s = 0; s < sents->size(); ++s) {
        if (fold_of[s] == k) {
          held.push_back((*sents)[s]);
        } else {
          train.push_back(s);
        }
      }
      std::ostringstream log;
      auto m = ner::TrainNerOn(*sents, train, test, o, log);
      if (!m.ok()) return Fail(m.status().ToString());
      Doc doc;
      ner::ToDoc(held, 0, held.size(), &doc);
      auto worker = (*pipeline)->NewWorker();
      (*pipeline)->Annotate(&doc, worker.get());
      std::vector<ner::Entity> gold, pred;
      uint32_t offset = 0;
      for (const auto& s : held) {
        ner::SpansFromTags(s, offset, &gold);
        offset += static_cast<uint32_t>(s.tokens.size());
      }
      auto ws = m->NewWorkspace();
      m->Tag(doc, ws.get(), &pred);
      ner::NerReport r;
      ner::ScoreEntities(gold, pred, &r);
      std::fprintf(stderr, "fold %zu: F1 %.2f\n", k, 100 * r.micro.f1());
      ner::ScoreEntities(gold, pred, &total);
      if (pred_out) {
        std::vector<std::string> tags(doc.num_tokens(), "O");
        for (const ner::Entity& e : pred)
          for (uint32_t i = e.token_begin; i < e.token_end; ++i)
            tags[i] = (i == e.token_begin ? "B-" : "I-") + std::string(ner::EntityTypeName(e.type));
        size_t t = 0;
        for (const auto& s : held) {
          pred_out << "# text = " << s.text << "\n";
          for (size_t i = 0; i < s.tokens.size(); ++i, ++t)
            pred_out << i + 1 << "\t" << s.tokens[i].form << "\t" << s.tokens[i].tag << "\t"
                     << tags[t] << "\t" << UposName(doc.upos(t)) << "\n";
          pred_out << "\n";
        }
      }
      total.sentences += held.size();
      total.tokens += doc.num_tokens();
    }
    total.gold_path = arg("--train") + " (" + std::to_string(folds) + "-fold CV by document)";
    std::cout << total.ToText();
    return 0;
  }
  auto model = ner::Ner::Load(arg("--model"));
  if (!model.ok()) return Fail(model.status().ToString());
  PipelineOptions po;
  po.model_dir = arg("--models");
  po.parse = false;
  auto pipeline = Pipeline::Load(po);
  if (!pipeline.ok()) return Fail(pipeline.status().ToString());
  // --data as one Doc tagged by the pipeline, and the recognizer's output.
  auto sents = ner::ReadIob2(arg("--data"));
  if (!sents.ok()) return Fail(sents.status().ToString());
  Doc doc;
  ner::ToDoc(*sents, 0, sents->size(), &doc);
  auto worker = (*pipeline)->NewWorker();
  (*pipeline)->Annotate(&doc, worker.get());
  auto ws = model->NewWorkspace();
  std::vector<ner::Entity> out;
  model->Tag(doc, ws.get(), &out);  // also the warm-up for bench
  if (cmd == "predict") {           // index, form, gold tag, predicted tag, UPOS
    std::vector<std::string> pred(doc.num_tokens(), "O");
    for (const ner::Entity& e : out) {
      std::string type(ner::EntityTypeName(e.type));
      for (uint32_t i = e.token_begin; i < e.token_end; ++i)
        pred[i] = (i == e.token_begin ? "B-" : "I-") + type;
    }
    size_t k = 0;
    for (const ner::Iob2Sentence& s : *sents) {
      std::cout << "# text = " << s.text << "\n";
      for (size_t i = 0; i < s.tokens.size(); ++i, ++k)
        std::cout << i + 1 << "\t" << s.tokens[i].form << "\t" << s.tokens[i].tag << "\t" << pred[k]
                  << "\t" << UposName(doc.upos(k)) << "\n";
      std::cout << "\n";
    }
    return 0;
  }
  if (cmd == "bench") {
    // Times Ner::Tag alone on a Doc the pipeline has tagged (untimed).
    int reps = std::stoi(arg("--reps", "20"));
    auto cpu_now = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
    double sec = 0, cpu = 0, best = 1e30;
    for (int r = 0; r < reps; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      double c0 = cpu_now();
      model->Tag(doc, ws.get(), &out);
      cpu += cpu_now() - c0;
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      sec += s;
      best = std::min(best, s);
    }
    double n = static_cast<double>(doc.num_tokens());
    std::printf(
        "%zu tokens x %d, %zu names: %.0f tokens/s (best run), %.0f tokens/s wall, %.0f "
        "tokens/s cpu (mean), one thread\n",
        doc.num_tokens(), reps, out.size(), n / best, n * reps / sec, n * reps / cpu);
    return 0;
  }
  return Fail("unknown command '" + cmd + "'");
}
