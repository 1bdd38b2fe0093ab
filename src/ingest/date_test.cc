#include "ingest/date.h"

#include <gtest/gtest.h>

namespace sitrep::ingest {
namespace {

TEST(NormalizeDate, IsoForms) {
  EXPECT_EQ(NormalizeDate("2024-03-14"), "2024-03-14");
  EXPECT_EQ(NormalizeDate(" 2024/3/4 "), "2024-03-04");
  EXPECT_EQ(NormalizeDate("20240314"), "2024-03-14");
  EXPECT_EQ(NormalizeDate("2024-03-14T09:30"), "2024-03-14T09:30:00");
  EXPECT_EQ(NormalizeDate("2024-03-14T09:30:15Z"), "2024-03-14T09:30:15Z");
  EXPECT_EQ(NormalizeDate("2024-03-14T09:30:15.123+0200"), "2024-03-14T09:30:15+02:00");
  EXPECT_EQ(NormalizeDate("2024-03-14 09:30:15 -05:00"), "2024-03-14T09:30:15-05:00");
  EXPECT_EQ(NormalizeDate("2024-03-14T09:30:15+00:00"), "2024-03-14T09:30:15Z");
  EXPECT_EQ(NormalizeDate("2024-03-14 09:30 UTC"), "2024-03-14T09:30:00Z");
}

TEST(NormalizeDate, WrittenForms) {
  EXPECT_EQ(NormalizeDate("Thu, 14 Mar 2024 09:30:00 GMT"), "2024-03-14T09:30:00Z");
  EXPECT_EQ(NormalizeDate("Thu, 14 Mar 2024 09:30:00 +0300"), "2024-03-14T09:30:00+03:00");
  EXPECT_EQ(NormalizeDate("March 14, 2024"), "2024-03-14");
  EXPECT_EQ(NormalizeDate("14 March 2024"), "2024-03-14");
  EXPECT_EQ(NormalizeDate("Sept. 3rd, 2023"), "2023-09-03");
  EXPECT_EQ(NormalizeDate("Published 14 Mar 2024 at 9:30 pm EST"), "2024-03-14T21:30:00-05:00");
  EXPECT_EQ(NormalizeDate("February 29, 2024 12:05am"), "2024-02-29T00:05:00");
}

TEST(NormalizeDate, RejectsAmbiguousAndImpossible) {
  EXPECT_EQ(NormalizeDate(""), std::nullopt);
  EXPECT_EQ(NormalizeDate("03/04/2024"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2023-02-29"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2024-13-01"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2024-03-14T25:00"), std::nullopt);
  EXPECT_EQ(NormalizeDate("2024-03-14 (updated)"), std::nullopt);
  EXPECT_EQ(NormalizeDate("last Tuesday"), std::nullopt);
  EXPECT_EQ(NormalizeDate("5 hours ago"), std::nullopt);
  EXPECT_EQ(NormalizeDate("March 2024"), std::nullopt);
  EXPECT_EQ(NormalizeDate("March 14 15, 2024"), std::nullopt);
}

}  // namespace
}  // namespace sitrep::ingest
