// HTML → main text + metadata.
//
// The page is parsed with gumbo (an HTML5 parser: it recovers from any markup
// the way browsers do). The main text is chosen in this order: the largest
// <article>, an element with itemprop=articleBody, <main>, the element whose
// direct <p> children hold the most text, and finally <body>. Boilerplate is
// dropped by tag (nav, aside, script, …) and by class/id words (ad, share,
// comment, …). Containers are first looked for outside all boilerplate; when
// that finds no text (some sites wrap the whole page in a <form> or in a
// <div class="has-sidebar">), only tag rules apply to where the container
// sits, while its own content is still filtered strictly; the last resort,
// <body>, then keeps forms but still drops everything else.
#include <gumbo.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "core/utf8.h"
#include "ingest/date.h"
#include "ingest/reader.h"
#include "ingest/repair.h"

namespace sitrep::ingest {
namespace {

using json = nlohmann::json;

// Deeper nesting is flattened before parsing (browsers do the same: Blink
// caps parser nesting at 512). Gumbo recurses over the tree and is quadratic
// in depth, so an adversarial page would otherwise crash it or take minutes.
constexpr size_t kMaxNesting = 512;
// Only the first bytes are scanned for a charset declaration, as browsers do.
constexpr size_t kCharsetScanBytes = 4096;
constexpr size_t kMaxTimeElements = 64;
constexpr int kMaxJsonLdDepth = 32;

// HTML's whitespace (no \v).
bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || (c >= '0' && c <= '9'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

// ---------------------------------------------------------------- charset --

// The label of a <meta charset=…>, <meta http-equiv content="…; charset=…">
// or <?xml encoding="…"?> declaration near the start, lowercased; "" if none.
std::string DeclaredCharset(std::string_view html) {
  std::string head = AsciiLower(html.substr(0, kCharsetScanBytes));
  auto value_at = [&](size_t p) {
    while (p < head.size() &&
           (IsHtmlSpace(head[p]) || head[p] == '=' || head[p] == '"' || head[p] == '\''))
      ++p;
    size_t b = p;
    while (p < head.size() && (IsAlnum(head[p]) || head[p] == '-' || head[p] == '_' ||
                               head[p] == '.' || head[p] == ':'))
      ++p;
    return head.substr(b, p - b);
  };
  if (head.starts_with("<?xml")) {
    size_t end = head.find("?>");
    size_t enc = head.find("encoding", 5);
    if (enc != std::string::npos && enc < end) return value_at(enc + 8);
  }
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) end = head.size();
    size_t cs = head.find("charset", pos);
    if (cs != std::string::npos && cs < end) return value_at(cs + 7);
    pos = end;
  }
  return "";
}

bool IsAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

bool ConvertToUtf8(std::string* s, const char* charset) {
  if (s->size() > INT32_MAX) return false;
  UErrorCode st = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(charset, &st);
  if (U_FAILURE(st)) return false;
  icu::UnicodeString u(s->data(), static_cast<int32_t>(s->size()), cnv, st);
  ucnv_close(cnv);
  if (U_FAILURE(st)) return false;
  std::string out;
  u.toUTF8String(out);
  s->swap(out);
  return true;
}

// Converts the page to UTF-8 when it declares another charset. Labels follow
// the WHATWG Encoding standard: iso-8859-1, latin1 and us-ascii mean
// windows-1252. A page that declares a legacy charset but is valid UTF-8 with
// non-ASCII characters is mislabelled (the reverse is nearly impossible by
// chance) and is left alone.
void ConvertDeclaredCharset(std::string* html, const std::string& name,
                            std::vector<std::string>* warnings) {
  std::string label = DeclaredCharset(*html);
  if (label.empty() || label == "utf-8" || label == "utf8" || label.starts_with("utf-16") ||
      label == "unicode-1-1-utf-8")
    return;
  static constexpr std::string_view k1252[] = {
      "windows-1252", "cp1252",      "x-cp1252",        "iso-8859-1",     "iso8859-1", "iso_8859-1",
      "latin1",       "l1",          "cp819",           "ibm819",         "us-ascii",  "ascii",
      "iso-ir-100",   "csisolatin1", "iso_8859-1:1987", "ansi_x3.4-1968", "iso88591"};
  std::string charset = label;
  for (std::string_view l : k1252)
    if (label == l) charset = "windows-1252";
  if (IsAscii(*html) || utf8::FindInvalid(*html) == std::string::npos) return;
  if (!ConvertToUtf8(html, charset.c_str()))
    warnings->push_back(name + ": declares charset \"" + label +
                        "\", which this build cannot convert; read as UTF-8 — re-save the page "
                        "as UTF-8");
}

// ------------------------------------------------------------ depth guard --

bool IsVoidTag(std::string_view t) {
  static constexpr std::string_view kVoid[] = {
      "area",  "base",   "br",    "col", "embed",  "hr",       "img",     "input", "link", "meta",
      "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image"};
  return std::find(std::begin(kVoid), std::end(kVoid), t) != std::end(kVoid);
}

// Elements the parser closes by itself when a sibling starts: they never nest
// without limit, so they are not counted.
bool IsImpliedEndTag(std::string_view t) {
  static constexpr std::string_view kImplied[] = {"p",  "li", "dd", "dt",    "option",   "optgroup",
                                                  "tr", "td", "th", "tbody", "thead",    "tfoot",
                                                  "rb", "rt", "rp", "rtc",   "colgroup", "caption"};
  return std::find(std::begin(kImplied), std::end(kImplied), t) != std::end(kImplied);
}

bool IsRawTextTag(std::string_view t) {
  return t == "script" || t == "style" || t == "xmp" || t == "iframe" || t == "noembed" ||
         t == "noframes" || t == "textarea" || t == "title" || t == "plaintext";
}

// Position of "</tag" (any case) at or after `from`, or npos.
size_t FindEndTag(std::string_view s, std::string_view tag, size_t from) {
  while ((from = s.find("</", from)) != std::string_view::npos) {
    if (EqualsIgnoreCase(s.substr(from + 2, tag.size()), tag)) return from;
    from += 2;
  }
  return std::string_view::npos;
}

// A cheap tokenizer that tracks which elements are open and deletes start
// tags that would nest deeper than max_depth (their text is kept). Returns
// how many tags were deleted.
size_t LimitNesting(std::string* html, size_t max_depth) {
  const std::string& s = *html;
  const size_t n = s.size();
  std::vector<std::string> stack;
  std::unordered_map<std::string, size_t> open;
  std::string out;
  size_t copied = 0, removed = 0, i = 0;
  while ((i = s.find('<', i)) != std::string::npos) {
    const size_t lt = i++;
    if (i >= n) break;
    if (s[i] == '!' || s[i] == '?') {  // comment, doctype, CDATA, processing instruction
      size_t end = s.compare(i, 3, "!--") == 0 ? s.find("-->", i + 3) : s.find('>', i);
      if (end == std::string::npos) break;
      i = end + 1;
      continue;
    }
    bool end_tag = s[i] == '/';
    if (end_tag) ++i;
    if (i >= n || !IsAlpha(s[i])) continue;
    size_t name_begin = i;
    while (i < n && !IsHtmlSpace(s[i]) && s[i] != '/' && s[i] != '>') ++i;
    std::string tag = AsciiLower(std::string_view(s).substr(name_begin, i - name_begin));
    // The end of the tag, skipping quoted attribute values.
    char quote = 0;
    size_t j = i;
    for (; j < n; ++j) {
      char c = s[j];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        size_t k = j;
        while (k > i && IsHtmlSpace(s[k - 1])) --k;
        if (k > i && s[k - 1] == '=') quote = c;
      } else if (c == '>') {
        break;
      }
    }
    const size_t tag_end = j < n ? j + 1 : n;
    const bool self_closing = j < n && j > i && s[j - 1] == '/';
    i = tag_end;
    if (end_tag) {
      auto it = open.find(tag);
      if (it != open.end() && it->second > 0) {
        while (!stack.empty()) {
          std::string top = std::move(stack.back());
          stack.pop_back();
          --open[top];
          if (top == tag) break;
        }
      }
      continue;
    }
    if (IsVoidTag(tag) || IsImpliedEndTag(tag)) continue;
    if (IsRawTextTag(tag)) {
      if (tag == "plaintext") break;
      // Unclosed raw text runs to the end; scanning on only over-counts.
      size_t end = FindEndTag(s, tag, i);
      if (end != std::string::npos) i = end;
      continue;
    }
    // Self-closing syntax only means something inside SVG and MathML.
    if (self_closing && (open["svg"] > 0 || open["math"] > 0)) continue;
    if (stack.size() >= max_depth) {
      out.append(s, copied, lt - copied);
      copied = tag_end;
      ++removed;
      continue;
    }
    stack.push_back(tag);
    ++open[tag];
  }
  if (removed) {
    out.append(s, copied, std::string::npos);
    html->swap(out);
  }
  return removed;
}

