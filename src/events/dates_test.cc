// Date expressions on sentences run through the real tokenizer, tagger and
// parser, resolved against Saturday 2022-02-26 unless a test says otherwise.
#include "events/dates.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sitrep/pipeline.h"

namespace {

using sitrep::events::DateMention;
using sitrep::events::FindDates;

const std::string kSaturday = "2022-02-26";

class Dates : public ::testing::Test {
 protected:
  // The models load once for the suite.
  static void SetUpTestSuite() {
    auto p = sitrep::Pipeline::Load({});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    pipeline_ = std::move(p.value());
    worker_ = pipeline_->NewWorker();
  }
  static void TearDownTestSuite() {
    worker_.reset();
    pipeline_.reset();
  }

  void SetUp() override { ASSERT_NE(pipeline_, nullptr); }

  // The dates of sentence `s` of `text`.
  std::vector<DateMention> Find(const std::string& text, const std::string& published,
                                size_t s = 0) {
    doc_.Clear();
    doc_.SetText(text);
    doc_.published = published;
    pipeline_->Process(&doc_, worker_.get());
    EXPECT_LT(s, doc_.num_sentences()) << text;
    return FindDates(doc_, s, published);
  }

  // "text=value/precision" per mention, "!" when historical, joined by "; ".
  static std::string Describe(const std::vector<DateMention>& ms) {
    std::string out;
    for (const auto& m : ms) {
      if (!out.empty()) out += "; ";
      out += m.text + "=" + m.value + "/" + m.precision + (m.historical ? "!" : "");
    }
    return out;
  }

  std::string Dated(const std::string& text, const std::string& published = kSaturday) {
    return Describe(Find(text, published));
  }

