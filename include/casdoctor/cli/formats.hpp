#pragma once
// The report formats by name: one table (src/cli/formats.cpp), so that a new
// format is one line there plus its renderer, and every message listing the
// formats follows.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "casdoctor/report/render.hpp"

namespace casdoctor::cli {

struct FormatName {
  std::string_view name;
  OutputFormat format;
};

std::span<const FormatName> report_formats();

// The format named `text` (any case); std::nullopt for anything else,
// including the enum's numbers.
std::optional<OutputFormat> parse_format(std::string_view text);

// The name of a format: "markdown".
std::string_view format_name(OutputFormat format);

// The names joined: format_names(", ") is "text, json, markdown".
std::string format_names(std::string_view separator);

// "" when `text` names a format, else one line saying so and listing them.
std::string format_problem(std::string_view text);

}  // namespace casdoctor::cli
