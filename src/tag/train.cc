// Training the tagger: two greedy averaged-perceptron passes trained side by
// side, plus the lemmatizer, from a CoNLL-U treebank.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "conllu/conllu.h"
#include "core/hash.h"
#include "tag/tagger.h"
#include "tag/tagger_model.h"

namespace sitrep::tag {
namespace {

constexpr int kMaxEpochs = 15;         // when choosing by dev
constexpr int kPatience = 3;           // epochs without a dev gain before stopping
constexpr uint32_t kMinWordCount = 3;  // rarer words are "unknown" to the features
constexpr size_t kFolds = 10;          // for the ambiguity classes of training tokens
constexpr double kMinShare = 0.02;  // classes rarer than this for a word are left out of its class
constexpr size_t kCachedForms = 4000;     // most frequent forms, with precomputed scores
constexpr size_t kFixedMinCount = 20;     // a form seen this often ...
constexpr double kFixedMinShare = 0.995;  // ... with one class this often is not scored
constexpr float kPrune = 0.5f;            // averaged weights smaller than this are dropped
// Second-pass margins tried on dev, widest first; the narrowest that costs at
// most kMarginTolerance points of (UPOS + XPOS) accuracy is kept.
constexpr float kMargins[] = {40, 20, 10, 5};
constexpr double kMarginTolerance = 0.05;
constexpr float kDefaultMargin = 10;  // without a dev set

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

size_t Argmax(const float* s, size_t n) {
  size_t best = 0;
  for (size_t c = 1; c < n; ++c)
    if (s[c] > s[best]) best = c;
  return best;
}

// Keys of `counts` by decreasing count (ties in key order).
template <class K>
std::vector<K> ByCount(const std::map<K, size_t>& counts) {
  std::vector<std::pair<size_t, const K*>> v;
  for (const auto& [k, n] : counts) v.emplace_back(n, &k);
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<K> out;
  for (const auto& e : v) out.push_back(*e.second);
  return out;
}

}  // namespace

Result<Tagger> TrainTagger(const TaggerTrainOptions& opts, std::ostream& log) {
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };

  if (opts.epochs < 0)
    return Status::InvalidArgument("epochs must be >= 0 (0 chooses by dev), got " +
                                   std::to_string(opts.epochs));
  auto train = conllu::ReadFile(opts.train_path);
  if (!train.ok()) return train.status();
  if (train->empty())
    return Status::InvalidArgument(opts.train_path + ": no sentences to train on");
  std::vector<conllu::Sentence> dev;
  if (!opts.dev_path.empty()) {
    auto d = conllu::ReadFile(opts.dev_path);
    if (!d.ok()) return d.status();
    dev = std::move(d.value());
  }

  Doc doc;
  conllu::ToDoc(train.value(), 0, train->size(), /*gold=*/true, &doc);
  const size_t num_tokens = doc.num_tokens();

  // Classes: the (UPOS, XPOS) pairs of the treebank, most frequent first.
  auto base = std::make_unique<TaggerModel>();
  base->pass2_margin = std::numeric_limits<float>::infinity();  // until tuned
  std::map<std::pair<int, int>, size_t> pair_count;
  for (size_t i = 0; i < num_tokens; ++i)
    ++pair_count[{static_cast<int>(doc.upos(i)), doc.xpos(i)}];
  std::map<std::pair<int, int>, uint16_t> class_of;
  for (const auto& p : ByCount(pair_count)) {
    class_of[p] = static_cast<uint16_t>(base->classes.size());
    base->classes.push_back({static_cast<Upos>(p.first), static_cast<uint8_t>(p.second)});
  }
  const size_t nc = base->classes.size();
  std::vector<uint16_t> gold(num_tokens);
  for (size_t i = 0; i < num_tokens; ++i)
    gold[i] = class_of[{static_cast<int>(doc.upos(i)), doc.xpos(i)}];

