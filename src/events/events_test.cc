// Event extraction on project-written sentences, with the fixture tables in
// tests/fixtures/{events,actors} and a gazetteer built from tests/fixtures/geo
// (Kyiv, Kharkiv, Ivano-Frankivsk, Mariupol, Minsk, Ukraine, Russia, ...),
// and the real POS and parse models.
#include "events/events.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "core/dateline.h"
#include "geo/gazetteer_build.h"
#include "geo/geoparser.h"
#include "sitrep/pipeline.h"

namespace {

using sitrep::events::Event;

const std::string kSource = SITREP_SOURCE_DIR;

class Events : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gazetteer_ = (std::filesystem::temp_directory_path() /
                  ("sitrep-events-test-" + std::to_string(::getpid()) + ".sgz"))
                     .string();
    sitrep::geo::GazetteerBuildOptions o;
    o.npm_dir = kSource + "/tests/fixtures/geo/npm";
    o.places_dir = kSource + "/tests/fixtures/geo/places";
    o.out = gazetteer_;
    std::ostringstream log;
    ASSERT_TRUE(sitrep::geo::BuildGazetteer(o, log).ok());
    auto p = sitrep::Pipeline::Load({});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    pipeline_ = p->release();
    sitrep::geo::GeoparserOptions go;
    go.gazetteer = gazetteer_;
    go.places_dir = kSource + "/tests/fixtures/geo/places";
    auto g = sitrep::geo::Geoparser::Load(go);
    ASSERT_TRUE(g.ok()) << g.status().ToString();
    geo_ = g->release();
    sitrep::actors::ActorOptions ao;
    ao.data_dir = kSource + "/tests/fixtures/actors";
    ao.gazetteer = gazetteer_;
    auto a = sitrep::actors::ActorCoder::Load(ao);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    actors_ = a->release();
    sitrep::events::EventOptions eo;
    eo.data_dir = kSource + "/tests/fixtures/events";
    auto e = sitrep::events::EventExtractor::Load(eo);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    events_ = e->release();
  }
  static void TearDownTestSuite() {
    delete events_;
    delete actors_;
    delete geo_;
    delete pipeline_;
    std::filesystem::remove(gazetteer_);
  }

  std::vector<Event> Run(const std::string& text, const std::string& published = "2022-02-26") {
    doc_.Clear();
    doc_.SetText(text);
    doc_.published = published;
    auto w = pipeline_->NewWorker();
    pipeline_->Process(&doc_, w.get());
    auto gws = geo_->NewWorkspace();
    places_ = geo_->Parse(&doc_, gws.get());
    auto aws = actors_->NewWorkspace();
    mentions_ = actors_->Code(doc_, aws.get());
    actors_->Resolve(doc_, &mentions_);
    return events_->Extract(doc_, mentions_, places_);
  }

  std::string Trigger(const Event& e) const {
    return doc_.text().substr(
        doc_.token_begin(e.trigger_begin),
        doc_.token_end(e.trigger_end - 1) - doc_.token_begin(e.trigger_begin));
  }
  std::string Where(const Event& e) const {
    return e.location < 0 ? "" : places_[static_cast<size_t>(e.location)].name;
  }
  // "RUS MIL" of the first actor / recipient with a mention, else the place's
  // country.
  std::string Code(const std::vector<sitrep::events::Participant>& ps) const {
    for (const auto& p : ps) {
      if (p.mention >= 0) {
        const auto& c = mentions_[static_cast<size_t>(p.mention)].code;
        return c.country + " " + c.sector;
      }
      if (p.place >= 0) return places_[static_cast<size_t>(p.place)].country + " (place)";
    }
    return "";
  }
  std::string Describe(const std::vector<Event>& es) const {
    std::string s;
    for (const auto& e : es) {
      s += "[" + Trigger(e) + " " + e.codes.plover + " " + e.codes.cameo +
           " actor=" + Code(e.actor) + " recipient=" + Code(e.recipient) + " at=" + Where(e) + "] ";
    }
    return s;
  }

  static std::string gazetteer_;
  static sitrep::Pipeline* pipeline_;
  static sitrep::geo::Geoparser* geo_;
  static sitrep::actors::ActorCoder* actors_;
  static sitrep::events::EventExtractor* events_;
  sitrep::Doc doc_;
  std::vector<sitrep::geo::Place> places_;
  std::vector<sitrep::actors::ActorMention> mentions_;
};
std::string Events::gazetteer_;
sitrep::Pipeline* Events::pipeline_ = nullptr;
sitrep::geo::Geoparser* Events::geo_ = nullptr;
sitrep::actors::ActorCoder* Events::actors_ = nullptr;
sitrep::events::EventExtractor* Events::events_ = nullptr;

