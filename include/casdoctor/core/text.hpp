#pragma once
// Small ASCII text helpers. Exchange and Windows compare names
// case-insensitively, so casdoctor does too.
#include <string>
#include <string_view>
#include <vector>

namespace casdoctor {

std::string to_lower_ascii(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view text);
// "a, b, c" (or with another separator); "" for none.
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace casdoctor
