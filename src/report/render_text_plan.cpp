// The PLAN section of the console report: per server the steps in order,
// each with its exact command and impact; results once it has run. Data
// passes through terminal_safe (no escape sequences from a server name).
#include <algorithm>
#include <string>
#include <vector>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/report/render.hpp"
#include "casdoctor/report/text_table.hpp"

#include "text_parts.hpp"

namespace casdoctor::detail {
namespace {

// Lines under a label, continuation lines aligned under the first one.
std::string labelled(std::string_view indent, std::string_view label,
                     const std::vector<std::string>& lines) {
  std::string out;
  const std::string continuation(label.size(), ' ');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += cat(indent, i == 0 ? label : continuation, terminal_safe(lines[i]), "\n");
  }
  return out;
}

std::string result_of(const PlanStep& s) {
  std::string out(to_string(s.status));
  if (s.exit_code) out += cat(", exit code ", std::to_string(*s.exit_code));
  if (s.duration_ms) out += cat(", ", std::to_string(*s.duration_ms), " ms");
  return out;
}

std::string step_block(const PlanStep& s, std::size_t number) {
  constexpr std::string_view k_step_indent = "       ";
  std::string out =
      cat("    ", std::to_string(number), ". ", to_string(s.action), " [", result_of(s), "]\n");
  out += cat(k_step_indent, "PS> ", terminal_safe(s.command), "\n");
  out += labelled(k_step_indent, "Impact: ", s.impact);
  if (!s.output.empty()) {
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < s.output.size();) {
      const auto end = std::min(s.output.find('\n', at), s.output.size());
      lines.push_back(s.output.substr(at, end - at));
      at = end + 1;
    }
    out += labelled(k_step_indent, "Output: ", lines);
  }
  return out;
}

std::string server_block(const Plan& plan, std::size_t i) {
  const auto& server = plan.targets[i];
  std::string out = cat("  ", terminal_safe(server));
  std::string where;
  std::string steps;
  std::size_t number = 0;
  for (const auto& s : plan.steps) {
    if (s.server != server) continue;
    if (number == 0) where = s.fqdn.empty() ? " (local)" : cat(" (remote: ", s.fqdn, ")");
    steps += step_block(s, ++number);
  }
  out += cat(terminal_safe(where), "\n");
  if (i < plan.evidence.size()) out += labelled("    ", "Why: ", {plan.evidence[i]});
  return out + steps;
}

}  // namespace

std::string plan_text_section(const Plan& plan) {
  const std::string mode = plan.dry_run ? "dry run, nothing was run" : "executed";
  std::string out;
  if (plan.steps.empty()) {
    out = cat("PLAN (", mode, "): nothing to do: no server needs the KB4294204 workaround\n");
  } else {
    out = cat("PLAN (", mode, "): ", std::to_string(plan.targets.size()),
              plan.targets.size() == 1 ? " server, " : " servers, ",
              std::to_string(plan.steps.size()), " steps, in this order\n");
    for (std::size_t i = 0; i < plan.targets.size(); ++i) out += server_block(plan, i);
  }
  if (!plan.notes.empty()) out += labelled("  ", "Left out: ", plan.notes);
  return out;
}

}  // namespace casdoctor::detail
