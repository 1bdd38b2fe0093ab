// Actor coding and in-document coreference on project-written fixtures: the
// tables in tests/fixtures/actors and a gazetteer built from
// tests/fixtures/geo (countries Ukraine, Russia, Belarus, United States,
// Georgia), with the real POS and parse models.
#include "actors/actors.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "geo/gazetteer_build.h"
#include "sitrep/pipeline.h"

namespace {

using sitrep::actors::ActorCoder;
using sitrep::actors::ActorMention;

const std::string kSource = SITREP_SOURCE_DIR;

class Actors : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gazetteer_ = (std::filesystem::temp_directory_path() /
                  ("sitrep-actors-test-" + std::to_string(::getpid()) + ".sgz"))
                     .string();
    sitrep::geo::GazetteerBuildOptions o;
    o.npm_dir = kSource + "/tests/fixtures/geo/npm";
    o.places_dir = kSource + "/tests/fixtures/geo/places";
    o.out = gazetteer_;
    std::ostringstream log;
    auto st = sitrep::geo::BuildGazetteer(o, log);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
  }
  static void TearDownTestSuite() { std::filesystem::remove(gazetteer_); }

  void SetUp() override {
    sitrep::PipelineOptions po;
    auto p = sitrep::Pipeline::Load(po);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    pipeline_ = std::move(p.value());
    sitrep::actors::ActorOptions ao;
    ao.data_dir = kSource + "/tests/fixtures/actors";
    ao.gazetteer = gazetteer_;
    auto c = ActorCoder::Load(ao);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    coder_ = std::move(c.value());
  }

  std::vector<ActorMention> Code(const std::string& text, const std::string& published = "") {
    doc_.Clear();
    doc_.SetText(text);
    doc_.published = published;
    auto w = pipeline_->NewWorker();
    pipeline_->Process(&doc_, w.get());
    auto ws = coder_->NewWorkspace();
    return coder_->Code(doc_, ws.get());
  }

  const ActorMention* Find(const std::vector<ActorMention>& ms, const std::string& text) {
    for (const auto& m : ms) {
      if (m.text == text) return &m;
    }
    return nullptr;
  }

  static std::string Describe(const std::vector<ActorMention>& ms) {
    std::string s;
    for (const auto& m : ms) {
      s += "[" + m.text + " " + m.code.country + " " + m.code.sector + " " + m.how + "] ";
    }
    return s;
  }

  static std::string gazetteer_;
  std::unique_ptr<sitrep::Pipeline> pipeline_;
  std::unique_ptr<ActorCoder> coder_;
  sitrep::Doc doc_;
};
std::string Actors::gazetteer_;

TEST_F(Actors, DemonymAndRoleNoun) {
  auto ms = Code("Russian troops shelled the town on Tuesday.");
  const ActorMention* m = Find(ms, "Russian troops");
  ASSERT_NE(m, nullptr) << Describe(ms);
  EXPECT_EQ(m->code.country, "RUS");
  EXPECT_EQ(m->code.sector, "MIL");
  EXPECT_EQ(m->code.acled_inter, 1);
}

TEST_F(Actors, PossessiveCountryAndOfCountry) {
  auto ms = Code("Ukraine's forces repelled the attack. The army of Russia withdrew.");
  const ActorMention* a = Find(ms, "Ukraine's forces");
  ASSERT_NE(a, nullptr) << Describe(ms);
  EXPECT_EQ(a->code.country, "UKR");
  EXPECT_EQ(a->code.sector, "MIL");
  bool army = false;
  for (const auto& m : ms) army |= m.code.country == "RUS" && m.code.sector == "MIL";
  EXPECT_TRUE(army) << Describe(ms);
}

TEST_F(Actors, PeopleOrganisationsAndMetonyms) {
  auto ms = Code(
      "Kremlin spokesperson Dmitry Peskov spoke to Sputnik. The Kremlin said talks could "
      "resume.");
  bool peskov = false, sputnik = false, kremlin = false;
  for (const auto& m : ms) {
    peskov |= m.code.name == "Dmitry Peskov" && m.code.country == "RUS" && m.code.sector == "GOV";
    sputnik |= m.code.name == "Sputnik" && m.code.sector == "MED";
    kremlin |= m.how == "metonym" && m.code.country == "RUS" && m.code.sector == "GOV";
  }
  EXPECT_TRUE(peskov) << Describe(ms);
  EXPECT_TRUE(sputnik) << Describe(ms);
  EXPECT_TRUE(kremlin) << Describe(ms);
}

TEST_F(Actors, OfficeHoldersByDate) {
  auto before = Code("Shoigu visited the front.", "2023-06-01");
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(before[0].code.sector, "MIL") << "defence minister in 2023";
  auto after = Code("Shoigu visited the front.", "2025-01-10");
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after[0].code.sector, "GOV") << "Security Council secretary since May 2024";
}

TEST_F(Actors, CoordinatedDemonymsGiveOneActorEach) {
  auto ms = Code("Senior Ukrainian and Russian officials met in Minsk.");
  bool ukr = false, rus = false;
  for (const auto& m : ms) {
    ukr |= m.code.country == "UKR" && m.code.sector == "GOV";
    rus |= m.code.country == "RUS" && m.code.sector == "GOV";
  }
  EXPECT_TRUE(ukr && rus) << Describe(ms);
}

