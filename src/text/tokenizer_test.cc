#include "text/tokenizer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "conllu/conllu.h"
#include "core/utf8.h"
#include "text/span_eval.h"

namespace sitrep::text {
namespace {

// Tokens joined by " ", sentences by " | ".
std::string Render(const Doc& doc) {
  std::string out;
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    if (s > 0) out += " | ";
    for (uint32_t i = doc.sentence_first(s); i < doc.sentence_end(s); ++i) {
      if (i > doc.sentence_first(s)) out += ' ';
      out += doc.form(i);
    }
  }
  return out;
}

// Checks what must hold for any input: tokens in order, non-empty, bounded,
// together covering exactly the non-whitespace characters; sentences
// contiguous, covering every token, bounded.
void CheckInvariants(const Doc& doc) {
  const std::string_view text = doc.text();
  size_t pos = 0;
  for (size_t i = 0; i < doc.num_tokens(); ++i) {
    const uint32_t b = doc.token_begin(i), e = doc.token_end(i);
    ASSERT_LT(b, e) << "empty token " << i;
    ASSERT_LE(e, text.size());
    ASSERT_LE(e - b, kMaxTokenBytes + 4) << "token " << i << " too long";
    while (pos < b) {  // only whitespace between tokens
      size_t len;
      const char32_t c = utf8::Decode(text, pos, &len);
      ASSERT_TRUE(IsSpace(c)) << "byte " << pos << " (U+" << std::hex << static_cast<uint32_t>(c)
                              << ") belongs to no token";
      pos += len;
    }
    ASSERT_EQ(pos, b) << "token " << i << " overlaps the previous one";
    for (size_t k = b; k < e;) {  // no whitespace inside a token
      size_t len;
      ASSERT_FALSE(IsSpace(utf8::Decode(text, k, &len))) << "space inside token " << i;
      k += len;
    }
    pos = e;
  }
  while (pos < text.size()) {
    size_t len;
    ASSERT_TRUE(IsSpace(utf8::Decode(text, pos, &len))) << "text after the last token";
    pos += len;
  }
  uint32_t next = 0;
  for (size_t s = 0; s < doc.num_sentences(); ++s) {
    ASSERT_EQ(doc.sentence_first(s), next);
    ASSERT_LT(doc.sentence_first(s), doc.sentence_end(s));
    ASSERT_LE(doc.sentence_end(s) - doc.sentence_first(s), kMaxSentenceTokens);
    next = doc.sentence_end(s);
  }
  ASSERT_EQ(next, doc.num_tokens());
}

std::string Tok(std::string_view text) {
  Doc doc;
  doc.SetText(std::string(text));
  Tokenize(&doc);
  CheckInvariants(doc);
  return Render(doc);
}

struct Case {
  const char* in;
  const char* out;
};

void RunTable(const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(Tok(c.in), c.out) << "input: " << c.in;
}

TEST(Tokenizer, Clitics) {
  RunTable({
      {"Ukraine's army", "Ukraine 's army"},
      {"don't", "do n't"},
      {"can't", "ca n't"},
      {"won't", "wo n't"},
      {"Don't", "Do n't"},
      {"ain't", "ai n't"},
      {"cannot", "can not"},
      {"I'm here", "I 'm here"},
      {"they're", "they 're"},
      {"we've", "we 've"},
      {"he'd", "he 'd"},
      {"I'll", "I 'll"},
      {"I'd've", "I 'd 've"},
      {"It’s Ukraine’s", "It ’s Ukraine ’s"},
      {"didn’t", "did n’t"},
      {"gonna wanna gotta", "gon na wan na got ta"},
      {"dont didnt cant wont im ive youre thats",
       "do nt did nt ca nt wo nt i m i ve you re that s"},
      {"IM me", "IM me"},
      {"its own", "its own"},
      {"its not", "it s not"},
      {"the parents' cars", "the parents ' cars"},
      {"O'Brien Shi'ite y'all o'clock", "O'Brien Shi'ite y'all o'clock"},
      {"the 1990's", "the 1990's"},
      {"the '90s and ’72", "the '90s and ’72"},
      {"Bush 's plan", "Bush 's plan"},
      {"mama`s", "mama `s"},
      {"Київ's", "Київ 's"},
  });
}

TEST(Tokenizer, Numbers) {
  RunTable({
      {"150,000 troops", "150,000 troops"},
      {"3.5 km", "3.5 km"},
      {"the 1990s", "the 1990s"},
      {"122mm mortars", "122 mm mortars"},
      {"at 5pm", "at 5 pm"},
      {"at 7:30PM", "at 7:30 PM"},
      {"a 65k salary", "a 65 k salary"},
      {"the 2nd and 21st", "the 2nd and 21st"},
      {"$5", "$ 5"},
      {"$3M and 86M", "$ 3 M and 86M"},
      {"5%", "5 %"},
      {"US$5", "US$ 5"},
      {"1,350kg", "1,350 kg"},
      {"on 11/28/2000 and 9/11", "on 11/28/2000 and 9/11"},
      {"1/2 and 24/7", "1 / 2 and 24 / 7"},
      {"call 713-853-3989 or 555-1234", "call 713-853-3989 or 555-1234"},
      {"5-10 years", "5 - 10 years"},
      {"1990-1995", "1990 - 1995"},
      {"+44 20 7946", "+44 20 7946"},
      {"#1 fan", "# 1 fan"},
      {"Price: 3,40", "Price : 3,40"},
  });
}

TEST(Tokenizer, Hyphens) {
  // EWT splits hyphenated words (690 of 1037 in train/dev) except after
  // prefixes such as e-, non-, anti-.
  RunTable({
      {"Ivano-Frankivsk", "Ivano - Frankivsk"},
      {"full-fledged", "full - fledged"},
      {"a 15-year term", "a 15 - year term"},
      {"e-mail E-mail", "e-mail E-mail"},
      {"non-stop anti-war pre-war co-workers mid-1980s",
       "non-stop anti-war pre-war co-workers mid-1980s"},
      {"well -- sort of", "well -- sort of"},
      {"state-run", "state - run"},
      {"F-16", "F - 16"},
  });
}

TEST(Tokenizer, Abbreviations) {
  RunTable({
      {"the U.S. army", "the U.S. army"},
      {"Gen. Smith", "Gen. Smith"},
      {"Lt. Col. Jones", "Lt. Col. Jones"},
      {"Mr. and Mrs. Brown", "Mr. and Mrs. Brown"},
      {"at 10 a.m. today", "at 10 a.m. today"},
      {"Acme Inc. said", "Acme Inc. said"},
      {"No. 5", "No. 5"},
      {"J. Smith", "J. Smith"},
      {"George W. Bush", "George W. Bush"},
      {"e.g. apples, i.e. fruit", "e.g. apples , i.e. fruit"},
      {"Jan. 5", "Jan. 5"},
      {"Dr.Smith", "Dr. Smith"},
      {"Ph.D. student", "Ph.D. student"},
      {"the U.S", "the U.S"},
      // The period of a sentence-final abbreviation is its own token (EWT).
      {"apples, pears etc.", "apples , pears etc ."},
      {"He moved to the U.S.", "He moved to the U.S ."},
      {"I said no.", "I said no ."},
      {"Wait for it..", "Wait for it .."},
  });
}

TEST(Tokenizer, UrlsEmailsHandles) {
  RunTable({
      {"see http://example.com/a_(b).", "see http://example.com/a_(b) ."},
      {"(https://www.bbc.co.uk/news/world-europe-60542877)",
       "( https://www.bbc.co.uk/news/world-europe-60542877 )"},
      {"at www.kyivindependent.com, today", "at www.kyivindependent.com , today"},
      {"<http://x.org/?q=1&r=2>", "< http://x.org/?q=1&r=2 >"},
      {"mail bob.smith@example.org.", "mail bob.smith@example.org ."},
      {"mailto:amy@compaq.com", "mailto:amy@compaq.com"},
      {"<ekrapels@esaibos.com>", "< ekrapels@esaibos.com >"},
      {"@ZelenskyyUa said", "@ZelenskyyUa said"},
      {"#StandWithUkraine", "#StandWithUkraine"},
      {"Amazon.com and report.doc", "Amazon.com and report.doc"},
      {"meet @ 5", "meet @ 5"},
      {"and/or", "and / or"},
      {"b/c w/o w/ it", "b/c w/o w/ it"},
      {"AT&T and PG&E", "AT&T and PG&E"},
  });
}

TEST(Tokenizer, PunctuationAndEmoticons) {
  RunTable({
      {"great :) thanks", "great :) thanks"},
      {"sad :( but ;-) ok", "sad :( but ;-) ok"},
      {"wait... what", "wait ... what"},
      {"what?! No", "what ?! | No"},
      {"why...?", "why ... ?"},
      {"-----", "-----"},
      {"****", "****"},
      {"=====>", "=====>"},
      {"(yes)", "( yes )"},
      {"[sic]", "[ sic ]"},
      {"\"Hi,\" he said", "\" Hi , \" he said"},
      {"wow!!!", "wow !!!"},
      {"a; b: c", "a ; b : c"},
      {"<< Memo >>", "<< Memo >>"},
  });
}

TEST(Tokenizer, TypographicQuotesAndDashes) {
  Doc doc;
  doc.SetText("“Quoted,” he said — ‘fine’… it’s 1990–1995 and non‑stop ‑ here");
  Tokenize(&doc);
  CheckInvariants(doc);
  std::vector<std::string> norms;
  for (size_t i = 0; i < doc.num_tokens(); ++i) norms.emplace_back(doc.norm(i));
  const std::vector<std::string> want = {"\"", "Quoted", ",",   "\"",       "he", "said", "--",
                                         "'",  "fine",   "'",   "...",      "it", "'s",   "1990",
                                         "-",  "1995",   "and", "non-stop", "-",  "here"};
  EXPECT_EQ(norms, want) << Render(doc);
  EXPECT_EQ(doc.form(0), "“");
  EXPECT_EQ(doc.form(12), "’s");
}

TEST(Tokenizer, NormalizeToken) {
  std::string scratch;
  const std::string plain = "plain";
  EXPECT_EQ(NormalizeToken(plain, &scratch).data(), plain.data());  // no copy
  EXPECT_EQ(NormalizeToken("’s", &scratch), "'s");
  EXPECT_EQ(NormalizeToken("n’t", &scratch), "n't");
  EXPECT_EQ(NormalizeToken("“", &scratch), "\"");
  EXPECT_EQ(NormalizeToken("»", &scratch), "\"");
  EXPECT_EQ(NormalizeToken("–", &scratch), "-");
  EXPECT_EQ(NormalizeToken("—", &scratch), "--");
  EXPECT_EQ(NormalizeToken("…", &scratch), "...");
  EXPECT_EQ(NormalizeToken("`s", &scratch), "'s");
  EXPECT_EQ(NormalizeToken("``", &scratch), "``");
  EXPECT_EQ(NormalizeToken("Київ", &scratch), "Київ");
  EXPECT_EQ(NormalizeToken("co\xC2\xADop", &scratch), "coop");  // soft hyphen
}

TEST(Tokenizer, Whitespace) {
  // NBSP, thin space, zero-width space, ideographic space, tabs, CRLF.
  RunTable({
      {"a\xC2\xA0"
       "b",
       "a b"},
      {"a\xE2\x80\x89"
       "b",
       "a b"},
      {"a\xE2\x80\x8B"
       "b",
       "a b"},
      {"a\xE3\x80\x80"
       "b\tc\r\nd",
       "a b c d"},
      {"   ", ""},
      {"", ""},
  });
}

TEST(Tokenizer, NonLatinScripts) {
  RunTable({
      {"Київ — столиця України.", "Київ — столиця України ."},
      {"п'ять м’ясо", "п'ять м’ясо"},
      {"Москва, Россия", "Москва , Россия"},
      {"東京は大きい。", "東京は大きい 。"},
      {"السلام عليكم", "السلام عليكم"},
      {"flag 🇺🇦 and 👍🏽!", "flag 🇺🇦 and 👍🏽 !"},
  });
}

TEST(Tokenizer, CodePointOffsets) {
  Doc doc;
  doc.SetText("Київ’s «war» in 2022");
  Tokenize(&doc);
  CheckInvariants(doc);
  ASSERT_EQ(Render(doc), "Київ ’s « war » in 2022");
  // Київ = 4 code points / 8 bytes; ’ = 1 code point / 3 bytes.
  EXPECT_EQ(doc.token_begin(1), 8u);
  EXPECT_EQ(doc.token_cp_begin(1), 4u);
  EXPECT_EQ(doc.token_cp_end(1), 6u);
  EXPECT_EQ(doc.token_cp_begin(2), 7u);  // «
  EXPECT_EQ(doc.token_cp_begin(3), 8u);  // war
  EXPECT_EQ(doc.token_cp_end(6), 20u);
  EXPECT_FALSE(doc.space_after(0));
  EXPECT_TRUE(doc.space_after(1));
  EXPECT_EQ(doc.norm(2), "\"");
}

TEST(Tokenizer, ReplacesExistingLayers) {
  Doc doc;
  doc.SetText("One two.");
  Tokenize(&doc);
  doc.set_lemma(0, "one");
  Tokenize(&doc);
  EXPECT_EQ(doc.num_tokens(), 3u);
  EXPECT_EQ(doc.num_sentences(), 1u);
  EXPECT_EQ(doc.lemma(0), "");
}

TEST(Sentences, Splitting) {
  RunTable({
      {"It rained. We stayed in.", "It rained . | We stayed in ."},
      {"Really?! Yes!", "Really ?! | Yes !"},
      {"Wait… Then go.", "Wait … | Then go ."},
      {"He left at 5 p.m. The end.", "He left at 5 p.m . | The end ."},
      {"Mr. Smith met Gen. Jones.", "Mr. Smith met Gen. Jones ."},
      {"Talks in the U.S. ended.", "Talks in the U.S. ended ."},
      {"Talks in the U.S. The end.", "Talks in the U.S . | The end ."},
      {"Apples, pears etc. Then more.", "Apples , pears etc . | Then more ."},
      {"He said \"Go.\" She went.", "He said \" Go . \" | She went ."},
      {"(He left.) She stayed.", "( He left . ) | She stayed ."},
      {"It ended 3-2. 2022 was worse.", "It ended 3 - 2 . | 2022 was worse ."},
      {"J. Smith and J. R. R. Tolkien.", "J. Smith and J. R. R. Tolkien ."},
      {"ok. then we left", "ok . | then we left"},
      {"No. 5 won.", "No. 5 won ."},
      {"He said: Go away", "He said : Go away"},
  });
}

TEST(Sentences, ParagraphsHeadlinesDatelines) {
  RunTable({
      {"Russia invades Ukraine\n\nKYIV, Feb 26 (Reuters) - Russian forces attacked.",
       "Russia invades Ukraine | KYIV , Feb 26 ( Reuters ) - Russian forces attacked ."},
      {"KYIV, Feb 26 (Reuters) -\nRussian forces attacked.",
       "KYIV , Feb 26 ( Reuters ) - | Russian forces attacked ."},
      {"Headline without a period\nThe story starts here.",
       "Headline without a period | The story starts here ."},
      {"a hard-wrapped line that\ncontinues in lower case.",
       "a hard - wrapped line that continues in lower case ."},
      {"First paragraph ends\n\nlower case", "First paragraph ends | lower case"},
      {"One.\n \n\nTwo", "One . | Two"},
      {"Mr.\nSmith", "Mr. Smith"},
      {"Para one\xE2\x80\xA9Para two", "Para one | Para two"},
  });
}

TEST(Sentences, LongSentencesAreCut) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += (i % 40 == 39) ? "word, " : "word ";
  Doc doc;
  doc.SetText(text);
  Tokenize(&doc);
  CheckInvariants(doc);
  EXPECT_GE(doc.num_sentences(), 4u);
  // Cut after a comma where one is available.
  for (size_t s = 0; s + 1 < doc.num_sentences(); ++s)
    EXPECT_EQ(doc.form(doc.sentence_end(s) - 1), ",") << "sentence " << s;
}

