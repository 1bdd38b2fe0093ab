// Counts of the dead, the injured and of forces and crowds, on sentences run
// through the real tokenizer, tagger and parser; and ParseNumber on its own.
#include "events/numbers.h"

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sitrep/pipeline.h"

namespace {

using sitrep::events::Count;
using sitrep::events::FindCounts;
using sitrep::events::ParseNumber;

// A count as the tests compare it: kind, value, approximate, the text of its
// number tokens and its noun.
struct Seen {
  Count::Kind kind;
  int64_t value;
  bool approximate;
  std::string span, noun;
};

std::string KindName(Count::Kind k) {
  return k == Count::kFatalities ? "dead" : k == Count::kInjured ? "injured" : "size";
}

std::ostream& operator<<(std::ostream& os, const Seen& s) {
  return os << "[" << KindName(s.kind) << " " << s.value << (s.approximate ? "~" : "") << " '"
            << s.span << "' noun=" << s.noun << "]";
}

class Numbers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto p = sitrep::Pipeline::Load({});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    pipeline_ = std::move(p.value());
  }
  static void TearDownTestSuite() { pipeline_.reset(); }

  // The counts of every sentence of `text`.
  std::vector<Seen> Counts(const std::string& text) {
    doc_.Clear();
    doc_.SetText(text);
    auto w = pipeline_->NewWorker();
    pipeline_->Process(&doc_, w.get());
    std::vector<Seen> out;
    for (size_t s = 0; s < doc_.num_sentences(); ++s) {
      for (const Count& c : FindCounts(doc_, s)) {
        EXPECT_LT(c.token_begin, c.token_end);
        EXPECT_LE(doc_.sentence_first(s), c.token_begin);
        EXPECT_LE(c.token_end, doc_.sentence_end(s));
        std::string span;
        for (uint32_t t = c.token_begin; t < c.token_end; ++t) {
          if (!span.empty() && doc_.token_begin(t) > doc_.token_end(t - 1)) span += ' ';
          span += doc_.form(t);
        }
        out.push_back({c.kind, c.value, c.approximate, span, std::string(doc_.form(c.noun))});
      }
    }
    return out;
  }

  static std::string Describe(const std::vector<Seen>& v) {
    std::string s;
    for (const Seen& x : v) {
      std::ostringstream os;
      os << x << " ";
      s += os.str();
    }
    return s.empty() ? "(none)" : s;
  }

  static std::unique_ptr<sitrep::Pipeline> pipeline_;  // loaded once per suite
  sitrep::Doc doc_;
};

std::unique_ptr<sitrep::Pipeline> Numbers::pipeline_;

#define EXPECT_COUNT(seen, kind_, value_, approx_, span_, noun_) \
  do {                                                           \
    const Seen& s_ = (seen);                                     \
    EXPECT_EQ(s_.kind, Count::kind_) << s_;                      \
    EXPECT_EQ(s_.value, value_) << s_;                           \
    EXPECT_EQ(s_.approximate, approx_) << s_;                    \
    EXPECT_EQ(s_.span, span_) << s_;                             \
    EXPECT_EQ(s_.noun, noun_) << s_;                             \
  } while (0)

// ---------------------------------------------------------------- the dead

