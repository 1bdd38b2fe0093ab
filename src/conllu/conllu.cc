#include "conllu/conllu.h"

#include <charconv>
#include <ostream>
#include <string_view>

#include "core/model_file.h"

namespace sitrep::conllu {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

bool ParseInt(std::string_view s, int* v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size();
}

bool HasSpaceAfterNo(std::string_view misc) {
  size_t pos = misc.find("SpaceAfter=No");
  return pos != std::string_view::npos && (pos == 0 || misc[pos - 1] == '|');
}

}  // namespace

Result<std::vector<Sentence>> ReadFile(const std::string& path) {
  auto data = model::ReadFileToString(path);
  if (!data.ok()) return data.status();
  return ReadString(data.value(), path);
}

Result<std::vector<Sentence>> ReadString(std::string_view data, const std::string& name) {
  std::vector<Sentence> out;
  Sentence cur;
  int line_no = 0;
  size_t pos = 0;
  bool pending_doc = false, pending_par = false;
  auto flush = [&]() {
    if (!cur.words.empty()) {
      out.push_back(std::move(cur));
    }
    cur = Sentence();
  };
  while (pos <= data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = data.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      flush();
      if (nl == data.size()) break;
      continue;
    }
    if (line[0] == '#') {
      if (line.starts_with("# newdoc")) pending_doc = true;
      if (line.starts_with("# newpar")) pending_par = true;
      if (line.starts_with("# sent_id = ")) cur.sent_id = line.substr(12);
      if (line.starts_with("# text = ")) cur.text = line.substr(9);
      continue;
    }
    auto cols = SplitTabs(line);
    std::string where = name + ":" + std::to_string(line_no);
    if (cols.size() != 10)
      return Status::InvalidArgument(where + ": expected 10 tab-separated columns, found " +
                                     std::to_string(cols.size()));
    std::string_view id = cols[0];
    if (id.find('.') != std::string_view::npos) continue;  // empty node
    size_t dash = id.find('-');
    if (dash != std::string_view::npos) {
      MultiwordToken m;
      if (!ParseInt(id.substr(0, dash), &m.first) || !ParseInt(id.substr(dash + 1), &m.last) ||
          m.last < m.first)
        return Status::InvalidArgument(where + ": bad multiword token id '" + std::string(id) +
                                       "'");
      m.form = cols[1];
      m.space_after = !HasSpaceAfterNo(cols[9]);
      cur.mwts.push_back(std::move(m));
      continue;
    }
    int wid;
    if (!ParseInt(id, &wid) || wid != static_cast<int>(cur.words.size()) + 1)
      return Status::InvalidArgument(where + ": word id '" + std::string(id) + "' out of sequence");
    if (cur.words.empty()) {
      cur.line = line_no;
      cur.new_doc = pending_doc;
      cur.new_par = pending_par || pending_doc;
      pending_doc = pending_par = false;
    }
    Word w;
    w.form = cols[1];
    w.lemma = cols[2];
    w.upos = cols[3];
    w.xpos = cols[4];
    w.feats = cols[5];
    if (cols[6] == "_") {
      w.head = -1;
    } else if (!ParseInt(cols[6], &w.head) || w.head < 0) {
      return Status::InvalidArgument(where + ": bad head '" + std::string(cols[6]) + "'");
    }
    w.deprel = cols[7];
    w.misc = cols[9];
    w.space_after = !HasSpaceAfterNo(cols[9]);
    cur.words.push_back(std::move(w));
  }
  flush();
  for (const auto& s : out)
    for (const auto& w : s.words)
      if (w.head > static_cast<int>(s.words.size()))
        return Status::InvalidArgument(name + ":" + std::to_string(s.line) +
                                       ": head points past the end of the sentence");
  return out;
}

