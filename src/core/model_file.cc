#include "core/model_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/hash.h"

namespace sitrep::model {

Result<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IoError(path + ": read failed");
  return ss.str();
}

Status WriteModelFile(const std::string& path, const ModelFile& file) {
  Writer w;
  w.PutRaw(kMagic, sizeof kMagic);
  w.PutU32(kContainerVersion);
  w.PutString(file.kind);
  w.PutU32(file.kind_version);
  w.PutString(file.config);
  w.PutU64(file.payload.size());
  w.PutRaw(file.payload.data(), file.payload.size());
  w.PutU64(Fnv1a64(w.data().data(), w.data().size()));
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError(tmp + ": cannot create file (does the folder exist?)");
    out.write(w.data().data(), static_cast<std::streamsize>(w.data().size()));
    if (!out.flush()) return Status::IoError(tmp + ": write failed (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    return Status::IoError(path + ": cannot rename " + tmp + " into place");
  return Status::Ok();
}

Result<ModelFile> ReadModelFile(const std::string& path, std::string_view expected_kind,
                                uint32_t expected_version) {
  auto bytes = ReadFileToString(path);
  if (!bytes.ok()) return bytes.status();
  const std::string& d = bytes.value();
  const std::string rebuild = " Rebuild it with scripts/train-models.sh or restore it from git.";
  if (d.size() < sizeof kMagic + 8 || std::memcmp(d.data(), kMagic, sizeof kMagic) != 0)
    return Status::Corrupt(path + ": not a sitrep model file (bad magic)." + rebuild);
  uint64_t stored;
  std::memcpy(&stored, d.data() + d.size() - 8, 8);
  if (stored != Fnv1a64(d.data(), d.size() - 8))
    return Status::Corrupt(path + ": checksum mismatch (file truncated or damaged)." + rebuild);
  Reader r(std::string_view(d).substr(sizeof kMagic, d.size() - sizeof kMagic - 8));
  uint32_t container;
  ModelFile f;
  uint64_t payload_size = 0;
  if (!r.GetU32(&container)) return Status::Corrupt(path + ": truncated header." + rebuild);
  if (container != kContainerVersion)
    return Status::Corrupt(path + ": container version " + std::to_string(container) +
                           ", this build reads version " + std::to_string(kContainerVersion) + "." +
                           rebuild);
  if (!r.GetString(&f.kind) || !r.GetU32(&f.kind_version) || !r.GetString(&f.config) ||
      !r.GetU64(&payload_size))
    return Status::Corrupt(path + ": truncated header." + rebuild);
  if (f.kind != expected_kind)
    return Status::InvalidArgument(path + ": is a '" + f.kind + "' model, expected '" +
                                   std::string(expected_kind) + "'");
  if (f.kind_version != expected_version)
    return Status::Corrupt(path + ": " + f.kind + " format version " +
                           std::to_string(f.kind_version) + ", this build reads version " +
                           std::to_string(expected_version) + "." + rebuild);
  f.payload.resize(payload_size);
  if (!r.GetRaw(f.payload.data(), payload_size) || !r.at_end())
    return Status::Corrupt(path + ": payload size does not match the header." + rebuild);
  return f;
}

}  // namespace sitrep::model
