#pragma once
// Pieces of the markdown report shared by the diagnosis document
// (render_markdown.cpp) and the change plan (render_markdown_plan.cpp).
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/report/report.hpp"

namespace casdoctor::detail {

// A fenced block whose fence is longer than any backtick run inside.
std::string fenced(std::string_view info, const std::vector<std::string>& lines);
// "**Status: ...** (exit code n): headline" and the "Generated ..." line.
std::string status_lines(const Report& report);
// "## Servers" and "## Findings" (empty string when there are none).
std::string servers_section(const Report& report);
std::string findings_section(const Report& report);
// After a plan ran: "## Findings before the run" (Report::before), else "".
std::string before_section(const Report& report);
// Prose lines escaped, "PS> " command lines in one powershell block each run.
std::string remedy_blocks(const std::string& remedy);

// The change ticket for a report that carries a plan.
std::string plan_document(const Report& report);

}  // namespace casdoctor::detail