TEST_F(Events, ActiveVoiceWithPlaceObject) {
  auto es = Run("Russian troops shelled Kharkiv on Tuesday.");
  ASSERT_EQ(es.size(), 1u) << Describe(es);
  EXPECT_EQ(es[0].codes.plover, "ASSAULT");
  EXPECT_EQ(es[0].codes.cameo, "194");
  EXPECT_EQ(es[0].codes.acled_sub, "Shelling/artillery/missile attack");
  EXPECT_EQ(Code(es[0].actor), "RUS MIL");
  EXPECT_EQ(Code(es[0].recipient).substr(0, 3), "UKR");
  EXPECT_EQ(Where(es[0]), "Kharkiv");
  EXPECT_EQ(es[0].date.value, "2022-02-22");  // the Tuesday before Saturday 26 February
  EXPECT_EQ(es[0].date.precision, "day");
}

TEST_F(Events, PassiveVoice) {
  auto es = Run("Kharkiv was shelled by Russian forces.");
  ASSERT_EQ(es.size(), 1u) << Describe(es);
  EXPECT_EQ(Code(es[0].actor), "RUS MIL") << Describe(es);
  EXPECT_EQ(Where(es[0]), "Kharkiv");
}

TEST_F(Events, OneEventPerCoordinatedPlace) {
  auto es = Run("The Russian military targeted Kyiv, Kharkiv and Ivano-Frankivsk with airstrikes.");
  ASSERT_EQ(es.size(), 3u) << Describe(es);
  std::set<std::string> where;
  for (const auto& e : es) {
    EXPECT_EQ(e.codes.cameo, "195") << "target ... with airstrikes: " << Describe(es);
    EXPECT_EQ(e.codes.acled_sub, "Air/drone strike");
    EXPECT_EQ(Code(e.actor), "RUS MIL");
    where.insert(Where(e));
  }
  EXPECT_EQ(where, (std::set<std::string>{"Kyiv", "Kharkiv", "Ivano-Frankivsk"}));
}

TEST_F(Events, Nominalisation) {
  auto es = Run("The Russian shelling of Kharkiv continued.");
  ASSERT_EQ(es.size(), 1u) << Describe(es);
  EXPECT_EQ(es[0].codes.plover, "ASSAULT");
  EXPECT_EQ(Code(es[0].actor).substr(0, 3), "RUS") << Describe(es);
  EXPECT_EQ(Where(es[0]), "Kharkiv");
}

TEST_F(Events, RelativeClauseAndControl) {
  auto es = Run(
      "Russian troops that have surrounded the city pushed on. Putin ordered troops to advance.");
  const Event* surround = nullptr;
  const Event* advance = nullptr;
  for (const auto& e : es) {
    if (Trigger(e) == "surrounded") surround = &e;
    if (Trigger(e) == "advance") advance = &e;
  }
  ASSERT_NE(surround, nullptr) << Describe(es);
  EXPECT_EQ(surround->codes.cameo, "191");
  EXPECT_EQ(Code(surround->actor), "RUS MIL") << "the relative clause's head";
  ASSERT_NE(advance, nullptr) << Describe(es);
  EXPECT_TRUE(Code(advance->actor).ends_with("MIL"))
      << "ordered troops to advance: " << Describe(es);
}

TEST_F(Events, ReportedSpeechHasItsSpeaker) {
  auto es = Run("Zelensky said Russian troops attacked Kharkiv.");
  ASSERT_EQ(es.size(), 1u) << "'said' is no event: " << Describe(es);
  EXPECT_EQ(Trigger(es[0]), "attacked");
  ASSERT_GE(es[0].speaker, 0);
  EXPECT_EQ(mentions_[static_cast<size_t>(es[0].speaker)].code.name, "Volodymyr Zelensky");
}

