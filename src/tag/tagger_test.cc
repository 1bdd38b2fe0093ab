#include "tag/tagger.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "conllu/conllu.h"
#include "core/model_file.h"
#include "tag/lemmatizer.h"
#include "tag/tagger_model.h"

namespace sitrep::tag {
namespace {

// (form, lemma, UPOS, XPOS) per word; one sentence per line of the table.
struct W {
  const char *form, *lemma, *upos, *xpos;
};
const std::vector<std::vector<W>> kSentences = {
    {{"The", "the", "DET", "DT"},
     {"dog", "dog", "NOUN", "NN"},
     {"barks", "bark", "VERB", "VBZ"},
     {".", ".", "PUNCT", "."}},
    {{"Dogs", "dog", "NOUN", "NNS"},
     {"bark", "bark", "VERB", "VBP"},
     {"loudly", "loudly", "ADV", "RB"},
     {".", ".", "PUNCT", "."}},
    {{"I", "I", "PRON", "PRP"},
     {"saw", "see", "VERB", "VBD"},
     {"the", "the", "DET", "DT"},
     {"cats", "cat", "NOUN", "NNS"},
     {"in", "in", "ADP", "IN"},
     {"Kyiv", "Kyiv", "PROPN", "NNP"},
     {".", ".", "PUNCT", "."}},
    {{"She", "she", "PRON", "PRP"},
     {"is", "be", "AUX", "VBZ"},
     {"running", "run", "VERB", "VBG"},
     {"home", "home", "ADV", "RB"},
     {".", ".", "PUNCT", "."}},
    {{"They", "they", "PRON", "PRP"},
     {"did", "do", "AUX", "VBD"},
     {"n't", "not", "PART", "RB"},
     {"shell", "shell", "VERB", "VB"},
     {"the", "the", "DET", "DT"},
     {"city", "city", "NOUN", "NN"},
     {".", ".", "PUNCT", "."}},
    {{"John", "John", "PROPN", "NNP"},
     {"likes", "like", "VERB", "VBZ"},
     {"us", "we", "PRON", "PRP"},
     {"and", "and", "CCONJ", "CC"},
     {"12,000", "12000", "NUM", "CD"},
     {"drones", "drone", "NOUN", "NNS"},
     {".", ".", "PUNCT", "."}},
};

std::string Fixture(int copies) {
  std::ostringstream out;
  int n = 0;
  for (int c = 0; c < copies; ++c) {
    for (const auto& s : kSentences) {
      out << "# sent_id = s" << ++n << "\n";
      for (size_t i = 0; i < s.size(); ++i)
        out << i + 1 << "\t" << s[i].form << "\t" << s[i].lemma << "\t" << s[i].upos << "\t"
            << s[i].xpos << "\t_\t_\t_\t_\t_\n";
      out << "\n";
    }
  }
  return out.str();
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::path(::testing::TempDir()) / ("sitrep_tag_" + name)).string();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string ReadBytes(const std::string& path) {
  auto r = model::ReadFileToString(path);
  return r.ok() ? r.value() : std::string();
}

// A tagger trained on the fixture, shared by the tests below (training takes
// a fraction of a second, but once is enough).
const Tagger& FixtureTagger() {
  static const Tagger* tagger = [] {
    std::string path = TempPath("fixture.conllu");
    WriteFile(path, Fixture(4));
    TaggerTrainOptions o;
    o.train_path = path;
    o.dev_path = path;
    o.epochs = 10;
    std::ostringstream log;
    auto t = TrainTagger(o, log);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return new Tagger(std::move(t.value()));
  }();
  return *tagger;
}

std::vector<conllu::Sentence> FixtureSentences() {
  auto s = conllu::ReadString(Fixture(1), "fixture");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? s.value() : std::vector<conllu::Sentence>{};
}

TEST(Tagger, TagsItsTrainingDataBack) {
  TagScores s = EvalTagger(FixtureTagger(), FixtureSentences());
  EXPECT_EQ(s.tokens, 34u);
  EXPECT_DOUBLE_EQ(s.upos, 100.0);
  EXPECT_DOUBLE_EQ(s.xpos, 100.0);
  EXPECT_DOUBLE_EQ(s.lemma, 100.0);
}

TEST(Tagger, TagsEverySentenceAndReusesTheWorkspace) {
  const Tagger& t = FixtureTagger();
  auto ws = t.NewWorkspace();
  Doc doc;
  auto sents = FixtureSentences();
  for (int round = 0; round < 3; ++round) {
    conllu::ToDoc(sents, 0, sents.size(), /*gold=*/false, &doc);
    t.Tag(&doc, ws.get());
    for (size_t i = 0; i < doc.num_tokens(); ++i) {
      EXPECT_NE(doc.upos(i), Upos::kNone) << i;
      EXPECT_NE(doc.xpos(i), 0) << i;
      EXPECT_FALSE(doc.lemma(i).empty()) << i;
    }
  }
  // Odd input: a one-word sentence, a very long token, non-ASCII.
  doc.SetText(std::string(3000, 'x') + " Київ ok");
  doc.AddToken(0, 3000, {}, true);
  doc.AddSentence(0, 1);
  doc.AddToken(3001, 3009, {}, true);
  doc.AddToken(3010, 3012, {}, true);
  doc.AddSentence(1, 3);
  t.Tag(&doc, ws.get());
  for (size_t i = 0; i < 3; ++i) EXPECT_NE(doc.upos(i), Upos::kNone);
  EXPECT_EQ(doc.lemma(1), "Київ");
}

TEST(Tagger, SaveLoadRoundTrip) {
  const Tagger& t = FixtureTagger();
  std::string path = TempPath("roundtrip.tagger");
  ASSERT_TRUE(t.Save(path).ok());
  auto loaded = Tagger::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->config(), t.config());
  EXPECT_EQ(loaded->num_features(), t.num_features());
  EXPECT_EQ(loaded->num_weights(), t.num_weights());
  auto sents = FixtureSentences();
  Doc a, b;
  conllu::ToDoc(sents, 0, sents.size(), false, &a);
  conllu::ToDoc(sents, 0, sents.size(), false, &b);
  t.Tag(&a, t.NewWorkspace().get());
  loaded->Tag(&b, loaded->NewWorkspace().get());
  for (size_t i = 0; i < a.num_tokens(); ++i) {
    EXPECT_EQ(a.upos(i), b.upos(i)) << i;
    EXPECT_EQ(a.xpos(i), b.xpos(i)) << i;
    EXPECT_EQ(a.lemma(i), b.lemma(i)) << i;
  }
  // Saving what was loaded gives the same bytes.
  std::string again = TempPath("roundtrip2.tagger");
  ASSERT_TRUE(loaded->Save(again).ok());
  EXPECT_EQ(ReadBytes(path), ReadBytes(again));
  EXPECT_NE(t.config().find("\"xpos_names\""), std::string::npos);
}

TEST(Tagger, TrainingIsDeterministic) {
  std::string data = TempPath("determinism.conllu");
  WriteFile(data, Fixture(2));
  TaggerTrainOptions o;
  o.train_path = data;
  o.epochs = 3;
  o.seed = 7;
  std::ostringstream log;
  auto a = TrainTagger(o, log), b = TrainTagger(o, log);
  ASSERT_TRUE(a.ok() && b.ok());
  std::string pa = TempPath("det_a.tagger"), pb = TempPath("det_b.tagger");
  ASSERT_TRUE(a->Save(pa).ok());
  ASSERT_TRUE(b->Save(pb).ok());
  EXPECT_EQ(ReadBytes(pa), ReadBytes(pb));
}

TEST(Tagger, TrainingErrorsNameTheFile) {
  TaggerTrainOptions o;
  o.train_path = TempPath("does_not_exist.conllu");
  std::ostringstream log;
  auto t = TrainTagger(o, log);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("does_not_exist.conllu"), std::string::npos);
}

