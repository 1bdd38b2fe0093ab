#include "parse/parser.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <ostream>
#include <random>
#include <sstream>

#include "core/hash.h"
#include "core/model_file.h"

namespace sitrep::parse {
namespace {

constexpr int kMaxFeatures = 100;
constexpr int32_t kNone = -1;

// Transition classes: 0 = SHIFT, 1 + l = LEFT(l), 1 + L + l = RIGHT(l), where
// l = deprel id - 1.
int NumLabels() { return NumDeprel() - 1; }
int NumClasses() { return 1 + 2 * NumLabels(); }

uint8_t RootLabelIndex() { return static_cast<uint8_t>(DeprelFromName("root") - 1); }

uint64_t LowerHash(std::string_view s) {
  // ASCII lowercasing is enough for feature identity; non-ASCII bytes pass.
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 'A' && u <= 'Z') u = static_cast<unsigned char>(u + 32);
    h ^= u;
    h *= 0x100000001b3ULL;
  }
  return h;
}

inline uint64_t F(uint64_t t, uint64_t a) { return HashCombine(t * 0x9E3779B97F4A7C15ULL, a); }
inline uint64_t F(uint64_t t, uint64_t a, uint64_t b) { return HashCombine(F(t, a), b); }
inline uint64_t F(uint64_t t, uint64_t a, uint64_t b, uint64_t c) {
  return HashCombine(F(t, a, b), c);
}
inline uint64_t F(uint64_t t, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  return HashCombine(F(t, a, b, c), d);
}

}  // namespace

// The parser state for one sentence of n tokens; index n is ROOT, which sits
// at the end of the buffer and can never be shifted.
struct Workspace {
  int n = 0;
  std::vector<int32_t> stack;
  int32_t b = 0;
  std::vector<int32_t> head;
  std::vector<uint8_t> label;  // label index (deprel id - 1)
  std::vector<int32_t> lc1, lc2, rc1, rc2;
  std::vector<uint8_t> nl, nr;
  std::vector<uint64_t> lset, rset;
  std::vector<uint64_t> w;    // hashed lowercase form
  std::vector<uint8_t> p;     // xpos
  std::vector<uint8_t> u;     // upos
  std::vector<uint64_t> sfx;  // hashed 3-character suffix of the lowercase form
  std::vector<float> scores;
  std::array<uint64_t, kMaxFeatures> feats{};

  void Reset(int len) {
    n = len;
    size_t sz = static_cast<size_t>(len) + 1;
    stack.clear();
    b = 0;
    head.assign(sz, kNone);
    label.assign(sz, 0xFF);
    lc1.assign(sz, kNone);
    lc2.assign(sz, kNone);
    rc1.assign(sz, kNone);
    rc2.assign(sz, kNone);
    nl.assign(sz, 0);
    nr.assign(sz, 0);
    lset.assign(sz, 0);
    rset.assign(sz, 0);
    w.resize(sz);
    sfx.resize(sz);
    p.resize(sz);
    u.resize(sz);
    w[len] = 0x5EED;
    sfx[len] = 0x5EED;
    p[len] = 0xFD;
    u[len] = 0xFD;
  }
  bool Terminal() const { return stack.empty() && b == n; }

  void Apply(int cls) {
    int L = NumLabels();
    if (cls == 0) {
      stack.push_back(b++);
      return;
    }
    int32_t s0 = stack.back();
    stack.pop_back();
    if (cls <= L) {  // LEFT: b0 -> s0
      auto l = static_cast<uint8_t>(cls - 1);
      head[s0] = b;
      label[s0] = l;
      lc2[b] = lc1[b];
      lc1[b] = s0;
      ++nl[b];
      lset[b] |= uint64_t{1} << l;
    } else {  // RIGHT: s1 -> s0
      auto l = static_cast<uint8_t>(cls - 1 - L);
      int32_t s1 = stack.back();
      head[s0] = s1;
      label[s0] = l;
      rc2[s1] = rc1[s1];
      rc1[s1] = s0;
      ++nr[s1];
      rset[s1] |= uint64_t{1} << l;
    }
  }

