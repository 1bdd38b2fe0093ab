// A deterministic stand-in for libFuzzer, so every build (gcc included) runs
// each fuzz target as a ctest smoke test: it feeds every file of the given
// corpus folders (or single files) to LLVMFuzzerTestOneInput, then a fixed
// sequence of pseudo-random mutations of them (fixed seed: the same inputs on
// every run), stopping after -runs=N mutations or -max_total_time=S seconds,
// whichever comes first.
//
//   ingest_fuzz_smoke [-runs=N] [-max_total_time=S] [-seed=N] PATH...
//
// When an input crashes (a failed check aborts), it is written to
// ./smoke-crash-<target>.bin before the process dies, so it can be replayed:
// `ingest_fuzz_smoke smoke-crash-ingest.bin` (or with the real fuzzer).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Set by the sanitizer runtimes when linked in (ASan reports SEGVs itself and
// exits without raising a signal we could catch).
extern "C" __attribute__((weak)) void __sanitizer_set_death_callback(void (*)(void));

namespace {

// The input being run, for the crash handlers.
const uint8_t* g_data = nullptr;
size_t g_size = 0;
char g_crash_path[256] = "smoke-crash.bin";

void DumpCurrentInput() {
  if (g_data == nullptr) return;
  const int fd = open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  size_t off = 0;
  while (off < g_size) {
    const ssize_t w = write(fd, g_data + off, g_size - off);
    if (w <= 0) break;
    off += static_cast<size_t>(w);
  }
  close(fd);
  const char msg[] = "\nsmoke: the crashing input was written to ";
  (void)!write(2, msg, sizeof(msg) - 1);
  (void)!write(2, g_crash_path, strlen(g_crash_path));
  (void)!write(2, "\n", 1);
  g_data = nullptr;
}

void OnSignal(int sig) {
  DumpCurrentInput();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// Fragments worth inserting: structure of the formats read (HTML, JSON,
// CoNLL-U), tokenizer triggers, and UTF-8 that is multi-byte or invalid.
constexpr std::string_view kTokens[] = {
    "<",
    ">",
    "</p>",
    "<p>",
    "<html>",
    "<meta charset=\"windows-1252\">",
    "<!--",
    "-->",
    "&amp;",
    "&#x2019;",
    "{",
    "}",
    "\"text\":",
    "\"",
    "\\u00e9",
    "\\ud800",
    "null",
    ",",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "#",
    "# text = ",
    "1-2",
    "_",
    "SpaceAfter=No",
    ".",
    "...",
    "'s",
    "n't",
    "-",
    "http://",
    "www.",
    "@",
    "U.S.",
    ":)",
    "$5",
    "3.5",
    "\xE2\x80\x99",
    "\xE2\x80\x9C",
    "\xE2\x80\xA6",
    "\xC2\xA0",
    "\xC2\xAD",
    "\xE2\x80\x8D",
    "\xF0\x9F\x87\xBA",
    "\xCC\x81",
    "\xFF",
    "\xC3",
    "\xED\xA0\x80",
    "\xEF\xBB\xBF",
    std::string_view("\0", 1),
};

void Mutate(sitrep::SplitMix64* rng, const std::vector<std::string>& corpus, std::string* s) {
  const int steps = 1 + static_cast<int>(rng->Below(4));
  for (int k = 0; k < steps; ++k) {
    const size_t pos = rng->Below(s->size() + 1);
    switch (rng->Below(8)) {
      case 0:  // flip a bit
        if (!s->empty()) (*s)[pos % s->size()] ^= static_cast<char>(1u << rng->Below(8));
        break;
      case 1:  // set a random byte
        if (!s->empty()) (*s)[pos % s->size()] = static_cast<char>(rng->Below(256));
        break;
      case 2:  // erase a range
        s->erase(pos, 1 + rng->Below(16));
        break;
      case 3:  // insert a random byte
        s->insert(pos, 1, static_cast<char>(rng->Below(256)));
        break;
      case 4:
      case 5: {  // insert a fragment
        const std::string_view t = kTokens[rng->Below(std::size(kTokens))];
        s->insert(pos, t.data(), t.size());
        break;
      }
      case 6: {  // repeat a range
        if (s->empty()) break;
        const size_t b = pos % s->size(), len = 1 + rng->Below(std::min<size_t>(64, s->size() - b));
        const std::string piece = s->substr(b, len);
        const size_t times = 1 + rng->Below(rng->Below(2) == 0 ? 4 : 300);
        for (size_t t = 0; t < times && s->size() < 65536; ++t) s->insert(b, piece);
        break;
      }
      default: {  // splice in part of another corpus file
        const std::string& o = corpus[rng->Below(corpus.size())];
        const size_t b = rng->Below(o.size() + 1);
        s->insert(pos, o, b, rng->Below(o.size() - b + 1));
        break;
      }
    }
  }
  if (s->size() > 65536) s->resize(65536);
}

void Run(const std::string& input) {
  g_data = reinterpret_cast<const uint8_t*>(input.data());
  g_size = input.size();
  LLVMFuzzerTestOneInput(g_data, g_size);
  g_data = nullptr;
}

bool ReadFile(const std::filesystem::path& p, std::vector<std::string>* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out->emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  long runs = 3000;
  double max_seconds = 2.0;
  uint64_t seed = 20240601;
  std::vector<std::string> corpus;
  std::vector<std::string> names;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("-runs=")) {
      runs = std::strtol(argv[i] + 6, nullptr, 10);
    } else if (arg.starts_with("-max_total_time=")) {
      max_seconds = std::strtod(argv[i] + 16, nullptr);
    } else if (arg.starts_with("-seed=")) {
      seed = std::strtoull(argv[i] + 6, nullptr, 10);
    } else if (arg.starts_with("-")) {
      std::fprintf(stderr, "smoke: unknown option %s\n", argv[i]);
      return 2;
    } else {
      const std::filesystem::path p(arg);
      std::error_code ec;
      if (std::filesystem::is_directory(p, ec)) {
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec))
          if (e.is_regular_file() && !e.path().filename().string().starts_with("."))
            files.push_back(e.path());
        std::sort(files.begin(), files.end());  // a fixed order: a fixed mutation sequence
        for (const auto& f : files) {
          if (!ReadFile(f, &corpus)) {
            std::fprintf(stderr, "smoke: cannot read %s\n", f.c_str());
            return 2;
          }
          names.push_back(f.string());
        }
      } else if (!ReadFile(p, &corpus)) {
        std::fprintf(stderr, "smoke: cannot read %s (no such file or folder)\n", argv[i]);
        return 2;
      } else {
        names.push_back(p.string());
      }
    }
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "smoke: no inputs; usage: %s [-runs=N] [-max_total_time=S] PATH...\n",
                 argv[0]);
    return 2;
  }

  // Name the crash file after the binary: ingest_fuzz_smoke -> smoke-crash-ingest.bin.
  std::string target = std::filesystem::path(argv[0]).filename().string();
  for (std::string_view suffix : {"_smoke", "_fuzz"})
    if (target.ends_with(suffix)) target.resize(target.size() - suffix.size());
  std::snprintf(g_crash_path, sizeof(g_crash_path), "smoke-crash-%s.bin", target.c_str());
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, OnSignal);
  if (__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(DumpCurrentInput);

  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < corpus.size(); ++i) {
    std::fprintf(stderr, "smoke: %s\n", names[i].c_str());
    Run(corpus[i]);
  }
  sitrep::SplitMix64 rng{seed};
  std::string input;
  long done = 0;
  for (; done < runs; ++done) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > max_seconds) break;
    input = corpus[rng.Below(corpus.size())];
    Mutate(&rng, corpus, &input);
    Run(input);
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "smoke: %zu files and %ld mutations (seed %llu) passed in %.2f s\n",
               corpus.size(), done, static_cast<unsigned long long>(seed), elapsed);
  return 0;
}
