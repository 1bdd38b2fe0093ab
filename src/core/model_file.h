// The container every trained model is stored in.
//
// Layout (little-endian):
//   "SITREPMF"            8-byte magic
//   u32 container version (kContainerVersion)
//   str kind              e.g. "tagger", "parser"
//   u32 kind version      the format version of the payload for that kind
//   str config            human-readable JSON: how the model was trained
//   u64 payload size, payload bytes
//   u64 checksum          FNV-1a 64 of every byte above
// where str = u32 length + bytes. A file that fails any of these checks is
// refused with a message that names the file and says what to do.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::model {

inline constexpr char kMagic[8] = {'S', 'I', 'T', 'R', 'E', 'P', 'M', 'F'};
inline constexpr uint32_t kContainerVersion = 1;

// Appends binary values to a byte string.
class Writer {
 public:
  void PutU8(uint8_t v) { data_.push_back(static_cast<char>(v)); }
  void PutU32(uint32_t v) { PutRaw(&v, sizeof v); }
  void PutU64(uint64_t v) { PutRaw(&v, sizeof v); }
  void PutF32(float v) { PutRaw(&v, sizeof v); }
  void PutString(std::string_view s) {
    PutU32(static_cast<uint32_t>(s.size()));
    PutRaw(s.data(), s.size());
  }
  template <class T>
  void PutVector(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    PutU64(v.size());
    PutRaw(v.data(), v.size() * sizeof(T));
  }
  void PutRaw(const void* p, size_t n) { data_.append(static_cast<const char*>(p), n); }
  const std::string& data() const { return data_; }
  std::string& data() { return data_; }

 private:
  std::string data_;
};

// Reads values written by Writer. Every getter returns false (and stays
// failed) when the data is too short; check ok() once at the end.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool GetU8(uint8_t* v) { return GetRaw(v, 1); }
  bool GetU32(uint32_t* v) { return GetRaw(v, sizeof *v); }
  bool GetU64(uint64_t* v) { return GetRaw(v, sizeof *v); }
  bool GetF32(float* v) { return GetRaw(v, sizeof *v); }
  bool GetString(std::string* s) {
    uint32_t n;
    if (!GetU32(&n) || n > data_.size() - pos_) return ok_ = false;
    s->assign(data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  template <class T>
  bool GetVector(std::vector<T>* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    uint64_t n;
    if (!GetU64(&n) || n > (data_.size() - pos_) / sizeof(T)) return ok_ = false;
    v->resize(n);
    return GetRaw(v->data(), n * sizeof(T));
  }
  bool GetRaw(void* p, size_t n) {
    if (!ok_ || n > data_.size() - pos_) return ok_ = false;
    if (n) std::memcpy(p, data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

struct ModelFile {
  std::string kind;
  uint32_t kind_version = 0;
  std::string config;   // JSON text
  std::string payload;  // kind-specific, read with Reader
};

// Writes the container atomically (to path.tmp, then renamed).
Status WriteModelFile(const std::string& path, const ModelFile& file);

// Reads and checks a container: magic, container version, kind, kind version
// and checksum. `expected_kind` and `expected_version` must match.
Result<ModelFile> ReadModelFile(const std::string& path, std::string_view expected_kind,
                                uint32_t expected_version);

// Reads a whole file into a string.
Result<std::string> ReadFileToString(const std::string& path);

}  // namespace sitrep::model
