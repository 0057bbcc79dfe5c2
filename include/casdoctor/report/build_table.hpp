#pragma once
// `casdoctor build` for a person: a look-up table, one row per value as
// given (product, update, release date, KB4294204, support), rather than an
// org report about "servers". A value that is no build number is a row that
// says so; the others are still looked up.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "casdoctor/catalog/catalog.hpp"
#include "casdoctor/core/time.hpp"

namespace casdoctor {

struct BuildLookup {
  std::string given;              // the value as typed
  std::optional<BuildInfo> info;  // std::nullopt: not a build number
  std::string error;              // why not (empty when info is set)
};

// Parses and looks up each value ("Version 14.3 (Build 123.4)" as an
// AdminDisplayVersion, anything else as a build typed by a person).
std::vector<BuildLookup> look_up_builds(std::span<const std::string> values);

// "ended 2023-04-11", "until 2025-10-14", "supported" (no end announced) or
// "unknown", for the product on `today`.
std::string support_status(Product product, TimePoint today);

// Column-aligned text, then a note per inexact match and a line per value
// that is no build number. Cells pass through terminal_safe.
std::string render_build_table_text(std::span<const BuildLookup> rows, TimePoint today);
// The same as a markdown pipe table with escaped cells, notes as a list.
std::string render_build_table_markdown(std::span<const BuildLookup> rows, TimePoint today);

}  // namespace casdoctor
