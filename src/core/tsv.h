// Reviewed tab-separated tables (data/places/*.tsv, data/actors/*.tsv): UTF-8,
// '#' comment lines and blank lines skipped, the first other line is the
// header, every row has a fixed number of fields.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep {

// Splits s at `sep`, keeping empty fields.
std::vector<std::string_view> SplitFields(std::string_view s, char sep);
// Without leading/trailing spaces and carriage returns.
std::string_view TrimSpaces(std::string_view s);

// Calls fn(line, line_number) for every line of a text file.
Status ForEachLine(const std::string& path,
                   const std::function<Status(std::string_view, size_t)>& fn);

// Calls fn(fields, "path:line: ") for every data row. A row with another
// number of fields than `fields` fails with file:line and the column names.
Status ForEachTsvRow(
    const std::string& path, size_t fields, std::string_view columns,
    const std::function<Status(const std::vector<std::string_view>&, const std::string&)>& fn);

}  // namespace sitrep
