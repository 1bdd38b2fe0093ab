#include "geo/name_key.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

namespace sitrep::geo {

struct NameKeyer::Impl {
  std::unique_ptr<icu::Transliterator> translit;
  std::string latin;
};

NameKeyer::NameKeyer() : impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->translit.reset(
      icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) impl_->translit.reset();  // ASCII-only folding then
}

NameKeyer::~NameKeyer() = default;

void FoldAscii(std::string_view in, std::string* out) {
  out->clear();
  bool pending_space = false;
  for (char c : in) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 'A' && u <= 'Z') u = static_cast<unsigned char>(u - 'A' + 'a');
    if (u == '.' || u == '\'' || u == ',' || u == '`' || u == '"') continue;
    if (u == ' ' || u == '-' || u == '/' || u == '_' || u == '\t' || u == '\n' || u == '\r' ||
        u == '(' || u == ')') {
      pending_space = !out->empty();
      continue;
    }
    if (u >= 0x80) continue;  // left over after transliteration: drop
    if (pending_space) out->push_back(' ');
    pending_space = false;
    out->push_back(static_cast<char>(u));
  }
}

bool NameKeyer::Key(std::string_view name, std::string* out) {
  bool ascii = true;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii || !impl_->translit) {
    FoldAscii(name, out);
    return !out->empty();
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  // Typographic apostrophes and dashes fold like their ASCII forms.
  u.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x2019)), icu::UnicodeString("'"));
  u.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x2010)), icu::UnicodeString("-"));
  u.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x2011)), icu::UnicodeString("-"));
  u.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x2013)), icu::UnicodeString("-"));
  impl_->translit->transliterate(u);
  impl_->latin.clear();
  u.toUTF8String(impl_->latin);
  FoldAscii(impl_->latin, out);
  return !out->empty();
}

}  // namespace sitrep::geo
