#pragma once
// What the fuzz targets share: checking a property, and cutting an input
// into the pieces a target builds its case from.
#include <string>
#include <string_view>
#include <vector>

#include "targets.hpp"

namespace casdoctor::fuzz {

// Throws FuzzFailure("<what>") when a property does not hold.
inline void require(bool holds, std::string_view what) {
  if (!holds) throw FuzzFailure(std::string(what));
}

// The pieces of `input` between separators (always at least one piece).
inline std::vector<std::string_view> split(std::string_view input, std::string_view separator) {
  std::vector<std::string_view> pieces;
  for (;;) {
    const auto end = input.find(separator);
    pieces.push_back(input.substr(0, end));
    if (end == std::string_view::npos) return pieces;
    input.remove_prefix(end + separator.size());
  }
}

}  // namespace casdoctor::fuzz