// ------------------------------------------------------------ tree helpers --

const GumboVector* Children(const GumboNode* n) {
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
    return &n->v.element.children;
  return nullptr;
}

bool IsElement(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

GumboTag Tag(const GumboNode* n) { return IsElement(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

std::string_view Attr(const GumboNode* n, const char* name) {
  if (!IsElement(n)) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

bool HasAttr(const GumboNode* n, const char* name) {
  return IsElement(n) && gumbo_get_attribute(&n->v.element.attributes, name) != nullptr;
}

// True when the whitespace-separated list `list` contains `word` (any case).
bool HasToken(std::string_view list, std::string_view word) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && IsHtmlSpace(list[i])) ++i;
    size_t b = i;
    while (i < list.size() && !IsHtmlSpace(list[i])) ++i;
    if (i > b && EqualsIgnoreCase(list.substr(b, i - b), word)) return true;
  }
  return false;
}

// Does a class or id name boilerplate? Words are split at non-letters and at
// camelCase humps ("adSlot", "share-bar", "related_posts", "cookieConsent");
// "ad" must be a whole word so that "header", "lead" or "shadow" do not match.
bool NamesBoilerplate(std::string_view attr) {
  static constexpr std::string_view kWholeWords[] = {"ad",       "ads",     "adv",   "dfp",
                                                     "outbrain", "taboola", "disqus"};
  static constexpr std::string_view kPrefixes[] = {
      "advert",       "adslot",  "adunit",  "adsense",    "adsbygoogle", "adbox",
      "adcontainer",  "banner",  "promo",   "sponsor",    "comment",     "share",
      "sharing",      "social",  "related", "newsletter", "cookie",      "subscribe",
      "subscription", "sidebar", "menu",    "breadcrumb", "paywall"};
  std::string word;
  auto check = [&]() {
    if (word.empty()) return false;
    bool hit = false;
    for (std::string_view w : kWholeWords) hit |= word == w;
    for (std::string_view p : kPrefixes) hit |= word.starts_with(p);
    if (word.starts_with("commentary")) hit = false;  // opinion pieces, not reader comments
    word.clear();
    return hit;
  };
  for (size_t i = 0; i < attr.size(); ++i) {
    char c = attr[i];
    if (!IsAlnum(c)) {
      if (check()) return true;
      continue;
    }
    bool hump = c >= 'A' && c <= 'Z' && i > 0 && attr[i - 1] >= 'a' && attr[i - 1] <= 'z';
    if (hump && check()) return true;
    word.push_back(Lower(c));
  }
  return check();
}

// How much is boilerplate. kRelaxed keeps <form> and ignores class, id,
// role and hidden markers; kKeepForms only keeps <form>.
enum Level { kStrict = 0, kRelaxed = 1, kKeepForms = 2 };

// Is this element boilerplate at this level?
bool Drops(const GumboNode* n, Level level) {
  if (n->type == GUMBO_NODE_TEMPLATE) return true;
  if (n->type != GUMBO_NODE_ELEMENT) return false;
  switch (n->v.element.tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_MENU:
      return true;
    case GUMBO_TAG_FORM:
      return level == kStrict;
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
      return false;
    default:
      break;
  }
  if (n->v.element.tag == GUMBO_TAG_UNKNOWN) {
    std::string_view t =
        n->v.element.original_tag.data
            ? std::string_view(n->v.element.original_tag.data, n->v.element.original_tag.length)
            : std::string_view();
    if (t.size() > 1 && t.front() == '<') t.remove_prefix(1);
    if (AsciiLower(t.substr(0, 6)) == "dialog") return true;
  }
  if (level == kRelaxed) return false;
  if (HasAttr(n, "hidden") || Attr(n, "aria-hidden") == "true") return true;
  std::string style = AsciiLower(Attr(n, "style"));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  if (style.find("display:none") != std::string::npos) return true;
  std::string_view role = Attr(n, "role");
  if (HasToken(role, "navigation") || HasToken(role, "complementary") ||
      HasToken(role, "contentinfo") || HasToken(role, "banner") || HasToken(role, "menu") ||
      HasToken(role, "dialog"))
    return true;
  return NamesBoilerplate(Attr(n, "class")) || NamesBoilerplate(Attr(n, "id"));
}

// How blocks separate text.
enum Break { kNone = 0, kSpace = 1, kLine = 2, kParagraph = 3 };

Break BreakOf(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_BR:
    case GUMBO_TAG_TR:
      return kLine;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return kSpace;
    case GUMBO_TAG_P:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_BODY:
      return kParagraph;
    default:
      return kNone;
  }
}

