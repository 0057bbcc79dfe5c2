// The platform-neutral part of the HTTP interface (include/casdoctor/sys/http.hpp):
// shared by the libcurl client here and the WinHTTP one on Windows.
#include "casdoctor/sys/http.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "casdoctor/core/text.hpp"

namespace casdoctor::sys {

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

}  // namespace casdoctor::sys
