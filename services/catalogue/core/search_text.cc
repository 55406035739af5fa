#include "services/catalogue/core/search_text.h"

#include <cstdint>
#include <string>

namespace leerpool::catalogue {
namespace {

// Decodes the code point at `i` (valid UTF-8 assumed) and advances `i` past it.
uint32_t NextCodePoint(std::string_view text, size_t& i) {
  const auto byte = static_cast<unsigned char>(text[i]);
  int extra = 0;
  uint32_t code_point = byte;
  if (byte >= 0xf0) {
    extra = 3;
    code_point = byte & 0x07;
  } else if (byte >= 0xe0) {
    extra = 2;
    code_point = byte & 0x0f;
  } else if (byte >= 0xc0) {
    extra = 1;
    code_point = byte & 0x1f;
  }
  ++i;
  for (int k = 0; k < extra && i < text.size(); ++k, ++i) {
    code_point = (code_point << 6) | (static_cast<unsigned char>(text[i]) & 0x3f);
  }
  return code_point;
}

bool IsSpace(uint32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
         c == 0x3000;
}

// Punctuation and symbols, which the index's tokenizer (unicode61) treats as separators too.
bool IsSeparator(uint32_t c) {
  if (c < 0x80) {
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  }
  if (c <= 0xbf) return c != 0xaa && c != 0xb5 && c != 0xba;  // Latin-1 signs, not ª µ º
  if (c == 0xd7 || c == 0xf7) return true;                    // × ÷
  return (c >= 0x2000 && c <= 0x2bff) ||                      // punctuation, arrows, symbols
         (c >= 0x2e00 && c <= 0x2e7f) ||                      // supplemental punctuation
         (c >= 0x3000 && c <= 0x303f) ||                      // CJK punctuation
         (c >= 0xfe00 && c <= 0xfe0f) ||                      // variation selectors
         (c >= 0xfe30 && c <= 0xfe6f) ||                      // compatibility forms
         (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
         (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) ||
         (c >= 0x1f000 && c <= 0x1faff);  // emoji and pictographs
}

}  // namespace

std::vector<SearchWord> SplitSearchText(std::string_view text) {
  std::vector<SearchWord> words;
  SearchWord word;
  std::string part;
  auto end_part = [&]() {
    if (!part.empty()) word.parts.push_back(std::move(part));
    part.clear();
  };
  auto end_word = [&]() {
    end_part();
    if (!word.parts.empty()) words.push_back(std::move(word));
    word = SearchWord{};
  };
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    const uint32_t c = NextCodePoint(text, i);
    if (IsSpace(c)) {
      end_word();
    } else if (IsSeparator(c)) {
      end_part();
    } else {
      part.append(text.substr(start, i - start));
    }
  }
  end_word();
  return words;
}

}  // namespace leerpool::catalogue
