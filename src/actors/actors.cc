#include "actors/actors.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/dateline.h"
#include "core/hash.h"
#include "core/tsv.h"
#include "geo/name_key.h"
#include "sitrep/pipeline.h"
#include "tag/lemmatizer.h"

namespace sitrep::actors {

std::string DefaultActorDataDir() { return SITREP_SOURCE_TREE "/data/actors"; }

namespace {

constexpr size_t kMaxNameTokens = 8;

const std::unordered_set<std::string>& Sectors() {
  static const std::unordered_set<std::string> k = {"GOV", "MIL", "COP", "JUD", "LEG", "OPP",
                                                    "REB", "SPY", "MED", "CVL", "BUS", "NGO",
                                                    "IGO", "REL", "EDU", "HLH", "REF", "UAF"};
  return k;
}

// A named actor from a table, valid from..to (ISO dates, "" = open).
struct Named {
  ActorCode code;
  std::string role;  // people: "president", "foreign minister", ...
  std::string from, to;
  enum Kind : uint8_t { kPerson, kOrganisation, kMetonym } kind;
  bool caps_only = false;  // matches only text written in capitals
};

struct Role {
  std::string sector;
  int acled_inter = 0;
  bool person = false;  // kind "person" (a title: "president"), not a group or body
};

int ParseInter(std::string_view s) {
  s = TrimSpaces(s);
  if (s.size() == 1 && s[0] >= '1' && s[0] <= '8') return s[0] - '0';
  return 0;
}

Status CheckCode(const std::string& where, std::string_view country, std::string_view sector) {
  if (!sector.empty() && !Sectors().count(std::string(sector))) {
    return Status::Corrupt(where + "unknown sector '" + std::string(sector) + "'");
  }
  if (country.size() > 6) {
    return Status::Corrupt(where + "country '" + std::string(country) +
                           "' is neither ISO alpha-3 nor an IGO code");
  }
  return Status::Ok();
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

bool IsNameParticle(std::string_view w) {
  return w == "al" || w == "el" || w == "ad" || w == "an" || w == "as" || w == "ash" || w == "at" ||
         w == "az" || w == "bin" || w == "ibn" || w == "abu" || w == "de" || w == "van" ||
         w == "von" || w == "la" || w == "le" || w == "du" || w == "del";
}

bool IsCalendarWord(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "January",   "February",  "March",   "April",    "May",      "June",   "July",
      "August",    "September", "October", "November", "December", "Monday", "Tuesday",
      "Wednesday", "Thursday",  "Friday",  "Saturday", "Sunday"};
  return k.count(w) != 0;
}

bool IsRomanNumeral(std::string_view w) {
  if (w.empty() || w.size() > 4) return false;
  for (char c : w)
    if (c != 'I' && c != 'V' && c != 'X') return false;
  return true;
}

// Words that rank an office: "Vice President", "Deputy Prime Minister".
bool IsRankWord(std::string_view w) {
  return w == "Vice" || w == "Deputy" || w == "Acting" || w == "Assistant" || w == "Senior" ||
         w == "First" || w == "Interim" || w == "vice" || w == "deputy" || w == "acting" ||
         w == "assistant" || w == "senior" || w == "interim";
}

std::string Lower(std::string_view w) {
  std::string l;
  tag::AsciiLower(w, &l);
  return l;
}

// Adjectives that put an office in the past ("former", "ousted").
bool IsFormerWord(std::string_view w) {
  std::string l = Lower(w);
  return l == "former" || l == "ousted" || l == "deposed" || l == "exiled" || l == "toppled" ||
         l == "late" || l == "ex" || l == "erstwhile";
}

}  // namespace

struct ActorCoder::Data {
  geo::NameKeyer keyer;                                       // used at load time only
  std::unordered_map<std::string, std::vector<Named>> names;  // key -> candidates
  std::unordered_map<std::string, Role> roles;                // lemma key -> role
  std::vector<Named> people;                                  // for "counterpart"
  // Folded last word of each person's canonical name -> indices into
  // `people`: "President Bush" finds the Bushes who were president.
  std::unordered_map<std::string, std::vector<size_t>> people_by_surname;
  size_t max_role_tokens = 1;
  std::unordered_set<std::string> org_words;  // org_words.txt, lower case
  // demonyms.tsv: key of a word or its plural -> country; plurals also in
  // `peoples` ("Serbs" are a people, "Serb" also an adjective).
  std::unordered_map<std::string, std::string> demonyms;
  std::unordered_set<std::string> peoples;
  // The first word of every name key: a span whose first token's key does
  // not start with one of these names nothing, and is not looked up.
  // Bit filters (8 KB each) of the first words of every name and role key:
  // most spans start with a word that begins none, and are not looked up.
  static constexpr size_t kFilterBits = size_t{1} << 16;
  std::vector<uint64_t> first_words = std::vector<uint64_t>(kFilterBits / 64);
  std::vector<uint64_t> role_first = std::vector<uint64_t>(kFilterBits / 64);
  static size_t FirstWordBit(std::string_view key) {
    return static_cast<size_t>(HashString(key.substr(0, key.find(' '))) >> 48);
  }
  static void Set(std::vector<uint64_t>* f, std::string_view key) {
    size_t b = FirstWordBit(key);
    (*f)[b / 64] |= uint64_t{1} << (b % 64);
  }
  static bool Test(const std::vector<uint64_t>& f, std::string_view key) {
    size_t b = FirstWordBit(key);
    return (f[b / 64] >> (b % 64)) & 1;
  }
  bool MayStartName(std::string_view token_key) const { return Test(first_words, token_key); }
  bool MayStartRole(std::string_view token_key) const { return Test(role_first, token_key); }
};

struct ActorCoder::Workspace {
  geo::NameKeyer keyer;
  std::string key;
  std::vector<std::string> lemma_key;  // per token, filled on demand
  std::vector<uint8_t> lemma_done;
  std::unique_ptr<ner::Workspace> ner;
  std::vector<ner::Entity> names;
};

void ActorCoder::WorkspaceDeleter::operator()(Workspace* w) const { delete w; }
ActorCoder::~ActorCoder() = default;
ActorCoder::WorkspacePtr ActorCoder::NewWorkspace() const {
  WorkspacePtr ws(new Workspace());
  if (ner_) ws->ner = ner_->NewWorkspace();
  return ws;
}
size_t ActorCoder::num_names() const { return data_->names.size(); }

Result<std::unique_ptr<ActorCoder>> ActorCoder::Load(const ActorOptions& options) {
  std::unique_ptr<ActorCoder> c(new ActorCoder());
  c->data_ = std::make_unique<Data>();
  Data& d = *c->data_;
  auto gaz = geo::Gazetteer::Open(options.gazetteer);
  if (!gaz.ok()) return gaz.status();
  c->gaz_ = std::move(gaz.value());
  if (options.use_ner) {
    std::string path =
        options.ner_model.empty() ? DefaultModelDir() + "/en_uner.ner" : options.ner_model;
    auto ner = ner::Ner::Load(path);
    if (!ner.ok()) return ner.status();
    c->ner_ = std::make_unique<ner::Ner>(std::move(ner.value()));
  }
  std::string dir = options.data_dir.empty() ? DefaultActorDataDir() : options.data_dir;
  std::string key;
  auto add_name = [&](std::string_view name, const Named& n) {
    name = TrimSpaces(name);
    if (!d.keyer.Key(name, &key)) return;
    d.names[key].push_back(n);
    // A short all-caps alias ("WHO", "IS", "CARE") names the entry only
    // when written in capitals (data/actors/README.md).
    size_t letters = 0;
    bool caps = true;
    for (char ch : name) {
      if (ch >= 'a' && ch <= 'z') caps = false;
      letters += (ch >= 'A' && ch <= 'Z');
    }
    if (caps && letters >= 1 && letters <= 5) d.names[key].back().caps_only = true;
  };
  auto add_all = [&](std::string_view name, std::string_view aliases, const Named& n) {
    add_name(name, n);
    if (TrimSpaces(aliases).empty()) return;
    for (std::string_view a : SplitFields(aliases, '|')) {
      if (!TrimSpaces(a).empty()) add_name(a, n);
    }
  };
  SITREP_RETURN_IF_ERROR(ForEachTsvRow(
      dir + "/roles.tsv", 5, "lemma sector acled_inter kind source",
      [&](const std::vector<std::string_view>& f, const std::string& where) -> Status {
        SITREP_RETURN_IF_ERROR(CheckCode(where, "", TrimSpaces(f[1])));
        if (!d.keyer.Key(TrimSpaces(f[0]), &key)) return Status::Ok();
        d.roles[key] =
            Role{std::string(TrimSpaces(f[1])), ParseInter(f[2]), TrimSpaces(f[3]) == "person"};
        d.max_role_tokens = std::max<size_t>(
            d.max_role_tokens, static_cast<size_t>(std::count(key.begin(), key.end(), ' ') + 1));
        return Status::Ok();
      }));
  SITREP_RETURN_IF_ERROR(ForEachTsvRow(
      dir + "/people.tsv", 9,
      "name aliases country sector role acled_inter valid_from valid_to source",
      [&](const std::vector<std::string_view>& f, const std::string& where) -> Status {
        SITREP_RETURN_IF_ERROR(CheckCode(where, TrimSpaces(f[2]), TrimSpaces(f[3])));
        Named n;
        n.kind = Named::kPerson;
        n.code = {std::string(TrimSpaces(f[0])), std::string(TrimSpaces(f[2])),
                  std::string(TrimSpaces(f[3])), ParseInter(f[5])};
        n.role = std::string(TrimSpaces(f[4]));
        n.from = std::string(TrimSpaces(f[6]));
        n.to = std::string(TrimSpaces(f[7]));
        d.people.push_back(n);
        // The surname alone is a name only where the table lists it as an
        // alias ("Putin"; not "May", "Rice"); after the full name, Code()
        // ties a bare surname to that person whatever the tables say.
        add_all(f[0], f[1], n);
        return Status::Ok();
      }));
  SITREP_RETURN_IF_ERROR(ForEachTsvRow(
      dir + "/organisations.tsv", 7, "name aliases type country sector acled_inter source",
      [&](const std::vector<std::string_view>& f, const std::string& where) -> Status {
        SITREP_RETURN_IF_ERROR(CheckCode(where, TrimSpaces(f[3]), TrimSpaces(f[4])));
        Named n;
        n.kind = Named::kOrganisation;
        n.code = {std::string(TrimSpaces(f[0])), std::string(TrimSpaces(f[3])),
                  std::string(TrimSpaces(f[4])), ParseInter(f[5])};
        add_all(f[0], f[1], n);
        return Status::Ok();
      }));
  SITREP_RETURN_IF_ERROR(ForEachTsvRow(
      dir + "/demonyms.tsv", 4, "word country plural source",
      [&](const std::vector<std::string_view>& f, const std::string& where) -> Status {
        std::string country(TrimSpaces(f[1]));
        if (country.size() != 3) {
          return Status::Corrupt(where + "country '" + country + "' is not ISO alpha-3");
        }
        std::string_view word = TrimSpaces(f[0]), plural = TrimSpaces(f[2]);
        if (d.keyer.Key(word, &key)) d.demonyms[key] = country;
        std::string pl = plural.empty() ? std::string(word) + "s" : std::string(plural);
        if (plural != "-" && d.keyer.Key(pl, &key)) {
          d.demonyms[key] = country;
          d.peoples.insert(key);
        }
        return Status::Ok();
      }));
  SITREP_RETURN_IF_ERROR(
      ForEachLine(dir + "/org_words.txt", [&](std::string_view line, size_t) -> Status {
        line = TrimSpaces(line);
        if (line.empty() || line[0] == '#') return Status::Ok();
        d.org_words.insert(Lower(line));
        return Status::Ok();
      }));
  SITREP_RETURN_IF_ERROR(ForEachTsvRow(
      dir + "/metonyms.tsv", 5, "name aliases country sector source",
      [&](const std::vector<std::string_view>& f, const std::string& where) -> Status {
        SITREP_RETURN_IF_ERROR(CheckCode(where, TrimSpaces(f[2]), TrimSpaces(f[3])));
        Named n;
        n.kind = Named::kMetonym;
        n.code = {std::string(TrimSpaces(f[0])), std::string(TrimSpaces(f[2])),
                  std::string(TrimSpaces(f[3])), 0};
        add_all(f[0], f[1], n);
        return Status::Ok();
      }));
  for (size_t i = 0; i < d.people.size(); ++i) {
    std::string_view full = d.people[i].code.name;
    size_t sp = full.rfind(' ');
    if (sp != std::string_view::npos && d.keyer.Key(full.substr(sp + 1), &key)) {
      d.people_by_surname[key].push_back(i);
    }
  }
  for (const auto& [k, v] : d.names) Data::Set(&d.first_words, k);
  for (const auto& [k, v] : d.roles) {
    // Also the plural the lemmatizer may keep ("troops" for "troop").
    Data::Set(&d.role_first, k);
    Data::Set(&d.role_first, k.substr(0, k.find(' ')) + "s");
  }
  return c;
}

namespace {

bool ValidOn(const Named& n, const std::string& day);
bool InTerm(const Named& n, const std::string& day);

bool IsDeprel(const Doc& doc, size_t t, std::string_view name) {
  return DeprelName(doc.deprel(t)) == name;
}

// Token index of t's head within the Doc, or SIZE_MAX for the root.
size_t HeadOf(const Doc& doc, size_t sb, size_t t) {
  int32_t h = doc.head(t);
  return h <= 0 ? SIZE_MAX : sb + static_cast<size_t>(h) - 1;
}

}  // namespace

std::vector<ActorMention> ActorCoder::Code(const Doc& doc, Workspace* ws) const {
  const Data& d = *data_;
  const geo::Gazetteer& gz = *gaz_;
  const std::string& text = doc.text();
  std::vector<ActorMention> out;
  auto span_text = [&](size_t b, size_t e) {
    return text.substr(doc.token_begin(b), doc.token_end(e - 1) - doc.token_begin(b));
  };
  auto key_of = [&](size_t b, size_t e) -> const std::string& {
    ws->keyer.Key(std::string_view(text).substr(doc.token_begin(b),
                                                doc.token_end(e - 1) - doc.token_begin(b)),
                  &ws->key);
    return ws->key;
  };
  // What tokens [b, e) name, from one gazetteer lookup: a country (by its
  // name or demonym) and, failing that, the country of a big place in it.
  struct CountryHit {
    std::string country, place;
  };
  auto hit_of = [&](size_t b, size_t e) -> CountryHit {
    CountryHit h;
    // Country names, demonyms and places are written with a capital.
    if (doc.form(b).empty() || !IsUpper(doc.form(b)[0])) return h;
    if (e == b + 1) {
      auto dm = d.demonyms.find(key_of(b, e));
      if (dm != d.demonyms.end()) {
        h.country = dm->second;
        return h;
      }
    }
    for (const geo::Posting& p : gz.Lookup(key_of(b, e))) {
      auto kind = static_cast<geo::NameKind>(p.kind);
      auto f = gz.feature(p.entry);
      if (kind == geo::NameKind::kAlternate) continue;
      if (kind == geo::NameKind::kAbbrev) {
        bool caps = true;
        for (size_t t = b; t < e; ++t) caps &= !doc.form(t).empty() && IsUpper(doc.form(t)[0]);
        if (!caps) continue;
      }
      if (f == geo::Feature::kCountry) {
        h.country = gz.country(p.entry);
        return h;
      }
      // A place stands for its country only when it is big enough to be read
      // that way ("Tokyo", "Texas"), not a small town that shares a surname
      // ("Obama", Fukui).
      bool big = f == geo::Feature::kAdmin1 || f == geo::Feature::kRegion ||
                 (f == geo::Feature::kCity && gz.entry(p.entry).population >= 200000);
      if (h.place.empty() && big) h.place = gz.country(p.entry);
    }
    return h;
  };
  auto country_of = [&](size_t b, size_t e, bool places_too) -> std::string {
    CountryHit h = hit_of(b, e);
    return !h.country.empty() || !places_too ? h.country : h.place;
  };
  // The longest country name (up to 4 tokens) starting at each token, found
  // once for the passes below: `name` counts country names and demonyms
  // only, `any` also big places that stand for their country. Longest first,
  // so "Ivory Coast" is not Kenya's Coast province.
  struct Longest {
    std::string name, any;
    uint32_t name_end = 0, any_end = 0;
  };
  std::vector<Longest> longest(doc.num_tokens());
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    size_t se = doc.sentence_end(s);
    for (size_t t = doc.sentence_first(s); t < se; ++t) {
      if (doc.form(t).empty() || !IsUpper(doc.form(t)[0])) continue;
      Longest& l = longest[t];
      // Names run over capitalized words and joiners ("Bosnia and
      // Herzegovina", "Guinea - Bissau"); no longer n-gram is looked up.
      size_t run = t + 1;
      while (run < std::min(se, t + 4)) {
        std::string_view w = doc.form(run);
        bool joiner = w == "and" || w == "of" || w == "the" || w == "-" || w == "'s";
        if (!joiner && (w.empty() || !IsUpper(w[0]))) break;
        ++run;
      }
      for (size_t j = run; j > t && (l.name.empty() || l.any.empty()); --j) {
        if (doc.upos(j - 1) == Upos::kPunct) continue;  // "Belarus-" of "Belarus-Ukraine"
        CountryHit h = hit_of(t, j);
        if (l.name.empty() && !h.country.empty()) {
          l.name = h.country;
          l.name_end = static_cast<uint32_t>(j);
        }
        std::string any = !h.country.empty() ? h.country : h.place;
        if (l.any.empty() && !any.empty()) {
          l.any = any;
          l.any_end = static_cast<uint32_t>(j);
        }
      }
    }
  }
  // The country named by the longest n-gram (up to 4 tokens) starting at
  // some token of [b, e): "Ivory Coast rebels" -> CIV. `next` receives the
  // token after the match.
  auto country_in = [&](size_t b, size_t e, bool places_too, size_t* next) -> std::string {
    for (size_t i = b; i < e; ++i) {
      for (size_t j = std::min(e, i + 4); j > i; --j) {
        std::string c = country_of(i, j, places_too);
        if (c.empty()) continue;
        if (next) *next = j;
        return c;
      }
    }
    return "";
  };
  // Each token's lemma key, computed once ("troop", "prime", "minister").
  ws->lemma_key.assign(doc.num_tokens(), std::string());
  ws->lemma_done.assign(doc.num_tokens(), 0);
  auto lemma_key = [&](size_t x) -> const std::string& {
    if (!ws->lemma_done[x]) {
      ws->lemma_done[x] = 1;
      ws->keyer.Key(doc.lemma(x).empty() ? doc.form(x) : doc.lemma(x), &ws->lemma_key[x]);
    }
    return ws->lemma_key[x];
  };
  // The role whose lemma key is tokens [b, e) ("prime minister"), or nullptr.
  auto role_of_span = [&](size_t b, size_t e) -> const Role* {
    // Role nouns, not verbs ("Jakarta forced ..." is not a force).
    if (doc.upos(e - 1) == Upos::kVerb &&
        (doc.form(e - 1).ends_with("ed") || doc.form(e - 1).ends_with("ing"))) {
      return nullptr;
    }
    if (!d.MayStartRole(lemma_key(b))) return nullptr;
    std::string& k = ws->key;
    k.clear();
    for (size_t x = b; x < e; ++x) {
      const std::string& l = lemma_key(x);
      if (l.empty()) return nullptr;
      if (!k.empty()) k += ' ';
      k += l;
    }
    auto r = d.roles.find(k);
    // The lemmatizer keeps some plurals ("troops"): try the singular.
    if (r == d.roles.end() && k.size() > 3 && k.back() == 's') {
      k.pop_back();
      r = d.roles.find(k);
    }
    return r == d.roles.end() ? nullptr : &r->second;
  };
  // A capitalized proper noun that is not a title word: part of a name.
  auto name_word = [&](size_t t) {
    return doc.upos(t) == Upos::kPropn && !doc.form(t).empty() && IsUpper(doc.form(t)[0]) &&
           !role_of_span(t, t + 1);
  };
  // The candidate tokens [b, e) name. A person must hold the office on the
  // document's date (undated documents take any term; the open-ended one
  // first); a short all-caps alias must be written in capitals.
  auto pick = [&](const std::vector<Named>& cands, size_t b, size_t e) -> const Named* {
    const Named* best = nullptr;
    bool all_caps = true;
    for (size_t x = b; x < e; ++x) {
      for (char ch : doc.form(x)) all_caps &= !(ch >= 'a' && ch <= 'z');
    }
    for (const Named& n : cands) {
      if (n.caps_only && !all_caps) continue;
      if (n.kind == Named::kPerson && !doc.published.empty() &&
          !InTerm(n, doc.published.substr(0, 10))) {
        continue;
      }
      // Several terms fit (an undated document): the open-ended one, else
      // the latest ("Yasser Arafat" as Palestinian president, not PLO chief).
      if (!best || (best->kind == Named::kPerson && n.kind == Named::kPerson && !best->to.empty() &&
                    (n.to.empty() || n.from > best->from))) {
        best = &n;
      }
    }
    return best;
  };

