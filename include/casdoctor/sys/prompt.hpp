#pragma once
// Asking the person at the terminal. Whether there is one is
// sys::stdin_is_terminal() (console.hpp); the caller decides what to do
// without one (remediate refuses unless --yes).
#include <istream>
#include <ostream>
#include <string_view>

namespace casdoctor::sys {

// Writes "<question> [y/N] " to `out` and reads one line from `in`: true only
// for y or yes (any case, surrounding blanks ignored). Everything else, an
// empty line, EOF or a read error is no.
bool ask_yes_no(std::string_view question, std::istream& in, std::ostream& out);

// The same on the console: the question on stderr (stdout carries only the
// report), the answer from stdin.
bool ask_yes_no(std::string_view question);

}  // namespace casdoctor::sys
