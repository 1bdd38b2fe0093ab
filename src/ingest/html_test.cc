#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "ingest/reader.h"
#include "ingest/test_util.h"

namespace sitrep::ingest {
namespace {

using testing::Contains;
using testing::ReadAll;
using testing::WriteTemp;

TEST(ParseHtml, BrokenAndTruncatedHtmlDoesNotCrash) {
  const std::string cases[] = {
      "<html><body><p>Troops entered Kherson <b>at dawn <i>on Friday",
      "<p>Troops entered Kherson</p><p>More text<a hre",
      "<p>Troops entered Kherson<div><table><td>cell</p></td></div></span></html></body>",
      "</div></div></p>Troops entered Kherson<<<>>>&&&;;<!--unterminated comment",
      "<html><head><title>Title</title><body><p>Troops entered Kherson<p><p><li><td>",
      "<p>Troops entered Kherson<script>document.write('<p>x')",
      "<!DOCTYPE html><html><body><p>Troops entered Kherson &amp &#x99999999; &bogus; &#0;",
      "<svg><p>Troops entered Kherson</svg><math><mi>x</math><template><p>hidden",
  };
  for (const std::string& html : cases) {
    SCOPED_TRACE(html);
    Doc doc;
    Status st = ParseHtml(html, "broken.html", &doc);
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_TRUE(Contains(doc.text(), "Troops entered Kherson")) << doc.text();
  }
  // An unclosed <title> swallows the rest of the page, as in a browser.
  Doc doc;
  Status st = ParseHtml("<title>Unclosed<body><p>Text", "title.html", &doc);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "no article text found"));
  // Truncating a real page at every 7th byte never crashes.
  const std::string page =
      "<!DOCTYPE html><html><head><meta property=\"og:title\" content=\"T\"><title>T</title>"
      "<script>var a = '<div>';</script></head><body><nav><a href=\"/\">Home</a></nav>"
      "<article><h1>Head</h1><p>First &ldquo;para&rdquo;.</p><p>Second <b>bold</b>.</p>"
      "</article><footer>Foot</footer></body></html>";
  for (size_t n = 0; n <= page.size(); n += 7) {
    st = ParseHtml(std::string_view(page).substr(0, n), "cut.html", &doc);
    if (st.ok()) {
      EXPECT_FALSE(doc.text().empty());
    }
  }
}

TEST(ParseHtml, DeeplyNestedHtmlDoesNotCrash) {
  std::string html = "<html><body>";
  for (int i = 0; i < 300000; ++i) html += "<div>";
  html += "deep text";
  for (int i = 0; i < 100000; ++i) html += "<span></x>";
  auto start = std::chrono::steady_clock::now();
  Doc doc;
  Status st = ParseHtml(html, "deep.html", &doc);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(doc.text(), "deep text");
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_TRUE(Contains(doc.warnings[0], "deep.html: elements nested more than 512 deep"));
  EXPECT_LT(seconds, 60.0);
}

TEST(ParseHtml, DropsBoilerplateAndTakesMetadata) {
  const std::string html = R"(<!DOCTYPE html>
<html lang="en-GB"><head>
<title>Shelling resumes in Donetsk Oblast - Eastern Monitor</title>
<meta property="og:title" content="Shelling resumes in Donetsk Oblast">
<meta property="og:site_name" content="Eastern Monitor">
<meta property="og:url" content="https://monitor.example.net/og-url">
<meta property="article:published_time" content="2024-03-14T09:30:00.000+0200">
<link rel="canonical" href="https://monitor.example.net/donetsk-shelling">
<script>var tracking = "<p>not text</p>";</script>
<style>p { color: red }</style>
</head><body>
<header><div class="logo">Eastern Monitor</div></header>
<nav><a href="/">Home</a> <a href="/war">War</a></nav>
<div class="adContainer"><p>Advertisement: buy now</p></div>
<div id="cookie-consent"><p>We use cookies</p></div>
<article class="story">
  <h1>Shelling resumes in Donetsk Oblast</h1>
  <ul class="social-share"><li>Share on Facebook</li><li>Tweet</li></ul>
  <p>KRAMATORSK, Ukraine &mdash; Shelling   resumed on <b>Thursday</b>
     near Kramatorsk, officials said.</p>
  <div class="ad ad--inline">Sponsored: cheap loans</div>
  <p>&ldquo;The town&rsquo;s power station was hit,&rdquo; said a spokesperson.<br>Repairs began at noon.</p>
  <blockquote>We will rebuild.</blockquote>
  <ul><li>Two killed</li><li>Five injured</li></ul>
  <noscript>Enable JavaScript</noscript>
  <iframe src="https://video.example.com"></iframe>
  <div class="related-articles"><p>Related: Earlier strikes on Sloviansk</p></div>
  <form><label>Email</label><input></form>
</article>
<section class="comments-section"><p>Nice article! Posted by troll42</p></section>
<aside><p>Most read stories</p></aside>
<footer><p>Copyright Eastern Monitor</p></footer>
<script>console.log("bye")</script>
</body></html>)";
  Doc doc;
  Status st = ParseHtml(html, "monitor.html", &doc);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(
      doc.text(),
      "Shelling resumes in Donetsk Oblast\n\n"
      "KRAMATORSK, Ukraine — Shelling resumed on Thursday near Kramatorsk, officials said.\n\n"
      "“The town’s power station was hit,” said a spokesperson.\nRepairs began at noon.\n\n"
      "We will rebuild.\n\n"
      "Two killed\n\n"
      "Five injured");
  EXPECT_EQ(doc.title, "Shelling resumes in Donetsk Oblast");
  EXPECT_EQ(doc.outlet, "Eastern Monitor");
  EXPECT_EQ(doc.url, "https://monitor.example.net/donetsk-shelling");
  EXPECT_EQ(doc.published, "2024-03-14T09:30:00+02:00");
  EXPECT_EQ(doc.language, "en");
  EXPECT_EQ(doc.id, "monitor");
  EXPECT_TRUE(doc.warnings.empty());
}

