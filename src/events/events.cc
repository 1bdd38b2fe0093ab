#include "events/events.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/dateline.h"
#include "core/tsv.h"
#include "events/numbers.h"

namespace sitrep::events {

namespace {

std::string DefaultEventDataDir() { return SITREP_SOURCE_TREE "/data/events"; }

// Lower case, hyphens and underscores as spaces, spaces collapsed.
std::string Fold(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '-' || c == '_') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

const std::set<std::string>& PloverTypes() {
  static const std::set<std::string> k = {
      "AGREE",  "CONSULT", "SUPPORT",  "CONCEDE", "COOPERATE", "AID",      "RETREAT", "REQUEST",
      "ACCUSE", "REJECT",  "THREATEN", "PROTEST", "SANCTION",  "MOBILIZE", "COERCE",  "ASSAULT"};
  return k;
}

struct Cond {
  std::string slot;                 // obj subj with mod prt
  std::vector<std::string> values;  // folded lemmas, or "@actor" / "@place"
};

struct Row {
  std::vector<Cond> when;
  EventCodes codes;
};

struct Cue {
  std::string flag;   // negated hedged future hypothetical historical
  std::string scope;  // aux adv gov mark det
};

}  // namespace

struct EventExtractor::Data {
  // folded lemma -> rows, conditioned rows first (file order kept).
  std::unordered_map<std::string, std::vector<Row>> verbs, nouns;
  size_t max_noun_words = 1;
  std::unordered_map<std::string, std::vector<Cue>> cues;  // folded cue -> cues
  std::unordered_set<std::string> reporting, light;
  size_t rows = 0;
};

EventExtractor::~EventExtractor() = default;
size_t EventExtractor::num_triggers() const { return data_->rows; }

Result<std::unique_ptr<EventExtractor>> EventExtractor::Load(const EventOptions& options) {
  std::unique_ptr<EventExtractor> x(new EventExtractor());
  x->data_ = std::make_unique<Data>();
  Data& d = *x->data_;
  std::string dir = options.data_dir.empty() ? DefaultEventDataDir() : options.data_dir;
  SITREP_RETURN_IF_ERROR(ForEachTsvRow(
      dir + "/triggers.tsv", 10,
      "lemma pos when plover mode context cameo acled_event_type acled_sub_event_type source",
      [&](const std::vector<std::string_view>& f, const std::string& where) -> Status {
        std::string lemma = Fold(TrimSpaces(f[0]));
        std::string_view pos = TrimSpaces(f[1]);
        if (lemma.empty()) return Status::Corrupt(where + "empty lemma");
        if (pos != "V" && pos != "N") {
          return Status::Corrupt(where + "pos '" + std::string(pos) + "' is neither V nor N");
        }
        Row r;
        r.codes.plover = std::string(TrimSpaces(f[3]));
        if (!PloverTypes().count(r.codes.plover)) {
          return Status::Corrupt(where + "'" + r.codes.plover + "' is not a PLOVER 2.0 type");
        }
        r.codes.mode = std::string(TrimSpaces(f[4]));
        std::string contexts(TrimSpaces(f[5]));
        std::replace(contexts.begin(), contexts.end(), ',', '|');
        for (std::string_view c : SplitFields(contexts, '|')) {
          if (!TrimSpaces(c).empty()) r.codes.context.emplace_back(TrimSpaces(c));
        }
        r.codes.cameo = std::string(TrimSpaces(f[6]));
        if (r.codes.cameo.size() < 2 || r.codes.cameo.size() > 4 ||
            !std::all_of(r.codes.cameo.begin(), r.codes.cameo.end(),
                         [](char c) { return c >= '0' && c <= '9'; })) {
          return Status::Corrupt(where + "CAMEO code '" + r.codes.cameo + "' is not 2-4 digits");
        }
        r.codes.acled_type = std::string(TrimSpaces(f[7]));
        r.codes.acled_sub = std::string(TrimSpaces(f[8]));
        if (r.codes.acled_type.empty() != r.codes.acled_sub.empty()) {
          return Status::Corrupt(where + "ACLED event type and sub-event type go together");
        }
        std::string_view when = TrimSpaces(f[2]);
        if (!when.empty()) {
          for (std::string_view part : SplitFields(when, ';')) {
            part = TrimSpaces(part);
            if (part.empty()) continue;
            size_t colon = part.find(':');
            Cond c;
            if (colon != std::string_view::npos)
              c.slot = std::string(TrimSpaces(part.substr(0, colon)));
            if (colon == std::string_view::npos ||
                (c.slot != "obj" && c.slot != "subj" && c.slot != "with" && c.slot != "mod" &&
                 c.slot != "prt")) {
              return Status::Corrupt(where + "condition '" + std::string(part) +
                                     "': expected obj|subj|with|mod|prt:value|value");
            }
            for (std::string_view v : SplitFields(part.substr(colon + 1), '|')) {
              v = TrimSpaces(v);
              if (!v.empty()) c.values.push_back(v[0] == '@' ? std::string(v) : Fold(v));
            }
            r.when.push_back(std::move(c));
          }
        }
        auto& rows = (pos == "V" ? d.verbs : d.nouns)[lemma];
        // Conditioned rows before the default ones, each group in file order.
        if (r.when.empty()) {
          rows.push_back(std::move(r));
        } else {
          auto first_default =
              std::find_if(rows.begin(), rows.end(), [](const Row& x) { return x.when.empty(); });
          rows.insert(first_default, std::move(r));
        }
        if (pos == "N") {
          d.max_noun_words = std::max<size_t>(
              d.max_noun_words,
              static_cast<size_t>(std::count(lemma.begin(), lemma.end(), ' ')) + 1);
        }
        ++d.rows;
        return Status::Ok();
      }));
  SITREP_RETURN_IF_ERROR(ForEachTsvRow(
      dir + "/modality.tsv", 4, "cue flag scope source",
      [&](const std::vector<std::string_view>& f, const std::string& where) -> Status {
        Cue c{std::string(TrimSpaces(f[1])), std::string(TrimSpaces(f[2]))};
        static const std::set<std::string> flags = {"negated", "hedged", "future", "hypothetical",
                                                    "historical"};
        static const std::set<std::string> scopes = {"aux", "adv", "gov", "mark", "det"};
        if (!flags.count(c.flag)) return Status::Corrupt(where + "unknown flag '" + c.flag + "'");
        if (!scopes.count(c.scope))
          return Status::Corrupt(where + "unknown scope '" + c.scope + "'");
        std::string cue = Fold(TrimSpaces(f[0]));
        // "plan to", "going to": the governing word is matched.
        if (cue.size() > 3 && cue.ends_with(" to")) cue.resize(cue.size() - 3);
        d.cues[cue].push_back(std::move(c));
        return Status::Ok();
      }));
  SITREP_RETURN_IF_ERROR(ForEachTsvRow(
      dir + "/verbs.tsv", 3, "lemma class source",
      [&](const std::vector<std::string_view>& f, const std::string& where) -> Status {
        std::string_view cls = TrimSpaces(f[1]);
        std::string lemma = Fold(TrimSpaces(f[0]));
        if (cls == "report") {
          d.reporting.insert(lemma);
        } else if (cls == "light") {
          d.light.insert(lemma);
        } else {
          return Status::Corrupt(where + "class '" + std::string(cls) +
                                 "' is neither report nor light");
        }
        return Status::Ok();
      }));
  return x;
}

namespace {

// The parse of one sentence: heads and children as Doc token indices.
struct Tree {
  size_t sb = 0, se = 0;
  std::vector<std::vector<uint32_t>> kids;  // by t - sb
  const Doc* doc = nullptr;
  size_t Head(size_t t) const {
    int32_t h = doc->head(t);
    return h <= 0 ? SIZE_MAX : sb + static_cast<size_t>(h) - 1;
  }
  const std::vector<uint32_t>& Kids(size_t t) const { return kids[t - sb]; }
  // The first child with relation `rel` ("nsubj"), SIZE_MAX when none.
  size_t Kid(size_t t, std::string_view rel) const {
    for (uint32_t k : Kids(t))
      if (DeprelName(doc->deprel(k)) == rel) return k;
    return SIZE_MAX;
  }
  // The case marker ("on", "with") of a nominal, folded; "" when none.
  std::string Case(size_t t) const {
    std::string c;
    for (uint32_t k : Kids(t)) {
      std::string_view rel = DeprelName(doc->deprel(k));
      if (rel == "case" || rel == "mark") {
        if (!c.empty()) c += ' ';
        c += Fold(doc->form(k));
      }
    }
    return c;
  }
  bool InSubtree(size_t t, size_t root) const {
    for (size_t x = t, n = 0; x != SIZE_MAX && n < 64; x = Head(x), ++n)
      if (x == root) return true;
    return false;
  }
};

// The keys a verb may be listed under: its lemma, then stems of its form for
// when the lemmatizer errs ("mobilized" -> "mobile"): mobilized -> mobilize,
// shelled -> shell, stopped -> stop, carrying -> carry, bombs -> bomb.
std::vector<std::string> VerbKeys(const std::string& lemma, const std::string& form) {
  std::vector<std::string> keys = {lemma};
  auto add = [&](std::string k) {
    if (k.size() >= 2 && std::find(keys.begin(), keys.end(), k) == keys.end()) {
      keys.push_back(std::move(k));
    }
  };
  add(form);
  auto strip = [&](std::string_view suffix) -> std::string {
    return form.ends_with(suffix) ? form.substr(0, form.size() - suffix.size()) : std::string();
  };
  for (std::string_view suf : {"ed", "ing"}) {
    std::string stem = strip(suf);
    if (stem.empty()) continue;
    add(stem + "e");  // mobiliz|ed -> mobilize
    add(stem);        // shell|ed -> shell
    if (stem.size() > 2 && stem.back() == stem[stem.size() - 2])
      add(stem.substr(0, stem.size() - 1));
    if (stem.ends_with("i")) add(stem.substr(0, stem.size() - 1) + "y");  // carri|ed -> carry
  }
  std::string es = strip("es");
  if (!es.empty()) add(es);
  std::string s = strip("s");
  if (!s.empty()) add(s);
  return keys;
}

// True when the clause's own auxiliary is will/would/shall and nothing makes
// it a condition or a guess ("it would allow inspectors back", not "could",
// "might", "if").
bool WillOrWould(const Doc& doc, const Tree& tr, size_t clause) {
  bool will = false;
  for (uint32_t k : tr.Kids(clause)) {
    std::string_view r = DeprelName(doc.deprel(k));
    std::string f = Fold(doc.form(k));
    if (r == "aux" && (f == "will" || f == "would" || f == "shall" || f == "'ll" || f == "wo")) {
      will = true;
    }
    if (r == "aux" && (f == "could" || f == "might" || f == "may")) return false;
    if (r == "mark" && (f == "if" || f == "unless")) return false;
    if (r == "advmod" && (f == "likely" || f == "possibly" || f == "probably" || f == "perhaps")) {
      return false;
    }
  }
  return will;
}

// True when the clause is the complement of a word of intent ("willing to",
// "ready to", "offered to", "pledged to", "agreed to").
bool IntentGoverned(const Doc& doc, const Tree& tr, size_t clause) {
  static const std::set<std::string> kIntent = {
      "willing", "ready",  "prepared", "offer",   "promise", "pledge", "agree", "commit",
      "vow",     "intend", "plan",     "propose", "decide",  "eager",  "keen"};
  for (size_t x = clause, depth = 0; x != SIZE_MAX && depth < 3; ++depth) {
    std::string_view r = DeprelName(doc.deprel(x));
    if (r != "xcomp" && r != "ccomp") return false;
    size_t g = tr.Head(x);
    if (g == SIZE_MAX) return false;
    std::string l = Fold(doc.lemma(g).empty() ? doc.form(g) : doc.lemma(g));
    if (kIntent.count(l)) return true;
    x = g;
  }
  return false;
}

// The event a reported "must" stands for (CAMEO 10, make a demand).
const Row kDemandRow = [] {
  Row r;
  r.codes.plover = "REQUEST";
  r.codes.cameo = "10";
  return r;
}();

}  // namespace

std::vector<Event> EventExtractor::Extract(const Doc& doc,
                                           const std::vector<actors::ActorMention>& mentions,
                                           const std::vector<geo::Place>& places) const {
  const Data& d = *data_;
  std::vector<Event> out;
  // Token -> the actor mention covering it (preferring the one it heads) and
  // the place covering it.
  std::vector<int> mention_at(doc.num_tokens(), -1), place_at(doc.num_tokens(), -1);
  for (size_t i = 0; i < mentions.size(); ++i) {
    const auto& m = mentions[i];
    for (size_t x = m.token_begin; x < m.token_end && x < doc.num_tokens(); ++x) {
      if (mention_at[x] < 0 || m.head == x) mention_at[x] = static_cast<int>(i);
    }
  }
  for (size_t i = 0; i < places.size(); ++i) {
    for (size_t x = places[i].token_begin; x < places[i].token_end && x < doc.num_tokens(); ++x) {
      place_at[x] = static_cast<int>(i);
    }
  }
  auto lemma = [&](size_t t) { return Fold(doc.lemma(t).empty() ? doc.form(t) : doc.lemma(t)); };
  int last_location = -1;  // the previous event's place, for events that name none
  // Where the story was filed from is no event's place by default.
  const size_t dateline = DatelineTokens(doc);
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    Tree tr;
    tr.doc = &doc;
    tr.sb = doc.sentence_first(s);
    tr.se = doc.sentence_end(s);
    tr.kids.assign(tr.se - tr.sb, {});
    for (size_t t = tr.sb; t < tr.se; ++t) {
      size_t h = tr.Head(t);
      if (h != SIZE_MAX && h >= tr.sb && h < tr.se)
        tr.kids[h - tr.sb].push_back(static_cast<uint32_t>(t));
    }
    auto rel = [&](size_t t) { return DeprelName(doc.deprel(t)); };
    // The subject of the reporting verb a token's clause is the complement of.
    auto SpeakerAbove = [&](size_t x) -> int {
      for (size_t c = x, n = 0; c != SIZE_MAX && n < 6; c = tr.Head(c), ++n) {
        size_t g = tr.Head(c);
        if (g == SIZE_MAX) break;
        std::string_view r = DeprelName(doc.deprel(c));
        if ((r == "ccomp" || r == "parataxis") && d.reporting.count(lemma(g))) {
          size_t subj = tr.Kid(g, "nsubj");
          return subj != SIZE_MAX ? mention_at[subj] : -1;
        }
      }
      return -1;
    };
    // The participants a nominal stands for: its actor mention or place, and
    // those of its conjuncts ("Kyiv, Kharkiv and Ivano-Frankivsk").
    auto participants = [&](size_t t, std::vector<Participant>* into) {
      std::vector<size_t> todo = {t};
      for (size_t n = 0; n < todo.size() && n < 16; ++n) {
        size_t x = todo[n];
        Participant p;
        if (mention_at[x] >= 0) p.mention = mention_at[x];
        // "it", "they", "we": the speaker of the reporting verb whose
        // complement this is ("Iraq said it would allow ..."), else the last
        // actor that is not a person.
        if (p.mention < 0 && doc.upos(x) == Upos::kPron) {
          std::string f = Fold(doc.form(x));
          if (f == "it" || f == "they" || f == "we" || f == "its" || f == "their" || f == "our") {
            p.mention = SpeakerAbove(x);
            for (size_t m = mentions.size(); p.mention < 0 && m-- > 0;) {
              const auto& am = mentions[m];
              if (am.token_begin >= x) continue;
              if (am.how == "person" || am.how == "pronoun" || am.code.country.empty()) continue;
              p.mention = static_cast<int>(m);
            }
          }
        }
        // Coordinated demonyms the actor coder split off ("Hungarian and
        // Romanian officials"): each its own actor.
        if (p.mention >= 0) {
          const auto& head = mentions[static_cast<size_t>(p.mention)];
          for (uint32_t k : tr.Kids(x)) {
            if (rel(k) != "amod" && rel(k) != "compound") continue;
            std::vector<uint32_t> ks = {k};
            for (uint32_t c2 : tr.Kids(k))
              if (rel(c2) == "conj") ks.push_back(c2);
            for (uint32_t y : ks) {
              int mi = mention_at[y];
              if (mi < 0 || mi == p.mention) continue;
              const auto& other = mentions[static_cast<size_t>(mi)];
              if (other.code.sector == head.code.sector &&
                  other.code.country != head.code.country && !other.code.country.empty()) {
                Participant q;
                q.mention = mi;
                into->push_back(q);
              }
            }
          }
        }
        if (place_at[x] >= 0 && !places[static_cast<size_t>(place_at[x])].demonym)
          p.place = place_at[x];
        if (p.mention >= 0 || p.place >= 0) {
          bool dup = false;
          for (const Participant& q : *into) dup |= q.mention == p.mention && q.place == p.place;
          if (!dup) into->push_back(p);
        }
        // Lists parse as conj or appos ("Kyiv, Kharkiv and Ivano-Frankivsk").
        for (uint32_t k : tr.Kids(x))
          if (rel(k) == "conj" || rel(k) == "appos") todo.push_back(k);
      }
    };
    // Slot values of a trigger for the lexicon's conditions.
    auto slot_tokens = [&](size_t t, bool noun, const std::string& slot) {
      std::vector<size_t> v;
      // A verb the parse made a modifier of its object ("Young Algerians
      // blocked | roads"): that noun is its object.
      if (slot == "obj" && !noun && rel(t) == "amod" && tr.Head(t) != SIZE_MAX && tr.Head(t) > t) {
        v.push_back(tr.Head(t));
      }
      for (uint32_t k : tr.Kids(t)) {
        std::string_view r = rel(k);
        std::string c = tr.Case(k);
        if (slot == "obj") {
          // A nominal the parse made xcomp is an object too ("lifted Friday a
          // day-old blockade").
          bool nominal_xcomp = r == "xcomp" && doc.upos(k) == Upos::kNoun;
          if (!noun && (r == "obj" || r == "nsubj:pass" || nominal_xcomp)) {
            v.push_back(k);
            // "suspended part of a military aid program": what the part is of.
            // Also quantities ("25,000 tons of food aid") and "a state of
            // emergency".
            static const std::set<std::string> kPart = {
                "part",        "some",  "all",       "most",     "portion",  "much",  "half",
                "bulk",        "rest",  "share",     "piece",    "lot",      "none",  "many",
                "ton",         "tonne", "kg",        "kilogram", "litre",    "liter", "barrel",
                "shipment",    "batch", "package",   "amount",   "quantity", "load",  "truckload",
                "consignment", "state", "planeload", "number"};
            if (kPart.count(lemma(k))) {
              for (uint32_t g : tr.Kids(k))
                if (rel(g) == "nmod") v.push_back(g);
            }
          }
          if (noun && (r == "nmod" && (c == "of" || c == "on" || c == "against"))) v.push_back(k);
        } else if (slot == "subj") {
          if (!noun && r == "nsubj") v.push_back(k);
          if (noun && (r == "nmod:poss" || r == "amod" || r == "compound")) v.push_back(k);
        } else if (slot == "with") {
          // Anywhere below the trigger: the parse often hangs the instrument
          // on the last object ("targeted Kyiv and Kharkiv with airstrikes").
          (void)k;
        } else if (slot == "mod") {
          if (r == "amod" || r == "compound" || r == "nmod" || r == "obl") v.push_back(k);
        } else if (slot == "prt") {
          if (r == "compound:prt" || r == "advmod") v.push_back(k);
        }
      }
      if (slot == "with") {
        for (size_t x = tr.sb; x < tr.se; ++x) {
          if (x == t || !tr.InSubtree(x, t)) continue;
          std::string c = tr.Case(x);
          std::string_view r = rel(x);
          if ((r == "obl" || r == "nmod") &&
              (c == "with" || c == "by" || c == "using" || c == "by means of")) {
            v.push_back(x);
          }
        }
      }
      return v;
    };
    auto holds = [&](const Cond& c, size_t t, bool noun) {
      for (size_t k : slot_tokens(t, noun, c.slot)) {
        std::vector<size_t> all = {k};
        for (uint32_t x : tr.Kids(k)) {
          // Conjuncts, and the compound words of a nominal ("a military aid
          // program" is aid).
          if (rel(x) == "conj" || (rel(x) == "compound" && x < k)) all.push_back(x);
        }
        for (size_t x : all) {
          std::string l = lemma(x), f = Fold(doc.form(x));
          for (const std::string& v : c.values) {
            if (v == "@actor" && mention_at[x] >= 0 &&
                !mentions[static_cast<size_t>(mention_at[x])].code.sector.empty()) {
              return true;
            }
            if (v == "@place" && place_at[x] >= 0 &&
                !places[static_cast<size_t>(place_at[x])].demonym) {
              return true;
            }
            if (v == l || v == f) return true;
            // Plurals the lemmatizer kept ("airstrikes", "supplies").
            if (l.size() > 1 && l.back() == 's' && v == l.substr(0, l.size() - 1)) return true;
            if (l.size() > 3 && l.ends_with("ies") && v == l.substr(0, l.size() - 3) + "y") {
              return true;
            }
          }
        }
      }
      return false;
    };
    auto choose = [&](const std::vector<Row>& rows, size_t t, bool noun) -> const Row* {
      for (const Row& r : rows) {
        bool ok = true;
        for (const Cond& c : r.when) ok = ok && holds(c, t, noun);
        if (ok) return &r;
      }
      return nullptr;
    };

    struct Cand {
      size_t head, begin, end;
      bool noun;
      const Row* row;
    };
    std::vector<Cand> cands;
    for (size_t t = tr.sb; t < tr.se; ++t) {
      Upos u = doc.upos(t);
      // Words inside names are not triggers ("Operation Desert Storm" aside).
      if (mention_at[t] >= 0) {
        const auto& m = mentions[static_cast<size_t>(mention_at[t])];
        if (m.how == "person" || m.how == "organisation") continue;
      }
      if (place_at[t] >= 0) continue;
      if (u == Upos::kVerb) {
        std::string l = lemma(t);
        if (d.reporting.count(l)) continue;
        const std::vector<Row>* rows = nullptr;
        size_t b = t, e = t + 1;
        // Phrasal verbs first ("shoot down"): a particle child, or the next
        // word when the parse made it a preposition ("taken | over the plant").
        std::vector<size_t> particles;
        for (uint32_t k : tr.Kids(t))
          if (rel(k) == "compound:prt") particles.push_back(k);
        if (t + 1 < tr.se && (doc.upos(t + 1) == Upos::kAdp || doc.upos(t + 1) == Upos::kAdv ||
                              doc.upos(t + 1) == Upos::kPart)) {
          particles.push_back(t + 1);
        }
        for (size_t k : particles) {
          auto it = d.verbs.find(l + " " + Fold(doc.form(k)));
          if (it == d.verbs.end()) continue;
          rows = &it->second;
          b = std::min(b, k);
          e = std::max(e, k + 1);
          break;
        }
        if (!rows) {
          for (const std::string& key : VerbKeys(l, Fold(doc.form(t)))) {
            auto it = d.verbs.find(key);
            if (it == d.verbs.end()) continue;
            rows = &it->second;
            break;
          }
        }
        if (!rows) continue;
        if (const Row* r = choose(*rows, t, false)) cands.push_back({t, b, e, false, r});
      } else if ((u == Upos::kNoun || u == Upos::kPropn) && t > tr.sb &&
                 Fold(doc.form(t - 1)) == "to" && tr.Head(t) != SIZE_MAX &&
                 doc.upos(tr.Head(t)) == Upos::kVerb && d.verbs.count(lemma(t))) {
        // An infinitive the tagger took for a noun ("ordered troops to
        // advance"): a verb.
        if (const Row* r = choose(d.verbs.at(lemma(t)), t, false)) {
          cands.push_back({t, t, t + 1, false, r});
        }
      } else if (u == Upos::kNoun || u == Upos::kPropn) {
        // The longest noun compound ending here: "suicide bombing", "air strike".
        const Row* best = nullptr;
        size_t bb = t;
        std::string head_l = lemma(t), head_f = Fold(doc.form(t));
        for (size_t n = std::min<size_t>(d.max_noun_words, t - tr.sb + 1); n >= 1 && !best; --n) {
          size_t b = t + 1 - n;
          bool compound = true;
          std::string prefix;
          for (size_t x = b; x < t; ++x) {
            compound &= tr.Head(x) == t || tr.Head(x) == x + 1;
            prefix += Fold(doc.form(x)) + " ";
          }
          if (!compound) continue;
          for (const std::string& h : {head_l, head_f}) {
            auto it = d.nouns.find(prefix + h);
            if (it == d.nouns.end() && h.size() > 1 && h.back() == 's') {
              it = d.nouns.find(prefix + h.substr(0, h.size() - 1));
            }
            if (it == d.nouns.end()) continue;
            if ((best = choose(it->second, t, true)) != nullptr) {
              bb = b;
              break;
            }
          }
        }
        if (best) cands.push_back({t, bb, t + 1, true, best});
      }
    }
    // A word inside a chosen noun compound is not a trigger of its own
    // ("drone" of "drone strike").
    {
      std::vector<Cand> kept;
      for (const Cand& c : cands) {
        bool inside = false;
        for (const Cand& o : cands) {
          inside |= &o != &c && o.noun && c.noun && c.head >= o.begin && c.head < o.head;
        }
        if (!inside) kept.push_back(c);
      }
      cands = std::move(kept);
    }
    // A reported "must" is a demand even when its verb is no event ("Russia
    // said that Sudan must return the helicopter"): a REQUEST on that verb.
    for (size_t t = tr.sb; t < tr.se; ++t) {
      if (doc.upos(t) != Upos::kVerb && doc.upos(t) != Upos::kAux) continue;
      bool must = false;
      for (uint32_t k : tr.Kids(t)) {
        std::string f = Fold(doc.form(k));
        must |= rel(k) == "aux" && (f == "must" || f == "should");
      }
      if (!must || rel(t) != "ccomp") continue;
      size_t g = tr.Head(t);
      if (g == SIZE_MAX || !d.reporting.count(lemma(g))) continue;
      bool have = false;
      for (const Cand& c : cands) have |= c.head == t;
      if (!have) cands.push_back({t, t, t + 1, false, &kDemandRow});
    }
    // A noun trigger governed by a verb trigger is that event ("targeted Kyiv
    // with airstrikes", "launched attacks"): absorbed, its codes kept when the
    // verb's row is only its default.
    std::vector<uint8_t> absorbed(cands.size(), 0);
    for (size_t i = 0; i < cands.size(); ++i) {
      if (!cands[i].noun) continue;
      size_t h = tr.Head(cands[i].head);
      for (size_t j = 0; j < cands.size(); ++j) {
        if (j == i || cands[j].noun || cands[j].head != h) continue;
        absorbed[i] = 1;
        if (cands[j].row->when.empty() &&
            cands[j].row->codes.plover == cands[i].row->codes.plover) {
          cands[j].row = cands[i].row;
        }
      }
    }
    // The clause head that carries a trigger's modality and attribution: the
    // verb itself, or the verb a noun trigger depends on.
    auto clause_of = [&](const Cand& c) {
      size_t x = c.head;
      if (c.noun) {
        std::string_view r = rel(x);
        size_t h = tr.Head(x);
        if (h != SIZE_MAX && (r == "obj" || r == "nsubj" || r == "nsubj:pass" || r == "obl")) x = h;
      }
      return x;
    };
    auto modality_of = [&](size_t clause, const Cand& c, Modality* m) {
      auto apply = [&](const std::string& key, std::string_view scope) {
        auto it = d.cues.find(key);
        if (it == d.cues.end()) return;
        for (const Cue& cue : it->second) {
          if (cue.scope != scope) continue;
          if (cue.flag == "negated") m->negated = true;
          if (cue.flag == "hedged") m->hedged = true;
          if (cue.flag == "future") m->future = true;
          if (cue.flag == "hypothetical") m->hypothetical = true;
          if (cue.flag == "historical") m->historical = true;
        }
      };
      // Up the chain of xcomp/ccomp governors: "plans to attack", "could be
      // held", "if troops advance".
      size_t x = clause;
      for (int depth = 0; x != SIZE_MAX && depth < 4; ++depth) {
        for (uint32_t k : tr.Kids(x)) {
          std::string_view r = rel(k);
          std::string f = Fold(doc.form(k)), l = lemma(k);
          if (r == "aux" || r == "aux:pass") {
            apply(f, "aux");
            apply(l, "aux");
          } else if (r == "advmod") {
            apply(f, "adv");
          } else if (r == "mark") {
            apply(f, "mark");
          } else if (r == "det" && c.noun && x == c.head) {
            apply(f, "det");
          }
        }
        if (c.noun && x == clause) {
          for (uint32_t k : tr.Kids(c.head)) {
            if (rel(k) == "det") apply(Fold(doc.form(k)), "det");
          }
        }
        std::string_view r = rel(x);
        if (r != "xcomp" && r != "ccomp" && r != "advcl") break;
        size_t g = tr.Head(x);
        if (g == SIZE_MAX) break;
        if (r == "xcomp" || r == "ccomp") {
          apply(lemma(g), "gov");
          apply(Fold(doc.form(g)), "gov");
        }
        if (d.reporting.count(lemma(g))) break;  // the speaker's own modality is not the event's
        x = g;
      }
    };
    // The speaker of a reported event: the subject of the reporting verb the
    // trigger's clause is the complement of ("A says B attacked C").
    auto speaker_of = [&](size_t clause) -> int {
      size_t x = clause;
      for (int depth = 0; x != SIZE_MAX && depth < 5; ++depth) {
        std::string_view r = rel(x);
        size_t g = tr.Head(x);
        if (g == SIZE_MAX) break;
        if ((r == "ccomp" || r == "parataxis" || r == "obj") && d.reporting.count(lemma(g))) {
          size_t subj = tr.Kid(g, "nsubj");
          if (subj != SIZE_MAX && mention_at[subj] >= 0) return mention_at[subj];
          return -1;
        }
        if (r != "xcomp" && r != "conj" && r != "advcl" && r != "ccomp" && r != "acl") break;
        x = g;
      }
      // "according to X": an obl of the clause.
      for (uint32_t k : tr.Kids(clause)) {
        if ((rel(k) == "obl" || rel(k) == "advcl") && tr.Case(k).starts_with("according") &&
            mention_at[k] >= 0) {
          return mention_at[k];
        }
      }
      return -1;
    };
    // What a request, threat, refusal, accusation or offer is about is not
    // an event of its own ("demanding that Ukraine should surrender",
    // "threatened to attack", "refused to withdraw", "reached out ... to sit
    // down for talks"): the governing event stands for it.
    {
      std::unordered_map<size_t, size_t> at;  // head token -> candidate
      for (size_t i = 0; i < cands.size(); ++i)
        if (!absorbed[i]) at[cands[i].head] = i;
      static const std::set<std::string> kGoverning = {"REQUEST", "THREATEN", "REJECT", "ACCUSE",
                                                       "AGREE"};
      for (size_t i = 0; i < cands.size(); ++i) {
        if (absorbed[i]) continue;
        size_t x = cands[i].head;
        for (int depth = 0; depth < 4; ++depth) {
          std::string_view r = rel(x);
          size_t g = tr.Head(x);
          if (g == SIZE_MAX) break;
          auto it = at.find(g);
          // The content: a complement, an object, or a purpose clause ("to
          // sit down for talks"), not an accompanying act ("rejected ...,
          // demanding that ...").
          bool purpose = false;
          if (r == "advcl") {
            for (uint32_t k : tr.Kids(x)) purpose |= rel(k) == "mark" && Fold(doc.form(k)) == "to";
          }
          if (it != at.end() && it->second != i &&
              kGoverning.count(cands[it->second].row->codes.plover) &&
              (r == "xcomp" || r == "ccomp" || r == "obj" || purpose)) {
            absorbed[i] = 1;
            break;
          }
          if (r != "xcomp" && r != "ccomp" && r != "obl" && r != "advcl" && r != "conj") break;
          x = g;
        }
      }
    }
    // The toll of an attack is not another attack ("shelled Kharkiv,
    // killing three civilians"): its counts go to the attack.
    for (size_t i = 0; i < cands.size(); ++i) {
      if (absorbed[i] || cands[i].row->codes.plover != "ASSAULT") continue;
      std::string l = lemma(cands[i].head);
      if (l != "kill" && l != "wound" && l != "injure" && l != "leave") continue;
      if (rel(cands[i].head) != "advcl" && rel(cands[i].head) != "xcomp") continue;
      size_t g = tr.Head(cands[i].head);
      for (size_t j = 0; j < cands.size(); ++j) {
        if (j != i && !absorbed[j] && cands[j].head == g &&
            cands[j].row->codes.plover == "ASSAULT") {
          absorbed[i] = 1;
        }
      }
    }
    // Dates and counts only where there is an event to give them to.
    bool any_event = false;
    for (size_t i = 0; i < cands.size(); ++i) any_event |= !absorbed[i];
    if (!any_event) continue;
    auto dates = FindDates(doc, s, doc.published);
    auto counts = FindCounts(doc, s);

    for (size_t i = 0; i < cands.size(); ++i) {
      if (absorbed[i]) continue;
      const Cand& c = cands[i];
      size_t t = c.head;
      Event ev;
      ev.sentence = s;
      ev.trigger_begin = static_cast<uint32_t>(c.begin);
      ev.trigger_end = static_cast<uint32_t>(c.end);
      ev.trigger_head = static_cast<uint32_t>(t);
      ev.codes = c.row->codes;
      std::vector<Participant> locs;
      bool has_argument = false;
      if (!c.noun) {
        bool passive = tr.Kid(t, "nsubj:pass") != SIZE_MAX || tr.Kid(t, "aux:pass") != SIZE_MAX;
        for (uint32_t k : tr.Kids(t)) {
          std::string_view r = rel(k);
          std::string cs = tr.Case(k);
          if (r == "nsubj") participants(k, &ev.actor);
          if (r == "obl:agent" || (passive && r == "obl" && cs == "by")) participants(k, &ev.actor);
          if (r == "nsubj:pass" || r == "obj" || r == "iobj") {
            size_t before = ev.recipient.size();
            participants(k, &ev.recipient);
            // "support Turkey's efforts", "the release of hostages": the
            // actor inside a plain object.
            if (ev.recipient.size() == before) {
              for (uint32_t g : tr.Kids(k)) {
                std::string_view gr = rel(g);
                if (gr == "nmod:poss" || gr == "nmod" || gr == "compound")
                  participants(g, &ev.recipient);
              }
            }
          }
          // "withdraw from Lebanon", "talks with Kyiv", "aid to Sudan".
          if (r == "obl" && (cs == "with" || cs == "to" || cs == "against" || cs == "from" ||
                             cs == "toward" || cs == "towards")) {
            std::vector<Participant> p;
            participants(k, &p);
            for (const Participant& q : p) {
              if (q.mention >= 0) ev.recipient.push_back(q);
            }
          }
          // The phrasal verb's particle parsed as this phrase's preposition.
          if (r == "obl" && c.end > t + 1 && cs == Fold(doc.form(c.end - 1))) {
            participants(k, &ev.recipient);
          }
          if ((r == "obl" || r == "obl:tmod") && cs != "by" && cs != "with" && cs != "using") {
            std::vector<Participant> p;
            participants(k, &p);
            // "from the shores of Mariupol and Odesa", "on the outskirts of
            // Kyiv": the places the phrase's noun is of.
            if (p.empty()) {
              for (uint32_t g : tr.Kids(k)) {
                if (rel(g) == "nmod") participants(g, &p);
              }
            }
            for (const Participant& q : p)
              if (q.place >= 0) locs.push_back(q);
            // "attacks on Kyiv", "fired at civilians": recipients too.
            if (cs == "on" || cs == "against" || cs == "at" || cs == "upon") {
              for (const Participant& q : p)
                if (q.mention >= 0) ev.recipient.push_back(q);
            }
          }
        }
        // Subjects the clause does not state: a relative clause's head ("troops
        // that surrounded the city"), a participle's noun ("forces shelling
        // Kyiv"), control ("ordered troops to advance"), a shared subject
        // ("attacked and captured").
        if (rel(t) == "amod" && tr.Head(t) != SIZE_MAX && tr.Head(t) > t && ev.recipient.empty()) {
          participants(tr.Head(t), &ev.recipient);  // "blocked | roads"
        }
        if (ev.actor.empty()) {
          std::string_view r = rel(t);
          size_t h = tr.Head(t);
          if (h != SIZE_MAX && (r == "acl:relcl" || r == "acl")) {
            participants(h, passive ? &ev.recipient : &ev.actor);
          } else if (h != SIZE_MAX && (r == "xcomp" || (r == "obl" && tr.Case(t) == "to"))) {
            size_t o = tr.Kid(h, "obj");
            size_t sj = tr.Kid(h, "nsubj");
            if (o != SIZE_MAX) {
              participants(o, &ev.actor);
            } else if (sj != SIZE_MAX) {
              participants(sj, &ev.actor);
            }
          } else if (h != SIZE_MAX && (r == "conj" || r == "advcl")) {
            // "attacked and captured", "rejected ..., demanding that ...".
            size_t sj = tr.Kid(h, "nsubj");
            if (sj != SIZE_MAX) participants(sj, &ev.actor);
          }
        }
        // A subject the parse lost: the actor right before the verb and its
        // auxiliaries ("... and troops have taken over the plant").
        if (ev.actor.empty() && !passive) {
          size_t x = c.begin;
          while (x > tr.sb && (doc.upos(x - 1) == Upos::kAux || doc.upos(x - 1) == Upos::kAdv ||
                               doc.upos(x - 1) == Upos::kPart)) {
            --x;
          }
          if (x > tr.sb && mention_at[x - 1] >= 0 &&
              mentions[static_cast<size_t>(mention_at[x - 1])].token_end == x) {
            ev.actor.push_back({mention_at[x - 1], -1});
          }
        }
        has_argument = true;
      } else {
        for (uint32_t k : tr.Kids(t)) {
          std::string_view r = rel(k);
          std::string cs = tr.Case(k);
          if (r == "nmod:poss" || r == "amod" || (r == "compound" && k < c.begin)) {
            std::vector<Participant> p;
            participants(k, &p);
            for (const Participant& q : p)
              if (q.mention >= 0) ev.actor.push_back(q);
          } else if (r == "nmod" && cs == "by") {
            participants(k, &ev.actor);
          } else if (r == "nsubj") {
            // A copular clause: "troops remained on alert", "Kyiv is in talks".
            participants(k, &ev.actor);
          } else if (r == "nmod" && (cs == "of" || cs == "on" || cs == "against" || cs == "at" ||
                                     cs == "upon" || cs == "with" || cs == "between")) {
            std::vector<Participant> p;
            participants(k, &p);
            for (const Participant& q : p) {
              if (cs == "with" || cs == "between") {
                ev.recipient.push_back(q);
              } else {
                if (q.place >= 0) locs.push_back(q);
                ev.recipient.push_back(q);
              }
            }
          } else if (r == "nmod") {
            std::vector<Participant> p;
            participants(k, &p);
            for (const Participant& q : p)
              if (q.place >= 0) locs.push_back(q);
          }
        }
        // A noun is an event when something anchors it: an argument, a place,
        // a support verb ("launched an offensive"), or a verb it is the
        // subject of ("fighting erupted").
        has_argument =
            !ev.actor.empty() || !ev.recipient.empty() || !locs.empty() || !c.row->when.empty();
        for (const DateMention& dm : dates) {
          has_argument |= dm.token_begin > t && tr.InSubtree(dm.token_begin, t);
        }
        size_t h = tr.Head(t);
        if (h != SIZE_MAX) {
          std::string_view r = rel(t);
          std::string hl = lemma(h);
          std::string prt;
          size_t p = tr.Kid(h, "compound:prt");
          if (p != SIZE_MAX) prt = hl + " " + Fold(doc.form(p));
          if ((r == "obj" || r == "nsubj:pass") && (d.light.count(hl) || d.light.count(prt))) {
            has_argument = true;
            // "Putin ordered a special military operation": the support
            // verb's subject, unless the noun names its own actor's country.
            bool own = false;
            for (const Participant& q : ev.actor) {
              own |=
                  q.mention >= 0 && !mentions[static_cast<size_t>(q.mention)].code.country.empty();
            }
            if (!own && r == "obj") {
              std::vector<Participant> subj;
              for (uint32_t k : tr.Kids(h))
                if (rel(k) == "nsubj") participants(k, &subj);
              if (!subj.empty()) ev.actor = std::move(subj);
            }
          }
          if (r == "obl" && (hl == "come" || hl == "under")) has_argument = true;
          // A state entered or kept: "troops remained on alert", "workers went
          // on strike", "came under attack": the verb's subject is the actor.
          std::string cs = tr.Case(t);
          if (r == "obl" && (cs == "on" || cs == "under") && doc.upos(h) == Upos::kVerb) {
            has_argument = true;
            if (ev.actor.empty()) {
              for (uint32_t k : tr.Kids(h))
                if (rel(k) == "nsubj") participants(k, &ev.actor);
            }
            // "... troops remained on alert" parsed as a participle of troops.
            if (ev.actor.empty() && (rel(h) == "acl" || rel(h) == "acl:relcl") &&
                tr.Head(h) != SIZE_MAX) {
              participants(tr.Head(h), &ev.actor);
            }
          }
          if ((r == "nsubj" || r == "nsubj:pass") && doc.upos(h) == Upos::kVerb)
            has_argument = true;
        }
      }
      if (!has_argument) continue;
      // Each participant once ("protested against the government" reaches the
      // government by two rules).
      auto dedup = [](std::vector<Participant>* ps) {
        std::vector<Participant> out;
        for (const Participant& p : *ps) {
          bool seen = false;
          for (const Participant& q : out) seen |= q.mention == p.mention && q.place == p.place;
          if (!seen) out.push_back(p);
        }
        *ps = std::move(out);
      };
      dedup(&ev.actor);
      dedup(&ev.recipient);
      // Still no actor: the subject of the nearest clause above that has one
      // and is not a reporting verb ("Nigerians took to the streets in a
      // rally", "police moved in to disperse the crowd").
      if (ev.actor.empty()) {
        size_t x = t;
        for (int depth = 0; depth < 3 && ev.actor.empty(); ++depth) {
          size_t g = tr.Head(x);
          if (g == SIZE_MAX || d.reporting.count(lemma(g))) break;
          std::string_view r = rel(x);
          if (r == "nsubj" || r == "nsubj:pass") break;  // x is itself the subject
          for (uint32_t k : tr.Kids(g))
            if (rel(k) == "nsubj") participants(k, &ev.actor);
          x = g;
        }
      }
      // Actors are actor mentions; a bare place is a target, not an actor
      // ("KHARTOUM — A drone struck ...").
      ev.actor.erase(std::remove_if(ev.actor.begin(), ev.actor.end(),
                                    [](const Participant& q) { return q.mention < 0; }),
                     ev.actor.end());
      // Recipients that are places are the event's locations as well ("shelled
      // Kharkiv"): one event per coordinated place, as ACLED codes them.
      // A party to talks or aid is not where it happens ("talks with Ukraine"):
      // only targets of force are places of the event.
      bool force = ev.codes.plover == "ASSAULT" || ev.codes.plover == "COERCE" ||
                   ev.codes.plover == "MOBILIZE" || ev.codes.plover == "PROTEST";
      std::vector<Participant> place_targets;
      for (const Participant& q : ev.recipient) {
        if (q.place >= 0 && force) place_targets.push_back(q);
      }
      // Where: the trigger's own place phrases, else the places its object
      // names, else a place below it, else the sentence's first place, else the
      // previous event's.
      std::vector<int> where;
      for (const Participant& q : locs) where.push_back(q.place);
      if (where.empty()) {
        for (const Participant& q : place_targets) where.push_back(q.place);
      }
      // Below the trigger, else below its clause ("a delegation could be sent
      // to Minsk for talks").
      auto party = [&](int place) {
        if (force) return false;
        for (const Participant& q : ev.recipient)
          if (q.place == place) return true;
        return false;
      };
      for (size_t root : {t, clause_of(c)}) {
        for (size_t x = tr.sb; x < tr.se && where.empty(); ++x) {
          if (place_at[x] < 0 || places[static_cast<size_t>(place_at[x])].demonym) continue;
          if (party(place_at[x])) continue;
          if (tr.InSubtree(x, root)) where.push_back(place_at[x]);
        }
      }
      if (where.empty()) {
        for (size_t x = std::max(tr.sb, dateline); x < tr.se; ++x) {
          if (place_at[x] >= 0 && !places[static_cast<size_t>(place_at[x])].demonym) {
            where.push_back(place_at[x]);
            break;
          }
        }
      }
      if (where.empty() && last_location >= 0) where.push_back(last_location);
      std::sort(where.begin(), where.end());
      where.erase(std::unique(where.begin(), where.end()), where.end());
      // Date: an expression in the trigger's clause, else the sentence's, else
      // the article's date (precision unknown: when it was reported).
      size_t clause = clause_of(c);
      bool date_in_clause = false;
      for (const DateMention& dm : dates) {
        bool in = tr.InSubtree(dm.token_begin, clause);
        // The clause's own expression wins, resolved or not; else the first.
        if ((in && !date_in_clause) || (!in && !date_in_clause && ev.date.text.empty())) {
          ev.date = dm;
          date_in_clause = in;
        }
      }
      if (ev.date.value.empty() && ev.date.text.empty() && !doc.published.empty()) {
        ev.date.value = doc.published.substr(0, 10);
        ev.date.precision = "unknown";
      }
      modality_of(clause, c, &ev.modality);
      // PLOVER codes an intended cooperative act as AGREE ("Portugal will
      // support ...", "Syria is willing to withdraw", "offered to
      // negotiate"): CAMEO's "express intent to ..." codes.
      // A hedged or hypothetical prospect keeps its type with its flags ("is
      // likely to send a delegation for talks", "could be sent").
      bool intent = (ev.modality.future && !ev.modality.hedged && !ev.modality.hypothetical) ||
                    WillOrWould(doc, tr, clause) || IntentGoverned(doc, tr, clause);
      auto recode = [&](const char* type, const std::string& cameo) {
        ev.codes.plover = type;
        ev.codes.mode.clear();
        ev.codes.context.clear();
        ev.codes.cameo = cameo;
        ev.codes.acled_type.clear();
        ev.codes.acled_sub.clear();
      };
      // A condition on a hostile act ("unless", "if") makes it a threat.
      bool conditional = false;
      for (size_t x = tr.sb; x < tr.se; ++x) {
        std::string f = Fold(doc.form(x));
        conditional |= (f == "unless" || f == "if") && tr.InSubtree(x, clause);
      }
      if (intent && !ev.modality.negated) {
        static const std::map<std::string, std::string> kAgree = {
            {"CONSULT", "036"}, {"AID", "033"},     {"COOPERATE", "030"},
            {"SUPPORT", "032"}, {"CONCEDE", "035"}, {"RETREAT", "035"}};
        // ... and an intended hostile act is a THREATEN ("would boycott",
        // "plans to impose restrictions", "is prepared to impose martial
        // law", "will withdraw its force unless ..."): CAMEO 13x.
        static const std::map<std::string, std::string> kThreaten = {
            {"ASSAULT", "138"}, {"COERCE", "137"}, {"SANCTION", "1312"}, {"PROTEST", "133"}};
        auto a = kAgree.find(ev.codes.plover);
        auto h = kThreaten.find(ev.codes.plover);
        if (ev.codes.plover == "RETREAT" && conditional) {
          recode("THREATEN", "136");
        } else if (a != kAgree.end()) {
          recode("AGREE", a->second);
        } else if (h != kThreaten.end()) {
          recode("THREATEN", h->second);
        }
      }
      // A refused or failed cooperative act is a REJECT ("would not meet the
      // demands", "failed to reach agreement"): CAMEO 12.
      if (ev.modality.negated) {
        static const std::set<std::string> kCooperative = {
            "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"};
        if (kCooperative.count(ev.codes.plover)) recode("REJECT", "12");
      }
      // "X said that Y must ...": X demands it of Y (REQUEST, CAMEO 10).
      {
        bool must = false;
        for (uint32_t k : tr.Kids(clause)) {
          std::string f = Fold(doc.form(k));
          must |= rel(k) == "aux" && (f == "must" || f == "should");
        }
        int speaker = SpeakerAbove(clause);
        if (must && speaker >= 0 && (ev.codes.plover != "REQUEST" || c.row == &kDemandRow)) {
          recode("REQUEST", "10");
          ev.recipient = ev.actor;
          ev.actor = {Participant{speaker, -1}};
        }
      }
      if (ev.date.historical) ev.modality.historical = true;
      ev.speaker = speaker_of(clause);
      // Numbers: the dead and injured of a violent event, the size of its
      // actor.
      for (const Count& n : counts) {
        bool violent = ev.codes.plover == "ASSAULT" || ev.codes.plover == "COERCE";
        if ((n.kind == Count::kFatalities || n.kind == Count::kInjured) && violent) {
          auto& slot = n.kind == Count::kFatalities ? ev.fatalities : ev.injured;
          if (!slot) slot = n.value;
        } else if (n.kind == Count::kSize) {
          for (const Participant& q : ev.actor) {
            if (q.mention < 0) continue;
            const auto& m = mentions[static_cast<size_t>(q.mention)];
            if (n.noun >= m.token_begin && n.noun < m.token_end && !ev.size) ev.size = n.value;
          }
          if (!ev.size && ev.codes.plover == "MOBILIZE") ev.size = n.value;
        }
      }
      // Confidence: how much of the record the text states (not yet
      // calibrated on annotated data).
      double conf = 0.45;
      if (!c.row->when.empty()) conf += 0.15;
      if (!ev.actor.empty()) conf += 0.15;
      if (!ev.recipient.empty()) conf += 0.05;
      if (!locs.empty() || !place_targets.empty()) conf += 0.1;
      // A noun is a weaker sign of an event than a verb, unless a support
      // verb carries it ("continued their hunger strike", "held talks").
      bool supported = false;
      if (c.noun && tr.Head(t) != SIZE_MAX && (rel(t) == "obj" || rel(t) == "nsubj:pass")) {
        size_t h = tr.Head(t);
        size_t p = tr.Kid(h, "compound:prt");
        supported = d.light.count(lemma(h)) ||
                    (p != SIZE_MAX && d.light.count(lemma(h) + " " + Fold(doc.form(p))));
      }
      if (c.noun && !supported) conf -= 0.1;
      // The sentence's main event: the root clause, or what its reporting
      // root reports; events in relative or adverbial clauses are side events.
      {
        // Clauses between the event and the sentence's root, not counting
        // reporting verbs ("X said ... [event]" is the main event).
        int depth = 0;
        for (size_t x = clause, n = 0; x != SIZE_MAX && n < 12; x = tr.Head(x), ++n) {
          size_t g = tr.Head(x);
          if (g == SIZE_MAX) break;
          if (!d.reporting.count(lemma(g))) ++depth;
        }
        conf += depth == 0 ? 0.1 : -0.03 * std::min(depth, 4);
        std::string_view r = rel(clause);
        // A purpose clause is the goal of another act ("staged a hunger
        // strike to demand ...").
        bool purpose = false;
        for (uint32_t k : tr.Kids(clause)) purpose |= rel(k) == "mark" && Fold(doc.form(k)) == "to";
        if (r == "advcl" && purpose) conf -= 0.1;
        if (r == "acl:relcl" || r == "acl") conf -= 0.05;
      }
      if (ev.modality.hedged || ev.modality.hypothetical) conf -= 0.15;
      ev.confidence = std::clamp(conf, 0.05, 0.95);
      // Territory taken by the state's own forces in their own country is
      // ACLED's "Government regains territory"; by anyone else (a foreign
      // army too) "Non-state actor overtakes territory".
      auto territory = [&](Event* e) {
        if (e->codes.acled_sub != "Non-state actor overtakes territory" || e->location < 0) return;
        const std::string& where_country = places[static_cast<size_t>(e->location)].country;
        for (const Participant& q : e->actor) {
          if (q.mention < 0) continue;
          const auto& code = mentions[static_cast<size_t>(q.mention)].code;
          if (code.acled_inter == 1 && !where_country.empty() && code.country == where_country) {
            e->codes.acled_sub = "Government regains territory";
          }
        }
      };
      if (where.size() <= 1) {
        ev.location = where.empty() ? -1 : where[0];
        if (ev.location >= 0) last_location = ev.location;
        territory(&ev);
        out.push_back(std::move(ev));
      } else {
        for (int w : where) {
          Event one = ev;
          one.location = w;
          // Each event's recipient: its own place, with the other recipients.
          one.recipient.clear();
          for (const Participant& q : ev.recipient) {
            if (q.place < 0 || q.place == w) one.recipient.push_back(q);
          }
          last_location = w;
          territory(&one);
          out.push_back(std::move(one));
        }
      }
    }
  }
  return out;
}

}  // namespace sitrep::events
