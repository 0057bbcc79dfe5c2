#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "casdoctor/cli/app.hpp"
#include "casdoctor/sys/console.hpp"

// --help, --version and anything else written through std::cout: output
// that never arrived is not a success (the report itself is checked where it
// is written).
int main(int argc, char** argv) {
  casdoctor::sys::prepare_console();
  // UTF-8 from here on, whatever the platform's command line is in.
  const std::vector<std::string> args = casdoctor::sys::utf8_arguments(argc, argv);
  std::vector<const char*> pointers;
  for (const std::string& arg : args) pointers.push_back(arg.c_str());
  const int code = casdoctor::cli::run(static_cast<int>(pointers.size()), pointers.data());
  std::cout.flush();
  if ((!std::cout || std::fflush(stdout) != 0) && code == 0) {
    std::fputs("casdoctor: cannot write to stdout\n", stderr);
    return 3;
  }
  return code;
}
