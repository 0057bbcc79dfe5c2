#include "casdoctor/sys/prompt.hpp"

#include <iostream>
#include <string>

#include "casdoctor/core/text.hpp"

namespace casdoctor::sys {

bool ask_yes_no(std::string_view question, std::istream& in, std::ostream& out) {
  out << question << " [y/N] " << std::flush;
  std::string line;
  if (!std::getline(in, line)) {
    out << '\n';  // EOF: end the prompt's line so the next message starts clean
    return false;
  }
  const std::string_view answer = trim(line);
  return iequals(answer, "y") || iequals(answer, "yes");
}

bool ask_yes_no(std::string_view question) {
  return ask_yes_no(question, std::cin, std::cerr);
}

}  // namespace casdoctor::sys
