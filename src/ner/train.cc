// Training the recognizer: a greedy averaged perceptron over BIO labels,
// learning from its own left-context guesses, with the number of epochs and
// the pruning threshold chosen on held-out sentences.
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>

#include "core/hash.h"
#include "ner/eval_ner.h"
#include "ner/iob2.h"
#include "ner/ner.h"
#include "ner/ner_model.h"
#include "sitrep/pipeline.h"

namespace sitrep::ner {
namespace {

constexpr int kPatience = 5;  // epochs without a tuning gain before stopping
// Averaged weights smaller than this are dropped; tried from the smallest,
// the largest that costs at most kPruneTolerance of tuning F1 is kept.
constexpr float kPrunes[] = {0.05f, 0.1f, 0.2f, 0.35f, 0.5f};
constexpr double kPruneTolerance = 0.002;

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Sentences of one file, tagged, with their gold labels and the features
// that do not depend on predicted labels.
struct Corpus {
  Doc doc;
  std::vector<Entity> gold;     // document-wide token indices
  std::vector<uint8_t> labels;  // gold label per token
  std::vector<TokInfo> tok;     // per token
  std::vector<uint64_t> feats;  // static features of token i: [feat_begin[i], feat_begin[i + 1])
  std::vector<uint32_t> feat_begin;
};

void BuildCorpus(const NerModel& base, const std::vector<Iob2Sentence>& sents,
                 const std::vector<uint32_t>& ids, const Pipeline& pipeline, Corpus* c) {
  std::vector<Iob2Sentence> part;
  for (uint32_t s : ids) part.push_back(sents[s]);
  ToDoc(part, 0, part.size(), &c->doc);
  auto worker = pipeline.NewWorker();
  pipeline.Annotate(&c->doc, worker.get());
  const Doc& doc = c->doc;
  c->labels.assign(doc.num_tokens(), kLabelO);
  c->tok.resize(doc.num_tokens());
  c->feat_begin.assign(1, 0);
  Workspace ws;
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    uint32_t first = doc.sentence_first(s), n = doc.sentence_end(s) - first;
    size_t from = c->gold.size();
    SpansFromTags(part[s], first, &c->gold);
    std::vector<Entity> spans(c->gold.begin() + static_cast<ptrdiff_t>(from), c->gold.end());
    LabelsFromSpans(spans, first, n, c->labels.data() + first);
    const TokInfo* t = PrepareSentence(base, doc, first, first + n, &ws);
    for (size_t i = 0; i < n; ++i) {
      c->tok[first + i] = t[i];
      size_t nf = StaticFeatures(t + i, ws.feats);
      c->feats.insert(c->feats.end(), ws.feats, ws.feats + nf);
      c->feat_begin.push_back(static_cast<uint32_t>(c->feats.size()));
    }
  }
}

// One epoch over the corpus's sentences in `order`; returns the number of
// tokens whose guess was right.
size_t TrainEpoch(const Corpus& c, const std::vector<uint32_t>& order, PerceptronTrainer* p) {
  const Doc& doc = c.doc;
  std::vector<uint8_t> buf;
  uint64_t f[kMaxFeatures + 64];
  float scores[kNumLabels];
  size_t right = 0;
  for (uint32_t s : order) {
    size_t first = doc.sentence_first(s), n = doc.sentence_end(s) - first;
    buf.assign(n + 2 * kPadTokens, kLabelStart);
    uint8_t* y = buf.data() + kPadTokens;
    for (size_t i = 0; i < n; ++i) {
      size_t k = first + i;
      if (UnscoredO(c.tok[k], y[i - 1])) {  // as Ner::Tag does
        y[i] = kLabelO;
        right += c.labels[k] == kLabelO;
        continue;
      }
      size_t nf = c.feat_begin[k + 1] - c.feat_begin[k];
      std::copy_n(c.feats.data() + c.feat_begin[k], nf, f);
      nf += LabelFeatures(&c.tok[k], y + i, f + nf);
      std::fill_n(scores, kNumLabels, 0.0f);
      p->Score(f, nf, scores);
      uint8_t guess = BestAllowed(scores, y[i - 1]);
      p->Update(f, nf, c.labels[k], guess);
      p->Tick();
      y[i] = guess;
      right += guess == c.labels[k];
    }
  }
  return right;
}

NerReport Score(const Ner& ner, const Corpus& c) {
  NerReport r;
  std::vector<Entity> pred;
  auto ws = ner.NewWorkspace();
  ner.Tag(c.doc, ws.get(), &pred);
  ScoreEntities(c.gold, pred, &r);
  r.sentences = c.doc.num_sentences();
  r.tokens = c.doc.num_tokens();
  return r;
}

Ner MakeNer(const NerModel& base, LinearModel lm) {
  auto m = std::make_unique<NerModel>();
  m->lexicon = base.lexicon;
  m->lm = std::move(lm);
  return Ner(std::move(m));
}

nlohmann::json ScoresJson(const NerReport& r) {
  nlohmann::json j;
  auto one = [](const text::SpanScores& s) {
    return nlohmann::json{{"gold", s.gold},       {"predicted", s.pred},
                          {"correct", s.correct}, {"precision", s.precision()},
                          {"recall", s.recall()}, {"f1", s.f1()}};
  };
  for (int t = 0; t < kNumEntityTypes; ++t)
    j[std::string(EntityTypeName(static_cast<EntityType>(t)))] = one(r.per_type[t]);
  j["micro"] = one(r.micro);
  return j;
}

}  // namespace

