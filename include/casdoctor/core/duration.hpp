#pragma once
// Durations as the contract writes them: "90" (seconds), "90s", "5m", "1h";
// also "250ms" for tests and scripts that need less than a second.
#include <chrono>
#include <string_view>

#include "casdoctor/core/result.hpp"

namespace casdoctor {

// A positive duration; anything else is an ExitCode::usage error quoting the text.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace casdoctor