  bool Legal(int cls) const {
    int L = NumLabels();
    if (cls == 0) return b < n;
    if (stack.empty()) return false;
    bool root = (cls - 1) % L == RootLabelIndex() && cls <= 2 * L;
    if (cls <= L) {
      if (b == n) return stack.size() == 1 && cls - 1 == RootLabelIndex();
      return !root;
    }
    return stack.size() >= 2 && (cls - 1 - L) != RootLabelIndex();
  }

  int Extract() {
    auto W = [&](int32_t i) -> uint64_t { return i < 0 ? 0x0ULL + 7 : w[i]; };
    auto P = [&](int32_t i) -> uint64_t { return i < 0 ? 0xFE : p[i]; };
    auto U = [&](int32_t i) -> uint64_t { return i < 0 ? 0xFE : u[i]; };
    auto Lb = [&](int32_t i) -> uint64_t { return i < 0 ? 0xFE : label[i]; };
    auto At = [](const std::vector<int32_t>& v, int32_t i) { return i < 0 ? kNone : v[i]; };
    size_t ss = stack.size();
    int32_t s0 = ss > 0 ? stack[ss - 1] : kNone;
    int32_t s1 = ss > 1 ? stack[ss - 2] : kNone;
    int32_t s2 = ss > 2 ? stack[ss - 3] : kNone;
    int32_t b0 = b;
    int32_t b1 = b + 1 <= n ? b + 1 : kNone;
    int32_t b2 = b + 2 <= n ? b + 2 : kNone;
    int32_t s0l1 = At(lc1, s0), s0l2 = At(lc2, s0), s0r1 = At(rc1, s0), s0r2 = At(rc2, s0);
    int32_t s1l1 = At(lc1, s1), s1r1 = At(rc1, s1);
    int32_t b0l1 = lc1[b0], b0l2 = lc2[b0];
    uint64_t s0w = W(s0), s0p = P(s0), b0w = W(b0), b0p = P(b0);
    uint64_t s1w = W(s1), s1p = P(s1), b1p = P(b1), b2p = P(b2);
    auto Dist = [](int32_t a, int32_t c) -> uint64_t {
      if (a < 0 || c < 0) return 0;
      int d = std::abs(c - a);
      return d < 5 ? static_cast<uint64_t>(d) : (d < 10 ? 5 : 6);
    };
    uint64_t d = Dist(s0, b0), d01 = Dist(s1, s0);
    uint64_t s0nl = s0 < 0 ? 0 : nl[s0], s0nr = s0 < 0 ? 0 : nr[s0], b0nl = nl[b0];
    uint64_t s0sl = s0 < 0 ? 0 : lset[s0], s0sr = s0 < 0 ? 0 : rset[s0], b0sl = lset[b0];
    int k = 0;
    auto& f = feats;
    f[k++] = F(1, s0w);
    f[k++] = F(2, s0p);
    f[k++] = F(3, s0w, s0p);
    f[k++] = F(4, b0w);
    f[k++] = F(5, b0p);
    f[k++] = F(6, b0w, b0p);
    f[k++] = F(7, W(b1));
    f[k++] = F(8, b1p);
    f[k++] = F(9, W(b1), b1p);
    f[k++] = F(10, W(b2));
    f[k++] = F(11, b2p);
    f[k++] = F(12, W(b2), b2p);
    f[k++] = F(13, s1w);
    f[k++] = F(14, s1p);
    f[k++] = F(15, s1w, s1p);
    f[k++] = F(16, s0w, s0p, b0w, b0p);
    f[k++] = F(17, s0w, s0p, b0w);
    f[k++] = F(18, s0w, b0w, b0p);
    f[k++] = F(19, s0w, s0p, b0p);
    f[k++] = F(20, s0p, b0w, b0p);
    f[k++] = F(21, s0w, b0w);
    f[k++] = F(22, s0p, b0p);
    f[k++] = F(23, b0p, b1p);
    f[k++] = F(24, b0p, b1p, b2p);
    f[k++] = F(25, s0p, b0p, b1p);
    f[k++] = F(26, s1p, s0p, b0p);
    f[k++] = F(27, s0p, P(s0l1), b0p);
    f[k++] = F(28, s0p, P(s0r1), b0p);
    f[k++] = F(29, s0p, b0p, P(b0l1));
    f[k++] = F(30, s1p, P(s1r1), s0p);
    f[k++] = F(31, s0w, d);
    f[k++] = F(32, s0p, d);
    f[k++] = F(33, b0w, d);
    f[k++] = F(34, b0p, d);
    f[k++] = F(35, s0w, b0w, d);
    f[k++] = F(36, s0p, b0p, d);
    f[k++] = F(37, s0w, s0nr);
    f[k++] = F(38, s0p, s0nr);
    f[k++] = F(39, s0w, s0nl);
    f[k++] = F(40, s0p, s0nl);
    f[k++] = F(41, b0w, b0nl);
    f[k++] = F(42, b0p, b0nl);
    f[k++] = F(43, W(s0l1));
    f[k++] = F(44, P(s0l1));
    f[k++] = F(45, Lb(s0l1));
    f[k++] = F(46, W(s0r1));
    f[k++] = F(47, P(s0r1));
    f[k++] = F(48, Lb(s0r1));
    f[k++] = F(49, W(b0l1));
    f[k++] = F(50, P(b0l1));
    f[k++] = F(51, Lb(b0l1));
    f[k++] = F(52, s0p, Lb(s0l1), Lb(s0r1));
    f[k++] = F(53, W(s0l2));
    f[k++] = F(54, P(s0l2));
    f[k++] = F(55, Lb(s0l2));
    f[k++] = F(56, W(s0r2));
    f[k++] = F(57, P(s0r2));
    f[k++] = F(58, Lb(s0r2));
    f[k++] = F(59, W(b0l2));
    f[k++] = F(60, P(b0l2));
    f[k++] = F(61, Lb(b0l2));
    f[k++] = F(62, s0p, P(s0l1), P(s0l2));
    f[k++] = F(63, s0p, P(s0r1), P(s0r2));
    f[k++] = F(64, b0p, P(b0l1), P(b0l2));
    f[k++] = F(65, s0w, s0sr);
    f[k++] = F(66, s0p, s0sr);
    f[k++] = F(67, s0w, s0sl);
    f[k++] = F(68, s0p, s0sl);
    f[k++] = F(69, b0w, b0sl);
    f[k++] = F(70, b0p, b0sl);
    f[k++] = F(71, s1w, s0w);
    f[k++] = F(72, s1p, s0p);
    f[k++] = F(73, P(s2), s1p, s0p);
    f[k++] = F(74, s1w, s0p);
    f[k++] = F(75, s1p, s0w);
    f[k++] = F(76, P(s1r1));
    f[k++] = F(77, Lb(s1r1));
    f[k++] = F(78, P(s1l1));
    f[k++] = F(79, Lb(s1l1));
    f[k++] = F(80, s1w, b0w);
    f[k++] = F(81, s1p, b0p);
    f[k++] = F(82, P(s2));
    f[k++] = F(83, W(s2));
    f[k++] = F(84, U(s0), U(b0));
    f[k++] = F(85, U(s1), U(s0));
    f[k++] = F(86, U(s0), U(b0), U(b1));
    f[k++] = F(87, 1);
    f[k++] = F(88, s1p, s0p, d01);
    f[k++] = F(89, s1w, s0w, s0p, s1p);
    f[k++] = F(90, s1p, s0p, Lb(s1r1), Lb(s0l1));
    f[k++] = F(91, s0p, b0p, P(s0 >= 0 ? s0 + 1 : kNone));
    f[k++] = F(92, s0p, b0p, P(b0 - 1));
    auto S = [&](int32_t i) -> uint64_t { return i < 0 ? 7 : sfx[i]; };
    f[k++] = F(93, S(s0), s0p);
    f[k++] = F(94, S(b0), b0p);
    f[k++] = F(95, S(s0), S(b0));
    return k;
  }

