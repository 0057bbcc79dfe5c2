#include "casdoctor/cli/formats.hpp"

#include <array>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

namespace casdoctor::cli {
namespace {

constexpr std::array k_formats{
    FormatName{"text", OutputFormat::text},
    FormatName{"json", OutputFormat::json},
    FormatName{"markdown", OutputFormat::markdown},
    FormatName{"html", OutputFormat::html},
};

}  // namespace

std::span<const FormatName> report_formats() {
  return k_formats;
}

std::optional<OutputFormat> parse_format(std::string_view text) {
  for (const auto& entry : k_formats) {
    if (iequals(entry.name, text)) return entry.format;
  }
  return std::nullopt;
}

std::string_view format_name(OutputFormat format) {
  for (const auto& entry : k_formats) {
    if (entry.format == format) return entry.name;
  }
  return "?";
}

std::string format_names(std::string_view separator) {
  std::string out;
  for (const auto& entry : k_formats) {
    if (!out.empty()) out += separator;
    out += entry.name;
  }
  return out;
}

std::string format_problem(std::string_view text) {
  if (parse_format(text)) return {};
  return cat("'", text, "' is not a report format; use one of ", format_names(", "));
}

}  // namespace casdoctor::cli
