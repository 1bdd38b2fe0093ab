#include "text/span_eval.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.h"
#include "text/tokenizer.h"

namespace sitrep::text {
namespace {

using Span = std::pair<uint32_t, uint32_t>;

// Non-whitespace code-point offsets of every token of `doc`, in token order.
// Tokens come in text order; a token starting before the previous one (a
// CoNLL-U multiword part sharing its span) restarts the count.
std::vector<Span> TokenSpans(const Doc& doc) {
  std::vector<Span> out;
  out.reserve(doc.num_tokens());
  const std::string_view text = doc.text();
  size_t pos = 0;
  uint32_t count = 0;
  auto advance = [&](size_t to) {
    while (pos < to) {
      size_t len;
      const char32_t c = utf8::Decode(text, pos, &len);
      if (!IsSpace(c)) ++count;
      pos += len;
    }
  };
  for (size_t i = 0; i < doc.num_tokens(); ++i) {
    if (doc.token_begin(i) < pos) {
      pos = 0;
      count = 0;
    }
    advance(doc.token_begin(i));
    const uint32_t b = count;
    advance(doc.token_end(i));
    out.emplace_back(b, count);
  }
  return out;
}

// The first place where the non-whitespace characters of the two texts
// differ, as a message; empty when they agree.
std::string CompareTexts(const Doc& gold, const Doc& pred) {
  const std::string_view a = gold.text(), b = pred.text();
  size_t i = 0, j = 0;
  uint32_t n = 0;
  for (;;) {
    char32_t ca = 0, cb = 0;
    size_t la = 0, lb = 0;
    while (i < a.size() && IsSpace(ca = utf8::Decode(a, i, &la))) i += la;
    while (j < b.size() && IsSpace(cb = utf8::Decode(b, j, &lb))) j += lb;
    const bool ea = i >= a.size(), eb = j >= b.size();
    if (ea && eb) return {};
    if (ea || eb || ca != cb) {
      auto context = [](std::string_view s, size_t at) {
        size_t from = at < 20 ? 0 : at - 20;
        while (from > 0 && (static_cast<unsigned char>(s[from]) & 0xC0) == 0x80) --from;
        size_t to = std::min(s.size(), at + 20);
        while (to < s.size() && (static_cast<unsigned char>(s[to]) & 0xC0) == 0x80) ++to;
        return "\"" + std::string(s.substr(from, to - from)) + "\"";
      };
      return "texts differ at non-whitespace character " + std::to_string(n) + ": gold " +
             (ea ? std::string("ends") : context(a, i)) + " vs prediction " +
             (eb ? std::string("ends") : context(b, j)) +
             " (score only Docs made from the same text)";
    }
    i += la;
    j += lb;
    ++n;
  }
}

SpanScores Match(const std::vector<Span>& gold, const std::vector<Span>& pred) {
  SpanScores s;
  s.gold = gold.size();
  s.pred = pred.size();
  size_t i = 0, j = 0;
  while (i < gold.size() && j < pred.size()) {
    if (gold[i] == pred[j]) {
      ++s.correct;
      ++i;
      ++j;
    } else if (gold[i] < pred[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return s;
}

std::vector<Span> SentenceSpans(const Doc& doc, const std::vector<Span>& tokens) {
  std::vector<Span> out;
  out.reserve(doc.num_sentences());
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    const uint32_t first = doc.sentence_first(s), end = doc.sentence_end(s);
    if (first >= end) continue;
    out.emplace_back(tokens[first].first, tokens[end - 1].second);
  }
  return out;
}

}  // namespace

Result<SpanScores> TokenScores(const Doc& gold, const Doc& pred) {
  std::string diff = CompareTexts(gold, pred);
  if (!diff.empty()) return Status::InvalidArgument(diff);
  return Match(TokenSpans(gold), TokenSpans(pred));
}

Result<SpanScores> SentenceScores(const Doc& gold, const Doc& pred) {
  std::string diff = CompareTexts(gold, pred);
  if (!diff.empty()) return Status::InvalidArgument(diff);
  const std::vector<Span> gt = TokenSpans(gold), pt = TokenSpans(pred);
  return Match(SentenceSpans(gold, gt), SentenceSpans(pred, pt));
}

}  // namespace sitrep::text