TEST(ParseHtml, MetadataFallbacks) {
  // No og:title: <title> minus the site name; date from JSON-LD; url from og:url.
  const std::string a = R"(<html><head><title>Port talks stall | Gulf Daily</title>
<meta property="og:site_name" content="Gulf Daily">
<meta property="og:url" content="https://gulf.example.org/talks">
<script type="application/ld+json">[{"@type":"WebPage"},
 {"@type":"NewsArticle","datePublished":"Thu, 14 Mar 2024 09:30:00 GMT"}]</script>
</head><body><article><p>Talks stalled again.</p></article></body></html>)";
  Doc doc;
  ASSERT_TRUE(ParseHtml(a, "a.html", &doc).ok());
  EXPECT_EQ(doc.title, "Port talks stall");
  EXPECT_EQ(doc.url, "https://gulf.example.org/talks");
  EXPECT_EQ(doc.published, "2024-03-14T09:30:00Z");

  // No metadata at all: the first h1 and a <time> inside the article.
  const std::string b =
      R"(<html><body><div class="comment"><time datetime="2020-01-01">old</time></div>
<article><h1>Gaza crossing reopens</h1><time datetime="2024-02-03">3 Feb</time>
<p>The crossing reopened on Saturday.</p></article></body></html>)";
  ASSERT_TRUE(ParseHtml(b, "b.html", &doc).ok());
  EXPECT_EQ(doc.title, "Gaza crossing reopens");
  EXPECT_EQ(doc.published, "2024-02-03");

  // Named meta dates.
  const std::string c = R"(<html><head><meta name="pubdate" content="20240314">
</head><body><p>Text.</p></body></html>)";
  ASSERT_TRUE(ParseHtml(c, "c.html", &doc).ok());
  EXPECT_EQ(doc.published, "2024-03-14");

  // An unreadable date is a warning; the document stays.
  const std::string d = R"(<html><head><meta name="date" content="last Tuesday">
</head><body><p>Text.</p></body></html>)";
  ASSERT_TRUE(ParseHtml(d, "d.html", &doc).ok());
  EXPECT_TRUE(doc.published.empty());
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_TRUE(Contains(doc.warnings[0], "d.html: could not read the publication date"));
}

TEST(ParseHtml, PrefersLargestParagraphBlockWithoutArticle) {
  const std::string html = R"(<html><body>
<div id="teasers"><p>Short teaser.</p></div>
<div class="content"><p>The main story has a long first paragraph about Khartoum.</p>
<p>And a second paragraph that is longer than any teaser on the page.</p></div>
<div class="sidebar"><p>A sidebar paragraph that is very long indeed, longer than anything else here,
so that only the class rule keeps it out of the text.</p></div>
</body></html>)";
  Doc doc;
  ASSERT_TRUE(ParseHtml(html, "p.html", &doc).ok());
  EXPECT_EQ(doc.text(),
            "The main story has a long first paragraph about Khartoum.\n\n"
            "And a second paragraph that is longer than any teaser on the page.");
}