  std::vector<uint8_t> covered(doc.num_tokens(), 0);
  // Names the recognizer (and the tables) find: the entity index per token.
  std::vector<int32_t> name_at(doc.num_tokens(), -1);
  if (ner_) {
    ner_->Tag(doc, ws->ner.get(), &ws->names);
    RefineNames(doc, ws, &ws->names);
    for (size_t k = 0; k < ws->names.size(); ++k) {
      for (size_t x = ws->names[k].token_begin; x < ws->names[k].token_end; ++x) {
        name_at[x] = static_cast<int32_t>(k);
      }
    }
  }
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    size_t sb = doc.sentence_first(s), se = doc.sentence_end(s);
    // Surface pattern first, independent of the parse (titles often parse
    // badly): [country or demonym] Title+ Name+ -- "Russian President Boris
    // Yeltsin", "German Foreign Minister Oskar Fischer", "President Obama".
    for (size_t i = sb; i < se;) {
      size_t t = i;
      std::string country;
      const Named* org = nullptr;  // "Arab League Secretary-General X"
      if (t < se && !doc.form(t).empty() && IsUpper(doc.form(t)[0])) {
        country = country_of(t, t + 1, false);
        if (!country.empty()) {
          ++t;
        } else {
          bool may = d.MayStartName(key_of(t, t + 1));
          for (size_t j = std::min(se, t + 6); may && j > t && !org; --j) {
            if (doc.form(j - 1).empty() || !IsUpper(doc.form(j - 1)[0])) continue;
            auto it = d.names.find(key_of(t, j));
            if (it == d.names.end()) continue;
            for (const Named& n : it->second) {
              if (n.kind == Named::kPerson || n.code.country.empty()) continue;
              org = &n;
              country = n.code.country;
              t = j;
              break;
            }
          }
        }
        if (!country.empty() && t < se && doc.form(t) == "'s") ++t;
        // "Vietnamese-led forces", "Saudi-led coalition": the leading country.
        if (!country.empty() && t + 1 < se && doc.form(t) == "-" && doc.form(t + 1) == "led") {
          t += 2;
        }
      }
      // Up to two adjectives before the title ("Lebanon's new President",
      // "Ousted President"); a former office holder is no longer the office.
      bool former = false;
      // ("Jordan's visiting King", "Ousted President" as adjectives or
      // participles).
      // A participle only after a possessive ("Jordan's visiting King") or
      // opening the sentence ("Ousted President"): elsewhere it is the verb
      // ("Britain mobilized army reservists").
      bool participle_ok = (t > i && doc.form(t - 1) == "'s") || t == sb;
      auto adjective = [&](size_t x) {
        return doc.upos(x) == Upos::kAdj ||
               (participle_ok && doc.upos(x) == Upos::kVerb &&
                (doc.form(x).ends_with("ing") || doc.form(x).ends_with("ed")));
      };
      for (int k = 0; k < 2 && t + 1 < se && adjective(t) && !role_of_span(t, t + 1); ++k) {
        former |= IsFormerWord(doc.form(t));
        ++t;
      }
      if (t > i && country.empty() && !IsUpper(doc.form(i)[0])) {
        ++i;  // a title pattern starts with a capital
        continue;
      }
      // The longest title made of capitalized role words (any case after a
      // country: "U.S. official", "French warships").
      size_t title_end = t;
      const Role* role = nullptr;
      // "Vice Foreign Minister", "Deputy Prime Minister": the office's rank.
      size_t rb = t;
      if (t + 1 < se && IsRankWord(doc.form(t)) && !role_of_span(t, t + 2)) rb = t + 1;
      for (size_t j = std::min(se, rb + d.max_role_tokens); j > rb; --j) {
        bool caps = true;
        for (size_t x = rb; x < j; ++x) caps &= !doc.form(x).empty() && IsUpper(doc.form(x)[0]);
        if (!caps && country.empty()) continue;
        if ((role = role_of_span(rb, j)) != nullptr) {
          title_end = j;
          break;
        }
      }
      // A compound of roles is its last one ("Algerian government forces",
      // "U.S. army officers").
      while (role && !country.empty() && title_end < se && !doc.form(title_end).empty() &&
             !IsUpper(doc.form(title_end)[0])) {
        const Role* next = role_of_span(title_end, title_end + 1);
        if (!next) break;
        role = next;
        ++title_end;
      }
      // A group or body noun followed by a capitalized word is part of a
      // name ("Afghan National Army", "Sudan People's Liberation Army").
      if (role && !role->person && title_end < se &&
          ((!doc.form(title_end).empty() && IsUpper(doc.form(title_end)[0])) ||
           doc.form(title_end) == "'s")) {
        role = nullptr;
      }
      size_t name_end = title_end;
      while (role && name_end < se && doc.upos(name_end) == Upos::kPropn &&
             !doc.form(name_end).empty() && IsUpper(doc.form(name_end)[0]) &&
             !role_of_span(name_end, name_end + 1)) {
        ++name_end;
      }
      // A regnal number ("King Abdullah II").
      if (name_end > title_end && name_end < se && IsRomanNumeral(doc.form(name_end))) {
        ++name_end;
      }
      if (role && name_end == title_end && !country.empty()) {
        // A group: "Russian troops", "U.S. officials".
        ActorMention g;
        g.token_begin = static_cast<uint32_t>(i);
        g.token_end = static_cast<uint32_t>(title_end);
        g.head = static_cast<uint32_t>(title_end - 1);
        g.code = {"", country, role->sector, role->acled_inter};
        g.how = "role";
        g.text = span_text(i, title_end);
        g.code.name = g.text;
        for (size_t x = i; x < title_end; ++x) covered[x] = 1;
        // "Ukrainian and Russian officials": the coordinated demonyms before
        // are actors of the same kind, one per country.
        for (size_t k = i; k >= sb + 2;) {
          std::string_view sep = doc.form(k - 1);
          if (sep != "and" && sep != "," && sep != "or") break;
          std::string c = country_of(k - 2, k - 1, false);
          if (c.empty()) break;
          ActorMention o = g;
          o.token_begin = static_cast<uint32_t>(k - 2);
          o.token_end = static_cast<uint32_t>(k - 1);
          o.head = o.token_begin;
          o.code.country = c;
          o.text = span_text(k - 2, k - 1);
          o.code.name = o.text;
          covered[k - 2] = 1;
          out.push_back(std::move(o));
          k -= 2;
        }
        out.push_back(std::move(g));
        i = title_end;
        continue;
      }
      if (!role || name_end == title_end) {
        ++i;
        continue;
      }
      ActorMention m;
      m.token_begin = static_cast<uint32_t>(i);
      m.head = static_cast<uint32_t>(name_end - 1);
      // A known person by name (the row of the office the title names, when
      // the tables list several), else the title's sector and the country.
      const Named* named = nullptr;
      for (size_t x = title_end; x < name_end && !named; ++x) {
        auto it = d.names.find(key_of(x, name_end));
        if (it == d.names.end()) continue;
        named = pick(it->second, x, name_end);
        if (named && named->kind == Named::kPerson) {
          std::string title = key_of(rb, title_end), office;
          for (const Named& n : it->second) {
            if (n.kind != Named::kPerson || n.code.name != named->code.name) continue;
            ws->keyer.Key(n.role, &office);
            bool same = office.size() >= title.size() &&
                        office.compare(office.size() - title.size(), title.size(), title) == 0;
            if (same && (doc.published.empty() || ValidOn(n, doc.published.substr(0, 10)))) {
              named = &n;
              break;
            }
          }
        }
      }
      // A title and a surname the tables keep only with the full name
      // ("President Bush", "Prime Minister Thatcher"): a person of that
      // surname who held that office (on the document's date; undated, the
      // latest).
      if (!named && name_end == title_end + 1) {
        auto it = d.people_by_surname.find(key_of(title_end, name_end));
        if (it != d.people_by_surname.end()) {
          std::string title = key_of(rb, title_end), office;
          std::string day = doc.published.size() >= 10 ? doc.published.substr(0, 10) : "";
          // In office on the date first; failing that, whoever held the
          // office (the text's title says which office; the person's
          // country stands).
          for (int pass = 0; pass < 2 && !named; ++pass) {
            for (size_t pi : it->second) {
              const Named& n = d.people[pi];
              ws->keyer.Key(n.role, &office);
              bool same = office.size() >= title.size() &&
                          office.compare(office.size() - title.size(), title.size(), title) == 0;
              if (!same || (pass == 0 && !day.empty() && !InTerm(n, day))) continue;
              if (!named || n.from > named->from) named = &n;
            }
          }
        }
      }
      // "King Hassan of Morocco": the country after the name.
      if (country.empty() && name_end + 1 < se && doc.form(name_end) == "of") {
        std::string c = country_of(name_end + 1, name_end + 2, false);
        if (!c.empty()) {
          country = c;
          name_end += 2;
        }
      }
      m.token_end = static_cast<uint32_t>(name_end);
      if (named) {
        m.code = named->code;
        m.how = named->kind == Named::kPerson ? "person" : "organisation";
      } else {
        m.code.name = span_text(title_end, name_end);
        m.code.country = country;
        m.code.sector = role->sector;
        m.code.acled_inter = role->acled_inter;
        m.how = "person";
        // An armed group's or party's officer has the group's sector
        // ("Hamas official"); an IGO's keeps the title's.
        if (org && org->code.sector != "IGO" && !org->code.sector.empty()) {
          m.code.sector = org->code.sector;
          m.code.acled_inter = org->code.acled_inter;
        }
      }
      if (m.code.country.empty()) m.code.country = country;
      if (former) {  // CAMEO codes former office holders ELI: civilians here
        m.code.sector = "CVL";
        m.code.acled_inter = 7;
      }
      m.text = span_text(i, name_end);
      for (size_t x = i; x < name_end; ++x) covered[x] = 1;
      out.push_back(std::move(m));
      i = name_end;
    }
    // Noun-phrase heads: nouns and proper nouns that are not themselves
    // parts of a name or compound.
    for (size_t h = sb; h < se; ++h) {
      Upos u = doc.upos(h);
      if (u != Upos::kNoun && u != Upos::kPropn) continue;
      if (covered[h]) continue;
      if (IsDeprel(doc, h, "compound") || IsDeprel(doc, h, "flat") || IsDeprel(doc, h, "fixed")) {
        continue;
      }
      // Phrase span: the head and its left modifiers (det, amod, compound,
      // flat, nmod:poss, nummod) plus right flat/compound parts.
      size_t b = h, e = h + 1;
      std::vector<size_t> mods;
      for (size_t t = sb; t < se; ++t) {
        if (HeadOf(doc, sb, t) != h) continue;
        std::string_view rel = DeprelName(doc.deprel(t));
        bool inner = rel == "det" || rel == "amod" || rel == "compound" || rel == "flat" ||
                     rel == "nmod:poss" || rel == "nummod" || rel == "det:poss" ||
                     rel == "nmod:desc";
        if (!inner) continue;
        mods.push_back(t);
        b = std::min(b, t);
        e = std::max(e, t + 1);
        // Coordinated modifiers: "Hungarian and Romanian officials".
        for (size_t c = sb; c < se; ++c) {
          if (HeadOf(doc, sb, c) == t && IsDeprel(doc, c, "conj")) {
            mods.push_back(c);
            e = std::max(e, c + 1);
          }
        }
      }
      while (b < h && doc.upos(b) == Upos::kDet &&
             (doc.form(b) == "the" || doc.form(b) == "The" || doc.form(b) == "a")) {
        ++b;
      }
      ActorMention m;
      m.head = static_cast<uint32_t>(h);
      m.token_begin = static_cast<uint32_t>(b);
      m.token_end = static_cast<uint32_t>(e);
      // 1. A named actor inside the phrase (longest match), or one whose
      // first words the parse left outside it ("United | Nations
      // peacekeepers").
      const Named* named = nullptr;
      size_t named_end = 0;
      size_t from = b;
      while (from > sb && b - from < 3 && !covered[from - 1] && !doc.form(from - 1).empty() &&
             IsUpper(doc.form(from - 1)[0]) && doc.upos(from - 1) != Upos::kPunct) {
        --from;
      }
      auto cap = [&](size_t x) { return !doc.form(x).empty() && IsUpper(doc.form(x)[0]); };
      for (size_t i = from; i < e && !named; ++i) {
        // Names start with a capital or a particle and end with a capital.
        if (!cap(i) && !IsNameParticle(doc.form(i))) continue;
        if (!d.MayStartName(key_of(i, i + 1))) continue;
        for (size_t j = std::min(e, i + kMaxNameTokens); j > i; --j) {
          if (i < b && j <= b) continue;  // must reach into the phrase
          if (!cap(j - 1)) continue;
          auto it = d.names.find(key_of(i, j));
          if (it == d.names.end()) continue;
          named = pick(it->second, i, j);
          if (named) {
            named_end = j;
            b = std::min(b, i);
            m.token_begin = static_cast<uint32_t>(b);
            break;
          }
        }
      }
      // A table name the parse split ("Liberation Tigers | of Tamil Eelam"):
      // the whole name, as the tokens give it.
      if (!named && name_at[h] >= 0) {
        const ner::Entity& ne = ws->names[static_cast<size_t>(name_at[h])];
        if (ne.token_end - ne.token_begin > 1) {
          auto it = d.names.find(key_of(ne.token_begin, ne.token_end));
          if (it != d.names.end()) named = pick(it->second, ne.token_begin, ne.token_end);
          if (named) {
            b = std::min<size_t>(b, ne.token_begin);
            e = std::max<size_t>(e, ne.token_end);
            m.token_begin = static_cast<uint32_t>(b);
            m.token_end = static_cast<uint32_t>(e);
            named_end = ne.token_end;
            for (size_t x = ne.token_begin; x < ne.token_end; ++x) covered[x] = 1;
          }
        }
      }
      if (named) {
        m.code = named->code;
        m.how = named->kind == Named::kPerson         ? "person"
                : named->kind == Named::kOrganisation ? "organisation"
                                                      : "metonym";
        // A seat of power stands for its government only when it acts
        // ("Moscow said", "the Kremlin's offer"); "talks in Minsk" and "a video
        // from Bankova Street" are places.
        std::string_view rel = DeprelName(doc.deprel(h));
        bool acting = rel == "nsubj" || rel == "nsubj:pass" || rel == "nmod:poss" ||
                      rel == "obl:agent" || rel == "compound" || rel == "appos";
        // "an admission by Moscow": the agent of a noun.
        if (!acting && (rel == "nmod" || rel == "obl")) {
          for (size_t c = sb; c < h && !acting; ++c) {
            acting = HeadOf(doc, sb, c) == h && IsDeprel(doc, c, "case") && doc.form(c) == "by";
          }
        }
        if (named->kind == Named::kMetonym && !acting) {
          m.code.sector.clear();
          m.how = "country";
        }
      }
      // 2. A role noun at the head ("prime minister", "troops"), else a title
      // in front of a name ("Prime Minister Ryutaro Hashimoto").
      auto role_at = [&](size_t t) -> bool {
        for (size_t n = std::min<size_t>(d.max_role_tokens, t - b + 1); n >= 1; --n) {
          const Role* r = role_of_span(t + 1 - n, t + 1);
          if (!r) continue;
          // A capitalized group noun before a capital or "'s" is part of a
          // name ("Democratic People's Republic", "National Army").
          if (!r->person && IsUpper(doc.form(t)[0]) && t + 1 < se &&
              (doc.form(t + 1) == "'s" ||
               (!doc.form(t + 1).empty() && IsUpper(doc.form(t + 1)[0])))) {
            return false;
          }
          m.code.sector = r->sector;
          m.code.acled_inter = r->acled_inter;
          if (m.how.empty()) m.how = "role";
          return true;
        }
        return false;
      };
      // An IGO's people take their role's sector ("UN peacekeepers" MIL,
      // "NATO troops"); an armed group's keep the group's ("Hamas fighters").
      if (named && named->kind == Named::kOrganisation && named->code.sector == "IGO" &&
          h >= named_end) {
        role_at(h);
      }
      if (m.code.sector.empty() && !role_at(h) && u == Upos::kPropn) {
        for (auto it = mods.rbegin(); it != mods.rend(); ++it) {
          Upos mu = doc.upos(*it);
          if ((mu == Upos::kNoun || mu == Upos::kPropn) && role_at(*it)) break;
        }
      }
      // 3. Country: from the modifiers, "of X"/"from X", or the phrase itself.
      // "North Korea", "Ivory Coast rebels", "Russian troops", "Ukraine's forces".
      if (m.code.country.empty()) m.code.country = country_in(b, e, false, nullptr);
      if (m.code.country.empty()) {
        for (size_t t : mods) {
          std::string c = country_of(t, t + 1, false);
          if (!c.empty()) {
            m.code.country = c;
            break;
          }
        }
      }
      // "the army of Sudan", "rebels in the Ivory Coast", "troops from Chad":
      // the nmod's own words; not a direction ("tanks towards Lviv").
      if (m.code.country.empty()) {
        for (size_t t = h + 1; t < se && m.code.country.empty(); ++t) {
          if (HeadOf(doc, sb, t) != h || !IsDeprel(doc, t, "nmod")) continue;
          bool belongs = false;
          for (size_t c = h + 1; c < t; ++c) {
            std::string_view w = doc.form(c);
            belongs |= HeadOf(doc, sb, c) == t && IsDeprel(doc, c, "case") &&
                       (w == "of" || w == "in" || w == "from");
          }
          if (!belongs) continue;
          size_t nb = t;
          while (nb > h + 1 && HeadOf(doc, sb, nb - 1) == t && doc.upos(nb - 1) != Upos::kAdp) --nb;
          m.code.country = country_in(nb, t + 1, true, nullptr);
        }
      }
      if (m.code.country.empty() && u == Upos::kPropn) {
        m.code.country = country_of(b, e, true);
        if (!m.code.country.empty() && m.how.empty()) m.how = "country";
      }
      // A people named by its plural demonym ("Nigerians", "Iraqi Kurds",
      // "ethnic Albanians") are civilians of that country.
      if (m.code.sector.empty() && !m.code.country.empty() && doc.form(h).size() > 3 &&
          doc.form(h).back() == 's' && IsUpper(doc.form(h)[0])) {
        bool people = d.peoples.count(key_of(h, h + 1)) != 0;
        for (const geo::Posting& p : gz.Lookup(key_of(h, h + 1))) {
          people |= static_cast<geo::NameKind>(p.kind) == geo::NameKind::kDemonym;
        }
        if (people) {
          m.code.sector = "CVL";
          m.code.acled_inter = 7;
          m.how = "role";
          // A people where it lives ("Albanians in south Serbia"): that
          // country, as CAMEO codes ethnic groups.
          for (size_t t = h + 1; t < se; ++t) {
            if (HeadOf(doc, sb, t) != h || !IsDeprel(doc, t, "nmod")) continue;
            size_t nb = t;
            while (nb > h + 1 && HeadOf(doc, sb, nb - 1) == t && doc.upos(nb - 1) != Upos::kAdp) {
              --nb;
            }
            std::string c = country_in(nb, t + 1, true, nullptr);
            if (!c.empty()) m.code.country = c;
            break;
          }
        }
      }
      // A name the tables lack is a person or an organisation when the
      // recognizer says so ("Askar Akayev", "Islamic Salvation Front"), typed
      // by its phrase ("Russian blogger X") or an apposition ("X, commander of
      // the 3rd brigade"); a country name inside an organisation's name is
      // its country ("Kenya Anti-Corruption Commission").
      if (!named && name_at[h] >= 0 && (m.how.empty() || m.how == "role" || m.how == "country")) {
        const ner::Entity& ne = ws->names[static_cast<size_t>(name_at[h])];
        bool longer = ne.token_end - ne.token_begin > 1;
        if (ne.type == ner::EntityType::kPer && m.how != "country") {
          m.how = "person";
        } else if (ne.type == ner::EntityType::kOrg && (m.how != "country" || longer)) {
          m.how = "organisation";
        }
        if (m.how == "person" || m.how == "organisation") {
          m.code.name = span_text(ne.token_begin, ne.token_end);
          for (size_t t = h + 1; t < se; ++t) {
            if (HeadOf(doc, sb, t) != h || !IsDeprel(doc, t, "appos")) continue;
            if (const Role* r = role_of_span(t, t + 1)) {
              if (m.code.sector.empty()) {
                m.code.sector = r->sector;
                m.code.acled_inter = r->acled_inter;
              }
              if (m.code.country.empty()) {
                size_t ab = t, ae = t + 1;
                while (ae < se && HeadOf(doc, sb, ae) == t) ++ae;
                while (ab > h + 1 && HeadOf(doc, sb, ab - 1) == t) --ab;
                m.code.country = country_in(ab, ae, true, nullptr);
              }
            }
            break;
          }
        }
      }
      // A country alone makes an actor of a name ("Russia", "Tokyo"), not of
      // a common noun ("the streets of Kyiv", "his escape from Kyiv").
      if (m.how.empty() && !m.code.country.empty() && u == Upos::kPropn) m.how = "country";
      // "his Russian counterpart": resolved to a person by Resolve().
      if (m.how.empty() && !m.code.country.empty() && doc.lemma(h) == "counterpart") m.how = "role";
      // "Hungarian and Romanian officials": one more actor per further country
      // among coordinated modifiers, spanning its modifier.
      if (!m.how.empty() && mods.size() > 1) {
        for (size_t t : mods) {
          if (!IsDeprel(doc, t, "conj")) continue;
          std::string c = country_of(t, t + 1, false);
          if (c.empty() || c == m.code.country) continue;
          ActorMention extra = m;
          extra.token_begin = static_cast<uint32_t>(t);
          extra.token_end = static_cast<uint32_t>(t + 1);
          extra.code.country = c;
          extra.code.name.clear();
          extra.text = span_text(t, t + 1);
          extra.code.name = extra.text;
          extra.how = "country";
          out.push_back(std::move(extra));
        }
      }
      if (m.how.empty()) continue;  // not an actor we can say anything about
      m.text = span_text(m.token_begin, m.token_end);
      if (m.code.name.empty()) m.code.name = m.text;
      out.push_back(std::move(m));
    }
  }
  // Every country name is at least a GPE mention, whatever the parse made
  // of it ("Montenegro", "PRC").
  std::vector<uint8_t> in_mention(doc.num_tokens(), 0);
  for (const ActorMention& m : out) {
    for (size_t x = m.token_begin; x < m.token_end; ++x) in_mention[x] = 1;
  }
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    size_t se = doc.sentence_end(s);
    for (size_t t = doc.sentence_first(s); t < se; ++t) {
      const Longest& l = longest[t];
      if (in_mention[t] || l.name.empty()) continue;
      size_t j = l.name_end;
      bool free = true;
      for (size_t x = t; x < j; ++x) free &= !in_mention[x];
      if (!free) continue;
      // Demonyms modify something else ("Palestinian"); keep them too, as
      // the country's mention.
      ActorMention m;
      m.token_begin = static_cast<uint32_t>(t);
      m.token_end = static_cast<uint32_t>(j);
      m.head = static_cast<uint32_t>(j - 1);
      m.text = span_text(t, j);
      m.code = {m.text, l.name, "", 0};
      m.how = "country";
      for (size_t x = t; x < j; ++x) in_mention[x] = 1;
      out.push_back(std::move(m));
      t = j - 1;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ActorMention& a, const ActorMention& b) {
    return a.token_begin < b.token_begin;
  });
  // Local actors: a role or title without a country ("President Abdelaziz
  // Bouteflika", "the police") takes the country of its sentence when the
  // sentence names exactly one country.
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    size_t sb = doc.sentence_first(s), se = doc.sentence_end(s);
    std::string only;
    bool several = false;
    for (size_t t = sb; t < se && !several;) {
      const Longest& l = longest[t];
      if (!l.any.empty()) {
        if (!only.empty() && l.any != only) several = true;
        only = l.any;
      }
      t = l.any.empty() ? t + 1 : l.any_end;
    }
    if (only.empty() || several) continue;
    for (ActorMention& m : out) {
      if (m.token_begin < sb || m.token_begin >= se || !m.code.country.empty()) continue;
      // Unknown people and organisations too ("Alassane Ouattara", "NPFL").
      // Not armed forces: in a war the place is often the other side's
      // ("tanks were seen on the streets of Kyiv").
      if (m.how == "role" && m.code.sector == "MIL") continue;
      if (m.how == "role" || ((m.how == "person" || m.how == "organisation") &&
                              d.names.find(key_of(m.token_begin, m.token_end)) == d.names.end())) {
        m.code.country = only;
      }
    }
  }
  // A bare title right before a named person is part of that mention
  // ("President | Volodymyr Zelensky" when the parse splits them).
  std::vector<ActorMention> kept;
  for (size_t i = 0; i < out.size(); ++i) {
    bool title = out[i].how == "role" && i + 1 < out.size() && out[i + 1].how == "person" &&
                 out[i + 1].token_begin == out[i].token_end &&
                 (out[i].code.country.empty() || out[i].code.country == out[i + 1].code.country);
    if (title) {
      out[i + 1].token_begin = out[i].token_begin;
      out[i + 1].text = span_text(out[i + 1].token_begin, out[i + 1].token_end);
      continue;
    }
    kept.push_back(std::move(out[i]));
  }
  // The dateline names where the story was filed from, not an actor
  // ("KHARTOUM (Reuters) -").
  if (size_t dl = DatelineTokens(doc); dl > 0) {
    kept.erase(std::remove_if(kept.begin(), kept.end(),
                              [&](const ActorMention& m) { return m.token_end <= dl; }),
               kept.end());
  }
  // A surname alone after the full name is that person ("General Michel
  // Aoun ... Aoun controls"), whatever else the tables know by that surname.
  std::unordered_map<std::string, ActorCode> by_surname;
  std::vector<uint8_t> in_kept(doc.num_tokens(), 0);
  for (const ActorMention& m : kept) {
    for (size_t x = m.token_begin; x < m.token_end; ++x) in_kept[x] = 1;
  }
  const auto& lower = Lower;
  std::vector<uint32_t> sentence_of(doc.num_tokens(), 0);
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    for (size_t t = doc.sentence_first(s); t < doc.sentence_end(s); ++t) {
      sentence_of[t] = static_cast<uint32_t>(s);
    }
  }
  auto alone = [&](size_t t) {  // t is a name word with no name word beside it
    size_t sb = doc.sentence_first(sentence_of[t]), se = doc.sentence_end(sentence_of[t]);
    return name_word(t) && !(t > sb && name_word(t - 1)) && !(t + 1 < se && name_word(t + 1));
  };
  std::vector<ActorMention> added;
  size_t next = 0;
  for (size_t t = 0; t < doc.num_tokens(); ++t) {
    for (; next < kept.size() && kept[next].token_begin <= t; ++next) {
      ActorMention& m = kept[next];
      if (m.how != "person") continue;
      for (size_t x = m.token_begin; x < m.token_end; ++x) {
        auto it = by_surname.find(lower(doc.form(x)));
        if (it != by_surname.end() && it->second.name != m.code.name && alone(x)) {
          m.code = it->second;
          break;
        }
      }
      std::string_view name = m.code.name;
      size_t sp = name.rfind(' ');
      if (sp != std::string_view::npos) by_surname[lower(name.substr(sp + 1))] = m.code;
    }
    if (in_kept[t] || doc.upos(t) != Upos::kPropn) continue;
    auto it = by_surname.find(lower(doc.form(t)));
    if (it == by_surname.end() || !alone(t)) continue;
    ActorMention m;
    m.token_begin = m.head = static_cast<uint32_t>(t);
    m.token_end = static_cast<uint32_t>(t + 1);
    m.text = std::string(doc.form(t));
    m.code = it->second;
    m.how = "person";
    added.push_back(std::move(m));
  }
  if (!added.empty()) {
    kept.insert(kept.end(), added.begin(), added.end());
    std::stable_sort(kept.begin(), kept.end(), [](const ActorMention& a, const ActorMention& b) {
      return a.token_begin < b.token_begin;
    });
  }
  return kept;
}

