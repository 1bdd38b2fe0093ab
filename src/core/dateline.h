// News datelines: "KHARTOUM (Reuters) -", "KOSTIANTYNIVKA, Ukraine —",
// "GAZA CITY —" open a wire story and say where it was filed from, not who
// acts or where events happen.
#pragma once

#include <cstddef>

#include "sitrep/doc.h"

namespace sitrep {

// The number of tokens of the dateline that opens the document's first
// sentence (0 when there is none): a run of upper-case words (and a
// comma-separated region or country in any case, an agency in parentheses,
// a date) ended by a dash.
size_t DatelineTokens(const Doc& doc);

}  // namespace sitrep
