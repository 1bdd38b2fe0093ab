// The actor coder with the project's tables on the PLOVER gold-standard
// records, guarded at the measured figures (docs/actors.md). Skips when
// ../shared is absent.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "actors/actors.h"
#include "eval/eval_actors.h"
#include "sitrep/pipeline.h"

namespace {

TEST(ActorQuality, PloverGsrHoldsTheMeasuredFigures) {
  std::string gold = std::string(SITREP_SHARED_DIR) + "/data/events/plover-gsr.gold.jsonl";
  if (!std::filesystem::exists(gold)) GTEST_SKIP() << gold << " not present";
  auto pipeline = sitrep::Pipeline::Load({});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  auto coder = sitrep::actors::ActorCoder::Load({});
  ASSERT_TRUE(coder.ok()) << coder.status().ToString() << " (run scripts/setup.sh)";
  auto worker = (*pipeline)->NewWorker();
  auto ws = (*coder)->NewWorkspace();
  auto r = sitrep::eval::EvalActors(gold, [&](sitrep::Doc* doc) {
    (*pipeline)->Process(doc, worker.get());
    return (*coder)->Code(*doc, ws.get());
  });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::cout << r->ToText();
  // Measured: country 0.809, sector 0.577 (floors of the issue: 0.85 and
  // 0.75, not reached yet; see docs/actors.md).
  EXPECT_GE(r->country_accuracy, 0.80);
  EXPECT_GE(r->sector_accuracy, 0.57);
}

}  // namespace