  // Loads sentence s of doc into the state.
  void Load(const Doc& doc, size_t s) {
    uint32_t first = doc.sentence_first(s);
    int len = static_cast<int>(doc.sentence_end(s) - first);
    Reset(len);
    for (int i = 0; i < len; ++i) {
      std::string_view form = doc.norm(first + i);
      w[i] = LowerHash(form);
      sfx[i] = LowerHash(form.substr(form.size() > 3 ? form.size() - 3 : 0));
      p[i] = doc.xpos(first + i);
      u[i] = static_cast<uint8_t>(doc.upos(first + i));
    }
  }

  // The highest-scoring legal transition (same result as testing Legal() on
  // every class, without the per-class branches).
  int Best(const float* sc) const {
    const int L = NumLabels();
    const int root = RootLabelIndex();
    int best = -1;
    float best_score = 0;
    auto consider = [&](int c) {
      if (best < 0 || sc[c] > best_score) {
        best = c;
        best_score = sc[c];
      }
    };
    if (b < n) consider(0);
    if (!stack.empty()) {
      if (b == n) {
        if (stack.size() == 1) consider(1 + root);
      } else {
        for (int l = 0; l < L; ++l)
          if (l != root) consider(1 + l);
      }
      if (stack.size() >= 2)
        for (int l = 0; l < L; ++l)
          if (l != root) consider(1 + L + l);
    }
    return best;
  }
};

