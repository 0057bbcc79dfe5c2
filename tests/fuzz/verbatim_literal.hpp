#pragma once
// The fuzz targets' oracle for quoting: PowerShell's verbatim string literal
// as the language specification defines it (about_Quoting_Rules; spec
// section 2.3.5.2), written from the specification, not from ps_quote:
//   verbatim-string-literal: single-quote-character verbatim-string-part*
//                            single-quote-character
//   verbatim-string-part:    any character but a single-quote-character,
//                            or two single-quote-characters (one character
//                            of the value: the second, as PowerShell's
//                            tokenizer keeps it)
//   single-quote-character:  ' U+2018 U+2019 U+201A U+201B
// Whether the literal then sits where the script's grammar expects it is the
// real parser's judgement (tests/pwsh/oracle.ps1).
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace casdoctor::fuzz {

// The byte length of the single-quote-character at `pos`, or 0.
inline std::size_t single_quote_at(std::string_view text, std::size_t pos) {
  static constexpr std::array<std::string_view, 5> k_quotes = {"'", "\xE2\x80\x98", "\xE2\x80\x99",
                                                               "\xE2\x80\x9A", "\xE2\x80\x9B"};
  for (auto quote : k_quotes)
    if (text.substr(pos, quote.size()) == quote) return quote.size();
  return 0;
}

struct VerbatimLiteral {
  std::string value;
  std::size_t end = 0;  // the position after the closing quote
};

// The verbatim literal that starts at `pos`; nullopt when none starts there
// or it is not closed.
inline std::optional<VerbatimLiteral> read_verbatim_literal(std::string_view text,
                                                            std::size_t pos) {
  const auto open = single_quote_at(text, pos);
  if (open == 0) return std::nullopt;
  VerbatimLiteral literal;
  for (pos += open; pos < text.size();) {
    const auto quote = single_quote_at(text, pos);
    if (quote == 0) {
      literal.value.push_back(text[pos++]);
      continue;
    }
    const auto second = single_quote_at(text, pos + quote);
    if (second == 0) {
      literal.end = pos + quote;
      return literal;
    }
    literal.value.append(text.substr(pos + quote, second));
    pos += quote + second;
  }
  return std::nullopt;
}

}  // namespace casdoctor::fuzz
