#pragma once
// Durations as the contract writes them: "90" (seconds), "90s", "5m", "1h";
// also "250ms" for tests and scripts that need less than a second.
#include <chrono>
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"

namespace casdoctor {

// A positive duration; anything else is an ExitCode::usage error quoting the text.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest text parse_duration reads back as `duration`: "1h", "10m",
// "90s", "1500ms".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace casdoctor
