// Helpers shared by the ingest tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/reader.h"

namespace sitrep::ingest::testing {

inline bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

// Writes `data` to a file named `name` in the test temp folder; returns its path.
inline std::string WriteTemp(const std::string& name, std::string_view data) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  return path;
}

struct ReadResult {
  Status status;
  std::vector<Doc> docs;
  std::vector<std::string> warnings;
};

// ReadInput with every document and warning collected.
inline ReadResult ReadAll(const std::string& path, ReadOptions opts = {}) {
  ReadResult r;
  r.status = ReadInput(
      path, opts, [&](Doc& d) { r.docs.push_back(d); },
      [&](const std::string& w) { r.warnings.push_back(w); });
  return r;
}

}  // namespace sitrep::ingest::testing
