#include "ingest/reader.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>

#include "core/model_file.h"
#include "ingest/date.h"
#include "ingest/repair.h"

namespace sitrep::ingest {
namespace {

using json = nlohmann::json;

// After this many skipped JSONL lines the rest are only counted: a file in
// the wrong format should not bury the caller in one warning per line.
constexpr size_t kMaxLineWarnings = 100;
// A plain-text first line longer than this is a paragraph, not a title.
constexpr size_t kMaxTitleBytes = 160;
constexpr size_t kMaxTitleWords = 24;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string SizeText(size_t bytes) { return std::to_string(bytes) + " bytes"; }

Status ReadStdin(size_t max_bytes, std::string* out) {
  std::clearerr(stdin);
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, stdin)) > 0) {
    out->append(chunk, n);
    if (out->size() > max_bytes)
      return Status::InvalidArgument("<stdin>: input is over the limit of " + SizeText(max_bytes) +
                                     " — split it or raise ReadOptions::max_file_bytes");
  }
  if (std::ferror(stdin)) return Status::IoError("<stdin>: read failed");
  return Status::Ok();
}

Status ReadPath(const std::string& path, size_t max_bytes, std::string* out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found)
    return Status::NotFound(path + ": no such file — check the path");
  if (ec)
    return Status::IoError(path + ": " + ec.message() + " — check the path and its permissions");
  if (st.type() == fs::file_type::directory)
    return Status::InvalidArgument(
        path + ": is a directory, not a file — pass the files in it (e.g. " + path + "/*.txt)");
  if (st.type() == fs::file_type::regular) {
    uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > max_bytes)
      return Status::InvalidArgument(path + ": file is " + SizeText(size) + ", over the limit of " +
                                     SizeText(max_bytes) +
                                     " — split it or raise ReadOptions::max_file_bytes");
  }
  auto data = model::ReadFileToString(path);
  if (!data.ok()) return Status::IoError(path + ": cannot read the file — check its permissions");
  if (data.value().size() > max_bytes)
    return Status::InvalidArgument(path + ": input is over the limit of " + SizeText(max_bytes) +
                                   " — split it or raise ReadOptions::max_file_bytes");
  *out = std::move(data).value();
  return Status::Ok();
}

Format FormatFromExtension(const std::string& path) {
  std::string ext = AsciiLower(std::filesystem::path(path).extension().string());
  if (ext == ".txt" || ext == ".text") return Format::kText;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::kJsonl;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::kHtml;
  return Format::kAuto;
}

Format SniffFormat(std::string_view data) {
  size_t i = 0;
  while (i < data.size() && IsAsciiSpace(data[i])) ++i;
  if (i < data.size() && data[i] == '<') {
    std::string head = AsciiLower(data.substr(i, 1024));
    if (head.starts_with("<!doctype") || head.starts_with("<html") ||
        head.find("<html") != std::string::npos || head.find("<head") != std::string::npos ||
        head.find("<body") != std::string::npos)
      return Format::kHtml;
  }
  // JSONL: the first few non-blank lines each start with '{'.
  size_t pos = 0, checked = 0;
  while (pos < data.size() && checked < 5) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = Trim(data.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty()) continue;
    if (line.front() != '{') return Format::kText;
    ++checked;
  }
  return checked > 0 ? Format::kJsonl : Format::kText;
}

// The first line, when it reads like a headline.
std::string TitleFromFirstLine(std::string_view text) {
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos || IsBlank(text.substr(nl + 1))) return "";
  std::string_view line = Trim(text.substr(0, nl));
  if (line.empty() || line.size() > kMaxTitleBytes) return "";
  char last = line.back();
  if (last == '.' || last == ',' || last == ';' || last == ':') return "";
  size_t words = 1;
  for (char c : line) words += c == ' ';
  if (words > kMaxTitleWords) return "";
  return CollapseSpaces(line);
}