TEST_F(Events, Modality) {
  auto no = Run("Russia will not attack Ukraine.");
  ASSERT_EQ(no.size(), 1u) << Describe(no);
  EXPECT_TRUE(no[0].modality.negated);
  EXPECT_TRUE(no[0].modality.future);
  auto talks = Run("Russian officials said talks could be held in Minsk.");
  ASSERT_EQ(talks.size(), 1u) << Describe(talks);
  EXPECT_EQ(talks[0].codes.plover, "CONSULT");
  EXPECT_TRUE(talks[0].modality.hypothetical);
  EXPECT_EQ(Where(talks[0]), "Minsk");
  EXPECT_FALSE(talks[0].modality.negated);
}

TEST_F(Events, TerritoryTakenByAForeignArmyIsNotGovernmentRegains) {
  auto es = Run("Russian troops have taken over the Chernobyl nuclear plant.");
  ASSERT_EQ(es.size(), 1u) << Describe(es);
  EXPECT_EQ(es[0].codes.cameo, "192");
  EXPECT_EQ(Trigger(es[0]), "taken over");
  EXPECT_EQ(es[0].codes.acled_sub, "Non-state actor overtakes territory");
  auto own = Run("Ukrainian forces seized Kharkiv.");
  ASSERT_EQ(own.size(), 1u) << Describe(own);
  EXPECT_EQ(own[0].codes.acled_sub, "Government regains territory");
}

TEST_F(Events, NounsNeedAnAnchor) {
  // "attack" with no actor, target, place or support verb is not an event.
  auto es = Run("An attack is a serious matter.");
  EXPECT_TRUE(es.empty()) << Describe(es);
}

TEST_F(Events, DatelineIsNeitherActorNorPlace) {
  auto es = Run("KHARKIV \xE2\x80\x94 Russian troops attacked on Tuesday, officials said.");
  EXPECT_EQ(sitrep::DatelineTokens(doc_), 2u);
  ASSERT_EQ(es.size(), 1u) << Describe(es);
  EXPECT_EQ(Code(es[0].actor), "RUS MIL");
  EXPECT_EQ(es[0].location, -1) << "filed from Kharkiv is not where it happened: " << Describe(es);
  Run("KHARKIV, Ukraine (Reuters) - Troops attacked.");
  EXPECT_EQ(sitrep::DatelineTokens(doc_), 7u);
  Run("Kharkiv was shelled - again.");
  EXPECT_EQ(sitrep::DatelineTokens(doc_), 0u);
}

TEST_F(Events, EachParticipantOnceAndOneEventPerCompound) {
  auto es = Run("Farmers protested against the government in Kyiv.");
  ASSERT_EQ(es.size(), 1u) << Describe(es);
  EXPECT_EQ(es[0].recipient.size(), 1u) << "the government once: " << Describe(es);
  auto drone = Run("The Russian drone strike on Kharkiv damaged a school.");
  ASSERT_EQ(drone.size(), 1u) << "'drone' inside 'drone strike' is no event of its own: "
                              << Describe(drone);
  EXPECT_EQ(drone[0].codes.cameo, "195");
  EXPECT_EQ(Where(drone[0]), "Kharkiv");
}

TEST(EventTables, BadRowNamesFileAndLine) {
  std::string dir =
      (std::filesystem::temp_directory_path() / ("sitrep-events-bad-" + std::to_string(::getpid())))
          .string();
  std::filesystem::create_directories(dir);
  for (const char* f : {"modality.tsv", "verbs.tsv"}) {
    std::filesystem::copy_file(kSource + "/tests/fixtures/events/" + f, dir + "/" + f,
                               std::filesystem::copy_options::overwrite_existing);
  }
  std::ofstream(dir + "/triggers.tsv")
      << "lemma\tpos\twhen\tplover\tmode\tcontext\tcameo\tacled_event_type\tacled_sub_event_type\t"
         "source\n"
      << "shell\tV\t\tASSAULT\t\t\t194\t\t\tok\n"
      << "bomb\tV\t\tATTACK\t\t\t195\t\t\tbad type\n";
  sitrep::events::EventOptions eo;
  eo.data_dir = dir;
  auto e = sitrep::events::EventExtractor::Load(eo);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("triggers.tsv:3:"), std::string::npos)
      << e.status().message();
  EXPECT_NE(e.status().message().find("ATTACK"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
