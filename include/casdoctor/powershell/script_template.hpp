#pragma once
// PowerShell scripts written as templates in which no value can leave its
// literal. In the template text:
//   «text»    becomes ps_quote("text"), a single-quoted literal;
//   @@name@@  becomes the value bound to `name`: a string through ps_quote,
//             a list as ps_quote literals separated by ", ", an integer in
//             decimal.
// The template itself may contain no quote character (' " or the typographic
// quotes PowerShell also reads as quotes) and no backtick (the escape
// character). So every string in a generated script is a single-quoted
// literal made by ps_quote, and there is no expandable "..." string that a
// value could be interpolated into.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace casdoctor {

using ScriptValue = std::variant<std::int64_t, std::string, std::vector<std::string>>;
using ScriptValues = std::map<std::string, ScriptValue, std::less<>>;

// Throws std::logic_error for a malformed template (a quote character, an
// unterminated « or @@, a name without a value): templates are constants of
// the program, so that is a bug, and the tests expand every one of them.
std::string expand_script(std::string_view script_template, const ScriptValues& values);

}  // namespace casdoctor
