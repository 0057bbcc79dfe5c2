#pragma once
// An Exchange build number and its three written forms.
#include <compare>
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"

namespace casdoctor {

struct BuildNumber {
  int major = 0;
  int minor = 0;
  int build = 0;
  int revision = 0;

  auto operator<=>(const BuildNumber&) const = default;
};

// "15.1.1531.3"
std::string to_short_form(const BuildNumber& b);
// "15.01.1531.003"
std::string to_long_form(const BuildNumber& b);

// Reads "15.1.1531.3", "15.01.1531.003" and "Version 15.1 (Build 1531.3)"
// (also with a trailing ": <FilePatchLevelDescription>" inside the parentheses
// and surrounding white space). Anything else is an error (ExitCode::bad_input)
// whose message quotes the text.
Result<BuildNumber> parse_build_number(std::string_view text);

}  // namespace casdoctor
