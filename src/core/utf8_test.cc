#include "core/utf8.h"

#include <gtest/gtest.h>

namespace sitrep::utf8 {
namespace {

TEST(Utf8, CountsCodePoints) {
  std::string s = "Kyiv Київ ✓";
  EXPECT_EQ(CountCodePoints(s.data(), s.size()), 11u);
}

TEST(Utf8, FindsAndReplacesInvalidBytes) {
  std::string s = "ok\xff\xfe end";
  EXPECT_EQ(FindInvalid(s), 2u);
  EXPECT_EQ(Sanitize(&s), 2u);
  EXPECT_EQ(FindInvalid(s), std::string::npos);
  EXPECT_EQ(s, "ok\xEF\xBF\xBD\xEF\xBF\xBD end");
}

TEST(Utf8, RejectsTruncatedOverlongAndSurrogates) {
  EXPECT_EQ(FindInvalid("\xe2\x80"), 0u);                         // truncated
  EXPECT_EQ(FindInvalid("a\xc0\xaf"), 1u);                        // overlong '/'
  EXPECT_EQ(FindInvalid("\xed\xa0\x80"), 0u);                     // surrogate
  EXPECT_EQ(FindInvalid("\xf0\x9f\x98\x80"), std::string::npos);  // emoji
}

TEST(Utf8, NulBecomesSpace) {
  std::string s("a\0b", 3);
  EXPECT_EQ(Sanitize(&s), 1u);
  EXPECT_EQ(s, "a b");
}

TEST(Utf8, AppendRoundTrips) {
  for (char32_t cp : {U'a', U'й', U'—', U'😀'}) {
    std::string out;
    Append(cp, &out);
    size_t len;
    EXPECT_EQ(Decode(out, 0, &len), cp);
    EXPECT_EQ(len, out.size());
  }
}

}  // namespace
}  // namespace sitrep::utf8