void WorkspaceDeleter::operator()(Workspace* ws) const { delete ws; }

WorkspacePtr Parser::NewWorkspace() const {
  WorkspacePtr ws(new Workspace());
  ws->scores.resize(static_cast<size_t>(NumClasses()));
  return ws;
}

void Parser::ParseSentence(Doc* doc, size_t s, Workspace* ws) const {
  ws->Load(*doc, s);
  ws->scores.resize(static_cast<size_t>(NumClasses()));
  while (!ws->Terminal()) {
    int k = ws->Extract();
    std::fill(ws->scores.begin(), ws->scores.end(), 0.0f);
    model_.Score(ws->feats.data(), static_cast<size_t>(k), ws->scores.data());
    ws->Apply(ws->Best(ws->scores.data()));
  }
  uint32_t first = doc->sentence_first(s);
  for (int i = 0; i < ws->n; ++i) {
    int32_t h = ws->head[i];
    int32_t head = h == ws->n ? 0 : h + 1;
    doc->set_head(first + i, head, static_cast<uint8_t>(ws->label[i] + 1));
  }
}

void Parser::Parse(Doc* doc, Workspace* ws) const {
  for (size_t s = 0; s < doc->num_sentences(); ++s) ParseSentence(doc, s, ws);
}

namespace {

constexpr char kKind[] = "parser";

std::string LabelTable() {
  std::string out;
  for (int i = 1; i < NumDeprel(); ++i) {
    if (i > 1) out += ' ';
    out += DeprelName(static_cast<uint8_t>(i));
  }
  return out;
}

}  // namespace

Status Parser::Save(const std::string& path) const {
  model::Writer w;
  w.PutString(LabelTable());
  w.PutString(std::string(XposName(1)) + ".." + std::to_string(NumXpos()));
  model_.Save(&w);
  return model::WriteModelFile(path, {kKind, kParserFormatVersion, config_, w.data()});
}

Result<Parser> Parser::Load(const std::string& path) {
  auto file = model::ReadModelFile(path, kKind, kParserFormatVersion);
  if (!file.ok()) return file.status();
  Parser p;
  p.config_ = file->config;
  model::Reader r(file->payload);
  std::string labels, xpos;
  if (!r.GetString(&labels) || !r.GetString(&xpos))
    return Status::Corrupt(path + ": truncated parser payload");
  if (labels != LabelTable() || xpos != std::string(XposName(1)) + ".." + std::to_string(NumXpos()))
    return Status::Corrupt(path +
                           ": trained with other label or tag tables than this build; "
                           "retrain it with scripts/train-models.sh");
  if (!p.model_.Load(&r) || !r.at_end()) return Status::Corrupt(path + ": damaged parser weights");
  if (p.model_.num_classes() != NumClasses())
    return Status::Corrupt(path + ": class count does not match this build");
  return p;
}