// --- pathological input: no crash, linear time, bounded tokens ---

void CheckPathological(const std::string& text, const char* name) {
  Doc doc;
  doc.SetText(text);
  const auto t0 = std::chrono::steady_clock::now();
  Tokenize(&doc);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CheckInvariants(doc);
  // Linear: a few MB/s at the very least even under sanitizers.
  EXPECT_LT(secs, 20.0) << name;
}

std::string Repeat(std::string_view unit, size_t bytes) {
  std::string s;
  s.reserve(bytes + unit.size());
  while (s.size() < bytes) s += unit;
  return s;
}

TEST(Pathological, TenMegabyteLine) {
  constexpr size_t kTen = 10u << 20;
  CheckPathological(std::string(kTen, 'a'), "letters");
  CheckPathological(Repeat("a-", kTen), "a-");
}

TEST(Pathological, Punctuation) {
  constexpr size_t kSize = 1u << 20;
  for (const char* unit : {".", "-",  "!?", "a.", "a'", "a@", "www.", "http://", "1,", ":)",
                           "'", "\"", "(",  "#",  "@",  "$5", "…",    "—",       "’",  "a’s"})
    CheckPathological(Repeat(unit, kSize), unit);
}

TEST(Pathological, WhitespaceAndReplacementCharacters) {
  constexpr size_t kSize = 2u << 20;
  CheckPathological(std::string(kSize, ' '), "spaces");
  CheckPathological(std::string(kSize, '\n'), "newlines");
  CheckPathological(Repeat("\xC2\xA0", kSize), "nbsp");
  CheckPathological(Repeat("\xEF\xBF\xBD", kSize), "fffd");
  CheckPathological(Repeat("\xEF\xBF\xBD ", kSize), "fffd-space");
  CheckPathological(Repeat("Київ", kSize), "cyrillic");
  CheckPathological(Repeat("\xE2\x80\x8D", kSize), "zwj");
}

