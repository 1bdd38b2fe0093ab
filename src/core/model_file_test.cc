#include "core/model_file.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace sitrep::model {
namespace {

std::string TempPath(const char* name) { return ::testing::TempDir() + std::string("/") + name; }

TEST(ModelFile, RoundTrip) {
  Writer w;
  w.PutU32(7);
  w.PutString("hello");
  w.PutVector(std::vector<float>{1.5f, -2.0f});
  ModelFile f{"tagger", 3, R"({"epochs": 5})", w.data()};
  std::string path = TempPath("rt.model");
  ASSERT_TRUE(WriteModelFile(path, f).ok());
  auto got = ReadModelFile(path, "tagger", 3);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->config, f.config);
  Reader r(got->payload);
  uint32_t u;
  std::string s;
  std::vector<float> v;
  EXPECT_TRUE(r.GetU32(&u) && r.GetString(&s) && r.GetVector(&v));
  EXPECT_EQ(u, 7u);
  EXPECT_EQ(s, "hello");
  EXPECT_EQ(v, (std::vector<float>{1.5f, -2.0f}));
  EXPECT_TRUE(r.at_end());
  float extra;
  EXPECT_FALSE(r.GetF32(&extra));
}

TEST(ModelFile, RefusesWrongKindVersionAndDamage) {
  std::string path = TempPath("bad.model");
  ASSERT_TRUE(WriteModelFile(path, ModelFile{"parser", 2, "{}", "payload"}).ok());
  auto kind = ReadModelFile(path, "tagger", 2);
  ASSERT_FALSE(kind.ok());
  EXPECT_NE(kind.status().message().find("expected 'tagger'"), std::string::npos);
  auto version = ReadModelFile(path, "parser", 3);
  ASSERT_FALSE(version.ok());
  EXPECT_NE(version.status().message().find("format version 2"), std::string::npos);
  {  // flip one payload byte
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-10, std::ios::end);
    f.put('X');
  }
  auto damaged = ReadModelFile(path, "parser", 2);
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.status().message().find("checksum"), std::string::npos);
  std::ofstream(path, std::ios::trunc) << "not a model";
  auto magic = ReadModelFile(path, "parser", 2);
  ASSERT_FALSE(magic.ok());
  EXPECT_NE(magic.status().message().find("bad magic"), std::string::npos);
  EXPECT_FALSE(ReadModelFile(TempPath("missing.model"), "parser", 2).ok());
}

}  // namespace
}  // namespace sitrep::model
