#pragma once

namespace casdoctor::cli {

// The whole command line: parses, runs one command, returns the exit code.
// Exceptions are bugs; they are caught here once and end with exit 3.
int run(int argc, const char* const* argv);

}  // namespace casdoctor::cli
