#include "ner/iob2.h"

#include <charconv>

#include "core/model_file.h"
#include "text/tokenizer.h"

namespace sitrep::ner {
namespace {

// True when `tag` is O, B-T or I-T with a known T.
bool ValidTag(std::string_view tag) {
  if (tag == "O") return true;
  EntityType t;
  return tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-' &&
         EntityTypeFromName(tag.substr(2), &t);
}

}  // namespace

Result<std::vector<Iob2Sentence>> ReadIob2(const std::string& path) {
  auto data = model::ReadFileToString(path);
  if (!data.ok()) return data.status();
  return ReadIob2String(data.value(), path);
}

Result<std::vector<Iob2Sentence>> ReadIob2String(std::string_view data, const std::string& name) {
  std::vector<Iob2Sentence> out;
  Iob2Sentence cur;
  std::string doc_id;
  int line_no = 0;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = data.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (!cur.tokens.empty()) out.push_back(std::move(cur));
      cur = Iob2Sentence();
      continue;
    }
    if (line[0] == '#') {
      if (line.starts_with("# newdoc id = ")) doc_id = line.substr(14);
      if (line.starts_with("# sent_id = ")) cur.sent_id = line.substr(12);
      if (line.starts_with("# text = ")) cur.text = line.substr(9);
      continue;
    }
    std::string where = name + ":" + std::to_string(line_no);
    std::string_view cols[3];
    size_t start = 0, n = 0;
    for (; n < 3 && start <= line.size(); ++n) {
      size_t tab = line.find('\t', start);
      if (tab == std::string_view::npos) tab = line.size();
      cols[n] = line.substr(start, tab - start);
      start = tab + 1;
    }
    if (n < 3)
      return Status::InvalidArgument(where + ": expected at least 3 tab-separated columns " +
                                     "(index, form, tag), found " + std::to_string(n));
    int index = 0;
    auto [p, ec] = std::from_chars(cols[0].data(), cols[0].data() + cols[0].size(), index);
    if (ec != std::errc() || p != cols[0].data() + cols[0].size() || index < 1)
      return Status::InvalidArgument(where + ": token index '" + std::string(cols[0]) +
                                     "' is not a positive number");
    if (cols[1].empty()) return Status::InvalidArgument(where + ": empty token form");
    if (!ValidTag(cols[2]))
      return Status::InvalidArgument(where + ": tag '" + std::string(cols[2]) +
                                     "' is not O, B-T or I-T with T one of PER, ORG, LOC");
    if (cur.tokens.empty()) {
      cur.line = line_no;
      cur.doc_id = doc_id;
    }
    cur.tokens.push_back({std::string(cols[1]), std::string(cols[2])});
  }
  if (!cur.tokens.empty()) out.push_back(std::move(cur));
  return out;
}

void SpansFromTags(const Iob2Sentence& s, uint32_t offset, std::vector<Entity>* out) {
  bool open = false;
  for (size_t i = 0; i <= s.tokens.size(); ++i) {
    std::string_view tag = i < s.tokens.size() ? std::string_view(s.tokens[i].tag) : "O";
    EntityType t = EntityType::kPer;
    bool named = tag.size() > 2 && EntityTypeFromName(tag.substr(2), &t);
    bool continues = open && named && tag[0] == 'I' && out->back().type == t;
    if (open && !continues) {
      out->back().token_end = offset + static_cast<uint32_t>(i);
      open = false;
    }
    if (named && !continues) {
      out->push_back({offset + static_cast<uint32_t>(i), 0, t, 1.0f});
      open = true;
    }
  }
}

void ToDoc(const std::vector<Iob2Sentence>& sents, size_t begin, size_t end, Doc* doc) {
  doc->Clear();
  std::string text;
  for (size_t s = begin; s < end; ++s) {
    for (size_t i = 0; i < sents[s].tokens.size(); ++i) {
      text += sents[s].tokens[i].form;
      text += i + 1 < sents[s].tokens.size() ? ' ' : '\n';
    }
  }
  doc->SetText(std::move(text));
  std::string scratch;
  uint32_t at = 0;
  for (size_t s = begin; s < end; ++s) {
    auto first = static_cast<uint32_t>(doc->num_tokens());
    for (const Iob2Token& t : sents[s].tokens) {
      auto len = static_cast<uint32_t>(t.form.size());
      std::string_view norm = text::NormalizeToken(t.form, &scratch);
      doc->AddToken(at, at + len, norm == t.form ? std::string_view() : norm, true);
      at += len + 1;
    }
    doc->AddSentence(first, static_cast<uint32_t>(doc->num_tokens()));
  }
}

}  // namespace sitrep::ner
