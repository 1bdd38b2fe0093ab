#include "ingest/reader.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "ingest/test_util.h"

namespace sitrep::ingest {
namespace {

using testing::Contains;
using testing::ReadAll;
using testing::WriteTemp;

std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

TEST(ReadInput, InvalidUtf8IsRepairedAndNamed) {
  std::string path =
      WriteTemp("bad-utf8.txt", "Shelling near Kharkiv\xff\xfe resumed on Monday.\n");
  auto r = ReadAll(path);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text(), "Shelling near Kharkiv\xEF\xBF\xBD\xEF\xBF\xBD resumed on Monday.\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(Contains(r.warnings[0], path + ": replaced 2 invalid UTF-8 byte")) << r.warnings[0];
  EXPECT_EQ(r.docs[0].warnings, r.warnings);
  EXPECT_EQ(r.docs[0].id, "bad-utf8");
}

TEST(ReadInput, NulBytesBecomeSpaces) {
  std::string path = WriteTemp("nul.txt", std::string("Kyiv\0\0Kharkiv.\n", 15));
  auto r = ReadAll(path);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text(), "Kyiv  Kharkiv.\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(Contains(r.warnings[0], path + ": replaced 2 NUL byte")) << r.warnings[0];
}

TEST(ReadInput, TenMegabyteSingleLine) {
  std::string line;
  const std::string words = "Troops shelled Kharkiv, Київ and Ivano-Frankivsk — again. ";
  while (line.size() < (size_t{10} << 20)) line += words;
  std::string path = WriteTemp("big.txt", line);
  auto start = std::chrono::steady_clock::now();
  auto r = ReadAll(path);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text().size(), line.size());
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_TRUE(r.docs[0].title.empty());  // one line: no title
  EXPECT_LT(seconds, 30.0);              // linear; quadratic would take hours
}

TEST(ReadInput, EmptyFileWarnsAndYieldsNoDocument) {
  for (std::string data : {"", "  \n\t\r\n  "}) {
    std::string path = WriteTemp("empty.txt", data);
    auto r = ReadAll(path);
    EXPECT_TRUE(r.status.ok());
    EXPECT_TRUE(r.docs.empty());
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_TRUE(Contains(r.warnings[0], path + ": empty file")) << r.warnings[0];
  }
}

TEST(ReadInput, BinaryPngIsSkipped) {
  std::string path = WriteTemp("photo.txt", "\x89PNG\r\n\x1a\n" + RandomBytes(4000, 1));
  auto r = ReadAll(path);
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(Contains(r.warnings[0], path + ": looks like a binary file (PNG image); skipped"))
      << r.warnings[0];
}

TEST(ReadInput, BinaryElfIsSkipped) {
  std::string path = WriteTemp("tool", std::string("\x7f"
                                                   "ELF\x02\x01\x01\0",
                                                   8) +
                                           RandomBytes(4000, 2));
  auto r = ReadAll(path);
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(Contains(r.warnings[0], "binary file (ELF executable)")) << r.warnings[0];
}

TEST(ReadInput, RandomBytesAreSkipped) {
  std::string path = WriteTemp("noise.jsonl", RandomBytes(20000, 3));
  auto r = ReadAll(path);
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(Contains(r.warnings[0], "looks like a binary file")) << r.warnings[0];
}

TEST(ReadInput, JsonlMalformedLinesAmongGoodOnes) {
  std::string path =
      WriteTemp("mixed.jsonl",
                "{\"id\": \"a\", \"text\": \"First report from Kharkiv.\"}\n"
                "{\"text\": \"truncated in the midd\n"
                "\n"
                "[1, 2, 3]\n"
                "{\"title\": \"no text here\"}\n"
                "{\"text\": \"Second report.\", \"published\": \"2024-03-14T09:30:00Z\"}\n"
                "not json at all\n"
                "{\"text\": \"Third report.\", \"outlet\": \"Wire\"}");
  auto r = ReadAll(path);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].id, "a");
  EXPECT_EQ(r.docs[0].text(), "First report from Kharkiv.");
  EXPECT_EQ(r.docs[0].source, path + ":1");
  EXPECT_EQ(r.docs[1].id, "mixed-6");
  EXPECT_EQ(r.docs[1].published, "2024-03-14T09:30:00Z");
  EXPECT_EQ(r.docs[1].source, path + ":6");
  EXPECT_EQ(r.docs[2].id, "mixed-8");
  EXPECT_EQ(r.docs[2].outlet, "Wire");
  ASSERT_EQ(r.warnings.size(), 4u);
  EXPECT_TRUE(Contains(r.warnings[0], path + ":2: not valid JSON (the line looks truncated)"))
      << r.warnings[0];
  EXPECT_TRUE(Contains(r.warnings[1], path + ":4: is an array, not a JSON object"))
      << r.warnings[1];
  EXPECT_TRUE(Contains(r.warnings[2], path + ":5: has no \"text\" field")) << r.warnings[2];
  EXPECT_TRUE(Contains(r.warnings[3], path + ":7: not valid JSON")) << r.warnings[3];
  for (const Doc& d : r.docs) EXPECT_TRUE(d.warnings.empty());
}

