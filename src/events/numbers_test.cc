#include "events/numbers.h"
#include <fstream>
#include <iostream>
#include <gtest/gtest.h>
#include "sitrep/pipeline.h"
namespace {
const char* KindName(sitrep::events::Count::Kind k) {
  return k == sitrep::events::Count::kFatalities ? "dead" : k == sitrep::events::Count::kInjured ? "injured" : "size";
}
TEST(NumbersDump, Dump) {
  auto p = sitrep::Pipeline::Load({});
  ASSERT_TRUE(p.ok());
  auto w = (*p)->NewWorker();
  std::ifstream in("/tmp/num_dump.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    sitrep::Doc d;
    d.SetText(line);
    (*p)->Process(&d, w.get());
    std::cout << line << "\n  ->";
    for (size_t s = 0; s < d.num_sentences(); ++s) {
      for (const auto& c : sitrep::events::FindCounts(d, s)) {
        std::string span;
        for (uint32_t t = c.token_begin; t < c.token_end; ++t) span += std::string(d.form(t)) + " ";
        std::cout << " [" << KindName(c.kind) << " " << c.value << (c.approximate ? "~" : "") << " '" << span << "' noun=" << d.form(c.noun) << "]";
      }
    }
    std::cout << "\n";
  }
}
}  // namespace