ParseScores ScoreParse(const Doc& pred, const std::vector<conllu::Sentence>& gold) {
  ParseScores sc;
  size_t uas = 0, las = 0, lasu = 0, k = 0;
  auto universal = [](std::string_view r) { return r.substr(0, r.find(':')); };
  for (const auto& s : gold) {
    for (const auto& w : s.words) {
      if (k >= pred.num_tokens()) break;
      ++sc.words;
      if (pred.head(k) == w.head) {
        ++uas;
        std::string_view pl = DeprelName(pred.deprel(k));
        if (pl == w.deprel) ++las;
        if (universal(pl) == universal(w.deprel)) ++lasu;
      }
      ++k;
    }
  }
  if (sc.words) {
    double n = static_cast<double>(sc.words);
    sc.uas = 100.0 * static_cast<double>(uas) / n;
    sc.las = 100.0 * static_cast<double>(las) / n;
    sc.las_universal = 100.0 * static_cast<double>(lasu) / n;
  }
  return sc;
}

// ---------------------------------------------------------------- training

class ParserTrainer {
 public:
  static Result<Parser> Train(const ParserTrainOptions& opts, std::ostream& log);
};

namespace {

struct GoldSentence {
  std::vector<int32_t> head;   // 0-based, n = ROOT
  std::vector<uint8_t> label;  // label index
};

// Lifts non-projective arcs (to the head's head) until the tree is projective.
void Projectivize(std::vector<int32_t>* head, int n) {
  auto dominates = [&](int32_t h, int32_t k) {
    for (int steps = 0; k != n && steps <= n; ++steps) {
      if (k == h) return true;
      k = (*head)[k];
    }
    return h == n;
  };
  for (int iter = 0; iter < 4 * n; ++iter) {
    bool changed = false;
    int best = -1, best_len = 1 << 30;
    for (int d = 0; d < n; ++d) {
      int32_t h = (*head)[d];
      int lo = std::min(h, d), hi = std::max(h, d);
      for (int k = lo + 1; k < hi; ++k) {
        if (!dominates(h, k)) {
          if (hi - lo < best_len) {
            best_len = hi - lo;
            best = d;
          }
          break;
        }
      }
    }
    if (best >= 0 && (*head)[best] != n) {
      (*head)[best] = (*head)[(*head)[best]];
      changed = true;
    }
    if (!changed) return;
  }
}

// Cost of each structural move (SHIFT, LEFT, RIGHT) with respect to gold.
void Costs(const Workspace& st, const GoldSentence& g, int* shift, int* left, int* right) {
  const auto& gh = g.head;
  size_t ss = st.stack.size();
  int32_t b = st.b;
  *shift = *left = *right = 1 << 20;
  if (b < st.n) {
    int c = 0;
    int32_t s0 = ss ? st.stack[ss - 1] : kNone;
    for (int32_t k : st.stack) {
      if (k != s0 && gh[b] == k) ++c;
      if (gh[k] == b) ++c;
    }
    *shift = c;
  }
  if (ss >= 1) {
    int32_t s0 = st.stack[ss - 1];
    int32_t s1 = ss >= 2 ? st.stack[ss - 2] : kNone;
    int deps = 0;
    for (int32_t k = b; k < st.n; ++k)
      if (gh[k] == s0) ++deps;
    *left = deps + ((gh[s0] != b && (gh[s0] == s1 || gh[s0] > b)) ? 1 : 0);
    if (ss >= 2) *right = deps + (gh[s0] >= b ? 1 : 0);
  }
}

}  // namespace

