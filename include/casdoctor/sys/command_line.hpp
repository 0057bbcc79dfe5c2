#pragma once
// An argument vector as one Windows command line, quoted so that the
// Microsoft C runtime's parser (CommandLineToArgvW and every program built
// with MSVC or mingw) reads back exactly these arguments: CreateProcessW takes
// a single string, and Boost.Process 1.81 both throws on an empty argument
// and quotes only spaces. Pure text: compiled and tested on every platform,
// used by the Windows process runner (src/sys/process_platform.hpp).
#include <string>
#include <string_view>
#include <vector>

namespace casdoctor::sys {

// One argument: as it is when it holds no space, tab, newline or double quote
// and is not empty; else in double quotes, each double quote escaped with a
// backslash, and the backslashes before a double quote (or before the
// closing quote) doubled. Backslashes elsewhere stay as they are.
std::string quote_windows_argument(std::string_view argument);

// The program (argv[0], which the runtime parses without escapes: quoted when
// it holds a space or tab; a Windows path cannot hold a double quote), then
// every argument, separated by single spaces.
std::string windows_command_line(std::string_view program, const std::vector<std::string>& args);

}  // namespace casdoctor::sys
