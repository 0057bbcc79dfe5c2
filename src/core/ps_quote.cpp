#include "casdoctor/core/ps_quote.hpp"

#include <array>

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

}  // namespace

std::string ps_quote(std::string_view value) {
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
