// The compiled gazetteer: one versioned, checksummed, memory-mapped file.
//
// Layout (little-endian; every section 8-byte aligned):
//   Header   magic "SITREPGZ", format version, section offsets/sizes, checksum
//   entries  fixed-size EntryRec, one per place
//   buckets  open-addressing hash table: 64-bit name-key hash -> postings range
//   postings (entry index, name kind), sorted best prior first within a key
//   strings  NUL-terminated UTF-8 (names, admin1 names, notes, build info)
// Keys are NameKeyer keys (geo/name_key.h). Only their 64-bit hashes are stored.
//
// Open() maps the file, checks magic, version, size and checksum; every failure
// names the file and says how to rebuild it (`sitrep gazetteer build`).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "geo/place.h"
#include "sitrep/status.h"

namespace sitrep::geo {

inline constexpr uint32_t kGazetteerFormatVersion = 1;

// How a name reached the index; the resolver trusts them differently.
enum class NameKind : uint8_t {
  kPrimary = 0,  // GeoNames name / asciiname, country common name
  kOfficial,     // official country names, admin1 names from Natural Earth
  kAlternate,    // GeoNames alternate names (other languages, old spellings)
  kCurated,      // data/places/curated.tsv name or alias
  kAbbrev,       // short codes: "UK", "DRC", "NSW" (matched only as written in caps)
  kDemonym,      // "Ukrainian": a country mention, never a location by itself
  kGenerated,    // "Kharkiv Oblast", "Kharkiv region": built from admin1 names
};

enum EntryFlag : uint8_t {
  kFlagCapital = 1,     // national capital (PPLC)
  kFlagAdminSeat = 2,   // seat of a first-level division (PPLA)
  kFlagDisputed = 4,    // in disputed/occupied territory (data/places/disputed.tsv)
  kFlagCurated = 8,     // from data/places/curated.tsv
  kFlagHistorical = 16  // a name of a place that no longer exists as such (USSR)
};

#pragma pack(push, 1)
struct EntryRec {
  uint32_t geonames_id;
  float lat, lon;
  uint32_t population;
  uint32_t name;          // string offset
  uint32_t admin1_name;   // string offset (0: "")
  uint32_t admin1_entry;  // entry index + 1 of the admin1 place (0: none)
  uint32_t note;          // string offset: disputed-territory note (0: "")
  uint16_t uncertainty_km;
  char country[3];  // ISO 3166-1 alpha-3; "\0\0\0" when none
  uint8_t feature;  // Feature
  uint8_t flags;    // EntryFlag bits
  uint8_t reserved;
};
struct Posting {
  uint32_t entry;
  uint8_t kind;  // NameKind
  uint8_t reserved[3];
};
struct Bucket {
  uint64_t key_hash;  // 0: empty
  uint32_t postings_begin, postings_count;
};
struct GazetteerHeader {
  char magic[8];
  uint32_t format_version;
  uint32_t header_size;
  uint64_t file_size;
  uint64_t checksum;  // of everything after the header
  uint32_t num_entries, num_buckets, num_postings, strings_size;
  uint64_t off_entries, off_buckets, off_postings, off_strings;
  uint32_t info;  // string offset: build description (sources, date)
  uint32_t reserved[7];
};
#pragma pack(pop)
static_assert(sizeof(EntryRec) == 40);
static_assert(sizeof(Posting) == 8);
static_assert(sizeof(Bucket) == 16);

uint64_t GazetteerKeyHash(std::string_view key);         // never 0
uint64_t GazetteerChecksum(const void* data, size_t n);  // word-wise, fast

class Gazetteer {
 public:
  // Maps and verifies `path`. Empty path: DefaultGazetteerPath().
  static Result<std::unique_ptr<Gazetteer>> Open(const std::string& path);
  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  const std::string& path() const { return path_; }
  size_t num_entries() const { return num_entries_; }
  size_t num_keys() const;
  size_t file_size() const { return size_; }
  std::string_view info() const { return str(header()->info); }

  // Postings for a name key (from NameKeyer), best prior first; empty if unknown.
  std::span<const Posting> Lookup(std::string_view key) const;
  const EntryRec& entry(uint32_t i) const { return entries_[i]; }
  std::string_view str(uint32_t off) const {
    return off < strings_size_ ? std::string_view(strings_ + off) : std::string_view();
  }
  std::string_view name(uint32_t i) const { return str(entries_[i].name); }
  std::string country(uint32_t i) const;  // "" when none
  Feature feature(uint32_t i) const { return static_cast<Feature>(entries_[i].feature); }

 private:
  Gazetteer() = default;
  const GazetteerHeader* header() const { return static_cast<const GazetteerHeader*>(base_); }

  std::string path_;
  void* base_ = nullptr;
  size_t size_ = 0;
  const EntryRec* entries_ = nullptr;
  const Bucket* buckets_ = nullptr;
  const Posting* postings_ = nullptr;
  const char* strings_ = nullptr;
  size_t num_entries_ = 0, num_buckets_ = 0, num_postings_ = 0, strings_size_ = 0;
};

// $SITREP_GAZETTEER if set, else var/gazetteer.sgz in the source tree this
// binary was built from.
std::string DefaultGazetteerPath();

// The command that rebuilds the default gazetteer, for error messages.
inline constexpr std::string_view kGazetteerRebuildHint =
    "rebuild it with `scripts/setup.sh` or `sitrep gazetteer build` (see README.md, Places)";

}  // namespace sitrep::geo
