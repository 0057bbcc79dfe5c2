#pragma once
// Strict UTF-8 decoding and the character classes casdoctor cares about when
// text from an org, a user or a child process is placed into PowerShell or
// shown to a person.
#include <cstddef>
#include <string>
#include <string_view>

namespace casdoctor {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 1;  // bytes consumed
  bool valid = false;
};

// The code point at `pos`. No overlong forms, surrogates or values above
// U+10FFFF; an invalid sequence is {0, 1, false}, so decoding always advances.
CodePoint decode_utf8(std::string_view text, std::size_t pos);

// UTF-8 as UTF-16LE (what -EncodedCommand takes and what a Unicode console
// writes); an invalid byte becomes U+FFFD on its own, so it never swallows
// the valid text after it; code points above U+FFFF become surrogate pairs.
std::string utf16le_from_utf8(std::string_view text);

// C0 (U+0000..U+001F), DEL and C1 (U+0080..U+009F).
bool is_control(char32_t c);
// White space as .NET's Char.IsWhiteSpace sees it, U+0020 included: TAB, LF,
// VT, FF, CR, NEL, NBSP, U+1680, U+2000..U+200A, LS, PS, U+202F, U+205F and
// the ideographic space. PowerShell's console host reads several of them as
// line ends or blank lines.
bool is_unicode_space(char32_t c);
// Characters that change how text around them is displayed without showing
// themselves: bidirectional marks, embeddings, overrides and isolates
// (U+061C, U+200E/F, U+202A..U+202E, U+2066..U+2069), zero-width characters
// (U+200B..U+200D, U+2060..U+2064, U+FEFF).
bool is_invisible_format(char32_t c);

}  // namespace casdoctor
