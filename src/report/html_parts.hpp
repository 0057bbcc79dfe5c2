#pragma once
// Pieces of the HTML report (render_html.cpp, render_html_plan.cpp).
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/report/report.hpp"

namespace casdoctor::detail {

// Text for an HTML element or a quoted attribute: & < > " ' as entities;
// control characters, bidirectional overrides and isolates (which could
// reorder what a reader sees, e.g. a server name carrying U+202E) shown as
// "[U+202E]"; CR before LF dropped.
std::string html_escape(std::string_view text);

// A whole self-contained page: inline CSS, a Content-Security-Policy that
// allows nothing else (no script, nothing fetched), `body_html` as the body.
std::string html_page(std::string_view title, std::string_view body_html);

// <tr><th>...</th></tr> / <tr><td>...</td></tr> with every cell escaped.
std::string html_row(const std::vector<std::string>& cells, bool header = false);
std::string html_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows);
// <pre> with the lines escaped.
std::string html_pre(const std::vector<std::string>& lines, std::string_view css_class = "");

// "ok" | "warning" | "unknown" | "critical": the CSS class of a status.
std::string status_class(Status status);

// <section> with the plan: per server its steps, commands, impact and, after
// a run, each step's result and output.
std::string html_plan_section(const Plan& plan);

}  // namespace casdoctor::detail
