#include "sitrep/doc.h"

#include <gtest/gtest.h>

namespace sitrep {
namespace {

TEST(Doc, TokensCarryByteAndCodePointOffsets) {
  Doc doc;
  doc.SetText("Київ — “Kyiv” isn't");
  // Київ = 8 bytes / 4 code points
  doc.AddToken(0, 8, {}, true);
  size_t dash = doc.text().find("—");
  doc.AddToken(static_cast<uint32_t>(dash), static_cast<uint32_t>(dash + 3), "--", true);
  size_t q = doc.text().find("“");
  doc.AddToken(static_cast<uint32_t>(q), static_cast<uint32_t>(q + 3), "``", false);
  doc.AddSentence(0, 3);
  ASSERT_EQ(doc.num_tokens(), 3u);
  EXPECT_EQ(doc.form(0), "Київ");
  EXPECT_EQ(doc.token_cp_begin(0), 0u);
  EXPECT_EQ(doc.token_cp_end(0), 4u);
  EXPECT_EQ(doc.token_cp_begin(1), 5u);
  EXPECT_EQ(doc.token_cp_end(1), 6u);
  EXPECT_EQ(doc.norm(0), "Київ");
  EXPECT_EQ(doc.norm(1), "--");
  EXPECT_EQ(doc.norm(2), "``");
  EXPECT_FALSE(doc.space_after(2));
  EXPECT_EQ(doc.sentence_cps(0).begin, 0u);
  EXPECT_EQ(doc.sentence_cps(0).end, 8u);
}

TEST(Doc, AnnotationLayersDefaultAndSet) {
  Doc doc;
  doc.SetText("Troops advanced");
  doc.AddToken(0, 6, {}, true);
  doc.AddToken(7, 15, {}, false);
  doc.AddSentence(0, 2);
  EXPECT_EQ(doc.upos(0), Upos::kNone);
  EXPECT_EQ(doc.head(1), -1);
  EXPECT_EQ(doc.lemma(1), "");
  doc.set_upos(1, Upos::kVerb);
  doc.set_xpos(1, XposFromName("VBD"));
  doc.set_lemma(1, "advance");
  doc.set_head(1, 0, DeprelFromName("root"));
  doc.set_head(0, 2, DeprelFromName("nsubj"));
  EXPECT_EQ(UposName(doc.upos(1)), "VERB");
  EXPECT_EQ(XposName(doc.xpos(1)), "VBD");
  EXPECT_EQ(doc.lemma(1), "advance");
  EXPECT_EQ(DeprelName(doc.deprel(0)), "nsubj");
  EXPECT_EQ(doc.head(0), 2);
}

TEST(Doc, ClearKeepsNothingButCapacity) {
  Doc doc;
  doc.id = "x";
  doc.SetText("a b");
  doc.AddToken(0, 1, {}, true);
  doc.Clear();
  EXPECT_EQ(doc.num_tokens(), 0u);
  EXPECT_TRUE(doc.id.empty());
  EXPECT_TRUE(doc.text().empty());
}

TEST(Tagsets, RoundTripNames) {
  for (int i = 1; i < NumXpos(); ++i) EXPECT_EQ(XposFromName(XposName(static_cast<uint8_t>(i))), i);
  for (int i = 1; i < NumDeprel(); ++i)
    EXPECT_EQ(DeprelFromName(DeprelName(static_cast<uint8_t>(i))), i);
  EXPECT_EQ(XposFromName("NOT-A-TAG"), 0);
  EXPECT_EQ(UposFromName("PROPN"), Upos::kPropn);
}

}  // namespace
}  // namespace sitrep
