// Helpers for end-to-end tests that run the sitrep binary (SITREP_BIN): each
// test's files live in one folder and are named after the running test, since
// ctest runs tests in parallel.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

namespace sitrep::testing {

struct RunResult {
  int status = -1;
  std::string out, err;
};

// "Suite.Test" of the running test.
inline std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

// dir/<Suite.Test>-<name> (dir is created).
inline std::string TempFile(const std::string& dir, const std::string& name) {
  std::filesystem::create_directories(dir);
  return dir + "/" + TestName() + "-" + name;
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// Runs `sitrep <args>` through the shell; stdout and stderr are captured in
// files under dir.
inline RunResult RunSitrep(const std::string& dir, const std::string& args) {
  std::string out = TempFile(dir, "stdout"), err = TempFile(dir, "stderr");
  std::string cmd = std::string(SITREP_BIN) + " " + args + " >" + out + " 2>" + err;
  RunResult r;
  int raw = std::system(cmd.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

}  // namespace sitrep::testing
