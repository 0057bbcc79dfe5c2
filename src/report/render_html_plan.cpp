// The plan in the HTML report: per server what runs, what it breaks and,
// after a run, how each step ended with its output.
#include <string>
#include <vector>

#include "casdoctor/core/concat.hpp"

#include "cab_parts.hpp"
#include "html_parts.hpp"
#include "ps_layout.hpp"

namespace casdoctor::detail {
namespace {

std::string step_html(const PlanStep& step, bool ran) {
  std::string out = cat("<h4>", html_escape(std::string(to_string(step.action))));
  if (ran) {
    const bool good = step.status == StepStatus::succeeded;
    out += cat(" <span class=\"badge ", good ? "ok" : "critical", "\">",
               html_escape(std::string(to_string(step.status))), "</span>");
    if (step.duration_ms) out += cat(" ", std::to_string(*step.duration_ms), " ms");
  }
  out += cat("</h4>\n<p>", html_escape(step_purpose(step)), "</p>\n",
             html_pre(ps_layout(step.command), "ps"));
  if (ran && !step.output.empty()) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= step.output.size()) {
      const auto end = step.output.find('\n', start);
      lines.push_back(step.output.substr(start, end == std::string::npos ? end : end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    out += cat("<details open><summary>Output</summary>\n", html_pre(lines), "</details>\n");
  }
  return out;
}

std::string server_html(const Plan& plan, const std::string& server, std::size_t i) {
  std::vector<const PlanStep*> steps;
  for (const auto& s : plan.steps) {
    if (s.server == server) steps.push_back(&s);
  }
  std::string out = cat("<h3>", html_escape(server), "</h3>\n");
  if (i < plan.evidence.size()) out += cat("<p>", html_escape(plan.evidence[i]), "</p>\n");
  std::string impact;
  for (const auto* s : steps) {
    for (const auto& line : s->impact) impact += cat("<li>", html_escape(line), "</li>\n");
  }
  if (!impact.empty()) out += cat("<p><b>Impact</b></p>\n<ul>\n", impact, "</ul>\n");
  for (const auto* s : steps) out += step_html(*s, !plan.dry_run);
  return out;
}

}  // namespace

std::string html_plan_section(const Plan& plan) {
  std::string out =
      cat("<section>\n<h2>",
          plan.dry_run ? "Plan (dry run: nothing has been run)" : "Remediation record", "</h2>\n");
  if (plan.steps.empty()) out += "<p>No server needs the KB4294204 workaround.</p>\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : plan.steps) {
    rows.push_back({s.server, std::string(to_string(s.action)), std::string(to_string(s.status)),
                    s.exit_code ? std::to_string(*s.exit_code) : "-",
                    s.duration_ms ? cat(std::to_string(*s.duration_ms), " ms") : "-"});
  }
  if (!rows.empty()) out += html_table({"Server", "Step", "Status", "Exit code", "Duration"}, rows);
  for (std::size_t i = 0; i < plan.targets.size(); ++i)
    out += server_html(plan, plan.targets[i], i);
  for (const auto& note : plan.notes) out += cat("<p>", html_escape(note), "</p>\n");
  return out + "</section>\n";
}

}  // namespace casdoctor::detail