TEST_F(Actors, CoreferenceNamesPronounsAndCounterpart) {
  auto ms = Code(
      "President Volodymyr Zelensky said he is in Kyiv. Zelensky had reached out to his "
      "Russian counterpart. Ukraine President Volodymyr Zelenskyy spoke again.",
      "2022-02-26");
  auto es = coder_->Resolve(doc_, &ms);
  int zelensky = -1, putin = -1;
  for (size_t i = 0; i < es.size(); ++i) {
    if (es[i].name == "Volodymyr Zelensky") zelensky = static_cast<int>(i);
    if (es[i].name == "Vladimir Putin") putin = static_cast<int>(i);
  }
  ASSERT_GE(zelensky, 0) << Describe(ms);
  ASSERT_GE(putin, 0) << "his Russian counterpart -> Putin: " << Describe(ms);
  EXPECT_EQ(es[zelensky].type, "PER");
  EXPECT_EQ(es[zelensky].actor.country, "UKR");
  EXPECT_EQ(es[zelensky].actor.sector, "GOV");
  std::vector<std::string> texts;
  for (size_t k : es[zelensky].mentions) texts.push_back(ms[k].text);
  auto has = [&](const std::string& t) {
    return std::find(texts.begin(), texts.end(), t) != texts.end();
  };
  EXPECT_TRUE(has("he")) << Describe(ms);
  EXPECT_TRUE(has("Zelensky")) << Describe(ms);
  EXPECT_EQ(es[putin].actor.country, "RUS");
  for (const auto& m : ms) EXPECT_GE(m.entity, 0);
}

TEST_F(Actors, SurnameAfterFullNameAndFormerOfficeHolders) {
  auto ms = Code(
      "President Ivan Petrenko spoke on Monday. Later Petrenko left the city. "
      "Former President Olena Kovalenko criticised the plan.");
  const ActorMention* full = Find(ms, "President Ivan Petrenko");
  ASSERT_NE(full, nullptr) << Describe(ms);
  EXPECT_EQ(full->code.sector, "GOV");
  // A bare surname after the full name is that person, though no table
  // lists him.
  const ActorMention* sur = Find(ms, "Petrenko");
  ASSERT_NE(sur, nullptr) << Describe(ms);
  EXPECT_EQ(sur->code.name, full->code.name);
  EXPECT_EQ(sur->how, "person");
  // A former office holder is no longer the office (CAMEO ELI: civilians).
  const ActorMention* former = Find(ms, "Former President Olena Kovalenko");
  ASSERT_NE(former, nullptr) << Describe(ms);
  EXPECT_EQ(former->code.sector, "CVL");
}

TEST_F(Actors, ShortCapitalAliasesOnlyInCapitals) {
  auto un = Code("The UN said aid was blocked.");
  const ActorMention* m = Find(un, "UN");
  ASSERT_NE(m, nullptr) << Describe(un);
  EXPECT_EQ(m->code.country, "UN");
  // "Un" is a name, not the United Nations.
  for (const auto& x : Code("Un Chol met the delegation on Monday.")) {
    EXPECT_NE(x.code.country, "UN") << Describe({x});
  }
}

TEST_F(Actors, TheCountryAndTheTwoCountries) {
  auto ms = Code(
      "Russia said it would talk to Ukraine. The country also moved troops. "
      "The two countries will meet in Minsk.");
  auto es = coder_->Resolve(doc_, &ms);
  auto entity_of = [&](const std::string& text, const std::string& country) -> int {
    for (const auto& m : ms) {
      if (m.text == text && m.code.country == country) return m.entity;
    }
    return -2;
  };
  int russia = entity_of("Russia", "RUS");
  ASSERT_GE(russia, 0) << Describe(ms);
  EXPECT_EQ(entity_of("country", "RUS"), -2) << "the last country named is Ukraine";
  EXPECT_EQ(entity_of("country", "UKR"), entity_of("Ukraine", "UKR")) << Describe(ms);
  // "the two countries": one mention for each of the last two countries.
  EXPECT_EQ(entity_of("two countries", "RUS"), russia) << Describe(ms);
  EXPECT_EQ(entity_of("two countries", "UKR"), entity_of("Ukraine", "UKR")) << Describe(ms);
}

TEST(ActorTables, BadRowNamesFileAndLine) {
  std::string dir =
      (std::filesystem::temp_directory_path() / ("sitrep-actors-bad-" + std::to_string(::getpid())))
          .string();
  std::filesystem::create_directories(dir);
  for (const char* f : {"people.tsv", "organisations.tsv", "metonyms.tsv"}) {
    std::filesystem::copy_file(kSource + "/tests/fixtures/actors/" + f, dir + "/" + f,
                               std::filesystem::copy_options::overwrite_existing);
  }
  std::ofstream(dir + "/roles.tsv") << "lemma\tsector\tacled_inter\tkind\tsource\n"
                                    << "troop\tMIL\t1\tgroup\tok\n"
                                    << "rebel\tREBEL\t2\tgroup\tbad sector\n";
  sitrep::actors::ActorOptions ao;
  ao.data_dir = dir;
  auto c = ActorCoder::Load(ao);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("roles.tsv:3:"), std::string::npos) << c.status().message();
  EXPECT_NE(c.status().message().find("REBEL"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
