#pragma once
// Small ASCII text helpers. Exchange and Windows compare names
// case-insensitively, so casdoctor does too.
#include <string>
#include <string_view>

namespace casdoctor {

std::string to_lower_ascii(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view text);

}  // namespace casdoctor