// Joins text runs: whitespace collapses to one space, blocks to "\n\n".
class TextBuilder {
 public:
  void AddBreak(Break b) { pending_ = std::max(pending_, b); }
  void AddText(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      size_t ws = SpaceWidth(s, i);
      if (ws) {
        AddBreak(kSpace);
        i += ws;
        continue;
      }
      size_t b = i;
      while (i < s.size() && !IsAsciiSpace(s[i]) &&
             !(s[i] == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0'))
        ++i;
      if (!out_.empty()) {
        if (pending_ == kParagraph)
          out_ += "\n\n";
        else if (pending_ == kLine)
          out_ += '\n';
        else if (pending_ == kSpace)
          out_ += ' ';
      }
      pending_ = kNone;
      out_.append(s.substr(b, i - b));
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  Break pending_ = kNone;
};

std::string_view NodeText(const GumboNode* n) {
  return n->v.text.text ? std::string_view(n->v.text.text) : std::string_view();
}

// The text of the subtree at `root` without boilerplate (by `level`; `root`
// itself is not tested). Iterative: the tree may be 512+ levels deep.
std::string ExtractText(const GumboNode* root, Level level) {
  TextBuilder tb;
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  std::vector<Frame> st;
  st.push_back({root, 0});
  while (!st.empty()) {
    Frame& f = st.back();
    const GumboVector* kids = Children(f.node);
    if (kids && f.next < kids->length) {
      const GumboNode* c = static_cast<const GumboNode*>(kids->data[f.next++]);
      if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
          c->type == GUMBO_NODE_WHITESPACE) {
        tb.AddText(NodeText(c));
      } else if (IsElement(c) && !Drops(c, level)) {
        tb.AddBreak(BreakOf(Tag(c)));
        st.push_back({c, 0});
      }
      continue;
    }
    if (f.node != root) tb.AddBreak(BreakOf(Tag(f.node)));
    st.pop_back();
  }
  return tb.Take();
}

// One line of inline text (for titles and dates in element text).
std::string InlineText(const GumboNode* n) { return CollapseSpaces(ExtractText(n, kRelaxed)); }

// ------------------------------------------------------------- page scan --

struct Candidate {
  const GumboNode* node;
  size_t len[2];  // visible text bytes at kStrict / kRelaxed
  bool hidden[2];
};

// Everything one pass over the tree learns about the page.
struct Page {
  std::string lang, title_tag, canonical;
  std::unordered_map<std::string, std::string> meta;  // lowercased key → first content
  std::vector<std::string> json_ld;
  std::string item_date_published;
  const GumboNode* body = nullptr;
  const GumboNode* first_h1 = nullptr;
  std::vector<Candidate> articles, article_bodies, mains;
  // Element → 2 × text of its <p> children + text of its <p> grandchildren.
  std::unordered_map<const GumboNode*, size_t> p_text[2];
  std::vector<std::pair<const GumboNode*, std::string>> times;  // <time datetime>
};

size_t NonSpaceBytes(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += !IsHtmlSpace(c);
  return n;
}

// Text children of an element, concatenated (for <title> and <script>).
std::string ChildText(const GumboNode* n) {
  std::string out;
  const GumboVector* kids = Children(n);
  for (unsigned i = 0; kids && i < kids->length; ++i) {
    const GumboNode* c = static_cast<const GumboNode*>(kids->data[i]);
    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
        c->type == GUMBO_NODE_WHITESPACE)
      out += NodeText(c);
  }
  return out;
}

void NoteMeta(Page* page, std::string_view key, std::string_view content) {
  if (key.empty() || content.empty()) return;
  page->meta.emplace(AsciiLower(key), CollapseSpaces(content));  // keeps the first
}

// Collects metadata when an element is entered.
void OnEnter(const GumboNode* n, bool strict_hidden, Page* page) {
  const GumboElement& e = n->v.element;
  if (e.tag_namespace != GUMBO_NAMESPACE_HTML) return;
  switch (e.tag) {
    case GUMBO_TAG_HTML:
      if (page->lang.empty()) page->lang = CollapseSpaces(Attr(n, "lang"));
      break;
    case GUMBO_TAG_BODY:
      if (!page->body) page->body = n;
      break;
    case GUMBO_TAG_TITLE:
      if (page->title_tag.empty()) page->title_tag = CollapseSpaces(ChildText(n));
      break;
    case GUMBO_TAG_META: {
      std::string_view content = Attr(n, "content");
      NoteMeta(page, Attr(n, "property"), content);
      NoteMeta(page, Attr(n, "name"), content);
      if (EqualsIgnoreCase(Attr(n, "itemprop"), "datePublished") &&
          page->item_date_published.empty())
        page->item_date_published = CollapseSpaces(content);
      break;
    }
    case GUMBO_TAG_LINK:
      if (page->canonical.empty() && HasToken(Attr(n, "rel"), "canonical"))
        page->canonical = CollapseSpaces(Attr(n, "href"));
      break;
    case GUMBO_TAG_SCRIPT:
      if (EqualsIgnoreCase(CollapseSpaces(Attr(n, "type")), "application/ld+json"))
        page->json_ld.push_back(ChildText(n));
      break;
    case GUMBO_TAG_H1:
      if (!page->first_h1 && !strict_hidden) page->first_h1 = n;
      break;
    case GUMBO_TAG_TIME:
      if (HasAttr(n, "datetime") && page->times.size() < kMaxTimeElements)
        page->times.emplace_back(n, CollapseSpaces(Attr(n, "datetime")));
      break;
    default:
      break;
  }
  if (e.tag != GUMBO_TAG_META && page->item_date_published.empty() &&
      EqualsIgnoreCase(Attr(n, "itemprop"), "datePublished")) {
    std::string_view v = HasAttr(n, "datetime") ? Attr(n, "datetime") : Attr(n, "content");
    page->item_date_published = v.empty() ? InlineText(n) : CollapseSpaces(v);
  }
}

void ScanPage(const GumboNode* root, Page* page) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
    bool hidden[2];
    size_t len[2];
  };
  std::vector<Frame> st;
  st.push_back({root, 0, {false, false}, {0, 0}});
  while (!st.empty()) {
    Frame& f = st.back();
    const GumboVector* kids = Children(f.node);
    if (kids && f.next < kids->length) {
      const GumboNode* c = static_cast<const GumboNode*>(kids->data[f.next++]);
      if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA) {
        size_t n = NonSpaceBytes(NodeText(c));
        for (int k = 0; k < 2; ++k)
          if (!f.hidden[k]) f.len[k] += n;
      } else if (IsElement(c)) {
        Frame child{
            c, 0, {f.hidden[0] || Drops(c, kStrict), f.hidden[1] || Drops(c, kRelaxed)}, {0, 0}};
        OnEnter(c, child.hidden[0], page);
        st.push_back(child);
      }
      continue;
    }
    const Frame done = f;
    st.pop_back();
    if (st.empty()) break;
    for (int k = 0; k < 2; ++k) st.back().len[k] += done.len[k];
    if (!IsElement(done.node)) continue;
    Candidate cand{done.node, {done.len[0], done.len[1]}, {done.hidden[0], done.hidden[1]}};
    GumboTag tag = Tag(done.node);
    if (tag == GUMBO_TAG_ARTICLE) page->articles.push_back(cand);
    if (tag == GUMBO_TAG_MAIN) page->mains.push_back(cand);
    if (EqualsIgnoreCase(Attr(done.node, "itemprop"), "articleBody"))
      page->article_bodies.push_back(cand);
    // Paragraph text scores the parent, and half of it the grandparent, so
    // that a story whose paragraphs are each wrapped in a <div> still wins.
    const GumboNode* parent = done.node->parent;
    if (tag == GUMBO_TAG_P && parent && IsElement(parent))
      for (int k = 0; k < 2; ++k) {
        if (done.hidden[k]) continue;
        page->p_text[k][parent] += 2 * done.len[k];
        if (parent->parent && IsElement(parent->parent))
          page->p_text[k][parent->parent] += done.len[k];
      }
  }
}