TEST(ReadInput, JsonlWrongFieldTypes) {
  std::string path = WriteTemp("types.jsonl",
                               "{\"text\": 42}\n"
                               "{\"text\": \"ok\", \"id\": 7}\n"
                               "{\"text\": \"ok\", \"published\": [\"2024\"]}\n"
                               "{\"text\": \"ok\", \"url\": {\"href\": \"x\"}}\n"
                               "{\"text\": \"Kept.\", \"title\": null, \"extra\": [1]}\n"
                               "{\"text\": \"   \"}\n"
                               "{\"text\": \"Bad date.\", \"published\": \"sometime soon\"}\n");
  auto r = ReadAll(path);
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].text(), "Kept.");
  EXPECT_EQ(r.docs[0].id, "types-5");
  EXPECT_TRUE(r.docs[0].title.empty());
  // A date that cannot be read loses the date, not the document.
  EXPECT_EQ(r.docs[1].text(), "Bad date.");
  EXPECT_TRUE(r.docs[1].published.empty());
  ASSERT_EQ(r.docs[1].warnings.size(), 1u);
  EXPECT_TRUE(Contains(r.docs[1].warnings[0], path + ":7: could not read \"published\""));
  ASSERT_EQ(r.warnings.size(), 6u);
  EXPECT_TRUE(Contains(r.warnings[0], ":1: \"text\" is a number, expected a string"))
      << r.warnings[0];
  EXPECT_TRUE(Contains(r.warnings[1], ":2: \"id\" is a number, expected a string"))
      << r.warnings[1];
  EXPECT_TRUE(Contains(r.warnings[2], ":3: \"published\" is an array")) << r.warnings[2];
  EXPECT_TRUE(Contains(r.warnings[3], ":4: \"url\" is an object")) << r.warnings[3];
  EXPECT_TRUE(Contains(r.warnings[4], ":6: \"text\" is empty")) << r.warnings[4];
  EXPECT_EQ(r.warnings[5], r.docs[1].warnings[0]);
}

TEST(ReadInput, JsonlRepairsNameTheLine) {
  std::string path = WriteTemp("repair.jsonl",
                               "{\"text\": \"Clean line.\"}\n"
                               "{\"text\": \"Bad \xff byte and a \\u0000 NUL.\"}\r\n"
                               "{\"text\": \"Raw\ttab.\"}\n");
  auto r = ReadAll(path);
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[1].text(), "Bad \xEF\xBF\xBD byte and a   NUL.");
  ASSERT_EQ(r.docs[1].warnings.size(), 2u);
  EXPECT_TRUE(Contains(r.docs[1].warnings[0], path + ":2: replaced 1 invalid UTF-8 byte"));
  EXPECT_TRUE(Contains(r.docs[1].warnings[1], path + ":2: replaced 1 NUL byte"));
  EXPECT_EQ(r.docs[2].text(), "Raw\ttab.");
  ASSERT_EQ(r.docs[2].warnings.size(), 1u);
  EXPECT_TRUE(Contains(r.docs[2].warnings[0], path + ":3: raw control characters"));
  EXPECT_EQ(r.warnings.size(), 3u);
}

TEST(ReadInput, MissingFileIsNotFound) {
  std::string path = ::testing::TempDir() + "does-not-exist.txt";
  auto r = ReadAll(path);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.code(), Status::Code::kNotFound);
  EXPECT_TRUE(Contains(r.status.message(), path)) << r.status.message();
  EXPECT_TRUE(r.docs.empty());
}

TEST(ReadInput, DirectoryIsAnError) {
  std::string dir = ::testing::TempDir() + "ingest-dir.txt";
  std::filesystem::create_directories(dir);
  auto r = ReadAll(dir);
  ASSERT_FALSE(r.status.ok());
  EXPECT_TRUE(Contains(r.status.message(), dir + ": is a directory")) << r.status.message();
  EXPECT_TRUE(r.docs.empty());
}

TEST(ReadInput, OverSizeLimitIsRefused) {
  std::string path = WriteTemp("limit.txt", "Twelve bytes");
  ReadOptions opts;
  opts.max_file_bytes = 5;
  auto r = ReadAll(path, opts);
  ASSERT_FALSE(r.status.ok());
  EXPECT_TRUE(Contains(r.status.message(), path)) << r.status.message();
}

TEST(ReadInput, NfcNormalization) {
  // "Café" with a combining acute accent (e + U+0301).
  std::string path = WriteTemp("nfd.txt", "Cafe\xCC\x81 owners in Kharkiv reopened.\n");
  auto r = ReadAll(path);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text(), "Caf\xC3\xA9 owners in Kharkiv reopened.\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(Contains(r.warnings[0], path + ": normalized the text to Unicode NFC"))
      << r.warnings[0];
}

TEST(ReadInput, CrlfBecomesLf) {
  std::string path = WriteTemp("crlf.txt", "Headline here\r\n\r\nBody text.\r\nMore.\rEnd.\r\n");
  auto r = ReadAll(path);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text(), "Headline here\n\nBody text.\nMore.\nEnd.\n");
  EXPECT_EQ(r.docs[0].title, "Headline here");
}

