#pragma once
#include <string_view>

namespace casdoctor {
// The project version from CMakeLists.txt.
std::string_view tool_version();
}  // namespace casdoctor