TEST(Tagger, RefusesTruncatedOrDamagedFiles) {
  std::string path = TempPath("good.tagger");
  ASSERT_TRUE(FixtureTagger().Save(path).ok());
  std::string bytes = ReadBytes(path);
  ASSERT_GT(bytes.size(), 100u);

  std::string truncated = TempPath("truncated.tagger");
  WriteFile(truncated, bytes.substr(0, bytes.size() / 2));
  auto t = Tagger::Load(truncated);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find(truncated), std::string::npos) << t.status().ToString();

  std::string damaged = TempPath("damaged.tagger");
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x5A;
  WriteFile(damaged, flipped);
  t = Tagger::Load(damaged);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find(damaged), std::string::npos) << t.status().ToString();

  t = Tagger::Load(TempPath("missing.tagger"));
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("missing.tagger"), std::string::npos);
}

TEST(Tagger, RefusesWrongKindVersionOrTagTables) {
  std::string good = TempPath("kind_source.tagger");
  ASSERT_TRUE(FixtureTagger().Save(good).ok());
  auto file = model::ReadModelFile(good, "tagger", kTaggerFormatVersion);
  ASSERT_TRUE(file.ok());

  model::ModelFile parser = file.value();
  parser.kind = "parser";
  std::string wrong_kind = TempPath("wrong_kind.tagger");
  ASSERT_TRUE(model::WriteModelFile(wrong_kind, parser).ok());
  auto t = Tagger::Load(wrong_kind);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find(wrong_kind), std::string::npos);
  EXPECT_NE(t.status().message().find("parser"), std::string::npos);

  model::ModelFile future = file.value();
  future.kind_version = kTaggerFormatVersion + 1;
  std::string wrong_version = TempPath("wrong_version.tagger");
  ASSERT_TRUE(model::WriteModelFile(wrong_version, future).ok());
  t = Tagger::Load(wrong_version);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find(wrong_version), std::string::npos);

  // A model trained with another XPOS table: rename the first XPOS tag ("NN")
  // in the payload (the container's checksum is recomputed on write).
  model::ModelFile other = file.value();
  size_t at = other.payload.find(std::string("\x02\0\0\0NN", 6));
  ASSERT_NE(at, std::string::npos);
  other.payload.replace(at + 4, 2, "QQ");
  std::string wrong_tags = TempPath("wrong_tags.tagger");
  ASSERT_TRUE(model::WriteModelFile(wrong_tags, other).ok());
  t = Tagger::Load(wrong_tags);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find(wrong_tags), std::string::npos);
  EXPECT_NE(t.status().message().find("XPOS tag 'QQ'"), std::string::npos) << t.status().ToString();

  // A payload cut short inside a valid container.
  model::ModelFile cut = file.value();
  cut.payload.resize(cut.payload.size() - 7);
  std::string short_payload = TempPath("short_payload.tagger");
  ASSERT_TRUE(model::WriteModelFile(short_payload, cut).ok());
  t = Tagger::Load(short_payload);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find(short_payload), std::string::npos);
}

