#pragma once
// "Did you mean": the likely intended word for a mistyped command or option.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace casdoctor::cli {

// Edits (insert, delete, replace, swap of neighbours) from `a` to `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate `word` most likely meant: the nearest within one edit per
// four characters (at least one), else the only candidate that `word` starts
// (three characters or more). std::nullopt when nothing is close or two are
// equally close.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates);

}  // namespace casdoctor::cli
