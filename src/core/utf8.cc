#include "core/utf8.h"

namespace sitrep::utf8 {

uint32_t CountCodePoints(const char* s, size_t n) {
  uint32_t count = 0;
  for (size_t i = 0; i < n; ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++count;
  return count;
}

char32_t Decode(std::string_view s, size_t i, size_t* len) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  size_t need;
  char32_t cp;
  char32_t min;
  if ((c & 0xE0) == 0xC0) {
    need = 1;
    cp = c & 0x1F;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    need = 2;
    cp = c & 0x0F;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    need = 3;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    *len = 1;
    return 0xFFFD;
  }
  if (i + need >= s.size()) {
    *len = 1;
    return 0xFFFD;
  }
  for (size_t k = 1; k <= need; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) {
      *len = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *len = 1;
    return 0xFFFD;
  }
  *len = need + 1;
  return cp;
}

void Append(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t FindInvalid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    char32_t cp = Decode(s, i, &len);
    if (cp == 0xFFFD && len == 1) return i;
    i += len;
  }
  return std::string_view::npos;
}

size_t Sanitize(std::string* s) {
  size_t bad = FindInvalid(*s);
  size_t replaced = 0;
  if (bad == std::string_view::npos) {
    for (char& c : *s)
      if (c == '\0') {
        c = ' ';
        ++replaced;
      }
    return replaced;
  }
  std::string out;
  out.reserve(s->size() + 16);
  size_t i = 0;
  while (i < s->size()) {
    unsigned char c = static_cast<unsigned char>((*s)[i]);
    if (c == 0) {
      out.push_back(' ');
      ++replaced;
      ++i;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else {
      size_t len;
      char32_t cp = Decode(*s, i, &len);
      if (cp == 0xFFFD && len == 1) {
        Append(0xFFFD, &out);
        ++replaced;
      } else {
        out.append(*s, i, len);
      }
      i += len;
    }
  }
  s->swap(out);
  return replaced;
}

}  // namespace sitrep::utf8