void ActorCoder::RefineNames(const Doc& doc, Workspace* ws, std::vector<ner::Entity>* names) const {
  const Data& d = *data_;
  std::vector<ner::Entity> found;
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    size_t sb = doc.sentence_first(s), se = doc.sentence_end(s);
    for (size_t i = sb; i < se;) {
      size_t best_end = 0;
      ner::EntityType type = ner::EntityType::kOrg;
      // A name starts with a capital or a name particle ("al-Qaeda") and
      // ends with a capital ("Liberation Tigers of Tamil Eelam").
      auto cap = [&](size_t x) { return !doc.form(x).empty() && IsUpper(doc.form(x)[0]); };
      if (!cap(i) && !IsNameParticle(doc.form(i))) {
        ++i;
        continue;
      }
      {
        std::string_view f = doc.form(i);
        ws->keyer.Key(f, &ws->key);
        if (!d.MayStartName(ws->key)) {
          ++i;
          continue;
        }
      }
      for (size_t j = std::min(se, i + kMaxNameTokens); j > i && !best_end; --j) {
        if (!cap(j - 1)) continue;
        std::string_view text =
            std::string_view(doc.text())
                .substr(doc.token_begin(i), doc.token_end(j - 1) - doc.token_begin(i));
        ws->keyer.Key(text, &ws->key);
        auto it = d.names.find(ws->key);
        if (it == d.names.end()) continue;
        bool all_caps = true;
        for (char ch : text) all_caps &= !(ch >= 'a' && ch <= 'z');
        for (const Named& n : it->second) {
          if (n.caps_only && !all_caps) continue;
          if (n.kind == Named::kMetonym) {
            bool city = false;
            for (const geo::Posting& p : gaz_->Lookup(ws->key)) {
              geo::Feature f = gaz_->feature(p.entry);
              city |= f == geo::Feature::kCity || f == geo::Feature::kCountry ||
                      f == geo::Feature::kAdmin1;
            }
            if (city) continue;
          }
          type = n.kind == Named::kPerson ? ner::EntityType::kPer : ner::EntityType::kOrg;
          best_end = j;
          break;
        }
      }
      if (!best_end) {
        ++i;
        continue;
      }
      found.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(best_end), type, 1.0f});
      i = best_end;
    }
  }
  // A run of capitalized words ending in an organisation word
  // (org_words.txt): "Islamic Salvation Front", "Goldman Sachs Credit Risk
  // Management & Advisory". Joined by "of", "for", "and", "&", "the".
  {
    std::vector<uint8_t> taken(doc.num_tokens(), 0);
    for (const ner::Entity& e : found) {
      for (size_t x = e.token_begin; x < e.token_end; ++x) taken[x] = 1;
    }
    auto cap = [&](size_t x) { return !doc.form(x).empty() && IsUpper(doc.form(x)[0]); };
    auto joiner = [&](std::string_view w) {
      return w == "of" || w == "for" || w == "and" || w == "&" || w == "the" || w == "on";
    };
    std::string last;
    size_t before = found.size();
    for (size_t s = 0; s < doc.num_sentences(); ++s) {
      size_t sb = doc.sentence_first(s), se = doc.sentence_end(s);
      for (size_t i = sb; i < se;) {
        if (!cap(i) || taken[i] || (i == sb && (doc.form(i) == "The" || doc.form(i) == "A"))) {
          ++i;
          continue;
        }
        size_t e = i + 1, end = 0;
        while (e < se && !taken[e]) {
          if (cap(e)) {
            ++e;
          } else if (joiner(doc.form(e)) && e + 1 < se && cap(e + 1)) {
            e += 2;
          } else {
            break;
          }
        }
        // The longest prefix of the run that ends in an organisation word.
        for (size_t j = e; j > i + 1 && !end; --j) {
          std::string_view w = doc.form(j - 1);
          if (w.size() > 1 && w.back() == '.') w.remove_suffix(1);
          tag::AsciiLower(w, &last);
          if (d.org_words.count(last) && cap(j - 1)) end = j;
        }
        if (end) {
          found.push_back(
              {static_cast<uint32_t>(i), static_cast<uint32_t>(end), ner::EntityType::kOrg, 1.0f});
        }
        i = end ? end : e;
      }
    }
    if (found.size() != before) {
      std::sort(found.begin(), found.end(), [](const ner::Entity& a, const ner::Entity& b) {
        return a.token_begin < b.token_begin;
      });
    }
  }
  // Month and weekday names are dates, never names ("February").
  names->erase(std::remove_if(names->begin(), names->end(),
                              [&](const ner::Entity& e) {
                                return e.token_end == e.token_begin + 1 &&
                                       IsCalendarWord(doc.form(e.token_begin));
                              }),
               names->end());
  // Countries, provinces, regions, waters and big cities the recognizer left
  // out ("Darfur", "Europe", "New Zealand"), where it found nothing or only
  // pieces ("Ivano | - | Frankivsk").
  std::vector<uint8_t> named(doc.num_tokens(), 0);
  std::vector<uint32_t> model_begin(doc.num_tokens()), model_end(doc.num_tokens());
  for (const ner::Entity& e : *names) {
    for (size_t x = e.token_begin; x < e.token_end; ++x) {
      named[x] = 1;
      model_begin[x] = e.token_begin;
      model_end[x] = e.token_end;
    }
  }
  for (const ner::Entity& e : found) {
    for (size_t x = e.token_begin; x < e.token_end; ++x) named[x] = 2;
  }
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    size_t sb = doc.sentence_first(s), se = doc.sentence_end(s);
    for (size_t i = sb; i < se; ++i) {
      if (named[i] == 2 || doc.upos(i) != Upos::kPropn || doc.form(i).empty() ||
          !IsUpper(doc.form(i)[0])) {
        continue;
      }
      for (size_t j = std::min(se, i + 4); j > i; --j) {
        bool free = doc.upos(j - 1) == Upos::kPropn, pieces = false;
        for (size_t x = i; x < j && free; ++x) {
          free = named[x] != 2 &&
                 (doc.upos(x) == Upos::kPropn || (x > i && x + 1 < j && doc.form(x) == "-"));
          if (named[x] == 1) {
            pieces = true;
            free &= model_begin[x] >= i && model_end[x] <= j;
          }
        }
        if (!free || (pieces && j - i < 2)) continue;
        std::string_view text =
            std::string_view(doc.text())
                .substr(doc.token_begin(i), doc.token_end(j - 1) - doc.token_begin(i));
        ws->keyer.Key(text, &ws->key);
        bool place = false;
        for (const geo::Posting& p : gaz_->Lookup(ws->key)) {
          auto kind = static_cast<geo::NameKind>(p.kind);
          if (kind == geo::NameKind::kAlternate || kind == geo::NameKind::kDemonym ||
              kind == geo::NameKind::kAbbrev) {
            continue;
          }
          geo::Feature f = gaz_->feature(p.entry);
          place |= f == geo::Feature::kCountry || f == geo::Feature::kAdmin1 ||
                   f == geo::Feature::kRegion || f == geo::Feature::kWater ||
                   (f == geo::Feature::kCity && gaz_->entry(p.entry).population >= 100000);
        }
        if (!place) continue;
        found.push_back(
            {static_cast<uint32_t>(i), static_cast<uint32_t>(j), ner::EntityType::kLoc, 1.0f});
        for (size_t x = i; x < j; ++x) named[x] = 2;
        i = j - 1;
        break;
      }
    }
  }
  if (found.empty()) return;
  std::sort(found.begin(), found.end(), [](const ner::Entity& a, const ner::Entity& b) {
    return a.token_begin < b.token_begin;
  });
  std::vector<ner::Entity> merged;
  size_t k = 0;
  for (const ner::Entity& t : found) {
    // Recognizer names before this one are kept; overlapping ones give way
    // unless one of the table name's type contains it.
    bool keep_model = false;
    size_t first = k;
    for (; k < names->size() && (*names)[k].token_begin < t.token_end; ++k) {
      const ner::Entity& m = (*names)[k];
      if (m.token_end <= t.token_begin) {
        merged.push_back(m);
        first = k + 1;
        continue;
      }
      keep_model |=
          m.type == t.type && m.token_begin <= t.token_begin && m.token_end >= t.token_end;
    }
    if (keep_model) {
      merged.insert(merged.end(), names->begin() + static_cast<std::ptrdiff_t>(first),
                    names->begin() + static_cast<std::ptrdiff_t>(k));
    } else if (merged.empty() || merged.back().token_end <= t.token_begin) {
      merged.push_back(t);
    }
  }
  merged.insert(merged.end(), names->begin() + static_cast<std::ptrdiff_t>(k), names->end());
  *names = std::move(merged);
}