  static std::unique_ptr<sitrep::Pipeline> pipeline_;
  static sitrep::Pipeline::WorkerPtr worker_;
  sitrep::Doc doc_;
};

std::unique_ptr<sitrep::Pipeline> Dates::pipeline_;
sitrep::Pipeline::WorkerPtr Dates::worker_;

TEST_F(Dates, Weekdays) {
  EXPECT_EQ(Dated("Russian forces shelled Kharkiv on Tuesday."), "on Tuesday=2022-02-22/day");
  // The article's own weekday is the article date.
  EXPECT_EQ(Dated("Missiles struck Kyiv on Saturday."), "on Saturday=2022-02-26/day");
  EXPECT_EQ(Dated("Missiles struck Kyiv Saturday."), "Saturday=2022-02-26/day");
  EXPECT_EQ(Dated("Explosions were heard on Saturday night in Kyiv."),
            "on Saturday night=2022-02-26/day");
  EXPECT_EQ(Dated("On Sunday, troops entered the city."), "On Sunday=2022-02-20/day");
  EXPECT_EQ(Dated("The talks collapsed late on Friday."), "late on Friday=2022-02-25/day");
  EXPECT_EQ(Dated("On Monday Putin recognised the two republics."), "On Monday=2022-02-21/day");
  EXPECT_EQ(Dated("Saturday's attack killed four people."), "Saturday=2022-02-26/day");
  EXPECT_EQ(Dated("The village was shelled last Saturday."), "last Saturday=2022-02-19/day");
  EXPECT_EQ(Dated("Talks will resume next Monday."), "next Monday=2022-02-28/day");
}

TEST_F(Dates, RelativeDays) {
  EXPECT_EQ(Dated("Sirens sounded in Kyiv today."), "today=2022-02-26/day");
  EXPECT_EQ(Dated("The mayor said yesterday that the city would hold."),
            "yesterday=2022-02-25/day");
  EXPECT_EQ(Dated("The president will speak tonight."), "tonight=2022-02-26/day");
  EXPECT_EQ(Dated("Tomorrow the council meets."), "Tomorrow=2022-02-27/day");
  // News convention: the night ending on the article date.
  EXPECT_EQ(Dated("Kyiv was shelled overnight."), "overnight=2022-02-26/day");
  EXPECT_EQ(Dated("Kyiv was shelled last night."), "last night=2022-02-26/day");
  EXPECT_EQ(Dated("Fighting resumed this morning."), "this morning=2022-02-26/day");
  EXPECT_EQ(Dated("The ministry said earlier today that ten soldiers died."),
            "earlier today=2022-02-26/day");
  EXPECT_EQ(Dated("Shelling has gone on since yesterday."), "since yesterday=2022-02-25/day");
  // "in" belongs to the verb, not to the date.
  EXPECT_EQ(Dated("Nobody was let in today."), "today=2022-02-26/day");
  EXPECT_EQ(Dated("The bridge was blown up yesterday morning."),
            "yesterday morning=2022-02-25/day");
  EXPECT_EQ(Dated("The convoy left the day before yesterday."),
            "the day before yesterday=2022-02-24/day");
}

TEST_F(Dates, AbsoluteDays) {
  EXPECT_EQ(Dated("The town was captured on 30 April 2022."), "on 30 April 2022=2022-04-30/day");
  EXPECT_EQ(Dated("The town was captured on April 30, 2022, officials said."),
            "on April 30, 2022=2022-04-30/day");
  // Without a year: the article's year, or the year before when that would
  // be well after the article.
  EXPECT_EQ(Dated("The town was captured on 30 April."), "on 30 April=2021-04-30/day!");
  EXPECT_EQ(Dated("The town was captured on April 30."), "on April 30=2021-04-30/day!");
  EXPECT_EQ(Dated("Russia invaded on Feb. 24."), "on Feb. 24=2022-02-24/day");
  EXPECT_EQ(Dated("Russia invaded on the 24th of February."),
            "on the 24th of February=2022-02-24/day");
  EXPECT_EQ(Dated("Russia invaded on 24th February."), "on 24th February=2022-02-24/day");
  EXPECT_EQ(Dated("Russia invaded on 24 February, 2022."), "on 24 February, 2022=2022-02-24/day");
  // A few days after the article stays in its year.
  EXPECT_EQ(Dated("The summit is set for March 1."), "March 1=2022-03-01/day");
  EXPECT_EQ(Dated("Talks were held on Tuesday, March 1, 2022."),
            "on Tuesday, March 1, 2022=2022-03-01/day");
  EXPECT_EQ(Dated("Russia invaded on 2022-02-24."), "on 2022-02-24=2022-02-24/day");
  EXPECT_EQ(Dated("The town fell on the 12th."), "on the 12th=2022-02-12/day");
  // Day-first or month-first slashes are ambiguous: left alone.
  EXPECT_EQ(Dated("Russia invaded on 24/02/2022."), "");
  EXPECT_EQ(Dated("The 93rd Brigade held the line."), "");
}

TEST_F(Dates, Weeks) {
  EXPECT_EQ(Dated("Russia massed troops last week."), "last week=2022-W07/week");
  EXPECT_EQ(Dated("Russia massed troops this week."), "this week=2022-W08/week");
  EXPECT_EQ(Dated("Russia massed troops earlier this week."), "earlier this week=2022-W08/week");
  EXPECT_EQ(Dated("Shelling intensified over the weekend."), "over the weekend=2022-W08/week");
  EXPECT_EQ(Dated("Shelling intensified last weekend."), "last weekend=2022-W07/week");
  EXPECT_EQ(Dated("The convoy was spotted three weeks ago."), "three weeks ago=2022-W05/week");
}

TEST_F(Dates, Months) {
  EXPECT_EQ(Dated("The offensive began in April."), "in April=2021-04/month!");
  EXPECT_EQ(Dated("The offensive began in April 2021."), "in April 2021=2021-04/month!");
  EXPECT_EQ(Dated("The offensive began in February."), "in February=2022-02/month");
  EXPECT_EQ(Dated("The offensive began in mid-April."), "in mid-April=2021-04/month!");
  EXPECT_EQ(Dated("The offensive began in early April."), "in early April=2021-04/month!");
  EXPECT_EQ(Dated("Talks failed last month."), "last month=2022-01/month");
  EXPECT_EQ(Dated("Talks failed this month."), "this month=2022-02/month");
  EXPECT_EQ(Dated("Talks failed earlier this month."), "earlier this month=2022-02/month");
  EXPECT_EQ(Dated("Talks failed last May."), "last May=2021-05/month!");
  EXPECT_EQ(Dated("Talks failed a month ago."), "a month ago=2022-01/month");
}

TEST_F(Dates, Years) {
  EXPECT_EQ(Dated("Prices rose last year."), "last year=2021/year!");
  EXPECT_EQ(Dated("Prices rose this year."), "this year=2022/year");
  EXPECT_EQ(Dated("Russia annexed Crimea in 2014."), "in 2014=2014/year!");
  EXPECT_EQ(Dated("Fighting has gone on since 2014."), "since 2014=2014/year!");
  EXPECT_EQ(Dated("Observers criticised the 2014 elections."), "2014=2014/year!");
  EXPECT_EQ(Dated("The war began a year ago."), "a year ago=2021/year!");
  EXPECT_EQ(Dated("The mine was laid two decades ago."), "two decades ago=2002/year!");
  EXPECT_EQ(Dated("The town was founded decades ago."), "decades ago=/unknown!");
  EXPECT_EQ(Dated("The town was founded years ago."), "years ago=/unknown!");
  EXPECT_EQ(Dated("The region was calm in the 1990s."), "in the 1990s=/unknown!");
}

TEST_F(Dates, Ago) {
  EXPECT_EQ(Dated("The bridge was destroyed two days ago."), "two days ago=2022-02-24/day");
  EXPECT_EQ(Dated("The bridge was destroyed 3 days ago."), "3 days ago=2022-02-23/day");
  EXPECT_EQ(Dated("The bridge was destroyed hours ago."), "hours ago=2022-02-26/day");
  EXPECT_EQ(Dated("The bridge was destroyed an hour ago."), "an hour ago=2022-02-26/day");
  EXPECT_EQ(Dated("The bridge was destroyed a few days ago."), "a few days ago=/unknown");
}

TEST_F(Dates, Vague) {
  EXPECT_EQ(Dated("As reported earlier, the bridge was destroyed."), "earlier=/unknown");
  EXPECT_EQ(Dated("The bridge was recently destroyed."), "recently=/unknown");
  EXPECT_EQ(Dated("Shelling has intensified in recent days."), "in recent days=/unknown");
  EXPECT_EQ(Dated("The army said earlier in the day that it had withdrawn."),
            "earlier in the day=/unknown");
  EXPECT_EQ(Dated("An earlier report said five people died."), "");
  EXPECT_EQ(Dated("The troops arrived earlier than expected."), "");
}

TEST_F(Dates, NotDates) {
  EXPECT_EQ(Dated("Russia has massed over 150,000 troops near the border."), "");
  EXPECT_EQ(Dated("The strike killed 2014 people."), "");
  EXPECT_EQ(Dated("Numbers grew from 1900 to 2500 troops."), "");
  EXPECT_EQ(Dated("Theresa May said they may attack."), "");
  EXPECT_EQ(Dated("Troops march to the border."), "");
  EXPECT_EQ(Dated("The Sunday Times reported the strike."), "");
  EXPECT_EQ(Dated("USA Today reported the strike."), "");
  EXPECT_EQ(Dated("The attack began at 5 a.m. on the outskirts."), "");
  EXPECT_EQ(Dated("Call 650 723 1976 for details."), "");
  EXPECT_EQ(Dated("The Wagner group sent 2000 fighters."), "");
  EXPECT_EQ(Dated("The convoy moved at 2000 GMT."), "");
  EXPECT_EQ(Dated("He defended the Good Friday Agreement."), "");
  EXPECT_EQ(Dated("Critics in May's cabinet objected."), "");
  EXPECT_EQ(Dated("The city grew in the 19th and 20th centuries."), "");
}

TEST_F(Dates, TimeOfDayBesideADate) {
  EXPECT_EQ(Dated("The attack began at 5 a.m. today."), "today=2022-02-26/day");
}

TEST_F(Dates, MayTheMonthBesideMayTheName) {
  EXPECT_EQ(Dated("Theresa May said in May that they may attack."), "in May=2021-05/month!");
}

TEST_F(Dates, StatedYearAfterTheDate) {
  EXPECT_EQ(Dated("The plant was hit on December 7 last year."),
            "on December 7 last year=2021-12-07/day!");
  EXPECT_EQ(Dated("Elections are due in October this year."), "in October this year=2022-10/month");
  EXPECT_EQ(Dated("The rebels took the town in February of 2001."),
            "in February of 2001=2001-02/month!");
  EXPECT_EQ(Dated("A May, 2007 report found the same."), "May, 2007=2007-05/month!");
  EXPECT_EQ(Dated("The strike came on Wednesday last week."),
            "on Wednesday last week=2022-02-16/day");
  EXPECT_EQ(Dated("The plant burned in July and August of last year."),
            "in July=2021-07/month!; August of last year=2021-08/month!");
  EXPECT_EQ(Dated("Talks run until Wednesday next week."),
            "until Wednesday next week=2022-03-02/day");
}

TEST_F(Dates, RangesAndCoordinations) {
  // The ends of a range share what only one of them states.
  EXPECT_EQ(Dated("Fighting raged 24-26 February."),
            "24=2022-02-24/day; 26 February=2022-02-26/day");
  EXPECT_EQ(Dated("Talks are planned for March 1-2."), "March 1=2022-03-01/day; 2=2022-03-02/day");
  EXPECT_EQ(Dated("Fighting peaked between May and July."),
            "between May=2021-05/month!; July=2021-07/month!");
  EXPECT_EQ(Dated("Between January and May 2008, 150 men were detained."),
            "Between January=2008-01/month!; May 2008=2008-05/month!");
  EXPECT_EQ(Dated("We stayed from the 7th to the 14th of December."),
            "from the 7th=2021-12-07/day!; the 14th of December=2021-12-14/day!");
  EXPECT_EQ(Dated("The 1998-2001 epidemics killed thousands."), "1998=1998/year!; 2001=2001/year!");
  EXPECT_EQ(Dated("He led the party from 1995 to 2001."), "from 1995=1995/year!; 2001=2001/year!");
  EXPECT_EQ(Dated("The border was fortified between 2014 and 2016."),
            "between 2014=2014/year!; 2016=2016/year!");
}

TEST_F(Dates, FutureClauses) {
  // A clause about the future takes the next weekday, day or month.
  EXPECT_EQ(Dated("Talks will resume on Monday."), "on Monday=2022-02-28/day");
  EXPECT_EQ(Dated("Talks will resume on Saturday."), "on Saturday=2022-02-26/day");
  EXPECT_EQ(Dated("The vote is scheduled for March 15."), "March 15=2022-03-15/day");
  EXPECT_EQ(Dated("Negotiators are due to meet in Minsk on Sunday."), "on Sunday=2022-02-27/day");
  EXPECT_EQ(Dated("The delegation is expected to arrive on Monday, officials said on Saturday."),
            "on Monday=2022-02-28/day; on Saturday=2022-02-26/day");
  EXPECT_EQ(Dated("Putin, who will travel on Monday, spoke on Tuesday."),
            "on Monday=2022-02-28/day; on Tuesday=2022-02-22/day");
  EXPECT_EQ(Dated("Elections will be held in April."), "in April=2022-04/month");
  EXPECT_EQ(Dated("They\u2019ll meet on Monday."), "on Monday=2022-02-28/day");
  EXPECT_EQ(Dated("The summit will open on January 5.", "2022-12-28"),
            "on January 5=2023-01-05/day");
}

TEST_F(Dates, ThatYear) {
  EXPECT_EQ(Dated("Russia annexed Crimea in March 2014 and backed separatists from April of "
                  "that year."),
            "in March 2014=2014-03/month!; from April of that year=2014-04/month!");
  EXPECT_EQ(Dated("The Minsk agreements of 2014 and 2015 failed."),
            "2014=2014/year!; 2015=2015/year!");
}

TEST_F(Dates, TwoDatesInASentence) {
  auto ms =
      Find("Putin recognised the republics on Monday and troops crossed on Thursday.", kSaturday);
  EXPECT_EQ(Describe(ms), "on Monday=2022-02-21/day; on Thursday=2022-02-24/day");
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_LT(ms[0].token_end, ms[1].token_begin);
  EXPECT_EQ(Dated("The town fell in 2014 and was retaken last week."),
            "in 2014=2014/year!; last week=2022-W07/week");
}

TEST_F(Dates, SpanCoversThePreposition) {
  auto ms = Find("Explosions shook Kyiv on Saturday night.", kSaturday);
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(doc_.form(ms[0].token_begin), "on");
  EXPECT_EQ(doc_.form(ms[0].token_end - 1), "night");
  EXPECT_EQ(ms[0].token_end - ms[0].token_begin, 3u);
  EXPECT_EQ(ms[0].text, "on Saturday night");
}

TEST_F(Dates, SecondSentence) {
  auto ms = Find("Sirens sounded today. The bridge fell on Tuesday.", kSaturday, 1);
  EXPECT_EQ(Describe(ms), "on Tuesday=2022-02-22/day");
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_GE(ms[0].token_begin, doc_.sentence_first(1));
  EXPECT_EQ(Describe(FindDates(doc_, 5, kSaturday)), "");  // no such sentence
}

TEST_F(Dates, YearRollover) {
  const std::string kTuesday = "2023-01-03";
  EXPECT_EQ(Dated("The plant was hit on 30 December.", kTuesday), "on 30 December=2022-12-30/day");
  EXPECT_EQ(Dated("The plant was hit on Saturday.", kTuesday), "on Saturday=2022-12-31/day");
  EXPECT_EQ(Dated("The plant was hit in December.", kTuesday), "in December=2022-12/month");
  EXPECT_EQ(Dated("The plant was hit last week.", kTuesday), "last week=2022-W52/week");
  EXPECT_EQ(Dated("The plant was hit this week.", kTuesday), "this week=2023-W01/week");
  EXPECT_EQ(Dated("The plant was hit last month.", kTuesday), "last month=2022-12/month");
  EXPECT_EQ(Dated("The plant was hit last year.", kTuesday), "last year=2022/year!");
}

TEST_F(Dates, DateTimePublished) {
  EXPECT_EQ(Dated("The mayor spoke yesterday.", "2022-02-26T10:00:00Z"),
            "yesterday=2022-02-25/day");
}

TEST_F(Dates, UnknownPublished) {
  EXPECT_EQ(Dated("The bridge fell on Tuesday.", ""), "on Tuesday=/unknown");
  EXPECT_EQ(Dated("The bridge fell last week.", ""), "last week=/unknown");
  EXPECT_EQ(Dated("The bridge fell on 30 April.", ""), "on 30 April=/unknown");
  EXPECT_EQ(Dated("The bridge fell on 30 April 2022.", ""), "on 30 April 2022=2022-04-30/day");
  EXPECT_EQ(Dated("The bridge fell in April 2021.", ""), "in April 2021=2021-04/month");
  // Absolute, but with nothing to measure it against: not historical.
  EXPECT_EQ(Dated("The bridge fell in 2014.", ""), "in 2014=2014/year");
  EXPECT_EQ(Dated("The bridge fell years ago.", ""), "years ago=/unknown!");
  // A day the month does not have: a date, left unresolved.
  EXPECT_EQ(Dated("The bridge fell on 31 April 2022.", ""), "on 31 April 2022=/unknown");
}

}  // namespace
