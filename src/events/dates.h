// Dates of events: the date expressions of a sentence ("on Tuesday",
// "overnight", "last week", "on 30 April 2022", "earlier this month",
// "in 1994") resolved against the article's publication date, each with
// the precision the text supports.
//
// What is read (A = the article date, `published`):
//   day     "on Tuesday", "Saturday night", "late on Saturday" (the latest such
//           weekday on or before A; "last Tuesday" the latest before A, "next
//           Tuesday" the first after, "Tuesday last week" that week's),
//           "today", "tonight", "this morning", "earlier today", "overnight",
//           "last night" (news convention: the night ending on A, so A),
//           "yesterday", "tomorrow", "the day before yesterday",
//           "on 30 April 2022", "April 30, 2022", "Feb. 24", "the 24th of
//           February", "Tuesday, March 1", "2022-02-24", "on the 12th" (of A's
//           month), "two days ago", "hours ago"
//   week    "this week", "last week", "earlier this week", "next week",
//           "over the weekend", "last weekend", "three weeks ago" -> "2022-W07"
//   month   "in April", "in April 2021", "February of 2001", "mid-April",
//           "last month", "earlier this month", "last May", "a month ago"
//   year    "in 2014", "since 2014", "the 2014 elections", "mid-2014",
//           "last year", "a year ago", "two decades ago"
//   unknown "earlier", "recently", "lately", "earlier in the day", "in recent
//           weeks", "years ago", "a few days ago", "in the 1990s" (value "")
// A day or month without a year ("30 April", "April 30", "in April") takes
// A's year, or the year before when that would put it more than a week
// after A; a year stated after it completes it ("on December 7 last year",
// "in April of that year"). In a clause about the future ("talks will
// resume on Monday", "the vote is scheduled for March 15", "due to meet on
// Sunday") a weekday, day or month is the next one instead. The ends of a
// range or coordination share what one of them states: "24-26 February",
// "March 1-2", "between January and May 2008". Without an article date,
// relative expressions and dates without a year are still found but left
// unresolved (value "", precision "unknown").
//
// Not read: times of day ("at 5 a.m."), numeric dates with slashes other
// than year-first ("24/02/2022" is ambiguous), dates relative to another
// event ("the next day", "two days later", "a year earlier"), rolling
// periods ("the past week", "the last 24 hours"), seasons ("last summer";
// "the summer of 2014" gives the year), and a range is two mentions, not one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sitrep/doc.h"

namespace sitrep::events {

struct DateMention {
  // Doc tokens of the expression, [token_begin, token_end), document-wide
  // indices; the span takes the preposition and modifier ("earlier on Tuesday").
  uint32_t token_begin = 0, token_end = 0;
  std::string text;  // its text ("on Saturday")
  // ISO: "2022-02-26" (day), "2022-W08" (ISO week), "2022-02" (month),
  // "2022" (year); "" when unresolved.
  std::string value;
  std::string precision;  // day | week | month | year | unknown
  // True when the expression puts the event well before the article
  // ("in 2014", "last year", "in March 2003" in a 2022 article): PLOVER's
  // historical mode. Set when the whole period lies before the article date
  // and began more than 60 days before it, and for "years ago", "decades ago"
  // even without an article date.
  bool historical = false;
};

// The date expressions of sentence `s` of a tagged (and, when available,
// parsed) doc, in token order, without overlap. `published` is the article's
// ISO date or date-time ("2022-02-26", "2022-02-26T10:00:00Z"; only the date
// is read, "" when unknown: only absolute dates then resolve). Thread-safe
// for distinct or unmodified docs.
std::vector<DateMention> FindDates(const Doc& doc, size_t s, const std::string& published);

}  // namespace sitrep::events