TEST(ReadInput, TitleOnlyFromShortFirstLineWithoutPeriod) {
  auto title = [](std::string text) {
    Doc doc;
    std::vector<std::string> w;
    EXPECT_TRUE(ReadTextString(std::move(text), "t.txt", &doc, &w).ok());
    return doc.title;
  };
  EXPECT_EQ(title("Strikes hit Kharkiv\n\nKHARKIV — Missiles struck."), "Strikes hit Kharkiv");
  EXPECT_EQ(title("Missiles struck Kharkiv overnight.\nMore text."), "");
  EXPECT_EQ(title("Only one line"), "");
  EXPECT_EQ(title(std::string(300, 'x') + "\nMore."), "");
}

TEST(ReadInput, SniffsFormatWithoutKnownExtension) {
  auto jsonl = ReadAll(WriteTemp("feed.dat", "{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n"));
  EXPECT_EQ(jsonl.docs.size(), 2u);
  auto html =
      ReadAll(WriteTemp("page.dat", "<!DOCTYPE html><html><body><p>Body.</p></body></html>"));
  ASSERT_EQ(html.docs.size(), 1u);
  EXPECT_EQ(html.docs[0].text(), "Body.");
  auto text = ReadAll(WriteTemp("notes", "{braces} but not JSON\nsecond line\n"));
  ASSERT_EQ(text.docs.size(), 1u);
  EXPECT_EQ(text.docs[0].id, "notes");
  ReadOptions forced;
  forced.format = Format::kText;
  auto as_text = ReadAll(WriteTemp("forced.jsonl", "{\"text\": \"One.\"}\n"), forced);
  ASSERT_EQ(as_text.docs.size(), 1u);
  EXPECT_EQ(as_text.docs[0].text(), "{\"text\": \"One.\"}\n");
}

TEST(ReadInput, Utf16WithByteOrderMark) {
  // "Київ" in UTF-16LE with a BOM.
  std::string data("\xFF\xFE\x1A\x04\x38\x04\x57\x04\x32\x04", 10);
  auto r = ReadAll(WriteTemp("utf16.txt", data));
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text(), "Київ");
  EXPECT_TRUE(r.warnings.empty());
}

TEST(ReadInput, ReadsStandardInput) {
  std::string path = WriteTemp("stdin.jsonl", "{\"text\": \"From standard input.\"}\n");
  int saved = dup(0);
  int fd = open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  dup2(fd, 0);
  close(fd);
  auto r = ReadAll("-");
  dup2(saved, 0);
  close(saved);
  std::clearerr(stdin);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "stdin-1");
  EXPECT_EQ(r.docs[0].source, "<stdin>:1");
}

// Every bundled sample must read without a single warning.
TEST(Samples, EveryBundledSampleReadsCleanly) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(SITREP_SOURCE_DIR) / "samples";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 4u);
  bool saw_html = false;
  for (const fs::path& f : files) {
    SCOPED_TRACE(f.string());
    auto r = ReadAll(f.string());
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_GE(r.docs.size(), 1u);
    EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
    for (const Doc& d : r.docs) {
      EXPECT_TRUE(d.warnings.empty());
      EXPECT_FALSE(d.id.empty());
      EXPECT_FALSE(d.title.empty());
      size_t words = 1;
      for (char c : d.text()) words += c == ' ';
      EXPECT_GE(words, 50u);
    }
    if (f.extension() == ".jsonl") {
      ASSERT_EQ(r.docs.size(), 3u);
      for (const Doc& d : r.docs) {
        EXPECT_FALSE(d.published.empty());
        EXPECT_FALSE(d.url.empty());
        EXPECT_FALSE(d.outlet.empty());
      }
    }
    if (f.extension() == ".html") {
      saw_html = true;
      ASSERT_EQ(r.docs.size(), 1u);
      const Doc& d = r.docs[0];
      EXPECT_EQ(d.title, "Army and RSF clash in Khartoum North as fighting spreads");
      EXPECT_EQ(d.published, "2024-05-12T08:45:00+03:00");
      EXPECT_EQ(d.url, "https://nilecourier.example.com/sudan/2024/05/12/khartoum-north-clashes");
      EXPECT_EQ(d.outlet, "Nile Courier");
      EXPECT_TRUE(d.text().starts_with("KHARTOUM, Sudan — Heavy fighting")) << d.text();
      EXPECT_TRUE(Contains(d.text(), "“We didn’t sleep at all."));
      EXPECT_TRUE(d.text().ends_with("since the start of the year."));
      for (std::string_view leak :
           {"Home", "Subscribe", "Advertisement", "Sponsored", "Share on", "Copy link", "Related",
            "Talks stall", "Comments", "Reader1", "propaganda", "newsletter", "rights reserved",
            "Independent news", "dataLayer", "pageview", "min-height"})
        EXPECT_FALSE(Contains(d.text(), leak)) << "leaked: " << leak;
    }
  }
  EXPECT_TRUE(saw_html);
}

}  // namespace
}  // namespace sitrep::ingest