TEST_F(Numbers, ObjectOfKillingWithHedge) {
  auto c = Counts("The attack killed at least seven civilians.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 7, true, "at least seven", "civilians");
}

TEST_F(Numbers, PassiveSubjectOfKilled) {
  auto c = Counts("Seven people were killed in the strike.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 7, false, "Seven", "people");
}

TEST_F(Numbers, NumberBeforeDead) {
  auto c = Counts("7 dead in market bombing.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 7, false, "7", "dead");
}

TEST_F(Numbers, DeathTollRoseTo) {
  auto c = Counts("The death toll rose to 12.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 12, false, "12", "toll");
}

TEST_F(Numbers, DeathTollFromOldToNewFigure) {
  auto c = Counts("The death toll from the earthquake rose from 10 to more than 1,500.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 1500, true, "more than 1,500", "toll");
}

TEST_F(Numbers, DeathsAndFatalitiesNouns) {
  auto c = Counts("Officials reported 12 deaths and 20 fatalities.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 12, false, "12", "deaths");
  EXPECT_COUNT(c[1], kFatalities, 20, false, "20", "fatalities");
}

TEST_F(Numbers, SubjectOfDied) {
  auto c = Counts("At least 3 soldiers died in the clash.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 3, true, "At least 3", "soldiers");
}

TEST_F(Numbers, ClaimedTheLivesOf) {
  auto c = Counts("The explosion claimed the lives of 20 people. The attack claimed 9 lives.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 20, false, "20", "people");
  EXPECT_COUNT(c[1], kFatalities, 9, false, "9", "lives");
}

TEST_F(Numbers, BareObjectOfKilled) {
  auto c = Counts("Gunmen killed 4 in the village, police said.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 4, false, "4", "killed");
}

TEST_F(Numbers, LostTheirLivesAndShotDead) {
  auto c = Counts("20 people lost their lives, and several people were shot dead.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 20, false, "20", "people");
  EXPECT_COUNT(c[1], kFatalities, 3, true, "several", "people");
}

TEST_F(Numbers, CoordinatedSubjectsShareTheVerb) {
  auto c = Counts("Seventy-three soldiers and 12 civilians died.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 73, false, "Seventy-three", "soldiers");
  EXPECT_COUNT(c[1], kFatalities, 12, false, "12", "civilians");
}

TEST_F(Numbers, DemonymVictims) {
  auto c = Counts("Israeli forces killed 12 Palestinians in Jenin.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 12, false, "12", "Palestinians");
}

TEST_F(Numbers, VagueScoresAndThousands) {
  auto c = Counts("Scores of people were killed. Between 2015 and 2019, thousands were killed.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 20, true, "Scores", "people");
  EXPECT_COUNT(c[1], kFatalities, 1000, true, "thousands", "killed");
}

// ------------------------------------------------------------ the injured

TEST_F(Numbers, PassiveSubjectOfInjured) {
  auto c = Counts("Police said 12 people were injured.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kInjured, 12, false, "12", "people");
}

TEST_F(Numbers, InjuringDozens) {
  auto c = Counts("Shelling hit the town, injuring dozens. The shelling injured dozens.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kInjured, 12, true, "dozens", "injuring");
  EXPECT_COUNT(c[1], kInjured, 12, true, "dozens", "injured");
}

TEST_F(Numbers, HurtWithHalfADozen) {
  auto c = Counts("Half a dozen police officers were hurt.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kInjured, 6, false, "Half a dozen", "officers");
}

// -------------------------------------------------- the dead and injured

TEST_F(Numbers, KilledSevenWoundingTwelve) {
  auto c = Counts("The bombing killed 7, wounding 12.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 7, false, "7", "killed");
  EXPECT_COUNT(c[1], kInjured, 12, false, "12", "wounding");
}

TEST_F(Numbers, KilledAndWoundedInOneClause) {
  auto c = Counts("The attack killed at least seven civilians and wounded 12.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 7, true, "at least seven", "civilians");
  EXPECT_COUNT(c[1], kInjured, 12, false, "12", "wounded");
}

TEST_F(Numbers, LeftDeadAndWounded) {
  auto c = Counts("The blast left 5 dead and 30 wounded.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 5, false, "5", "dead");
  EXPECT_COUNT(c[1], kInjured, 30, false, "30", "wounded");
}

TEST_F(Numbers, LeftPeopleDeadAndOthersInjured) {
  auto c = Counts("The explosion left five people dead and 30 others injured.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 5, false, "five", "people");
  EXPECT_COUNT(c[1], kInjured, 30, false, "30", "others");
}

TEST_F(Numbers, HeadlineKilledInjured) {
  auto c = Counts("Seven killed, 12 injured in Kabul blast.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 7, false, "Seven", "killed");
  EXPECT_COUNT(c[1], kInjured, 12, false, "12", "injured");
}

TEST_F(Numbers, WordNumbersAndHundreds) {
  auto c = Counts("Twenty-one people were killed and hundreds were wounded.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 21, false, "Twenty-one", "people");
  EXPECT_COUNT(c[1], kInjured, 100, true, "hundreds", "wounded");
}

TEST_F(Numbers, HedgesOnBoth) {
  auto c = Counts("Nearly 40 fighters were killed and about 25 were injured.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 40, true, "Nearly 40", "fighters");
  EXPECT_COUNT(c[1], kInjured, 25, true, "about 25", "injured");
}

TEST_F(Numbers, RangesTakeTheLowerBound) {
  auto c = Counts("Between 10 and 15 people were killed and two or three soldiers were wounded.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 10, true, "Between 10 and 15", "people");
  EXPECT_COUNT(c[1], kInjured, 2, true, "two or three", "soldiers");
}

TEST_F(Numbers, SubsetAfterIncludingIsNotCountedTwice) {
  auto c = Counts(
      "Russian missile strikes on Kharkiv killed three people and injured 15 others. Hamas says "
      "the bombardment has killed 8,005 Palestinians, including 3,324 minors.");
  ASSERT_EQ(c.size(), 3u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 3, false, "three", "people");
  EXPECT_COUNT(c[1], kInjured, 15, false, "15", "others");
  EXPECT_COUNT(c[2], kFatalities, 8005, false, "8,005", "Palestinians");
}

TEST_F(Numbers, TollAndInjuredTogether) {
  auto c = Counts("The Health Ministry said the death toll had risen to 32, with 120 injured.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 32, false, "32", "toll");
  EXPECT_COUNT(c[1], kInjured, 120, false, "120", "injured");
}

// ------------------------------------------------------ forces and crowds

TEST_F(Numbers, SizeOfTroopsWithOver) {
  auto c = Counts("Over 150,000 troops massed near the border, officials said.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kSize, 150000, true, "Over 150,000", "troops");
}

TEST_F(Numbers, SizeOfProtesters) {
  auto c = Counts("Some 2,000 protesters gathered in the square.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kSize, 2000, true, "Some 2,000", "protesters");
}

TEST_F(Numbers, SizeOfACrowd) {
  auto c = Counts(
      "A crowd of 5,000 marched to parliament. Protesters numbered about 10,000, according to "
      "police. Thousands march in Paris.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kSize, 5000, false, "5,000", "crowd");
  EXPECT_COUNT(c[1], kSize, 10000, true, "about 10,000", "Protesters");
}

TEST_F(Numbers, SizeOfDeployedSoldiers) {
  auto c = Counts("10,000 soldiers were deployed to the border.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kSize, 10000, false, "10,000", "soldiers");
}

TEST_F(Numbers, SizeStrongAndMillions) {
  auto c = Counts("The 2,000-strong contingent arrived. The UN said 1.5 million people have fled.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kSize, 2000, false, "2,000", "contingent");
  EXPECT_COUNT(c[1], kSize, 1500000, false, "1.5 million", "people");
}

TEST_F(Numbers, SizeOfVagueCrowds) {
  auto c = Counts("Thousands of refugees fled. The protests drew tens of thousands of people.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kSize, 1000, true, "Thousands", "refugees");
  EXPECT_COUNT(c[1], kSize, 10000, true, "tens of thousands", "people");
}

TEST_F(Numbers, KillersAreASizeNotTheDead) {
  auto c = Counts("Three gunmen killed five soldiers.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kSize, 3, false, "Three", "gunmen");
  EXPECT_COUNT(c[1], kFatalities, 5, false, "five", "soldiers");
}

// ---------------------------------------------------- what is not counted

TEST_F(Numbers, WeaponsAreNotASize) {
  auto c = Counts("Russia fired three missiles at Kyiv. They fired 3 drones and 40 rockets.");
  EXPECT_TRUE(c.empty()) << Describe(c);
}

TEST_F(Numbers, NamesYearsMoneyAndPercentages) {
  auto c = Counts(
      "The UN passed Resolution 2334 in 2016. The government pledged $5 million in aid. "
      "Turnout was 45 percent. Support fell to 45% in 2019.");
  EXPECT_TRUE(c.empty()) << Describe(c);
}

TEST_F(Numbers, AgesAreNotCounts) {
  auto c = Counts(
      "A 7-year-old was killed and a 45-year-old man was wounded. John Smith, 35, was killed.");
  EXPECT_TRUE(c.empty()) << Describe(c);
}

TEST_F(Numbers, DatesTimesAndMeasures) {
  auto c = Counts(
      "A dozen civilians were killed when a shell hit the market at 10 a.m. on 3 March. "
      "The attack began at 5 pm on March 3 and lasted 3 hours. "
      "The shell landed 3 km from the base, killing 2.");
  ASSERT_EQ(c.size(), 2u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 12, false, "A dozen", "civilians");
  EXPECT_COUNT(c[1], kFatalities, 2, false, "2", "killing");
}

TEST_F(Numbers, YearBeforeACount) {
  auto c = Counts("In 2014, 300 people were killed in the city.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 300, false, "300", "people");
}

TEST_F(Numbers, OrdinalsAndSubsets) {
  auto c = Counts(
      "The first soldier was wounded. The third attack killed 12 people, including three "
      "children.");
  ASSERT_EQ(c.size(), 1u) << Describe(c);
  EXPECT_COUNT(c[0], kFatalities, 12, false, "12", "people");
}

TEST_F(Numbers, NegatedCasualtiesAreNotCounted) {
  auto c = Counts("No civilians were killed, but 3 soldiers were not injured.");
  EXPECT_TRUE(c.empty()) << Describe(c);
}

// ------------------------------------------------------------ ParseNumber

std::optional<int64_t> Parse(std::vector<std::string_view> w, bool* approx) {
  return ParseNumber(w, approx);
}

TEST(NumbersParseNumber, Digits) {
  bool a = true;
  EXPECT_EQ(Parse({"7"}, &a), 7);
  EXPECT_FALSE(a);
  EXPECT_EQ(Parse({"150,000"}, &a), 150000);
  EXPECT_EQ(Parse({"1.5", "million"}, &a), 1500000);
  EXPECT_FALSE(a);
  EXPECT_EQ(Parse({"2", "dozen"}, &a), 24);
  EXPECT_EQ(Parse({"150", "thousand"}, &a), 150000);
  EXPECT_EQ(Parse({"1,50"}, &a), std::nullopt);
  EXPECT_EQ(Parse({"1.5"}, &a), std::nullopt);
  EXPECT_EQ(Parse({"2m"}, &a), std::nullopt);
  EXPECT_EQ(Parse({"3bn"}, &a), std::nullopt);
  EXPECT_EQ(Parse({"7th"}, &a), std::nullopt);
  EXPECT_EQ(Parse({"$5"}, &a), std::nullopt);
  EXPECT_EQ(Parse({"10:30"}, &a), std::nullopt);
}

TEST(NumbersParseNumber, Words) {
  bool a = true;
  EXPECT_EQ(Parse({"seven"}, &a), 7);
  EXPECT_FALSE(a);
  EXPECT_EQ(Parse({"Seven"}, &a), 7);
  EXPECT_EQ(Parse({"twenty-one"}, &a), 21);
  EXPECT_EQ(Parse({"twenty", "-", "one"}, &a), 21);
  EXPECT_EQ(Parse({"thirty", "five"}, &a), 35);
  EXPECT_EQ(Parse({"a", "hundred"}, &a), 100);
  EXPECT_EQ(Parse({"three", "hundred"}, &a), 300);
  EXPECT_EQ(Parse({"three", "hundred", "and", "fifty"}, &a), 350);
  EXPECT_EQ(Parse({"one", "thousand", "two", "hundred"}, &a), 1200);
  EXPECT_EQ(Parse({"a", "dozen"}, &a), 12);
  EXPECT_FALSE(a);
  EXPECT_EQ(Parse({"half", "a", "dozen"}, &a), 6);
  EXPECT_EQ(Parse({"seventh"}, &a), std::nullopt);
  EXPECT_EQ(Parse({"many"}, &a), std::nullopt);
  EXPECT_EQ(Parse({"civilians"}, &a), std::nullopt);
  EXPECT_EQ(Parse({"seven", "civilians"}, &a), std::nullopt);
  EXPECT_EQ(Parse({"hundred"}, &a), std::nullopt);
  EXPECT_EQ(Parse({}, &a), std::nullopt);
}

TEST(NumbersParseNumber, VagueQuantitiesAreApproximate) {
  bool a = false;
  EXPECT_EQ(Parse({"dozens"}, &a), 12);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"tens"}, &a), 10);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"scores"}, &a), 20);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"hundreds"}, &a), 100);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"Thousands"}, &a), 1000);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"several"}, &a), 3);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"several", "hundred"}, &a), 300);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"tens", "of", "thousands"}, &a), 10000);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"hundreds", "of", "thousands"}, &a), 100000);
  EXPECT_TRUE(a);
}

TEST(NumbersParseNumber, HedgesAndRanges) {
  bool a = false;
  EXPECT_EQ(Parse({"at", "least", "seven"}, &a), 7);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"More", "than", "150,000"}, &a), 150000);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"up", "to", "300"}, &a), 300);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"about", "a", "dozen"}, &a), 12);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"10", "to", "15"}, &a), 10);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"10-15"}, &a), 10);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"two", "or", "three"}, &a), 2);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"between", "10", "and", "15"}, &a), 10);
  EXPECT_TRUE(a);
  a = false;
  EXPECT_EQ(Parse({"100", "or", "more"}, &a), 100);
  EXPECT_TRUE(a);
  EXPECT_EQ(Parse({"at", "least"}, &a), std::nullopt);
  EXPECT_FALSE(a);
  EXPECT_EQ(Parse({"15", "to", "10"}, &a), std::nullopt);  // not a range
  EXPECT_EQ(Parse({"seven"}, nullptr), 7);                 // the flag is optional
}

}  // namespace
