// Publication dates as pages and feeds write them, normalized to ISO 8601.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sitrep::ingest {

// "2024-03-14", "2024/03/14", "20240314", "2024-03-14T09:30:00.000+0200",
// "Thu, 14 Mar 2024 09:30:00 GMT", "March 14, 2024", "14 March 2024 at 9:30 am
// EST" → "2024-03-14" or "2024-03-14T09:30:00" with "Z" or "+02:00" when the
// zone is known. Ambiguous numeric forms ("03/04/2024") and impossible dates
// give nullopt.
std::optional<std::string> NormalizeDate(std::string_view text);

}  // namespace sitrep::ingest