// --------------------------------------------------------------- choosing --

struct MainText {
  const GumboNode* node = nullptr;
  std::string text;
};

// Position in the source, to break ties the same way on every run.
unsigned Offset(const GumboNode* n) { return IsElement(n) ? n->v.element.start_pos.offset : 0; }

MainText ChooseMainText(const Page& page) {
  for (Level level : {kStrict, kRelaxed}) {
    for (const std::vector<Candidate>* list : {&page.articles, &page.article_bodies, &page.mains}) {
      const Candidate* best = nullptr;
      for (const Candidate& c : *list)
        if (!c.hidden[level] && c.len[level] > 0 && (!best || c.len[level] > best->len[level]))
          best = &c;
      if (!best) continue;
      std::string text = ExtractText(best->node, kStrict);
      if (!IsBlank(text)) return {best->node, std::move(text)};
    }
    const GumboNode* best_p = nullptr;
    size_t best_len = 0;
    for (const auto& [node, len] : page.p_text[level])
      if (len > best_len || (len == best_len && best_p && Offset(node) < Offset(best_p))) {
        best_p = node;
        best_len = len;
      }
    if (best_p) {
      std::string text = ExtractText(best_p, kStrict);
      if (!IsBlank(text)) return {best_p, std::move(text)};
    }
    if (page.body) {
      std::string text = ExtractText(page.body, level == kStrict ? kStrict : kKeepForms);
      if (!IsBlank(text)) return {page.body, std::move(text)};
    }
  }
  return {};
}