  // Words with features of their own, and the forms whose scores are cached.
  std::map<std::string, size_t> word_count, form_count;
  std::string lower;
  for (size_t i = 0; i < num_tokens; ++i) {
    AsciiLower(doc.norm(i), &lower);
    ++word_count[lower];
    ++form_count[std::string(doc.norm(i))];
  }
  // Ambiguity classes: for the model, from all of training; for the training
  // tokens, from the other folds only (jackknifed), so that training sees
  // them as unreliable as they are on new text.
  const size_t num_sents = doc.num_sentences();
  std::map<std::string, std::map<uint16_t, std::vector<uint32_t>>> word_fold_counts;
  for (size_t s = 0; s < num_sents; ++s) {
    for (size_t i = doc.sentence_first(s); i < doc.sentence_end(s); ++i) {
      AsciiLower(doc.norm(i), &lower);
      auto& v = word_fold_counts[lower][gold[i]];
      if (v.empty()) v.resize(kFolds);
      ++v[s % kFolds];
    }
  }
  // The ambiguity class of `word` without fold `skip` (kFolds: with all).
  auto ambiguity = [&](const std::string& word, size_t skip) -> uint64_t {
    auto it = word_fold_counts.find(word);
    if (it == word_fold_counts.end()) return kUnknownWord;
    std::vector<std::pair<uint16_t, uint32_t>> counts;
    uint32_t total = 0;
    for (const auto& [c, folds] : it->second) {
      uint32_t n = 0;
      for (size_t f = 0; f < kFolds; ++f) n += f == skip ? 0 : folds[f];
      counts.emplace_back(c, n);
      total += n;
    }
    if (total < kMinWordCount) return kUnknownWord;
    uint64_t h = 0x414D42;
    for (const auto& [c, n] : counts)
      if (n >= kMinShare * total) h = HashCombine(h, c + 1);
    return h;
  };
  for (const auto& [word, n] : word_count) {
    if (n < kMinWordCount) continue;
    base->words.FindOrInsert(HashString(word), static_cast<uint32_t>(base->words.size()));
    base->word_ambiguity.push_back(ambiguity(word, kFolds));
  }
  std::map<std::string, std::map<uint16_t, size_t>> form_classes;
  for (size_t i = 0; i < num_tokens; ++i) ++form_classes[std::string(doc.norm(i))][gold[i]];
  size_t fixed = 0;
  for (const std::string& form : ByCount(form_count)) {
    if (base->cached_forms.size() == kCachedForms) break;
    base->cached_forms.push_back(form);
    // A form seen often and (almost) always with one class keeps it.
    uint16_t top = 0;
    size_t top_n = 0, total = form_count[form];
    for (const auto& [c, n] : form_classes[form]) {
      if (n > top_n) {
        top = c;
        top_n = n;
      }
    }
    bool is_fixed = total >= kFixedMinCount &&
                    static_cast<double>(top_n) >= kFixedMinShare * static_cast<double>(total);
    base->top_class.push_back(top);
    base->fixed.push_back(is_fixed ? 1 : 0);
    fixed += is_fixed;
  }

  // Lemmatizer.
  Lemmatizer::Builder lemmas;
  for (size_t i = 0; i < num_tokens; ++i) lemmas.Add(doc.norm(i), doc.xpos(i), doc.lemma(i));
  base->lemmatizer = lemmas.Build();

  // Token features that do not depend on predicted tags, once for all epochs;
  // each sentence is laid out with kPad padding tokens on each side.
  std::vector<TokInfo> toks;
  std::vector<size_t> sent_tok(num_sents);  // index in toks of each sentence's first token
  toks.reserve(num_tokens + 2 * kPad * num_sents);
  for (size_t s = 0; s < num_sents; ++s) {
    for (size_t k = 0; k < kPad; ++k) toks.push_back(StartToken());
    sent_tok[s] = toks.size();
    for (size_t i = doc.sentence_first(s); i < doc.sentence_end(s); ++i) {
      toks.emplace_back();
      ComputeTokInfo(*base, doc.norm(i), i == doc.sentence_first(s), &lower, &toks.back());
      AsciiLower(doc.norm(i), &lower);
      toks.back().ambiguity = ambiguity(lower, s % kFolds);
    }
    for (size_t k = 0; k < kPad; ++k) toks.push_back(EndToken());
  }
  log << "tagger: " << num_sents << " sentences, " << num_tokens << " tokens, " << nc
      << " classes, " << base->words.size() << " known words, " << base->lemmatizer.num_entries()
      << " lemma table entries, " << base->lemmatizer.num_rules() << " lemma rules, " << fixed
      << " unambiguous forms (" << seconds() << " s)\n";

