// The committed models: their checksums, and their quality on the EWT test
// set guarded at the measured figures (docs/text-engine.md).
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "eval/eval_parse.h"
#include "sitrep/pipeline.h"

namespace {

const std::string kModels = std::string(SITREP_SOURCE_DIR) + "/models";
const std::string kTest = std::string(SITREP_SHARED_DIR) + "/data/ud-ewt/en_ewt-ud-test.conllu";

TEST(Models, MatchTheirChecksums) {
  ASSERT_TRUE(std::filesystem::exists(kModels + "/SHA256SUMS"));
  std::string cmd = "cd '" + kModels + "' && sha256sum --check --quiet SHA256SUMS";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "models/ differ from models/SHA256SUMS";
}

TEST(Models, EwtTestScoresHoldTheMeasuredFigures) {
  if (!std::filesystem::exists(kTest)) GTEST_SKIP() << kTest << " not present";
  auto pipeline = sitrep::Pipeline::Load({kModels});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  auto r = sitrep::eval::EvalParse(**pipeline, kTest);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::cout << r->ToText();
  // Floors from the issue, raised to what the committed models measure (minus
  // rounding); see docs/text-engine.md for the figures.
  // Measured: UPOS 95.72, lemma 97.21, token F1 99.28, UAS 86.01, LAS 83.03.
  EXPECT_GE(r->upos, 95.6);
  EXPECT_GE(r->lemma, 97.1);
  EXPECT_GE(r->token_f1, 99.2);
  EXPECT_GE(r->uas, 85.9);
  EXPECT_GE(r->las, 82.9);
}

}  // namespace
