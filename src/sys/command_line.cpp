// Microsoft's rules ("Parsing C command-line arguments", and Daniel Colascione's
// "Everyone quotes command line arguments the wrong way"): 2n backslashes
// before a quote give n backslashes and end or start quoting, 2n+1 give n
// backslashes and a literal quote; backslashes not followed by a quote are
// literal.
#include "casdoctor/sys/command_line.hpp"

namespace casdoctor::sys {

std::string quote_windows_argument(std::string_view argument) {
  if (!argument.empty() && argument.find_first_of(" \t\n\v\"") == std::string_view::npos)
    return std::string(argument);
  std::string quoted = "\"";
  std::size_t backslashes = 0;
  for (const char c : argument) {
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    if (c == '"')
      quoted.append(backslashes * 2 + 1, '\\');
    else
      quoted.append(backslashes, '\\');
    backslashes = 0;
    quoted.push_back(c);
  }
  quoted.append(backslashes * 2, '\\');  // before the closing quote
  quoted.push_back('"');
  return quoted;
}

std::string windows_command_line(std::string_view program, const std::vector<std::string>& args) {
  std::string line;
  if (program.empty() || program.find_first_of(" \t") != std::string_view::npos)
    line.append("\"").append(program).append("\"");
  else
    line.append(program);
  for (const std::string& argument : args)
    line.append(" ").append(quote_windows_argument(argument));
  return line;
}

}  // namespace casdoctor::sys