  std::vector<float> scores(nc);
  uint64_t feats[kMaxFeatures];
  std::vector<uint16_t> tags_buf;
  // Trains `p` on sentence s greedily, its own guesses as left context;
  // `right` (null in the first pass) is laid out like toks. Leaves the
  // guesses in tags_buf (padded) and returns how many were right.
  auto train_sentence = [&](PerceptronTrainer* p, size_t s, const uint16_t* right) {
    size_t first = doc.sentence_first(s), n = doc.sentence_end(s) - first;
    const TokInfo* t = toks.data() + sent_tok[s];
    const uint16_t* g = gold.data() + first;
    tags_buf.assign(n + 2 * kPad, kTagStart);
    uint16_t* l = tags_buf.data() + kPad;
    size_t right_n = 0;
    for (size_t i = 0; i < n; ++i) {
      size_t nf = ExtractFeatures(t + i, l + i, right ? right + sent_tok[s] + i : nullptr, feats);
      std::fill(scores.begin(), scores.end(), 0.0f);
      p->Score(feats, nf, scores.data());
      auto guess = static_cast<uint16_t>(Argmax(scores.data(), nc));
      p->Update(feats, nf, g[i], guess);
      p->Tick();
      l[i] = guess;
      right_n += guess == g[i];
    }
    return right_n;
  };

  // The first pass's guesses, laid out like toks: the right context the
  // second pass learns from. Pass 1 is trained online and guesses before its
  // update on the sentence, so pass 2 sees first-pass errors much like those
  // at run time.
  std::vector<uint16_t> first_tags(toks.size(), kTagStart);
  for (size_t s = 0; s < num_sents; ++s)
    for (size_t k = 0; k < kPad; ++k)
      first_tags[sent_tok[s] + doc.sentence_end(s) - doc.sentence_first(s) + k] = kTagEnd;

