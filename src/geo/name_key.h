// Name keys: the folded form under which the gazetteer indexes names and the
// geoparser looks them up. Both sides use the same function, so "Kyiv",
// "KYIV", "Київ" (through ICU's Any-Latin transliteration), "Kiev", "U.S."
// and "US", "Ivano-Frankivsk" and "Ivano Frankivsk" each meet their entry.
//
// Folding: transliterate to Latin, strip accents (ICU Latin-ASCII), lowercase,
// drop '.', apostrophes and commas, turn hyphens/slashes/underscores into
// spaces, collapse runs of spaces, trim. ASCII input takes a fast path that
// never touches ICU.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace sitrep::geo {

// Not thread-safe (holds an ICU transliterator); use one per thread.
class NameKeyer {
 public:
  NameKeyer();
  ~NameKeyer();
  NameKeyer(const NameKeyer&) = delete;
  NameKeyer& operator=(const NameKeyer&) = delete;

  // Writes the key of `name` to *out (cleared first). Returns false when the
  // key is empty (nothing but punctuation).
  bool Key(std::string_view name, std::string* out);
  std::string Key(std::string_view name) {
    std::string s;
    Key(name, &s);
    return s;
  }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The ASCII part of the folding, applied to already-Latin text (exposed for tests).
void FoldAscii(std::string_view in, std::string* out);

}  // namespace sitrep::geo