Result<Parser> ParserTrainer::Train(const ParserTrainOptions& opts, std::ostream& log) {
  auto train = conllu::ReadFile(opts.train_path);
  if (!train.ok()) return train.status();
  auto dev = conllu::ReadFile(opts.dev_path);
  if (!dev.ok()) return dev.status();
  auto retag = [](const std::string& path, std::vector<conllu::Sentence>* sents) -> Status {
    if (path.empty()) return Status::Ok();
    auto tagged = conllu::ReadFile(path);
    if (!tagged.ok()) return tagged.status();
    if (tagged->size() != sents->size())
      return Status::InvalidArgument(path + ": sentence count differs from the gold file");
    for (size_t s = 0; s < sents->size(); ++s) {
      auto& g = (*sents)[s].words;
      const auto& t = (*tagged)[s].words;
      if (g.size() != t.size())
        return Status::InvalidArgument(path + ":" + std::to_string((*tagged)[s].line) +
                                       ": word count differs from the gold file");
      for (size_t i = 0; i < g.size(); ++i) {
        g[i].xpos = t[i].xpos;
        g[i].upos = t[i].upos;
      }
    }
    return Status::Ok();
  };
  std::vector<conllu::Sentence> dev_tagged = dev.value();
  // Training set: the gold-tagged sentences and, with predicted tags, a second
  // copy carrying them (gold ∪ predicted: +0.5 dev LAS over predicted alone).
  std::vector<conllu::Sentence> sents = train.value();
  if (!opts.train_tags_path.empty()) {
    std::vector<conllu::Sentence> tagged = train.value();
    SITREP_RETURN_IF_ERROR(retag(opts.train_tags_path, &tagged));
    if (!opts.keep_gold_copy) sents.clear();
    sents.insert(sents.end(), std::make_move_iterator(tagged.begin()),
                 std::make_move_iterator(tagged.end()));
  }
  SITREP_RETURN_IF_ERROR(retag(opts.dev_tags_path, &dev_tagged));

  // Gold trees, projectivized; docs with (possibly predicted) tags.
  std::vector<GoldSentence> gold(sents.size());
  for (size_t s = 0; s < sents.size(); ++s) {
    int n = static_cast<int>(sents[s].words.size());
    gold[s].head.resize(static_cast<size_t>(n));
    gold[s].label.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      const auto& w = sents[s].words[static_cast<size_t>(i)];
      gold[s].head[static_cast<size_t>(i)] = w.head == 0 ? n : w.head - 1;
      uint8_t id = DeprelFromName(w.deprel);
      if (id == 0) id = DeprelFromName("dep");
      gold[s].label[static_cast<size_t>(i)] = static_cast<uint8_t>(id - 1);
    }
    Projectivize(&gold[s].head, n);
  }
  Doc train_doc;
  conllu::ToDoc(sents, 0, sents.size(), true, &train_doc);
  Doc dev_doc;
  conllu::ToDoc(dev_tagged, 0, dev_tagged.size(), true, &dev_doc);

  const int L = NumLabels();
  const int C = NumClasses();
  PerceptronTrainer trainer(C);
  std::mt19937_64 rng(opts.seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::vector<size_t> order(sents.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  Workspace st;
  std::vector<float> scores(static_cast<size_t>(C));
  Parser best;
  double best_las = -1;
  int best_epoch = 0;
  for (int epoch = 1; epoch <= opts.epochs; ++epoch) {
    auto t0 = std::chrono::steady_clock::now();
    std::shuffle(order.begin(), order.end(), rng);
    size_t moves = 0, errors = 0;
    bool explore = epoch >= opts.explore_from;
    for (size_t s : order) {
      st.Load(train_doc, s);
      const GoldSentence& g = gold[s];
      while (!st.Terminal()) {
        int k = st.Extract();
        std::fill(scores.begin(), scores.end(), 0.0f);
        trainer.Score(st.feats.data(), static_cast<size_t>(k), scores.data());
        int cs, cl, cr;
        Costs(st, g, &cs, &cl, &cr);
        int32_t s0 = st.stack.empty() ? kNone : st.stack.back();
        int32_t s1 = st.stack.size() >= 2 ? st.stack[st.stack.size() - 2] : kNone;
        auto cost = [&](int c) {
          if (c == 0) return cs;
          if (c <= L) return cl + ((g.head[s0] == st.b && g.label[s0] != c - 1) ? 1 : 0);
          return cr + ((g.head[s0] == s1 && g.label[s0] != c - 1 - L) ? 1 : 0);
        };
        int pred = -1, gold_best = -1, min_cost = 1 << 30;
        for (int c = 0; c < C; ++c) {
          if (!st.Legal(c)) continue;
          if (pred < 0 || scores[c] > scores[pred]) pred = c;
          int cc = cost(c);
          if (cc < min_cost || (cc == min_cost && scores[c] > scores[gold_best])) {
            min_cost = cc;
            gold_best = c;
          }
        }
        ++moves;
        int next = gold_best;
        if (cost(pred) > min_cost) {
          ++errors;
          trainer.Update(st.feats.data(), static_cast<size_t>(k), gold_best, pred);
          if (explore && coin(rng) < opts.explore_p) next = pred;
        } else {
          next = pred;
        }
        trainer.Tick();
        st.Apply(next);
      }
    }
    Parser candidate;
    candidate.model_ = trainer.Freeze(opts.prune);
    Doc parsed = dev_doc;
    auto ws = candidate.NewWorkspace();
    candidate.Parse(&parsed, ws.get());
    ParseScores sc = ScoreParse(parsed, dev.value());
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    log << "epoch " << epoch << ": train error "
        << (100.0 * static_cast<double>(errors) / static_cast<double>(moves)) << "%, dev UAS "
        << sc.uas << " LAS " << sc.las << ", features " << candidate.model_.num_features()
        << ", weights " << candidate.model_.num_weights() << ", " << secs << " s" << std::endl;
    if (sc.las > best_las) {
      best_las = sc.las;
      best_epoch = epoch;
      best = std::move(candidate);
    }
  }
  std::ostringstream cfg;
  cfg << "{\"method\": \"arc-hybrid, averaged perceptron, dynamic oracle\", \"train\": \""
      << opts.train_path << "\", \"dev\": \"" << opts.dev_path << "\", \"train_tags\": \""
      << opts.train_tags_path << "\", \"keep_gold_copy\": " << opts.keep_gold_copy
      << ", \"epochs\": " << opts.epochs << ", \"best_epoch\": " << best_epoch
      << ", \"dev_las\": " << best_las << ", \"seed\": " << opts.seed
      << ", \"explore_from\": " << opts.explore_from << ", \"explore_p\": " << opts.explore_p
      << ", \"prune\": " << opts.prune << "}";
  best.config_ = cfg.str();
  log << "best epoch " << best_epoch << " (dev LAS " << best_las << ")" << std::endl;
  return best;
}

namespace internal {

std::vector<int> OracleParse(const std::vector<int>& heads,
                             const std::vector<std::string>& labels) {
  int n = static_cast<int>(heads.size());
  GoldSentence g;
  for (int i = 0; i < n; ++i) {
    g.head.push_back(heads[static_cast<size_t>(i)] == 0 ? n : heads[static_cast<size_t>(i)] - 1);
    uint8_t id = DeprelFromName(labels[static_cast<size_t>(i)]);
    g.label.push_back(static_cast<uint8_t>((id ? id : DeprelFromName("dep")) - 1));
  }
  Projectivize(&g.head, n);
  Workspace st;
  st.Reset(n);
  const int L = NumLabels();
  while (!st.Terminal()) {
    int cs, cl, cr;
    Costs(st, g, &cs, &cl, &cr);
    int32_t s0 = st.stack.empty() ? kNone : st.stack.back();
    int32_t s1 = st.stack.size() >= 2 ? st.stack[st.stack.size() - 2] : kNone;
    int next = -1, best = 1 << 30;
    for (int c = 0; c < NumClasses(); ++c) {
      if (!st.Legal(c)) continue;
      int cost = c == 0   ? cs
                 : c <= L ? cl + ((g.head[s0] == st.b && g.label[s0] != c - 1) ? 1 : 0)
                          : cr + ((g.head[s0] == s1 && g.label[s0] != c - 1 - L) ? 1 : 0);
      if (cost < best) {
        best = cost;
        next = c;
      }
    }
    st.Apply(next);
  }
  std::vector<int> out;
  for (int i = 0; i < n; ++i) out.push_back(st.head[i] == n ? 0 : st.head[i] + 1);
  return out;
}

}  // namespace internal

Result<Parser> TrainParser(const ParserTrainOptions& opts, std::ostream& log) {
  return ParserTrainer::Train(opts, log);
}

}  // namespace sitrep::parse