  PerceptronTrainer p1(static_cast<int>(nc)), p2(static_cast<int>(nc));
  std::vector<uint32_t> order(num_sents);
  for (size_t s = 0; s < num_sents; ++s) order[s] = static_cast<uint32_t>(s);
  SplitMix64 rng{opts.seed};
  const int max_epochs = opts.epochs > 0 ? opts.epochs : kMaxEpochs;
  Tagger best;
  TagScores best_dev;
  int best_epoch = 0, since_best = 0;
  double best_key = -1;
  for (int epoch = 1; epoch <= max_epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.Next() % i]);
    size_t right1 = 0, right2 = 0;
    for (uint32_t s : order) {
      right1 += train_sentence(&p1, s, nullptr);
      size_t n = doc.sentence_end(s) - doc.sentence_first(s);
      std::copy_n(tags_buf.begin() + kPad, n, first_tags.begin() + sent_tok[s]);
      right2 += train_sentence(&p2, s, first_tags.data());
    }
    auto m = std::make_unique<TaggerModel>(*base);
    m->pass1 = p1.Freeze(kPrune);
    m->pass2 = p2.Freeze(kPrune);
    Tagger tagger(std::move(m));
    TagScores d = dev.empty() ? TagScores{} : EvalTagger(tagger, dev);
    log << "epoch " << epoch << ": train pass1 "
        << 100.0 * static_cast<double>(right1) / static_cast<double>(num_tokens) << " pass2 "
        << 100.0 * static_cast<double>(right2) / static_cast<double>(num_tokens);
    if (!dev.empty()) log << " | dev upos " << d.upos << " xpos " << d.xpos << " lemma " << d.lemma;
    log << " | " << tagger.num_features() << " features, " << tagger.num_weights() << " weights ("
        << seconds() << " s)" << std::endl;
    double key = d.upos + d.xpos;  // the parser reads both
    if (dev.empty() || key > best_key) {
      best = std::move(tagger);
      best_dev = d;
      best_key = key;
      best_epoch = epoch;
      since_best = 0;
    } else if (opts.epochs == 0 && ++since_best >= kPatience) {
      break;
    }
  }

  // What the model is, for people and for the model file. Only facts that do
  // not change between runs, so the same data and seed give the same file.
  nlohmann::json cfg;
  cfg["kind"] = "tagger";
  cfg["format_version"] = kTaggerFormatVersion;
  cfg["method"] =
      "two greedy averaged-perceptron passes (the second sees the first's tags on the right) "
      "over hashed features; joint UPOS+XPOS classes; lemma table + XPOS-keyed suffix rules";
  cfg["options"] = {{"train_path", opts.train_path},
                    {"dev_path", opts.dev_path},
                    {"epochs", opts.epochs},
                    {"seed", opts.seed}};
  cfg["data"] = {{"train", BaseName(opts.train_path)},
                 {"train_sentences", num_sents},
                 {"train_tokens", num_tokens},
                 {"dev", BaseName(opts.dev_path)},
                 {"dev_sentences", dev.size()}};
  cfg["epochs_trained"] = best_epoch;
  cfg["classes"] = nc;
  cfg["known_words"] = base->words.size();
  cfg["cached_forms"] = base->cached_forms.size();
  cfg["unambiguous_forms"] = fixed;
  cfg["features"] = {{"pass1", best.model().pass1.num_features()},
                     {"pass2", best.model().pass2.num_features()}};
  cfg["weights"] = {{"pass1", best.model().pass1.num_weights()},
                    {"pass2", best.model().pass2.num_weights()}};
  cfg["prune"] = kPrune;
  cfg["lemma_table"] = base->lemmatizer.num_entries();
  cfg["lemma_rules"] = base->lemmatizer.num_rules();
  nlohmann::json upos = nlohmann::json::array(), xpos = nlohmann::json::array();
  for (int i = 0; i < kNumUpos; ++i) upos.push_back(UposName(static_cast<Upos>(i)));
  for (int i = 0; i < NumXpos(); ++i) xpos.push_back(XposName(static_cast<uint8_t>(i)));
  cfg["upos_names"] = upos;
  cfg["xpos_names"] = xpos;

  // How sure the first pass must be for the second to leave a token alone:
  // the narrowest margin that costs (almost) nothing on dev.
  float margin = dev.empty() ? kDefaultMargin : std::numeric_limits<float>::infinity();
  if (!dev.empty()) {
    for (float candidate : kMargins) {
      auto m = std::make_unique<TaggerModel>(best.model());
      m->pass2_margin = candidate;
      TagScores d = EvalTagger(Tagger(std::move(m)), dev);
      log << "second-pass margin " << candidate << ": dev upos " << d.upos << " xpos " << d.xpos
          << std::endl;
      if (d.upos + d.xpos < best_key - kMarginTolerance) break;
      margin = candidate;
      best_dev = d;
    }
  }
  if (std::isinf(margin)) {
    cfg["pass2_margin"] = "inf";
  } else {
    cfg["pass2_margin"] = margin;
  }
  if (!dev.empty())
    cfg["dev_scores"] = {
        {"upos", best_dev.upos}, {"xpos", best_dev.xpos}, {"lemma", best_dev.lemma}};

  auto m = std::make_unique<TaggerModel>(best.model());
  m->pass2_margin = margin;
  m->config = cfg.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  log << "kept epoch " << best_epoch << " (" << seconds() << " s)" << std::endl;
  return Tagger(std::move(m));
}

}  // namespace sitrep::tag
