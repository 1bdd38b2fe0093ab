#include "core/linear.h"

#include <gtest/gtest.h>

namespace sitrep {
namespace {

TEST(FeatureIndex, InsertsFindsAndGrows) {
  FeatureIndex idx;
  for (uint64_t k = 1; k <= 5000; ++k) EXPECT_EQ(idx.FindOrInsert(k * 7919, k), k);
  EXPECT_EQ(idx.size(), 5000u);
  for (uint64_t k = 1; k <= 5000; ++k) EXPECT_EQ(idx.Find(k * 7919), k);
  EXPECT_EQ(idx.Find(123456789), FeatureIndex::kMissing);
  EXPECT_EQ(idx.FindOrInsert(7919, 99), 1u);  // existing value kept
}

TEST(Perceptron, LearnsSeparableProblemAndRoundTrips) {
  // Class = which of three "word" features is present; a bias feature is shared.
  PerceptronTrainer t(3);
  for (int epoch = 0; epoch < 5; ++epoch) {
    for (int c = 0; c < 3; ++c) {
      uint64_t f[2] = {100 + static_cast<uint64_t>(c), 7};
      float s[3] = {0, 0, 0};
      t.Score(f, 2, s);
      int guess = 0;
      for (int k = 1; k < 3; ++k)
        if (s[k] > s[guess]) guess = k;
      t.Update(f, 2, c, guess);
      t.Tick();
    }
  }
  LinearModel m = t.Freeze();
  model::Writer w;
  m.Save(&w);
  LinearModel loaded;
  model::Reader r(w.data());
  ASSERT_TRUE(loaded.Load(&r));
  EXPECT_TRUE(r.at_end());
  for (int c = 0; c < 3; ++c) {
    uint64_t f[2] = {100 + static_cast<uint64_t>(c), 7};
    float s[3] = {0, 0, 0};
    loaded.Score(f, 2, s);
    for (int k = 0; k < 3; ++k) {
      if (k != c) {
        EXPECT_GT(s[c], s[k]) << "class " << c;
      }
    }
  }
}

TEST(LinearModel, RejectsDamagedPayload) {
  PerceptronTrainer t(2);
  uint64_t f[1] = {42};
  t.Update(f, 1, 1, 0);
  t.Tick();
  model::Writer w;
  t.Freeze().Save(&w);
  std::string bytes = w.data();
  LinearModel m;
  model::Reader truncated(std::string_view(bytes).substr(0, bytes.size() - 3));
  EXPECT_FALSE(m.Load(&truncated));
  // A class id beyond num_classes must be refused.
  w.data()[0] = 1;  // num_classes = 1, but class 1 is stored
  model::Reader bad(w.data());
  EXPECT_FALSE(m.Load(&bad));
}

}  // namespace
}  // namespace sitrep
