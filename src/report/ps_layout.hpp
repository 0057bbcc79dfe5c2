#pragma once
// A generated one-line PowerShell command laid out for people (markdown and
// HTML reports): the script block of Invoke-Command one statement per line,
// long pipelines broken after '|', long name lists after ','. PowerShell
// reads the result as the same command (a newline ends a statement like ';',
// and a line ending in '|' or ',' continues), so a ticket still carries
// copy-ready text, and the acting cmdlet is at the start of a line instead
// of 600 characters to the right. The JSON plan keeps the exact one line.
#include <string>
#include <string_view>
#include <vector>

namespace casdoctor::detail {

inline constexpr std::size_t k_layout_width = 80;

// The lines; the command unchanged as one line when it is short or its
// quotes and braces do not balance.
std::vector<std::string> ps_layout(std::string_view command);

}  // namespace casdoctor::detail

namespace casdoctor::detail {

// Every command's layout, one after the other.
std::vector<std::string> ps_layout_all(const std::vector<std::string>& commands);

}  // namespace casdoctor::detail
