#pragma once
// String concatenation by appending: GCC 12 at -O3 reports a false
// -Wrestrict for "literal" + std::string&& (GCC bug 105651).
#include <string>
#include <string_view>

namespace casdoctor::lab {

template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  out.reserve((std::string_view(parts).size() + ...));
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace casdoctor::lab
