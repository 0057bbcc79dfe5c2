#include "wql_filter.hpp"

#include "casdoctor/core/text.hpp"

namespace casdoctor::lab::detail {
namespace {

void skip_spaces(std::string_view s, std::size_t& i) {
  while (i < s.size() && s[i] == ' ') ++i;
}

bool take_word(std::string_view s, std::size_t& i, std::string_view word) {
  skip_spaces(s, i);
  if (s.size() - i < word.size() || !iequals(s.substr(i, word.size()), word)) return false;
  i += word.size();
  return true;
}

std::optional<std::string> take_literal(std::string_view s, std::size_t& i) {
  skip_spaces(s, i);
  if (i >= s.size() || s[i] != '\'') return std::nullopt;
  std::string value;
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      value.push_back(s[++i]);
    } else if (s[i] == '\'') {
      ++i;
      return value;
    } else {
      value.push_back(s[i]);
    }
  }
  return std::nullopt;  // unterminated
}

}  // namespace

std::optional<std::vector<std::string>> parse_wql_name_filter(std::string_view filter) {
  std::vector<std::string> names;
  std::size_t i = 0;
  do {
    if (!take_word(filter, i, "Name") || !take_word(filter, i, "=")) return std::nullopt;
    auto name = take_literal(filter, i);
    if (!name) return std::nullopt;
    names.push_back(std::move(*name));
  } while (take_word(filter, i, "OR"));
  skip_spaces(filter, i);
  if (i != filter.size()) return std::nullopt;
  return names;
}

}  // namespace casdoctor::lab::detail