TEST(ParseHtml, ParagraphsWrappedOneByOneStillFormOneStory) {
  // Each story paragraph sits in its own <div>; a teaser longer than any one
  // of them must not win over the story as a whole.
  const std::string html = R"(<html><body>
<div class="story"><div><p>Shelling resumed near Kramatorsk on Thursday morning.</p></div>
<div><p>Officials said the town's power station was hit twice.</p></div>
<div><p>Repairs began at noon and were expected to last days.</p></div></div>
<div class="teaser"><p>A teaser paragraph that is longer than each story paragraph here.</p></div>
</body></html>)";
  Doc doc;
  ASSERT_TRUE(ParseHtml(html, "w.html", &doc).ok());
  EXPECT_EQ(doc.text(),
            "Shelling resumed near Kramatorsk on Thursday morning.\n\n"
            "Officials said the town's power station was hit twice.\n\n"
            "Repairs began at noon and were expected to last days.");
}

TEST(ParseHtml, ArticleInsideBoilerplateNamedWrapperIsStillFound) {
  // Some sites wrap everything in a <form> or a "has-sidebar" layout div.
  const std::string html = R"(<html><body><form id="aspnetForm"><div class="layout-with-sidebar">
<nav>Menu</nav><article><p>The article text.</p><div class="share">Share</div></article>
</div></form></body></html>)";
  Doc doc;
  ASSERT_TRUE(ParseHtml(html, "w.html", &doc).ok());
  EXPECT_EQ(doc.text(), "The article text.");
}

TEST(ParseHtml, ClassWordsDoNotOverMatch) {
  const std::string html = R"(<html><body><article>
<p class="lead shadow">Lead paragraph.</p><div class="header-image-caption">Caption.</div>
<div class="loaded">Loaded.</div><div class="commentary">Analysis.</div></article></body></html>)";
  Doc doc;
  ASSERT_TRUE(ParseHtml(html, "c.html", &doc).ok());
  EXPECT_EQ(doc.text(), "Lead paragraph.\n\nCaption.\n\nLoaded.\n\nAnalysis.");
}

TEST(ParseHtml, Windows1252Charset) {
  std::string html =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
      "<title>Caf\xe9 reopens</title></head><body><p>Caf\xe9 \x93quoted\x94 \x96 dash "
      "\x85</p></body></html>";
  std::string path = WriteTemp("cp1252.html", html);
  auto r = ReadAll(path);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text(), "Café “quoted” – dash …");
  EXPECT_EQ(r.docs[0].title, "Café reopens");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();

  // iso-8859-1 is read as windows-1252, as browsers do.
  Doc doc;
  ASSERT_TRUE(
      ParseHtml("<meta charset='ISO-8859-1'><p>Dnipro\x92s \xe9t\xe9</p>", "l1.html", &doc).ok());
  EXPECT_EQ(doc.text(), "Dnipro’s été");

  // A page that says windows-1252 but is valid UTF-8 is mislabelled: kept as UTF-8.
  ASSERT_TRUE(ParseHtml("<meta charset=windows-1252><p>Київ</p>", "m.html", &doc).ok());
  EXPECT_EQ(doc.text(), "Київ");
}

TEST(ParseHtml, InvalidUtf8AndNfcAreRepairedWithWarnings) {
  Doc doc;
  ASSERT_TRUE(ParseHtml("<p>Bad \xff byte, Cafe\xCC\x81.</p>", "r.html", &doc).ok());
  EXPECT_EQ(doc.text(), "Bad \xEF\xBF\xBD byte, Caf\xC3\xA9.");
  ASSERT_EQ(doc.warnings.size(), 2u);
  EXPECT_TRUE(Contains(doc.warnings[0], "r.html: replaced 1 invalid UTF-8 byte"));
  EXPECT_TRUE(Contains(doc.warnings[1], "r.html: normalized the text to Unicode NFC"));
}

TEST(ParseHtml, NoArticleTextWarns) {
  const std::string html =
      "<html><head><title>Index</title></head><body><nav>Home News</nav>"
      "<script>render()</script><div class=\"ad\">Buy</div></body></html>";
  Doc doc;
  Status st = ParseHtml(html, "empty-page.html", &doc);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "empty-page.html: no article text found")) << st.message();

  auto r = ReadAll(WriteTemp("empty-page.html", html));
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(Contains(r.warnings[0], "no article text found"));

  auto blank = ReadAll(WriteTemp("blank.html", "   \n"));
  ASSERT_EQ(blank.warnings.size(), 1u);
  EXPECT_TRUE(Contains(blank.warnings[0], "empty file"));
}

}  // namespace
}  // namespace sitrep::ingest