TEST(Pathological, BinaryLikeText) {
  std::mt19937 rng(7);
  std::string bin(1u << 20, ' ');
  for (char& c : bin) c = static_cast<char>(rng() % 255 + 1);  // no NUL
  CheckPathological(bin, "random bytes");
  utf8::Sanitize(&bin);
  CheckPathological(bin, "sanitized random bytes");
  std::string ascii(1u << 20, ' ');
  for (char& c : ascii) c = static_cast<char>(rng() % 95 + 32);
  CheckPathological(ascii, "random ASCII");
}

TEST(Pathological, RandomFragments) {
  // Random mixes of the characters the rules care about; the invariants must
  // hold for every one.
  const std::vector<std::string_view> pieces = {"a",
                                                "Z",
                                                "'",
                                                "’",
                                                "‘",
                                                "`",
                                                ".",
                                                "..",
                                                "-",
                                                "@",
                                                "http://",
                                                "www.",
                                                " ",
                                                "\n",
                                                "\n\n",
                                                "Київ",
                                                "n't",
                                                "s",
                                                "U.S.",
                                                "$",
                                                "5",
                                                "12",
                                                ",",
                                                ":)",
                                                "…",
                                                "“",
                                                "”",
                                                "(",
                                                ")",
                                                "#",
                                                "/",
                                                "\xEF\xBF\xBD",
                                                "\xE2\x80\x8D",
                                                "\xC2\xA0",
                                                "\xCC\x81",
                                                "\xF0\x9F\x87\xBA",
                                                "!",
                                                "?",
                                                "\"",
                                                "&",
                                                "_",
                                                ":",
                                                "com",
                                                "Mr.",
                                                "etc.",
                                                "\xE2\x80\x94",
                                                "\xE2\x80\x90",
                                                "\xC2\xAD"};
  std::mt19937 rng(11);
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    const int len = static_cast<int>(rng() % 60);
    for (int i = 0; i < len; ++i) text += pieces[rng() % pieces.size()];
    Doc doc;
    doc.SetText(text);
    Tokenize(&doc);
    CheckInvariants(doc);
    if (HasFatalFailure()) {
      ADD_FAILURE() << "input: " << text;
      return;
    }
  }
}