bool IsInside(const GumboNode* n, const GumboNode* ancestor) {
  for (; n; n = n->parent)
    if (n == ancestor) return true;
  return false;
}

// The element whose <time datetime> children date the article: the nearest
// <article> around (or at) the main text, else a semantic container holding
// it; null for text found by paragraph counting.
const GumboNode* DateScope(const Page& page, const GumboNode* main) {
  for (const GumboNode* n = main; n; n = n->parent)
    if (Tag(n) == GUMBO_TAG_ARTICLE) return n;
  for (const auto* list : {&page.article_bodies, &page.mains})
    for (const Candidate& c : *list)
      if (c.node == main) return main;
  return nullptr;
}

// ---------------------------------------------------------------- JSON-LD --

struct JsonLdInfo {
  std::string date_published, headline, publisher;
};

void SearchJsonLd(const json& j, int depth, JsonLdInfo* out) {
  if (depth > kMaxJsonLdDepth) return;
  if (j.is_array()) {
    for (const json& v : j) SearchJsonLd(v, depth + 1, out);
    return;
  }
  if (!j.is_object()) return;
  auto str = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (out->date_published.empty()) out->date_published = str("datePublished");
  if (out->headline.empty()) out->headline = str("headline");
  if (out->publisher.empty()) {
    auto it = j.find("publisher");
    if (it != j.end() && it->is_object()) {
      auto name = it->find("name");
      if (name != it->end() && name->is_string()) out->publisher = name->get<std::string>();
    }
  }
  for (const auto& item : j.items())
    if (item.value().is_structured()) SearchJsonLd(item.value(), depth + 1, out);
}

