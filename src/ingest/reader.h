// Reading outside input (plain text, JSONL, HTML) into Docs.
//
// Everything here accepts any bytes: a file that is not valid UTF-8, holds NUL
// bytes, is truncated, is binary or is broken HTML never crashes the reader
// and never stops it from reading the rest. Every text a Doc receives is valid
// UTF-8 in Unicode NFC with "\n" line ends. Replacing invalid bytes or NULs
// and normalizing to NFC are reported (one warning per kind, with a count);
// turning CR LF into LF and dropping a byte-order mark are not.
//
// Warnings have the form "path[:line]: what happened — what to do". A warning
// about one document is also stored in that Doc's `warnings`; a warning about
// the input as a whole (an empty or binary file, a JSONL line that was
// skipped) is only passed to the caller.
//
// Thread-safety: all functions are reentrant; they share no mutable state.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/doc.h"
#include "sitrep/status.h"

namespace sitrep::ingest {

enum class Format { kAuto, kText, kJsonl, kHtml };

struct ReadOptions {
  // kAuto: by extension (.txt/.text → text, .jsonl/.ndjson → JSONL,
  // .html/.htm/.xhtml → HTML), else by sniffing the content ('{' at the start
  // of the first lines → JSONL, '<html' or '<!doctype' → HTML, else text).
  Format format = Format::kAuto;
  // Larger inputs are refused (non-ok Status) instead of being read.
  size_t max_file_bytes = size_t{1} << 30;
};

// Reads one input (a file path, or "-" for standard input) and calls `sink`
// once per document; `sink` may modify or move from the Doc it gets (the same
// Doc object is reused for the next document). Problems that lose or change
// part of the input go to `warn` (either callback may be empty) and the rest
// is still read. Returns non-ok only when nothing could be read: a missing or
// unreadable file, a directory, an input over opts.max_file_bytes. An empty or
// binary file is a warning, not an error.
//
// Plain text: one document per file, id = file stem ("stdin" for "-").
// JSONL: one document per line, see ReadJsonlString. HTML: see ParseHtml.
Status ReadInput(const std::string& path, const ReadOptions& opts,
                 const std::function<void(Doc&)>& sink,
                 const std::function<void(const std::string&)>& warn);

// --- lower-level pieces (used by tests and by the server) ---
//
// `name` is what messages call the input (a path, "<stdin>", an upload name);
// its stem becomes the document id. Each function first clears *doc.

// One plain-text document: repairs the text (see the file comment), sets id,
// source and text, and sets title to the first line when that line is short
// and has no final period (the line stays in the text). Every warning is
// appended to *warnings (may be null); repair warnings also go to
// doc->warnings. Returns non-ok (InvalidArgument, the message is the last
// warning) when the data yields no document: empty or binary.
Status ReadTextString(std::string data, const std::string& name, Doc* doc,
                      std::vector<std::string>* warnings);

// JSONL: one document per line {"id","text","published","url","outlet",
// "title"}; only "text" is required and every field present must be a string
// (null counts as absent; other keys are ignored). A malformed line is skipped
// with a warning "name:LINE: …"; blank lines are ignored. Default id
// "<stem>-<line>", source "name:LINE", published normalized to ISO 8601.
// Returns the number of documents passed to `sink`.
size_t ReadJsonlString(std::string data, const std::string& name,
                       const std::function<void(Doc&)>& sink,
                       const std::function<void(const std::string&)>& warn);

// One HTML page: the main text (boilerplate such as navigation, ads, share
// buttons and comments dropped; blocks separated by "\n\n") and metadata
// (title, published, url, outlet, language). The charset comes from a BOM or
// <meta charset> (windows-1252/iso-8859-1 and other charsets ICU knows are
// converted), else UTF-8. Repair warnings go to doc->warnings. Returns non-ok
// (InvalidArgument; the message is the warning to show) when there is no
// document: empty or binary input, or no article text found.
Status ParseHtml(std::string_view html, const std::string& name, Doc* doc);

}  // namespace sitrep::ingest