// A damaged payload behind a valid checksum (as a buggy writer would make)
// must be refused or, where the damage is only in weights, load and tag
// without reading out of bounds.
TEST(Tagger, SurvivesDamagedPayloads) {
  std::string good = TempPath("fuzz_source.tagger");
  ASSERT_TRUE(FixtureTagger().Save(good).ok());
  auto file = model::ReadModelFile(good, "tagger", kTaggerFormatVersion);
  ASSERT_TRUE(file.ok());
  auto sents = FixtureSentences();
  std::string path = TempPath("fuzz.tagger");
  size_t step = std::max<size_t>(1, file->payload.size() / 300);
  for (size_t at = 0; at < file->payload.size(); at += step) {
    model::ModelFile damaged = file.value();
    damaged.payload[at] = static_cast<char>(damaged.payload[at] ^ 0xA5);
    ASSERT_TRUE(model::WriteModelFile(path, damaged).ok());
    auto t = Tagger::Load(path);
    if (!t.ok()) {
      EXPECT_NE(t.status().message().find(path), std::string::npos);
      continue;
    }
    Doc doc;
    conllu::ToDoc(sents, 0, sents.size(), false, &doc);
    t->Tag(&doc, t->NewWorkspace().get());
  }
}

TEST(Lemmatizer, RulesHandleUnseenWords) {
  Lemmatizer::Builder b;
  auto add = [&](const char* form, const char* xpos, const char* lemma) {
    b.Add(form, XposFromName(xpos), lemma);
  };
  for (const char* w : {"tone", "stone", "phone", "bone", "zone", "cone"})
    add((std::string(w) + "s").c_str(), "NNS", w);
  add("cities", "NNS", "city");
  add("parties", "NNS", "party");
  add("ladies", "NNS", "lady");
  for (const char* w : {"kill", "call", "fill", "spell", "sell"})
    add((std::string(w) + "ed").c_str(), "VBD", w);
  // Most "-elled" verbs drop three letters, but "shell" is a known lemma.
  for (const char* w : {"compel", "expel", "propel", "travel", "cancel", "label"})
    add((std::string(w) + "led").c_str(), "VBD", w);
  add("shell", "NN", "shell");
  add("Kyiv", "NNP", "Kyiv");
  add("went", "VBD", "go");
  Lemmatizer lem = b.Build();
  LemmaScratch scratch;
  auto lemma = [&](const char* form, const char* xpos) {
    return std::string(lem.Lemmatize(form, XposFromName(xpos), &scratch));
  };
  EXPECT_EQ(lemma("drones", "NNS"), "drone");
  EXPECT_EQ(lemma("Drones", "NNS"), "drone");
  EXPECT_EQ(lemma("shelled", "VBD"), "shell");
  EXPECT_EQ(lemma("expelled", "VBD"), "expel");
  EXPECT_EQ(lemma("bodies", "NNS"), "body");
  EXPECT_EQ(lemma("Kharkiv", "NNP"), "Kharkiv");
  EXPECT_EQ(lemma("went", "VBD"), "go");
  EXPECT_EQ(lemma("WENT", "VBD"), "go");
  EXPECT_EQ(lemma("17,500", "CD"), "17500");
  EXPECT_EQ(lemma("3.5", "CD"), "3.5");
  EXPECT_EQ(lemma("http://example.com/A", "ADD"), "http://example.com/A");

  model::Writer w;
  lem.Save(&w);
  Lemmatizer loaded;
  model::Reader r(w.data());
  ASSERT_TRUE(loaded.Load(&r));
  EXPECT_TRUE(r.at_end());
  EXPECT_EQ(std::string(loaded.Lemmatize("shelled", XposFromName("VBD"), &scratch)), "shell");
  model::Reader cut(std::string_view(w.data()).substr(0, w.data().size() - 3));
  EXPECT_FALSE(loaded.Load(&cut));
}

