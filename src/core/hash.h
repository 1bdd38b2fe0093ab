// Small, fast, non-cryptographic hashes for feature keys and checksums.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sitrep {

// FNV-1a, 64-bit: file checksums and string keys.
inline uint64_t Fnv1a64(const void* data, size_t n, uint64_t h = 0xcbf29ce484222325ULL) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}
inline uint64_t HashString(std::string_view s, uint64_t seed = 0) {
  return Fnv1a64(s.data(), s.size(), 0xcbf29ce484222325ULL ^ (seed * 0x9E3779B97F4A7C15ULL));
}

// Mixes two 64-bit values (splitmix64 finalizer over a combination).
inline uint64_t HashCombine(uint64_t a, uint64_t b) {
  uint64_t x = a ^ (b + 0x9E3779B97F4A7C15ULL + (a << 6) + (a >> 2));
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}

// splitmix64 as a seeded generator: small, fast, and the same sequence with
// every compiler and standard library (std::mt19937 is portable, but the
// standard distributions and std::shuffle are not).
struct SplitMix64 {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for shuffling and fuzzing (0 when n is 0).
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }
};

}  // namespace sitrep
