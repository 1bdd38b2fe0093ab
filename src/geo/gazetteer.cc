#include "geo/gazetteer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/hash.h"

namespace sitrep::geo {

namespace {
constexpr char kMagic[8] = {'S', 'I', 'T', 'R', 'E', 'P', 'G', 'Z'};
}  // namespace

std::string_view FeatureName(Feature f) {
  static constexpr std::string_view kNames[kNumFeatures] = {
      "country", "admin1", "admin2", "city", "village", "landmark", "water", "line", "region"};
  auto i = static_cast<size_t>(f);
  return i < kNumFeatures ? kNames[i] : "region";
}

bool FeatureFromName(std::string_view name, Feature* out) {
  for (int i = 0; i < kNumFeatures; ++i) {
    if (FeatureName(static_cast<Feature>(i)) == name) {
      *out = static_cast<Feature>(i);
      return true;
    }
  }
  return false;
}

uint64_t GazetteerKeyHash(std::string_view key) {
  uint64_t h = HashString(key, 0x6761);
  return h == 0 ? 1 : h;
}

uint64_t GazetteerChecksum(const void* data, size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
  }
  for (; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  return HashCombine(h, n);
}

std::string DefaultGazetteerPath() {
  const char* env = std::getenv("SITREP_GAZETTEER");
  if (env && *env) return env;
  return SITREP_DEFAULT_GAZETTEER;
}

Gazetteer::~Gazetteer() {
  if (base_) munmap(base_, size_);
}

Result<std::unique_ptr<Gazetteer>> Gazetteer::Open(const std::string& path_in) {
  std::string path = path_in.empty() ? DefaultGazetteerPath() : path_in;
  auto fail = [&](Status::Code code, const std::string& what) -> Status {
    std::string msg = "gazetteer " + path + ": " + what + "; " + std::string(kGazetteerRebuildHint);
    return code == Status::Code::kNotFound ? Status::NotFound(msg) : Status::Corrupt(msg);
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(errno == ENOENT ? Status::Code::kNotFound : Status::Code::kCorrupt,
                std::string("cannot open (") + std::strerror(errno) + ")");
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(Status::Code::kCorrupt, "not a regular file");
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size < sizeof(GazetteerHeader)) {
    ::close(fd);
    return fail(Status::Code::kCorrupt,
                "too short to be a sitrep gazetteer (" + std::to_string(size) + " bytes)");
  }
  void* base = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (base == MAP_FAILED) return fail(Status::Code::kCorrupt, "cannot map the file");
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  g->path_ = path;
  g->base_ = base;
  g->size_ = size;
  const GazetteerHeader* h = g->header();
  if (std::memcmp(h->magic, kMagic, sizeof(kMagic)) != 0) {
    return fail(Status::Code::kCorrupt, "not a sitrep gazetteer (bad magic)");
  }
  if (h->format_version != kGazetteerFormatVersion) {
    return fail(Status::Code::kCorrupt, "format version " + std::to_string(h->format_version) +
                                            ", this sitrep reads " +
                                            std::to_string(kGazetteerFormatVersion));
  }
  if (h->header_size != sizeof(GazetteerHeader) || h->file_size != size) {
    return fail(Status::Code::kCorrupt, "truncated or damaged (size " + std::to_string(size) +
                                            ", header says " + std::to_string(h->file_size) + ")");
  }
  auto section_ok = [&](uint64_t off, uint64_t count, size_t elem) {
    return off % 8 == 0 && off >= sizeof(GazetteerHeader) && off <= size &&
           count <= (size - off) / elem;
  };
  if (!section_ok(h->off_entries, h->num_entries, sizeof(EntryRec)) ||
      !section_ok(h->off_buckets, h->num_buckets, sizeof(Bucket)) ||
      !section_ok(h->off_postings, h->num_postings, sizeof(Posting)) ||
      !section_ok(h->off_strings, h->strings_size, 1) || h->strings_size == 0 ||
      (h->num_buckets & (h->num_buckets - 1)) != 0 || h->num_buckets == 0) {
    return fail(Status::Code::kCorrupt, "section table out of range");
  }
  const auto* bytes = static_cast<const unsigned char*>(base);
  if (GazetteerChecksum(bytes + sizeof(GazetteerHeader), size - sizeof(GazetteerHeader)) !=
      h->checksum) {
    return fail(Status::Code::kCorrupt, "checksum mismatch (file damaged)");
  }
  g->entries_ = reinterpret_cast<const EntryRec*>(bytes + h->off_entries);
  g->buckets_ = reinterpret_cast<const Bucket*>(bytes + h->off_buckets);
  g->postings_ = reinterpret_cast<const Posting*>(bytes + h->off_postings);
  g->strings_ = reinterpret_cast<const char*>(bytes + h->off_strings);
  g->num_entries_ = h->num_entries;
  g->num_buckets_ = h->num_buckets;
  g->num_postings_ = h->num_postings;
  g->strings_size_ = h->strings_size;
  if (g->strings_[g->strings_size_ - 1] != '\0') {
    return fail(Status::Code::kCorrupt, "string table not terminated");
  }
  return g;
}

size_t Gazetteer::num_keys() const {
  size_t n = 0;
  for (size_t i = 0; i < num_buckets_; ++i) n += buckets_[i].key_hash != 0;
  return n;
}

std::span<const Posting> Gazetteer::Lookup(std::string_view key) const {
  uint64_t h = GazetteerKeyHash(key);
  size_t mask = num_buckets_ - 1;
  for (size_t i = h & mask, probes = 0; probes < num_buckets_; i = (i + 1) & mask, ++probes) {
    const Bucket& b = buckets_[i];
    if (b.key_hash == 0) return {};
    if (b.key_hash == h) {
      if (b.postings_begin > num_postings_ || b.postings_count > num_postings_ - b.postings_begin) {
        return {};
      }
      return {postings_ + b.postings_begin, b.postings_count};
    }
  }
  return {};
}

std::string Gazetteer::country(uint32_t i) const {
  const char* c = entries_[i].country;
  if (c[0] == '\0') return {};
  return std::string(c, 3);
}

}  // namespace sitrep::geo