// ---------------------------------------------------------------- titles --

// Drops " | Site", " - Site", " — Site" (or "Site | ") when Site is the
// outlet's name.
std::string StripSiteName(std::string title, std::string_view site) {
  if (site.empty()) return title;
  static constexpr std::string_view kSeps[] = {" | ", " - ",  " – ", " — ",
                                               " · ", " :: ", " » ", ": "};
  for (std::string_view sep : kSeps) {
    size_t p = title.rfind(sep);
    if (p != std::string::npos && p > 0 &&
        EqualsIgnoreCase(std::string_view(title).substr(p + sep.size()), site))
      return title.substr(0, p);
    p = title.find(sep);
    if (p != std::string::npos && p + sep.size() < title.size() &&
        EqualsIgnoreCase(std::string_view(title).substr(0, p), site))
      return title.substr(p + sep.size());
  }
  return title;
}

std::string MetaValue(const Page& page, std::string_view key) {
  auto it = page.meta.find(std::string(key));
  return it == page.meta.end() ? std::string() : it->second;
}

// Normalizes a metadata string like the text.
std::string CleanMeta(std::string s) {
  ToNfc(&s);
  return s;
}

}  // namespace

Status ParseHtml(std::string_view html, const std::string& name, Doc* doc) {
  doc->Clear();
  doc->id = Stem(name);
  doc->source = name;
  std::string data(html);
  bool bom = DecodeBom(&data);
  std::string why = WhyNotText(data);
  if (!why.empty()) return Status::InvalidArgument(name + ": " + why);
  if (!bom) ConvertDeclaredCharset(&data, name, &doc->warnings);
  Repairs rep;
  SanitizeBytes(&data, &rep);
  size_t flattened = LimitNesting(&data, kMaxNesting);

  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // recovery still happens; the error list is not needed
  auto destroy = [&options](GumboOutput* out) { gumbo_destroy_output(&options, out); };
  std::unique_ptr<GumboOutput, decltype(destroy)> out(
      gumbo_parse_with_options(&options, data.data(), data.size()), destroy);
  if (!out) return Status::InvalidArgument(name + ": the HTML parser failed; skipped");

  Page page;
  ScanPage(out->document, &page);
  MainText main = ChooseMainText(page);

  std::string text = std::move(main.text);
  // gumbo 0.10 decodes out-of-range numeric character references
  // ("&#xFFFFFFcFF;") into invalid bytes: repair its output too.
  SanitizeBytes(&text, &rep);
  NormalizeNewlines(&text);
  size_t before = text.size();
  if (ToNfc(&text)) {
    rep.nfc = true;
    rep.nfc_bytes_before = before;
    rep.nfc_bytes_after = text.size();
  }
  AppendRepairWarnings(rep, name, &doc->warnings);
  if (flattened)
    doc->warnings.push_back(name + ": elements nested more than " + std::to_string(kMaxNesting) +
                            " deep; " + std::to_string(flattened) +
                            " tag(s) beyond that were ignored (their text is kept) — the page "
                            "is probably malformed");
  if (IsBlank(text))
    return Status::InvalidArgument(
        name +
        ": no article text found; skipped — the page may be an index page or need "
        "JavaScript; save the article page itself, or its text");

  JsonLdInfo ld;
  for (const std::string& s : page.json_ld) {
    json j = json::parse(s, nullptr, false);
    if (!j.is_discarded()) SearchJsonLd(j, 0, &ld);
  }

  // Outlet and title.
  doc->outlet = CleanMeta(MetaValue(page, "og:site_name"));
  if (doc->outlet.empty()) doc->outlet = CleanMeta(CollapseSpaces(ld.publisher));
  std::string title = MetaValue(page, "og:title");
  if (title.empty()) title = page.title_tag;
  if (title.empty() && page.first_h1) title = InlineText(page.first_h1);
  if (title.empty()) title = CollapseSpaces(ld.headline);
  doc->title = CleanMeta(StripSiteName(std::move(title), doc->outlet));

  // URL.
  doc->url = page.canonical.empty() ? MetaValue(page, "og:url") : page.canonical;

  // Publication date: the first source that holds a readable date.
  std::vector<std::string> dates;
  dates.push_back(MetaValue(page, "article:published_time"));
  for (std::string_view key :
       {"date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued",
        "dcterms.issued", "parsely-pub-date", "sailthru.date", "article.published",
        "og:published_time", "dc.date", "dcterms.date"})
    dates.push_back(MetaValue(page, key));
  dates.push_back(page.item_date_published);
  if (const GumboNode* scope = main.node ? DateScope(page, main.node) : nullptr)
    for (const auto& [node, value] : page.times)
      if (IsInside(node, scope)) {
        dates.push_back(value);
        break;
      }
  dates.push_back(CollapseSpaces(ld.date_published));
  std::string unreadable;
  for (const std::string& d : dates) {
    if (d.empty()) continue;
    if (auto iso = NormalizeDate(d)) {
      doc->published = *iso;
      unreadable.clear();
      break;
    }
    if (unreadable.empty()) unreadable = d;
  }
  if (!unreadable.empty())
    doc->warnings.push_back(name + ": could not read the publication date \"" + unreadable +
                            "\"; left empty — the page's date metadata is not ISO 8601");

  // Language: the primary subtag of <html lang>.
  std::string lang = AsciiLower(page.lang.substr(0, page.lang.find_first_of("-_")));
  if (lang.size() >= 2 && lang.size() <= 3 &&
      std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    doc->language = lang;

  for (std::string* field : {&doc->title, &doc->outlet, &doc->url, &doc->published})
    utf8::Sanitize(field);
  doc->SetText(std::move(text));
  return Status::Ok();
}

}  // namespace sitrep::ingest