// Escapes raw control characters inside JSON strings (a common fault of
// hand-made JSONL: a literal tab or newline in "text"). Returns false when
// there were none.
bool EscapeControlsInStrings(std::string* line) {
  std::string out;
  out.reserve(line->size() + 16);
  bool in_string = false, escaped = false, changed = false;
  for (char c : *line) {
    unsigned char u = static_cast<unsigned char>(c);
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      } else if (u < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", u);
        out += buf;
        changed = true;
        continue;
      }
    } else if (c == '"') {
      in_string = true;
    }
    out.push_back(c);
  }
  if (changed) line->swap(out);
  return changed;
}

const char* JsonTypeName(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    default:
      return "not a JSON value";
  }
}

// A metadata string from JSONL: valid UTF-8, NFC, trimmed, one line.
std::string CleanField(std::string s) {
  Repairs ignored;
  SanitizeBytes(&s, &ignored);
  ToNfc(&s);
  return CollapseSpaces(s);
}

}  // namespace

Status ReadTextString(std::string data, const std::string& name, Doc* doc,
                      std::vector<std::string>* warnings) {
  doc->Clear();
  doc->id = Stem(name);
  doc->source = name;
  auto note = [&](const std::string& w) {
    if (warnings) warnings->push_back(w);
  };
  DecodeBom(&data);
  std::string why = WhyNotText(data);
  if (!why.empty()) {
    std::string msg = name + ": " + why;
    note(msg);
    return Status::InvalidArgument(msg);
  }
  Repairs rep;
  RepairText(&data, &rep);
  AppendRepairWarnings(rep, name, &doc->warnings);
  for (const std::string& w : doc->warnings) note(w);
  if (IsBlank(data)) {  // e.g. only no-break spaces and line breaks in CR form
    std::string msg = name + ": empty file; skipped — check that it was saved completely";
    note(msg);
    return Status::InvalidArgument(msg);
  }
  doc->title = TitleFromFirstLine(data);
  doc->SetText(std::move(data));
  return Status::Ok();
}

