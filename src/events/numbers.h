// Numbers of events: the dead, the injured and the size of a force or crowd
// as a sentence states them ("killing at least seven civilians" -> 7 dead,
// "over 150,000 troops" -> size 150000, "dozens were wounded").
//
// Vague quantities follow ACLED's fatality convention ("Fatalities", ACLED
// knowledge base, 2023): "tens" = 10, "dozens" = 12, "hundreds" = 100 and so
// on ("thousands" = 1000, "millions" = 1e6), always marked approximate; by
// the same logic "scores" = 20. ACLED gives no figure for "several" in the
// text we could find; we take the smallest number the word covers, 3. A
// range ("10 to 15", "two or three", "between 10 and 15") is its lower bound,
// approximate, as ACLED keeps the most conservative estimate. "Many", "a
// few" and "casualties" (dead and wounded together) are not counted.
//
// Thread-safety: both functions are pure and may be called from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "sitrep/doc.h"

namespace sitrep::events {

struct Count {
  int64_t value = 0;
  uint32_t token_begin = 0, token_end = 0;  // the number's tokens ("at least seven")
  uint32_t noun = 0;                        // the counted noun or the verb it belongs to
  enum Kind : uint8_t { kFatalities, kInjured, kSize } kind = kSize;
  bool approximate = false;  // "at least", "more than", "dozens", "about"
};

// The counts of sentence `s` of a tagged and parsed doc, in token order, at
// most one per number. Token indices are document-wide.
//
// kFatalities and kInjured come from the number's place in the parse: the
// object of "kill"/"wound", the passive or copular subject of "killed"/"were
// wounded", the subject of "die"/"lose their lives", "the lives of 20", a
// "death toll" that rises to it, a "dead"/"wounded" after it ("left 5 dead"),
// or a counted noun that is itself a death or an injury ("12 deaths"). Where
// the parse is wrong, the words right before ("killing 4") and after ("30
// wounded") decide. kSize is a number of troops, fighters, protesters,
// people and the like that is not a casualty, "a crowd of 5,000" or "a
// 5,000-strong force".
//
// Not counted: years, dates, times, ages ("a 7-year-old", "aged 7", "Smith,
// 35,"), money, percentages, measures ("5 km", "2m"), counts of things that
// are not people ("three missiles"), numbers in names ("Resolution 2334"),
// the subset after "including"/"among them", killers ("3 gunmen killed ..."),
// and negated verbs ("were not killed").
std::vector<Count> FindCounts(const Doc& doc, size_t s);

// A number written in words or digits ("seven", "150,000", "1.5 million",
// "twenty-one" or "twenty", "-", "one", "three hundred and fifty", "a
// dozen", "half a dozen", "dozens", "tens of thousands", "several hundred");
// nullopt when `words` is not one. Words are matched case-insensitively.
// A leading hedge ("at least", "more than", "over", "some", "about",
// "nearly", "up to", ...), a trailing "or more", a range and a vague
// quantity set `approximate`; otherwise it is set to false. Fractions that
// do not come to a whole number ("1.5"), abbreviated scales ("2m", "3bn")
// and ordinals ("7th", "seventh") are not numbers here.
std::optional<int64_t> ParseNumber(const std::vector<std::string_view>& words, bool* approximate);

}  // namespace sitrep::events
