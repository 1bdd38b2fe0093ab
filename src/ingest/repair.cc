#include "ingest/repair.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "core/utf8.h"

namespace sitrep::ingest {
namespace {

// Converts `data` (without its byte-order mark) from a UTF-16 encoding.
bool FromUtf16(std::string* data, const char* charset) {
  if (data->size() > INT32_MAX) return false;
  icu::UnicodeString u(data->data(), static_cast<int32_t>(data->size()), charset);
  if (u.isBogus()) return false;
  std::string out;
  u.toUTF8String(out);
  data->swap(out);
  return true;
}

struct Magic {
  std::string_view bytes;
  const char* what;
};

// Known formats that are certainly not text, by their first bytes.
constexpr Magic kMagics[] = {
    {"\x89PNG\r\n\x1a\n", "PNG image"},
    {"%PDF-", "PDF document"},
    {"PK\x03\x04", "ZIP archive, or a .docx/.xlsx/.odt/.epub file"},
    {"\x7f"
     "ELF",
     "ELF executable"},
    {"\x1f\x8b", "gzip-compressed data"},
    {"\xff\xd8\xff", "JPEG image"},
    {"GIF87a", "GIF image"},
    {"GIF89a", "GIF image"},
    {"BZh91AY&SY", "bzip2-compressed data"},
    {"\xfd"
     "7zXZ",
     "xz-compressed data"},
    {"7z\xbc\xaf\x27\x1c", "7-Zip archive"},
    {"\x28\xb5\x2f\xfd", "zstd-compressed data"},
    {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document (.doc/.xls/.ppt)"},
    {std::string_view("SQLite format 3\0", 16), "SQLite database"},
    {"\xca\xfe\xba\xbe", "Mach-O or Java class file"},
    {"\xcf\xfa\xed\xfe", "Mach-O executable"},
    {std::string_view("OggS\0", 5), "Ogg media file"},
    {"ID3\x03", "MP3 audio"},
    {"ID3\x04", "MP3 audio"},
    {"wOFF", "WOFF font"},
    {"wOF2", "WOFF2 font"},
};

constexpr size_t kSniffBytes = 8192;

}  // namespace

bool DecodeBom(std::string* data) {
  std::string_view d(*data);
  if (d.starts_with("\xEF\xBB\xBF")) {
    data->erase(0, 3);
    return true;
  }
  if (d.starts_with("\xFF\xFE") || d.starts_with("\xFE\xFF")) {
    const char* cs = d[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    std::string body = data->substr(2);
    if (FromUtf16(&body, cs)) {
      data->swap(body);
      return true;
    }
  }
  return false;
}

std::string WhyNotText(std::string_view data) {
  if (IsBlank(data)) return "empty file; skipped — check that it was saved completely";
  for (const Magic& m : kMagics)
    if (data.starts_with(m.bytes))
      return std::string("looks like a binary file (") + m.what +
             "); skipped — convert it to text, HTML or JSONL first";
  // RIFF containers (WAV, AVI, WebP) and ISO media (MP4, MOV) carry their tag
  // at offset 8 / 4.
  if (data.size() >= 12 && data.starts_with("RIFF"))
    return "looks like a binary file (RIFF media file); skipped — convert it to text first";
  if (data.size() >= 12 && data.substr(4, 4) == "ftyp")
    return "looks like a binary file (MP4/QuickTime media); skipped — convert it to text first";

  std::string_view head = data.substr(0, kSniffBytes);
  size_t bad = 0;
  size_t i = 0;
  while (i < head.size()) {
    unsigned char c = static_cast<unsigned char>(head[i]);
    if (c < 0x80) {
      if ((c < 0x20 && !IsAsciiSpace(static_cast<char>(c))) || c == 0x7f) ++bad;
      ++i;
      continue;
    }
    size_t len;
    char32_t cp = utf8::Decode(data, i, &len);  // `data`: a sequence may cross the 8 KB mark
    if (cp == 0xFFFD && len == 1) ++bad;
    i += len;
  }
  if (!head.empty() && bad * 10 > head.size() * 3) {
    size_t pct = bad * 100 / head.size();
    return "looks like a binary file (" + std::to_string(pct) +
           "% of the first bytes are control or invalid UTF-8 bytes); skipped — convert it to "
           "UTF-8 text first";
  }
  return "";
}

void SanitizeBytes(std::string* s, Repairs* r) {
  size_t nul = static_cast<size_t>(std::count(s->begin(), s->end(), '\0'));
  size_t replaced = utf8::Sanitize(s);
  r->nul_bytes += nul;
  r->invalid_bytes += replaced - std::min(replaced, nul);
}

void NormalizeNewlines(std::string* s) {
  if (s->find('\r') == std::string::npos) return;
  size_t w = 0;
  const size_t n = s->size();
  for (size_t i = 0; i < n; ++i) {
    char c = (*s)[i];
    if (c == '\r') {
      (*s)[w++] = '\n';
      if (i + 1 < n && (*s)[i + 1] == '\n') ++i;
    } else {
      (*s)[w++] = c;
    }
  }
  s->resize(w);
}

bool ToNfc(std::string* s) {
  // ASCII is always in NFC; most input is, so check that first.
  bool ascii = true;
  for (char c : *s) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii || s->size() > INT32_MAX) return false;
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) return false;
  icu::StringPiece sp(s->data(), static_cast<int32_t>(s->size()));
  UBool normalized = nfc->isNormalizedUTF8(sp, st);
  if (U_FAILURE(st) || normalized) return false;
  std::string out;
  out.reserve(s->size());
  icu::StringByteSink<std::string> sink(&out);
  st = U_ZERO_ERROR;
  nfc->normalizeUTF8(0, sp, sink, nullptr, st);
  if (U_FAILURE(st) || out == *s) return false;
  s->swap(out);
  return true;
}

void RepairText(std::string* s, Repairs* r) {
  SanitizeBytes(s, r);
  NormalizeNewlines(s);
  size_t before = s->size();
  if (ToNfc(s)) {
    r->nfc = true;
    r->nfc_bytes_before += before;
    r->nfc_bytes_after += s->size();
  }
}

void AppendRepairWarnings(const Repairs& r, std::string_view where, std::vector<std::string>* out) {
  std::string w(where);
  if (r.invalid_bytes)
    out->push_back(w + ": replaced " + std::to_string(r.invalid_bytes) +
                   " invalid UTF-8 byte(s) with U+FFFD — the text may be in another encoding; "
                   "convert it to UTF-8 (e.g. iconv -f windows-1252 -t utf-8)");
  if (r.nul_bytes)
    out->push_back(w + ": replaced " + std::to_string(r.nul_bytes) +
                   " NUL byte(s) with spaces — check that the input is a text file");
  if (r.nfc)
    out->push_back(w + ": normalized the text to Unicode NFC (" +
                   std::to_string(r.nfc_bytes_before) + " bytes became " +
                   std::to_string(r.nfc_bytes_after) +
                   ") — offsets refer to the normalized text; save it in NFC to avoid this");
}

std::string Stem(std::string_view path) {
  if (path == "-" || path == "<stdin>") return "stdin";
  size_t slash = path.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  if (dot != std::string_view::npos && dot > 0) base = base.substr(0, dot);
  return std::string(base);
}

bool IsBlank(std::string_view s) {
  for (char c : s)
    if (!IsAsciiSpace(c)) return false;
  return true;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t ws = SpaceWidth(s, i);
    if (ws) {
      pending = true;
      i += ws;
      continue;
    }
    if (pending && !out.empty()) out.push_back(' ');
    pending = false;
    out.push_back(s[i++]);
  }
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace sitrep::ingest