void ToDoc(const std::vector<Sentence>& sents, size_t begin, size_t end, bool gold, Doc* doc) {
  std::string text;
  // First pass: the text, and each word's byte span.
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  std::vector<uint8_t> space;
  for (size_t s = begin; s < end; ++s) {
    const Sentence& sent = sents[s];
    size_t mwt = 0;
    for (size_t i = 0; i < sent.words.size(); ++i) {
      const Word& w = sent.words[i];
      bool space_after = w.space_after;
      // Inside a multiword token no space separates its words; after its last
      // word the token's SpaceAfter applies.
      while (mwt < sent.mwts.size() && sent.mwts[mwt].last < static_cast<int>(i) + 1) ++mwt;
      if (mwt < sent.mwts.size() && sent.mwts[mwt].first <= static_cast<int>(i) + 1) {
        space_after =
            (sent.mwts[mwt].last == static_cast<int>(i) + 1) && sent.mwts[mwt].space_after;
      }
      if (i + 1 == sent.words.size()) space_after = true;  // sentences are separated
      auto b = static_cast<uint32_t>(text.size());
      text += w.form;
      spans.emplace_back(b, static_cast<uint32_t>(text.size()));
      space.push_back(space_after ? 1 : 0);
      if (space_after) text += ' ';
    }
  }
  doc->SetText(std::move(text));
  size_t k = 0;
  for (size_t s = begin; s < end; ++s) {
    auto first = static_cast<uint32_t>(doc->num_tokens());
    for (size_t i = 0; i < sents[s].words.size(); ++i, ++k)
      doc->AddToken(spans[k].first, spans[k].second, {}, space[k] != 0);
    doc->AddSentence(first, static_cast<uint32_t>(doc->num_tokens()));
  }
  if (!gold) return;
  k = 0;
  for (size_t s = begin; s < end; ++s) {
    for (const Word& w : sents[s].words) {
      doc->set_upos(k, UposFromName(w.upos));
      doc->set_xpos(k, XposFromName(w.xpos));
      doc->set_lemma(k, w.lemma);
      doc->set_head(k, w.head, DeprelFromName(w.deprel));
      ++k;
    }
  }
}

std::vector<std::string> DocumentTexts(const std::vector<Sentence>& sents) {
  std::vector<std::string> docs;
  size_t begin = 0;
  while (begin < sents.size()) {
    size_t end = begin + 1;
    while (end < sents.size() && !sents[end].new_doc) ++end;
    docs.push_back(RawText(sents, begin, end));
    begin = end;
  }
  return docs;
}

std::string RawText(const std::vector<Sentence>& sents, size_t begin, size_t end) {
  std::string out;
  for (size_t s = begin; s < end; ++s) {
    if (s > begin) out += sents[s].new_par ? "\n\n" : " ";
    out += sents[s].text;
  }
  return out;
}

void WriteSentences(const std::vector<Sentence>& sents, size_t begin, size_t end,
                    std::ostream& out) {
  for (size_t s = begin; s < end; ++s) {
    const Sentence& sent = sents[s];
    if (sent.new_doc)
      out << "# newdoc\n";
    else if (sent.new_par)
      out << "# newpar\n";
    if (!sent.sent_id.empty()) out << "# sent_id = " << sent.sent_id << "\n";
    if (!sent.text.empty()) out << "# text = " << sent.text << "\n";
    size_t m = 0;
    for (size_t i = 0; i < sent.words.size(); ++i) {
      int id = static_cast<int>(i) + 1;
      while (m < sent.mwts.size() && sent.mwts[m].first == id) {
        const MultiwordToken& t = sent.mwts[m++];
        out << t.first << '-' << t.last << '\t' << t.form << "\t_\t_\t_\t_\t_\t_\t_\t"
            << (t.space_after ? "_" : "SpaceAfter=No") << '\n';
      }
      const Word& w = sent.words[i];
      out << id << '\t' << w.form << '\t' << w.lemma << '\t' << w.upos << '\t' << w.xpos << '\t'
          << (w.feats.empty() ? "_" : w.feats) << '\t';
      if (w.head < 0)
        out << '_';
      else
        out << w.head;
      out << '\t' << w.deprel << "\t_\t" << (w.misc.empty() ? "_" : w.misc) << '\n';
    }
    out << '\n';
  }
}

void Write(const Doc& doc, std::ostream& out) {
  std::string line;
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    out << "# sent_id = " << (doc.id.empty() ? "doc" : doc.id) << "-" << (s + 1) << "\n";
    ByteSpan span = doc.sentence_bytes(s);
    std::string text = doc.text().substr(span.begin, span.end - span.begin);
    for (char& c : text)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    out << "# text = " << text << "\n";
    uint32_t first = doc.sentence_first(s);
    for (uint32_t i = first; i < doc.sentence_end(s); ++i) {
      line.clear();
      line += std::to_string(i - first + 1);
      line += '\t';
      line += doc.form(i);
      line += '\t';
      std::string_view lemma = doc.lemma(i);
      line += lemma.empty() ? std::string_view("_") : lemma;
      line += '\t';
      line += UposName(doc.upos(i));
      line += '\t';
      line += XposName(doc.xpos(i));
      line += "\t_\t";
      line += doc.head(i) < 0 ? std::string("_") : std::to_string(doc.head(i));
      line += '\t';
      line += DeprelName(doc.deprel(i));
      line += "\t_\t";
      bool last = i + 1 == doc.sentence_end(s);
      line += (!doc.space_after(i) && !last) ? "SpaceAfter=No" : "_";
      line += '\n';
      out << line;
    }
    out << "\n";
  }
}

}  // namespace sitrep::conllu