Result<Ner> TrainNer(const NerTrainOptions& opts, std::ostream& log) {
  if (opts.epochs == 0 && opts.holdout_every < 2)
    return Status::InvalidArgument(
        "choosing the number of epochs needs held-out sentences: set holdout_every >= 2 or "
        "give epochs");
  auto sents = ReadIob2(opts.train_path);
  if (!sents.ok()) return sents.status();
  if (sents->empty())
    return Status::InvalidArgument(opts.train_path + ": no sentences to train on");
  std::vector<uint32_t> train_ids, tune_ids;
  for (uint32_t s = 0; s < sents->size(); ++s) {
    bool held = opts.holdout_every >= 2 && s % opts.holdout_every == opts.holdout_every - 1;
    (held ? tune_ids : train_ids).push_back(s);
  }
  return TrainNerOn(*sents, train_ids, tune_ids, opts, log);
}

Result<Ner> TrainNerOn(const std::vector<Iob2Sentence>& sents,
                       const std::vector<uint32_t>& train_ids,
                       const std::vector<uint32_t>& tune_ids, const NerTrainOptions& opts,
                       std::ostream& log) {
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };
  if (opts.epochs < 0 || opts.max_epochs < 1)
    return Status::InvalidArgument("epochs must be >= 0 (0: choose on held-out sentences) and " +
                                   std::string("max_epochs >= 1"));
  if (opts.epochs == 0 && tune_ids.empty())
    return Status::InvalidArgument("no held-out sentences to choose the number of epochs on");
  if (train_ids.empty()) return Status::InvalidArgument("no sentences to train on");
  PipelineOptions po;
  po.model_dir = opts.model_dir;
  po.parse = false;
  auto pipeline = Pipeline::Load(po);
  if (!pipeline.ok()) return pipeline.status();
  NerModel base;
  if (!opts.lexicon_path.empty()) {
    auto lex = Lexicon::Read(opts.lexicon_path);
    if (!lex.ok()) return lex.status();
    base.lexicon = std::move(lex.value());
    log << "lexicon: " << base.lexicon.masks.size() << " phrases in "
        << base.lexicon.categories.size() << " categories\n";
  }
  std::vector<uint32_t> all_ids = train_ids;
  all_ids.insert(all_ids.end(), tune_ids.begin(), tune_ids.end());
  std::sort(all_ids.begin(), all_ids.end());
  Corpus train, tune;
  BuildCorpus(base, sents, train_ids, **pipeline, &train);
  BuildCorpus(base, sents, tune_ids, **pipeline, &tune);
  log << "ner: " << train_ids.size() << " training sentences (" << train.doc.num_tokens()
      << " tokens, " << train.gold.size() << " names), " << tune_ids.size() << " held out ("
      << tune.gold.size() << " names), tagged in " << seconds() << " s\n";

  // Runs `epochs` epochs over `c`, calling after(trainer, epoch, right) after
  // each; stops early when after() returns false.
  auto run = [&](const Corpus& c, int epochs, auto&& after) {
    PerceptronTrainer p(kNumLabels);
    std::vector<uint32_t> order(c.doc.num_sentences());
    for (uint32_t s = 0; s < order.size(); ++s) order[s] = s;
    SplitMix64 rng{opts.seed};
    for (int epoch = 1; epoch <= epochs; ++epoch) {
      for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.Next() % i]);
      size_t right = TrainEpoch(c, order, &p);
      if (!after(p, epoch, right)) break;
    }
  };

  // Choose the number of epochs (at the smallest pruning threshold) and then
  // the threshold, on the held-out sentences.
  int best_epoch = opts.epochs;
  double best_f1 = -1;
  std::vector<LinearModel> best_models;  // of the best epoch, one per threshold
  std::vector<NerReport> best_reports;
  if (!tune_ids.empty()) {
    int since_best = 0;
    run(train, opts.epochs > 0 ? opts.epochs : opts.max_epochs,
        [&](const PerceptronTrainer& p, int epoch, size_t right) {
          std::vector<LinearModel> models;
          std::vector<NerReport> reports;
          for (float prune : kPrunes) {
            models.push_back(p.Freeze(prune));
            reports.push_back(Score(MakeNer(base, models.back()), tune));
          }
          const NerReport& r = reports[0];
          log << "epoch " << epoch << ": train token accuracy "
              << 100.0 * static_cast<double>(right) / static_cast<double>(train.doc.num_tokens())
              << " | held out P " << 100 * r.micro.precision() << " R " << 100 * r.micro.recall()
              << " F1 " << 100 * r.micro.f1() << " | " << models[0].num_features() << " features ("
              << seconds() << " s)" << std::endl;
          if (opts.epochs > 0 ? epoch == opts.epochs : r.micro.f1() > best_f1) {
            best_f1 = r.micro.f1();
            best_epoch = epoch;
            best_models = std::move(models);
            best_reports = std::move(reports);
            since_best = 0;
            return true;
          }
          return opts.epochs > 0 || ++since_best < kPatience;
        });
  }
  size_t prune_i = 0;
  for (size_t k = 1; k < best_reports.size(); ++k) {
    log << "prune " << kPrunes[k] << ": held out F1 " << 100 * best_reports[k].micro.f1() << ", "
        << best_models[k].num_features() << " features" << std::endl;
    if (best_reports[k].micro.f1() >= best_f1 - kPruneTolerance) prune_i = k;
  }
  const float prune = kPrunes[prune_i];

  LinearModel final_model;
  size_t final_tokens = train.doc.num_tokens(), final_sents = train_ids.size();
  bool refit = opts.refit && !tune_ids.empty();
  if (refit) {
    Corpus all;
    BuildCorpus(base, sents, all_ids, **pipeline, &all);
    final_tokens = all.doc.num_tokens();
    final_sents = all_ids.size();
    run(all, best_epoch, [&](const PerceptronTrainer& p, int epoch, size_t) {
      if (epoch == best_epoch) final_model = p.Freeze(prune);
      return true;
    });
  } else if (!best_models.empty()) {
    final_model = std::move(best_models[prune_i]);
  } else {
    run(train, best_epoch, [&](const PerceptronTrainer& p, int epoch, size_t) {
      if (epoch == best_epoch) final_model = p.Freeze(prune);
      return true;
    });
  }

  // What the model is, for people and for the model file. Only facts that do
  // not change between runs, so the same data and seed give the same file.
  nlohmann::json cfg;
  cfg["kind"] = "ner";
  cfg["format_version"] = kNerFormatVersion;
  cfg["method"] =
      "greedy left-to-right averaged perceptron over BIO labels (PER, ORG, LOC) with hashed "
      "word, shape, affix, capitalization, POS-tag, lexicon and previous-label features; tags "
      "from en_ewt.tagger";
  cfg["options"] = {{"train_path", opts.train_path},
                    {"holdout_every", opts.holdout_every},
                    {"epochs", opts.epochs},
                    {"max_epochs", opts.max_epochs},
                    {"refit", opts.refit},
                    {"lexicon_path", opts.lexicon_path},
                    {"seed", opts.seed}};
  cfg["data"] = {
      {"file", BaseName(opts.train_path)},     {"sentences", train_ids.size() + tune_ids.size()},
      {"trained_on_sentences", final_sents},   {"trained_on_tokens", final_tokens},
      {"held_out_sentences", tune_ids.size()}, {"held_out_names", tune.gold.size()}};
  cfg["epochs_trained"] = best_epoch;
  cfg["prune"] = prune;
  cfg["refit_on_all"] = refit;
  if (!best_reports.empty()) cfg["held_out_scores"] = ScoresJson(best_reports[prune_i]);
  if (!base.lexicon.masks.empty())
    cfg["lexicon"] = {{"phrases", base.lexicon.masks.size()},
                      {"categories", base.lexicon.categories}};
  cfg["features"] = final_model.num_features();
  cfg["weights"] = final_model.num_weights();

  // The model as Save() stores it (weights quantized), so that what training
  // returns behaves exactly like the file.
  base.lm = std::move(final_model);
  model::Writer w;
  base.Save(&w);
  auto m = std::make_unique<NerModel>();
  model::Reader r(w.data());
  std::string why;
  if (!m->Load(&r, &why)) return Status::Corrupt("trained NER model " + why + " (a bug)");
  m->config = cfg.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  log << "kept epoch " << best_epoch << ", prune " << prune
      << (refit ? ", refit on every sentence" : "") << " (" << seconds() << " s)" << std::endl;
  return Ner(std::move(m));
}

}  // namespace sitrep::ner