// The committed model on the EWT test set (gold tokenization). The floors are
// the acceptance bar; the other numbers are what the committed model measured
// (minus 0.1), so a regression in the model or the code shows up here.
constexpr double kUposFloor = 95.0, kLemmaFloor = 97.0;
constexpr double kMeasuredUpos = 95.72, kMeasuredXpos = 95.08, kMeasuredLemma = 97.21;

std::string ModelPath() { return SITREP_SOURCE_DIR "/models/en_ewt.tagger"; }
std::string TestPath() { return SITREP_SHARED_DIR "/data/ud-ewt/en_ewt-ud-test.conllu"; }

TEST(TaggerEwt, AccuracyOnTest) {
  if (!std::filesystem::exists(ModelPath()) || !std::filesystem::exists(TestPath()))
    GTEST_SKIP() << "needs models/en_ewt.tagger and ../shared/data/ud-ewt";
  auto t = Tagger::Load(ModelPath());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto test = conllu::ReadFile(TestPath());
  ASSERT_TRUE(test.ok()) << test.status().ToString();
  TagScores s = EvalTagger(t.value(), test.value());
  std::printf("EWT test: %zu tokens, UPOS %.2f, XPOS %.2f, lemma %.2f\n", s.tokens, s.upos, s.xpos,
              s.lemma);
  EXPECT_GE(s.upos, std::max(kUposFloor, kMeasuredUpos - 0.1));
  EXPECT_GE(s.xpos, kMeasuredXpos - 0.1);
  EXPECT_GE(s.lemma, std::max(kLemmaFloor, kMeasuredLemma - 0.1));
}

TEST(TaggerEwt, LemmaConventions) {
  if (!std::filesystem::exists(ModelPath())) GTEST_SKIP() << "needs models/en_ewt.tagger";
  auto t = Tagger::Load(ModelPath());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const Lemmatizer& lem = t->model().lemmatizer;
  LemmaScratch scratch;
  auto lemma = [&](const char* form, const char* xpos) {
    return std::string(lem.Lemmatize(form, XposFromName(xpos), &scratch));
  };
  EXPECT_EQ(lemma("n't", "RB"), "not");
  EXPECT_EQ(lemma("'s", "VBZ"), "be");
  EXPECT_EQ(lemma("'s", "POS"), "'s");
  EXPECT_EQ(lemma("wo", "MD"), "will");
  EXPECT_EQ(lemma("ca", "MD"), "can");
  EXPECT_EQ(lemma("me", "PRP"), "I");
  EXPECT_EQ(lemma("us", "PRP"), "we");
  EXPECT_EQ(lemma("I", "PRP"), "I");
  EXPECT_EQ(lemma("The", "DT"), "the");
  EXPECT_EQ(lemma("42", "CD"), "42");
  // Unseen words go through the rules.
  EXPECT_EQ(lemma("drones", "NNS"), "drone");
  EXPECT_EQ(lemma("shelled", "VBD"), "shell");
  EXPECT_EQ(lemma("Kharkiv", "NNP"), "Kharkiv");
  EXPECT_EQ(lemma("Zaporizhzhia", "NNP"), "Zaporizhzhia");
  EXPECT_EQ(lemma("bombarded", "VBD"), "bombard");
  EXPECT_EQ(lemma("evacuating", "VBG"), "evacuate");
}

}  // namespace
}  // namespace sitrep::tag
