#pragma once
// Report -> text for a console, JSON per the contract, markdown for a ticket,
// HTML to open or mail.
#include <string>

#include "casdoctor/report/report.hpp"

namespace casdoctor {

enum class OutputFormat { text, json, markdown, html };

struct TextStyle {
  bool color = false;  // ANSI colours; the CLI decides (terminal, --no-color, NO_COLOR)
};

// The JSON document of the contract (schema docs/report.schema.json),
// pretty-printed with 2 spaces and a trailing newline.
std::string render_json(const Report& report);
nlohmann::ordered_json to_json(const Report& report);

std::string render_text(const Report& report, const TextStyle& style);
std::string render_markdown(const Report& report);
// One self-contained page (inline CSS, no script, nothing fetched) to open
// in a browser or mail: status banner, servers, logons, findings, plan.
std::string render_html(const Report& report);

std::string render(const Report& report, OutputFormat format, const TextStyle& style);

}  // namespace casdoctor
