// The actor coder with the project's tables on the PLOVER gold-standard
// records, guarded at the measured figures (docs/actors.md). Skips when
// ../shared is absent.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "actors/actors.h"
#include "eval/eval_actors.h"
#include "ner/eval_ner.h"
#include "sitrep/pipeline.h"

namespace {

sitrep::Result<sitrep::eval::ActorReport> Gsr(const std::string& gold, bool ignore_dates) {
  auto pipeline = sitrep::Pipeline::Load({});
  if (!pipeline.ok()) return pipeline.status();
  auto coder = sitrep::actors::ActorCoder::Load({});
  if (!coder.ok()) return coder.status();
  auto worker = (*pipeline)->NewWorker();
  auto ws = (*coder)->NewWorkspace();
  sitrep::eval::EvalActorsOptions o;
  o.ignore_dates = ignore_dates;
  return sitrep::eval::EvalActors(
      gold,
      [&](sitrep::Doc* doc) {
        (*pipeline)->Process(doc, worker.get());
        return (*coder)->Code(*doc, ws.get());
      },
      o);
}

// Guarded at the measured figures minus 0.005 (docs/actors.md); the issue's
// floors are country 0.85 and sector 0.75.
TEST(ActorQuality, PloverGsrHoldsTheMeasuredFigures) {
  std::string gold = std::string(SITREP_SHARED_DIR) + "/data/events/plover-gsr.gold.jsonl";
  if (!std::filesystem::exists(gold)) GTEST_SKIP() << gold << " not present";
  // As the gold file dates its sentences (all 2000-01-01, a placeholder).
  auto r = Gsr(gold, false);
  ASSERT_TRUE(r.ok()) << r.status().ToString() << " (run scripts/setup.sh)";
  std::cout << r->ToText();
  // Measured: country 0.8754, sector 0.7572.
  EXPECT_GE(r->country_accuracy, 0.8754 - 0.005);
  EXPECT_GE(r->sector_accuracy, 0.7572 - 0.005);
  // Undated (--ignore-dates): people match whatever their term.
  auto u = Gsr(gold, true);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  std::cout << u->ToText();
  // Measured: country 0.8892, sector 0.7598.
  EXPECT_GE(u->country_accuracy, 0.8892 - 0.005);
  EXPECT_GE(u->sector_accuracy, 0.7598 - 0.005);
}

// The name recognizer as the actor coder runs it (model + tables) on UNER
// English-EWT test, guarded at the measured figures minus 0.005.
TEST(ActorQuality, UnerEwtNamesHoldTheMeasuredFigures) {
  std::string test = std::string(SITREP_SHARED_DIR) + "/data/uner-ewt/en_ewt-ud-test.iob2";
  if (!std::filesystem::exists(test)) GTEST_SKIP() << test << " not present";
  auto ner = sitrep::ner::Ner::Load(sitrep::DefaultModelDir() + "/en_uner.ner");
  ASSERT_TRUE(ner.ok()) << ner.status().ToString();
  auto pipeline = sitrep::Pipeline::Load({sitrep::DefaultModelDir(), true, false});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  auto coder = sitrep::actors::ActorCoder::Load({});
  ASSERT_TRUE(coder.ok()) << coder.status().ToString() << " (run scripts/setup.sh)";
  auto ws = (*coder)->NewWorkspace();
  auto r = sitrep::ner::EvalNer(
      *ner, **pipeline, test, [&](const sitrep::Doc& doc, std::vector<sitrep::ner::Entity>* names) {
        (*coder)->RefineNames(doc, ws.get(), names);
      });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::cout << r->ToText();
  // Measured: micro F1 0.6618 (PER 0.7771, ORG 0.4464, LOC 0.6979);
  // weblog (news-like) 0.7625. The floor, 0.70, is not reached.
  EXPECT_GE(r->micro.f1(), 0.6618 - 0.005);
  EXPECT_GE(r->per_type[0].f1(), 0.7771 - 0.005);
  EXPECT_GE(r->per_type[1].f1(), 0.4464 - 0.005);
  EXPECT_GE(r->per_type[2].f1(), 0.6979 - 0.005);
  EXPECT_GE(r->by_genre["weblog"].f1(), 0.7625 - 0.005);
}

// The checks on the sample article: Zelensky/Zelenskyy/he -> one UKR
// GOV entity; Putin and "his Russian counterpart" -> RUS GOV; Peskov -> RUS
// GOV; Sputnik -> RUS MED outlet; Ukrainian forces -> UKR MIL; Russian
// troops / military -> RUS MIL.
TEST(ActorQuality, SampleArticleEntities) {
  std::string path = std::string(SITREP_SHARED_DIR) + "/samples/kyiv-2022-02-26.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto pipeline = sitrep::Pipeline::Load({});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  auto coder = sitrep::actors::ActorCoder::Load({});
  ASSERT_TRUE(coder.ok()) << coder.status().ToString() << " (run scripts/setup.sh)";
  sitrep::Doc doc;
  doc.SetText(text.str());
  doc.published = "2022-02-26";
  auto worker = (*pipeline)->NewWorker();
  (*pipeline)->Process(&doc, worker.get());
  auto ws = (*coder)->NewWorkspace();
  auto mentions = (*coder)->Code(doc, ws.get());
  auto entities = (*coder)->Resolve(doc, &mentions);
  auto texts = [&](const sitrep::actors::Entity& e) {
    std::vector<std::string> t;
    for (size_t k : e.mentions) t.push_back(mentions[k].text);
    return t;
  };
  auto has = [&](const sitrep::actors::Entity& e, const std::string& piece) {
    for (const auto& t : texts(e))
      if (t.find(piece) != std::string::npos) return true;
    return false;
  };
  auto find = [&](const std::string& piece) -> const sitrep::actors::Entity* {
    for (const auto& e : entities)
      if (has(e, piece)) return &e;
    return nullptr;
  };
  auto code = [](const sitrep::actors::Entity* e) {
    return e ? e->actor.country + " " + e->actor.sector : std::string("none");
  };
  const auto* zelensky = find("Zelenskyy");
  ASSERT_NE(zelensky, nullptr);
  EXPECT_EQ(code(zelensky), "UKR GOV");
  EXPECT_TRUE(has(*zelensky, "Volodymyr Zelensky"));
  bool he = false;
  for (const auto& t : texts(*zelensky)) he |= t == "he";
  EXPECT_TRUE(he) << "he -> Zelensky";
  const auto* putin = find("Vladimir Putin");
  ASSERT_NE(putin, nullptr);
  EXPECT_EQ(code(putin), "RUS GOV");
  EXPECT_TRUE(has(*putin, "his Russian counterpart"));
  EXPECT_EQ(code(find("Peskov")), "RUS GOV");
  const auto* sputnik = find("Sputnik");
  ASSERT_NE(sputnik, nullptr);
  EXPECT_EQ(code(sputnik), "RUS MED");
  EXPECT_EQ(sputnik->type, "ORG");
  EXPECT_EQ(code(find("Ukrainian forces")), "UKR MIL");
  const auto* russians = find("Russian troops");
  ASSERT_NE(russians, nullptr);
  EXPECT_EQ(code(russians), "RUS MIL");
  EXPECT_TRUE(has(*russians, "Russian military"));
}

}  // namespace
