#pragma once
// Usage errors in plain words: which command or option was not understood
// and the likely intended one, which --config key is misplaced and where it
// belongs. Each returns one line, without the "casdoctor: " prefix.
#include <string>

#include "cli11_fwd.hpp"

namespace casdoctor::cli {

// For a parse error of the command line: "unknown command 'diagnos'; did you
// mean 'diagnose'?", "unknown option '--snapsot'; did you mean
// '--snapshot'?", else CLI11's own words.
std::string explain_parse_error(const CLI::App& app, const CLI::ParseError& error);

// For a key in the --config file that no option of its section takes: the
// file, the key, the section, and the section that takes it if one does.
std::string explain_config_error(const CLI::App& app, const CLI::ConfigError& error);

}  // namespace casdoctor::cli