// --- English-EWT ---

TEST(TokenizerEwt, TokenF1OnTest) {
  const std::string path = SITREP_SHARED_DIR "/data/ud-ewt/en_ewt-ud-test.conllu";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not found";
  auto sents = conllu::ReadFile(path);
  ASSERT_TRUE(sents.ok()) << sents.status().ToString();
  const auto& ss = sents.value();
  SpanScores tokens, sentences;
  Doc gold, pred;
  for (size_t b = 0; b < ss.size();) {
    size_t e = b + 1;
    while (e < ss.size() && !ss[e].new_doc) ++e;
    conllu::ToDoc(ss, b, e, /*gold=*/false, &gold);
    pred.SetText(conllu::RawText(ss, b, e));
    Tokenize(&pred);
    auto t = TokenScores(gold, pred);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    auto s = SentenceScores(gold, pred);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    tokens += t.value();
    sentences += s.value();
    b = e;
  }
  std::printf("EWT test tokens:    P %.2f R %.2f F1 %.2f\n", 100 * tokens.precision(),
              100 * tokens.recall(), 100 * tokens.f1());
  std::printf("EWT test sentences: P %.2f R %.2f F1 %.2f\n", 100 * sentences.precision(),
              100 * sentences.recall(), 100 * sentences.f1());
  // Measured 99.28 (P 99.19, R 99.37); the project floor is 98.5. Sentences
  // measured 84.89: web text often lacks final punctuation.
  EXPECT_GE(tokens.f1(), 0.9920);
  EXPECT_GE(sentences.f1(), 0.83);
}

}  // namespace
}  // namespace sitrep::text
