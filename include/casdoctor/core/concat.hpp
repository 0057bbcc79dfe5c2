#pragma once
// String concatenation by appending. GCC 12 at -O3 reports a false
// -Wrestrict for "literal" + std::string&& (GCC bug 105651), which
// CASDOCTOR_WERROR turns into a failed build; appending avoids that path.
#include <string>
#include <string_view>

namespace casdoctor {

template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  out.reserve((std::string_view(parts).size() + ...));
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace casdoctor
