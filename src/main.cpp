#include <cstdio>
#include <iostream>

#include "casdoctor/cli/app.hpp"

// --help, --version and anything else written through std::cout: output
// that never arrived is not a success (the report itself is checked where it
// is written).
int main(int argc, char** argv) {
  const int code = casdoctor::cli::run(argc, argv);
  std::cout.flush();
  if ((!std::cout || std::fflush(stdout) != 0) && code == 0) {
    std::fputs("casdoctor: cannot write to stdout\n", stderr);
    return 3;
  }
  return code;
}
