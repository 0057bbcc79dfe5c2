#pragma once
#include <string>
#include <string_view>

namespace casdoctor {
// The project version from CMakeLists.txt.
std::string_view tool_version();

// Where the binary came from, fixed when CMake configured the build: the git
// commit (12 hex digits, "-dirty" with uncommitted changes; "unknown" without
// git), the UTC date, and the platform ("Linux-x86_64").
std::string_view tool_commit();
std::string_view tool_build_date();
std::string_view tool_platform();

// "casdoctor 0.1.0 (commit 9816e77a1b2c, built 2026-11-25, Linux-x86_64)":
// what --version prints, enough to name the binary in a bug report.
std::string version_line();
}  // namespace casdoctor
