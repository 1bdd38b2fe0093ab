// Development helper for the tagger: train, evaluate, time.
//
//   sitrep_train_tagger train --train T.conllu --dev D.conllu --out M [--epochs N] [--seed S]
//   sitrep_train_tagger eval  --model M --data F.conllu
//   sitrep_train_tagger predict --model M --data F.conllu > out.conllu
//   sitrep_train_tagger bench --model M --data F.conllu [--reps N]
//
// The user-facing command is `sitrep train tagger`; this tool stays for
// experiments.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <string>

#include "conllu/conllu.h"
#include "tag/tagger.h"

namespace {

int Fail(const std::string& msg) {
  std::cerr << "sitrep_train_tagger: " << msg << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sitrep;
  if (argc < 2) return Fail("usage: sitrep_train_tagger train|eval|bench --flag value ...");
  std::string cmd = argv[1];
  std::map<std::string, std::string> args;
  for (int i = 2; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  auto arg = [&](const std::string& k, const std::string& def = "") {
    auto it = args.find(k);
    return it == args.end() ? def : it->second;
  };
  if (cmd == "train") {
    tag::TaggerTrainOptions o;
    o.train_path = arg("--train");
    o.dev_path = arg("--dev");
    o.epochs = std::stoi(arg("--epochs", "0"));
    o.seed = std::stoull(arg("--seed", "1"));
    auto t = tag::TrainTagger(o, std::cerr);
    if (!t.ok()) return Fail(t.status().ToString());
    std::string out = arg("--out");
    if (!out.empty()) {
      Status st = t->Save(out);
      if (!st.ok()) return Fail(st.ToString());
      std::cerr << "wrote " << out << "\n";
    }
    std::cout << t->config() << "\n";
    return 0;
  }
  auto load_start = std::chrono::steady_clock::now();
  auto model = tag::Tagger::Load(arg("--model"));
  if (!model.ok()) return Fail(model.status().ToString());
  double load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  auto data = conllu::ReadFile(arg("--data"));
  if (!data.ok()) return Fail(data.status().ToString());
  if (cmd == "eval") {
    tag::TagScores s = tag::EvalTagger(model.value(), data.value());
    std::printf("tokens %zu upos %.2f xpos %.2f lemma %.2f\n", s.tokens, s.upos, s.xpos, s.lemma);
    return 0;
  }
  if (cmd == "predict") {  // CoNLL-U with predicted tags and lemmas, to stdout
    Doc doc;
    conllu::ToDoc(data.value(), 0, data->size(), /*gold=*/false, &doc);
    auto ws = model->NewWorkspace();
    model->Tag(&doc, ws.get());
    conllu::Write(doc, std::cout);
    return 0;
  }
  if (cmd == "bench") {
    // Times Tag() alone: each repetition re-reads the words into the Doc
    // (untimed), as a pipeline hands the tagger freshly tokenized text.
    int reps = std::stoi(arg("--reps", "20"));
    Doc doc;
    auto ws = model->NewWorkspace();
    conllu::ToDoc(data.value(), 0, data->size(), /*gold=*/false, &doc);
    model->Tag(&doc, ws.get());  // warm up
    // CPU time as well as wall time: on a busy machine the wall clock also
    // counts the time other processes had the core.
    auto cpu_now = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
    double sec = 0, cpu = 0, best = 1e30;
    for (int r = 0; r < reps; ++r) {
      conllu::ToDoc(data.value(), 0, data->size(), /*gold=*/false, &doc);
      auto t0 = std::chrono::steady_clock::now();
      double c0 = cpu_now();
      model->Tag(&doc, ws.get());
      cpu += cpu_now() - c0;
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      sec += s;
      best = std::min(best, s);
    }
    double n = static_cast<double>(doc.num_tokens());
    std::printf(
        "%zu tokens x %d: %.0f tokens/s (best run), %.0f tokens/s wall, %.0f tokens/s cpu "
        "(mean), one thread\n",
        doc.num_tokens(), reps, n / best, n * reps / sec, n * reps / cpu);
    std::printf("model loaded in %.3f s\n", load_seconds);
    return 0;
  }
  return Fail("unknown command '" + cmd + "'");
}
