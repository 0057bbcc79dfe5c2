#pragma once
// The one WQL shape the lab's Get-CimInstance understands:
// Name = 'A' [OR Name = 'B' ...], where a string literal escapes \ and '
// with a backslash, as WMI reads it. Anything else is an invalid query.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casdoctor::lab::detail {

std::optional<std::vector<std::string>> parse_wql_name_filter(std::string_view filter);

}  // namespace casdoctor::lab::detail
