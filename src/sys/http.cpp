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

namespace {

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

HttpHeaders parse_header_block(std::string_view raw) {
  HttpHeaders headers;
  while (!raw.empty()) {
    const std::size_t end = raw.find('\n');
    const std::string_view line = raw.substr(0, end);
    raw = end == std::string_view::npos ? std::string_view() : raw.substr(end + 1);
    if (line.starts_with("HTTP/")) {
      headers.clear();  // an interim response's headers are not the final one's
    } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      const std::string_view more = trim_blanks(line);
      if (!headers.empty() && !more.empty()) headers.back().second.append(" ").append(more);
    } else if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
      headers.emplace_back(std::string(trim_blanks(line.substr(0, colon))),
                           std::string(trim_blanks(line.substr(colon + 1))));
    }
  }
  return headers;
}

}  // namespace casdoctor::sys