namespace {

bool InTerm(const Named& n, const std::string& day) {
  // A month or year date covers the whole month or year: compare that much.
  auto cut = [&](const std::string& bound) { return day.substr(0, bound.size()); };
  return (n.from.empty() || cut(n.from) >= n.from) && (n.to.empty() || cut(n.to) <= n.to);
}

bool ValidOn(const Named& n, const std::string& day) {
  if (day.empty()) return n.to.empty();
  return InTerm(n, day);
}

bool IsPersonalPronoun(std::string_view lower) {
  return lower == "he" || lower == "him" || lower == "his" || lower == "she" || lower == "her" ||
         lower == "hers" || lower == "himself" || lower == "herself";
}

}  // namespace

std::vector<Entity> ActorCoder::Resolve(const Doc& doc, std::vector<ActorMention>* mentions) const {
  const Data& d = *data_;
  std::string day = doc.published.size() >= 10 ? doc.published.substr(0, 10) : "";
  const auto& lower = Lower;
  auto role_of = [&](const std::string& name) -> std::string {
    for (const Named& n : d.people) {
      if (n.code.name == name && ValidOn(n, day)) return n.role;
    }
    for (const Named& n : d.people) {
      if (n.code.name == name) return n.role;
    }
    return "";
  };
  // Pronouns and "counterpart" phrases, coded through the last person
  // mentioned before them (within three sentences).
  std::vector<ActorMention> extra;
  size_t next = 0;  // mentions before the current token
  // A subject pronoun ("he said") prefers the last person who was a subject
  // ("Israeli President Moshe Katsav has refused to meet King Abdullah II
  // ..., saying he would ..."); other pronouns take the last person.
  const ActorMention* last_person = nullptr;
  const ActorMention* last_subject = nullptr;
  size_t last_person_sentence = 0, last_subject_sentence = 0;
  auto subject = [&](size_t t) {
    std::string_view rel = DeprelName(doc.deprel(t));
    return rel == "nsubj" || rel == "nsubj:pass";
  };
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    for (size_t t = doc.sentence_first(s); t < doc.sentence_end(s); ++t) {
      while (next < mentions->size() && (*mentions)[next].token_begin <= t) {
        const ActorMention& m = (*mentions)[next++];
        if (m.how == "person") {
          last_person = &m;
          last_person_sentence = s;
          bool subj = false;
          for (size_t x = m.token_begin; x < m.token_end && !subj; ++x) subj = subject(x);
          if (subj) {
            last_subject = &m;
            last_subject_sentence = s;
          }
        }
      }
      if (!last_person || s > last_person_sentence + 3) continue;
      std::string l = lower(doc.form(t));
      if (doc.upos(t) == Upos::kPron && IsPersonalPronoun(l)) {
        const ActorMention* ante = last_person;
        if ((l == "he" || l == "she") && subject(t) && last_subject &&
            s <= last_subject_sentence + 3) {
          ante = last_subject;
        }
        ActorMention p;
        p.token_begin = p.head = static_cast<uint32_t>(t);
        p.token_end = static_cast<uint32_t>(t + 1);
        p.text = std::string(doc.form(t));
        p.code = ante->code;
        p.how = "pronoun";
        extra.push_back(p);
      }
    }
  }
  // "his Russian counterpart": the holder of the antecedent's office in the
  // named country.
  for (ActorMention& m : *mentions) {
    if (doc.lemma(m.head) != "counterpart" || m.code.country.empty()) continue;
    const ActorMention* ante = nullptr;
    for (const ActorMention& p : extra) {
      if (p.token_begin >= m.token_begin && p.token_begin < m.token_end) ante = &p;
    }
    if (!ante) {
      for (const ActorMention& p : *mentions) {
        if (p.token_begin < m.token_begin && p.how == "person") ante = &p;
      }
    }
    std::string role = ante ? role_of(ante->code.name) : "";
    for (const Named& n : d.people) {
      if (n.code.country == m.code.country && !role.empty() && n.role == role && ValidOn(n, day)) {
        m.code = n.code;
        m.how = "counterpart";
        break;
      }
    }
  }
  // Role phrases for places named before: "the country" -> the last country
  // named, "the two countries" -> the last two, "the city" -> the last city.
  {
    std::vector<uint8_t> in_mention(doc.num_tokens(), 0);
    for (const ActorMention& m : *mentions) {
      for (size_t x = m.token_begin; x < m.token_end; ++x) in_mention[x] = 1;
    }
    auto feature_of = [&](const ActorMention& m, geo::Feature want) {
      // One keyer per thread: building its ICU transliterator is costly.
      static thread_local geo::NameKeyer keyer;
      static thread_local std::string key;
      if (!keyer.Key(m.text, &key)) return false;
      for (const geo::Posting& p : gaz_->Lookup(key)) {
        auto kind = static_cast<geo::NameKind>(p.kind);
        if (kind == geo::NameKind::kDemonym || kind == geo::NameKind::kAlternate) continue;
        if (gaz_->feature(p.entry) == want) return true;
      }
      return false;
    };
    std::vector<const ActorMention*> countries, cities;  // in text order
    size_t k = 0;
    for (size_t t = 0; t + 1 < doc.num_tokens(); ++t) {
      for (; k < mentions->size() && (*mentions)[k].token_begin < t; ++k) {
        const ActorMention& m = (*mentions)[k];
        if (m.how != "country" || !m.code.sector.empty()) continue;
        if (feature_of(m, geo::Feature::kCountry)) {
          if (countries.empty() || countries.back()->code.country != m.code.country) {
            countries.push_back(&m);
          }
        } else if (feature_of(m, geo::Feature::kCity)) {
          cities.push_back(&m);
        }
      }
      if (in_mention[t] || lower(doc.form(t)) != "the") continue;
      std::string_view l1 = doc.lemma(t + 1);
      std::string_view l2 = t + 2 < doc.num_tokens() ? doc.lemma(t + 2) : std::string_view();
      auto add = [&](const ActorMention& ante, size_t end) {
        ActorMention a;
        a.token_begin = static_cast<uint32_t>(t + 1);
        a.token_end = static_cast<uint32_t>(end);
        a.head = static_cast<uint32_t>(end - 1);
        a.text = doc.text().substr(doc.token_begin(t + 1),
                                   doc.token_end(end - 1) - doc.token_begin(t + 1));
        a.code = ante.code;
        a.how = "anaphor";
        extra.push_back(std::move(a));
      };
      if (l1 == "country" && !countries.empty()) {
        add(*countries.back(), t + 2);
      } else if (l1 == "city" && !cities.empty()) {
        add(*cities.back(), t + 2);
      } else if ((doc.form(t + 1) == "two" || doc.form(t + 1) == "both") && l2 == "country" &&
                 countries.size() >= 2) {
        add(*countries[countries.size() - 2], t + 3);
        add(*countries.back(), t + 3);
      }
    }
  }
  mentions->insert(mentions->end(), extra.begin(), extra.end());
  std::stable_sort(
      mentions->begin(), mentions->end(),
      [](const ActorMention& a, const ActorMention& b) { return a.token_begin < b.token_begin; });
  // Entities: one per named actor; groups by (country, sector).
  std::vector<Entity> entities;
  std::map<std::string, int> index;
  for (size_t i = 0; i < mentions->size(); ++i) {
    ActorMention& m = (*mentions)[i];
    bool named = m.how == "person" || m.how == "organisation" || m.how == "metonym" ||
                 m.how == "pronoun" || m.how == "counterpart";
    if (m.how == "anaphor") m.how = "country";  // an entity's mention like its antecedent
    std::string key = named ? "n:" + m.code.name
                            : "g:" + m.code.country + "/" + m.code.sector + "/" +
                                  (m.code.sector.empty() ? m.code.name : "");
    auto [it, added] = index.emplace(key, static_cast<int>(entities.size()));
    if (added) {
      Entity e;
      bool person = m.how == "person" || m.how == "pronoun" || m.how == "counterpart";
      e.type = person                                                                  ? "PER"
               : m.how == "organisation"                                               ? "ORG"
               : (m.how == "metonym" || (m.how == "country" && m.code.sector.empty())) ? "GPE"
                                                                                       : "GROUP";
      e.name = m.code.name;
      e.actor = m.code;
      entities.push_back(std::move(e));
    }
    m.entity = it->second;
    entities[it->second].mentions.push_back(i);
  }
  return entities;
}

}  // namespace sitrep::actors