size_t ReadJsonlString(std::string data, const std::string& name,
                       const std::function<void(Doc&)>& sink,
                       const std::function<void(const std::string&)>& warn) {
  auto emit = [&](const std::string& w) {
    if (warn) warn(w);
  };
  DecodeBom(&data);
  std::string why = WhyNotText(data);
  if (!why.empty()) {
    emit(name + ": " + why);
    return 0;
  }
  const std::string stem = Stem(name);
  size_t skipped = 0, docs = 0;
  auto skip = [&](const std::string& where, const std::string& what) {
    if (++skipped <= kMaxLineWarnings) emit(where + ": " + what);
  };
  Doc doc;
  std::string line;
  size_t pos = 0, line_no = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) nl = data.size();
    ++line_no;
    std::string_view raw(data.data() + pos, nl - pos);
    pos = nl + 1;
    if (IsBlank(raw)) continue;
    const std::string where = name + ":" + std::to_string(line_no);

    line.assign(raw);
    Repairs rep;
    SanitizeBytes(&line, &rep);
    json j = json::parse(line, nullptr, false);
    bool escaped_controls = false;
    if (j.is_discarded() && EscapeControlsInStrings(&line)) {
      j = json::parse(line, nullptr, false);
      escaped_controls = !j.is_discarded();
    }
    if (j.is_discarded()) {
      std::string_view t = Trim(line);
      bool truncated = !t.empty() && t.front() == '{' && t.back() != '}';
      skip(where, std::string("not valid JSON") + (truncated ? " (the line looks truncated)" : "") +
                      "; line skipped — each line must be one JSON object like {\"text\": \"…\"}");
      continue;
    }
    if (!j.is_object()) {
      skip(where, std::string("is ") + JsonTypeName(j) +
                      ", not a JSON object; line skipped — each line must be one object like "
                      "{\"text\": \"…\"}");
      continue;
    }
    auto text_it = j.find("text");
    if (text_it == j.end() || text_it->is_null()) {
      skip(where, "has no \"text\" field; line skipped — add the article text as \"text\"");
      continue;
    }
    if (!text_it->is_string()) {
      skip(where, std::string("\"text\" is ") + JsonTypeName(*text_it) +
                      ", expected a string; line skipped — put the article text in a string");
      continue;
    }
    static constexpr const char* kFields[] = {"id", "published", "url", "outlet", "title"};
    std::string bad_field;
    for (const char* f : kFields) {
      auto it = j.find(f);
      if (it != j.end() && !it->is_null() && !it->is_string()) {
        bad_field = std::string("\"") + f + "\" is " + JsonTypeName(*it) + ", expected a string";
        break;
      }
    }
    if (!bad_field.empty()) {
      skip(where, bad_field + "; line skipped — write it as a string (or null)");
      continue;
    }

    std::string text = text_it->get<std::string>();
    RepairText(&text, &rep);  // "\u0000" escapes, "\r\n" escapes, NFC
    if (IsBlank(text)) {
      skip(where, "\"text\" is empty; line skipped");
      continue;
    }
    doc.Clear();
    doc.SetText(std::move(text));
    auto field = [&](const char* f) {
      auto it = j.find(f);
      return it != j.end() && it->is_string() ? CleanField(it->get<std::string>()) : std::string();
    };
    doc.id = field("id");
    if (doc.id.empty()) doc.id = stem + "-" + std::to_string(line_no);
    doc.url = field("url");
    doc.outlet = field("outlet");
    doc.title = field("title");
    doc.source = where;
    AppendRepairWarnings(rep, where, &doc.warnings);
    if (escaped_controls)
      doc.warnings.push_back(where +
                             ": raw control characters (tab, line break…) inside a string were "
                             "escaped — write them as \\t or \\n in JSON");
    std::string published = field("published");
    if (!published.empty()) {
      if (auto iso = NormalizeDate(published))
        doc.published = *iso;
      else
        doc.warnings.push_back(where + ": could not read \"published\": \"" + published +
                               "\"; left empty — use an ISO 8601 date such as 2024-03-14");
    }
    for (const std::string& w : doc.warnings) emit(w);
    ++docs;
    if (sink) sink(doc);
  }
  if (skipped > kMaxLineWarnings)
    emit(name + ": " + std::to_string(skipped - kMaxLineWarnings) +
         " more malformed line(s) skipped without a warning each — is this really a JSONL file?");
  return docs;
}

Status ReadInput(const std::string& path, const ReadOptions& opts,
                 const std::function<void(Doc&)>& sink,
                 const std::function<void(const std::string&)>& warn) {
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  std::string data;
  SITREP_RETURN_IF_ERROR(is_stdin ? ReadStdin(opts.max_file_bytes, &data)
                                  : ReadPath(path, opts.max_file_bytes, &data));
  auto emit = [&](const std::string& w) {
    if (warn) warn(w);
  };
  DecodeBom(&data);  // before sniffing, so UTF-16 input is recognised too
  Format format = opts.format;
  if (format == Format::kAuto && !is_stdin) format = FormatFromExtension(path);
  if (format == Format::kAuto) format = SniffFormat(data);

  Doc doc;
  switch (format) {
    case Format::kJsonl:
      ReadJsonlString(std::move(data), name, sink, warn);
      break;
    case Format::kHtml: {
      Status st = ParseHtml(data, name, &doc);
      for (const std::string& w : doc.warnings) emit(w);
      if (!st.ok())
        emit(st.message());
      else if (sink)
        sink(doc);
      break;
    }
    case Format::kAuto:
    case Format::kText: {
      std::vector<std::string> warnings;
      Status st = ReadTextString(std::move(data), name, &doc, &warnings);
      for (const std::string& w : warnings) emit(w);
      if (st.ok() && sink) sink(doc);
      break;
    }
  }
  return Status::Ok();
}

}  // namespace sitrep::ingest
