#include "casdoctor/core/ps_quote.hpp"

#include <array>
#include <limits>
#include <stdexcept>

#include "casdoctor/core/utf8.hpp"

namespace casdoctor {
namespace {

// UTF-8 encodings of the typographic single quotes PowerShell accepts.
constexpr std::array<std::string_view, 4> k_curly_quotes = {"\xE2\x80\x98", "\xE2\x80\x99",
                                                            "\xE2\x80\x9A", "\xE2\x80\x9B"};

std::size_t curly_quote_at(std::string_view value, std::size_t pos) {
  for (auto quote : k_curly_quotes) {
    if (value.substr(pos, quote.size()) == quote) return quote.size();
  }
  return 0;
}

std::string code_point_name(char32_t c) {
  constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string out = "U+";
  for (int shift = c > 0xFFFF ? 20 : 12; shift >= 0; shift -= 4)
    out.push_back(k_hex[(c >> shift) & 0xF]);
  return out;
}

std::optional<std::string_view> character_problem(char32_t c) {
  if (is_control(c)) return "a control character";
  if (c != 0x20 && is_unicode_space(c)) return "white space other than a plain space";
  if (is_invisible_format(c)) return "an invisible formatting character";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ps_value_problem(std::string_view value, std::size_t max_length) {
  std::size_t characters = 0;
  for (std::size_t pos = 0; pos < value.size(); ++characters) {
    const CodePoint cp = decode_utf8(value, pos);
    const auto at = " at character " + std::to_string(characters + 1);
    if (!cp.valid) return "is not valid UTF-8 (byte " + std::to_string(pos + 1) + ")";
    if (auto what = character_problem(cp.value)) {
      return "contains " + std::string(*what) + " " + code_point_name(cp.value) + at;
    }
    pos += cp.length;
  }
  if (characters > max_length) {
    return "is " + std::to_string(characters) + " characters long, more than " +
           std::to_string(max_length);
  }
  return std::nullopt;
}

Result<void> check_ps_value(std::string_view field, std::string_view value, std::size_t max_length,
                            ExitCode code) {
  if (auto problem = ps_value_problem(value, max_length)) {
    return make_error(code, std::string(field) + ": " + *problem);
  }
  return {};
}

std::string ps_quote(std::string_view value) {
  if (auto problem = ps_value_problem(value, std::numeric_limits<std::size_t>::max())) {
    throw std::invalid_argument("ps_quote: a value that " + *problem + " reached a script");
  }
  std::string out;
  out.reserve(value.size() + 2);
  out.push_back('\'');
  for (std::size_t i = 0; i < value.size();) {
    if (value[i] == '\'') {
      out += "''";
      ++i;
    } else if (auto n = curly_quote_at(value, i); n != 0) {
      out.append(value.substr(i, n)).append(value.substr(i, n));
      i += n;
    } else {
      out.push_back(value[i++]);
    }
  }
  out.push_back('\'');
  return out;
}

}  // namespace casdoctor
