// The Windows command line builder (sys/command_line.hpp) against the
// examples of Microsoft's "Parsing C command-line arguments" table, read back
// by a parser written from the same rules. Under wine the process runner's
// "passes arguments verbatim" test reads them back through a real child.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/sys/command_line.hpp"

namespace {

using casdoctor::sys::quote_windows_argument;
using casdoctor::sys::windows_command_line;

// The C runtime's rules for the arguments after argv[0].
std::vector<std::string> parse_arguments(const std::string& line) {
  std::vector<std::string> args;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i == line.size()) break;
    std::string arg;
    bool quoted = false;
    for (; i < line.size(); ++i) {
      std::size_t backslashes = 0;
      while (i < line.size() && line[i] == '\\') ++backslashes, ++i;
      if (i < line.size() && line[i] == '"') {
        arg.append(backslashes / 2, '\\');
        if (backslashes % 2 == 1) {
          arg.push_back('"');
        } else if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
          arg.push_back('"');
          ++i;
        } else {
          quoted = !quoted;
        }
        continue;
      }
      arg.append(backslashes, '\\');
      if (i == line.size()) break;
      if (!quoted && (line[i] == ' ' || line[i] == '\t')) break;
      arg.push_back(line[i]);
    }
    args.push_back(arg);
  }
  return args;
}

}  // namespace

TEST_CASE("windows arguments are quoted by Microsoft's rules", "[process][command-line]") {
  CHECK(quote_windows_argument("plain") == "plain");
  CHECK(quote_windows_argument("") == "\"\"");
  CHECK(quote_windows_argument("two words") == "\"two words\"");
  CHECK(quote_windows_argument("tab\there") == "\"tab\there\"");
  CHECK(quote_windows_argument("a\"b") == "\"a\\\"b\"");
  CHECK(quote_windows_argument("a\\\"b") == "\"a\\\\\\\"b\"");
  CHECK(quote_windows_argument("C:\\dir\\") == "C:\\dir\\");
  CHECK(quote_windows_argument("C:\\my dir\\") == "\"C:\\my dir\\\\\"");
  CHECK(quote_windows_argument("a\\\\b c") == "\"a\\\\b c\"");
  CHECK(quote_windows_argument("CONTOSO\\alice") == "CONTOSO\\alice");
}

TEST_CASE("a windows command line reads back as the same arguments", "[process][command-line]") {
  const std::vector<std::string> args = {"",
                                         "plain",
                                         "two words",
                                         "\"quoted\"",
                                         "a\\\"b",
                                         "trail\\",
                                         "trail sp\\",
                                         "\\\\",
                                         "x\\\\\"y",
                                         "\t",
                                         " ",
                                         "-EncodedCommand",
                                         "\xC3\xBC\xE6\x9D\xB1 k"};
  const std::string line = windows_command_line("C:\\Program Files\\p.exe", args);
  CHECK(line.starts_with("\"C:\\Program Files\\p.exe\" "));
  CHECK(parse_arguments(line.substr(line.find("\" ") + 2)) == args);
  CHECK(windows_command_line("p.exe", {}) == "p.exe");
  CHECK(windows_command_line("p.exe", {""}) == "p.exe \"\"");
}
