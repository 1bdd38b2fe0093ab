#include "core/tsv.h"

#include <fstream>

namespace sitrep {

std::vector<std::string_view> SplitFields(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Status ForEachLine(const std::string& path,
                   const std::function<Status(std::string_view, size_t)>& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    Status st = fn(std::string_view(line), n);
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

Status ForEachTsvRow(
    const std::string& path, size_t fields, std::string_view columns,
    const std::function<Status(const std::vector<std::string_view>&, const std::string&)>& fn) {
  bool header = false;
  return ForEachLine(path, [&](std::string_view line, size_t ln) -> Status {
    if (TrimSpaces(line).empty() || line[0] == '#') return Status::Ok();
    if (!header) {
      header = true;
      return Status::Ok();
    }
    std::string where = path + ":" + std::to_string(ln) + ": ";
    auto f = SplitFields(line, '\t');
    if (f.size() != fields) {
      return Status::Corrupt(where + "expected " + std::to_string(fields) +
                             " tab-separated fields (" + std::string(columns) + "), found " +
                             std::to_string(f.size()));
    }
    return fn(f, where);
  });
}

}  // namespace sitrep
