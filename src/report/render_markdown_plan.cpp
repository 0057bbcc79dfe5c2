// The change ticket of `remediate --format markdown`: what will be done where
// and why, what it breaks for how long, the exact commands, how to recover
// and how the result is proven (docs/remediation.md, "The change ticket").
// Data is escaped (markdown_escape) or fenced, never pasted as markup.
#include <string>
#include <vector>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/duration.hpp"
#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/report/render.hpp"
#include "casdoctor/report/summary.hpp"
#include "casdoctor/report/text_table.hpp"

#include "cab_parts.hpp"
#include "markdown_parts.hpp"
#include "ps_layout.hpp"

namespace casdoctor::detail {
namespace {

std::vector<const PlanStep*> steps_of(const Plan& plan, const std::string& server) {
  std::vector<const PlanStep*> out;
  for (const auto& step : plan.steps) {
    if (step.server == server) out.push_back(&step);
  }
  return out;
}

std::string where_it_runs(const std::vector<const PlanStep*>& steps) {
  if (steps.empty()) return "-";
  if (steps.front()->fqdn.empty()) return "locally, on the server casdoctor runs on";
  return cat("remotely on ", steps.front()->fqdn, " through WinRM");
}

std::string bullets(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += cat("- ", markdown_escape(line), "\n");
  return out;
}

// How far a target's staleness is proven, and by which logon outcome
// (docs/logon-proof.md, "Proof before the plan").
std::string proof_cell(const TargetProof& proof) {
  switch (proof.state) {
    case ProofState::proven:
      return cat("proven (logon: ", proof.outcome, ")");
    case ProofState::logon_works:
      return cat("suspected (logon works: ", proof.outcome, ")");
    case ProofState::suspected:
      break;
  }
  if (proof.outcome.empty()) return "suspected (no logon)";
  return cat("suspected (logon: ", proof.outcome, ", proves nothing)");
}

std::string summary_section(const Plan& plan) {
  std::string names;
  for (const auto& t : plan.targets) names += cat(names.empty() ? "" : ", ", t);
  std::string out = cat(
      "\n## Summary\n\nApply the workaround of Microsoft KB4294204 on ",
      std::to_string(plan.targets.size()), plan.targets.size() == 1 ? " server" : " servers",
      ", in this order (one server at a time unless --parallel is given): ", markdown_escape(names),
      ". On each: restart MSExchangeADTopology with its dependent services, then IIS, then check "
      "that every service that ran before runs again",
      plan.has_logon_steps() ? ", then log on to OWA through it" : "",
      ". Why: these servers cache an old "
      "IsOutOfService value of an Exchange 2010 Client Access server, so OWA logons through them "
      "for mailboxes on Exchange 2010 fail.\n\n");
  TextTable table({"Server", "Stale", "Commands run", "Steps"});
  for (std::size_t i = 0; i < plan.targets.size(); ++i) {
    const auto& t = plan.targets[i];
    const auto steps = steps_of(plan, t);
    const auto proof = i < plan.proof.size() ? proof_cell(plan.proof[i]) : std::string("-");
    table.add_row({t, proof, where_it_runs(steps), std::to_string(steps.size())});
  }
  out += table.render_markdown();
  if (!plan.notes.empty()) out += cat("\nLeft out:\n\n", bullets(plan.notes));
  return out;
}

std::string results_table(const std::vector<const PlanStep*>& steps) {
  TextTable table({"Step", "Status", "Exit code", "Duration"});
  for (const auto* s : steps) {
    table.add_row({std::string(to_string(s->action)), std::string(to_string(s->status)),
                   s->exit_code ? std::to_string(*s->exit_code) : "-",
                   s->duration_ms ? cat(std::to_string(*s->duration_ms), " ms") : "-"});
  }
  return cat("\n**Result**\n\n", table.render_markdown());
}

// The logon runs in casdoctor itself, not on the server: its own paragraph.
std::string logon_paragraph(const std::string& server, const PlanStep& step) {
  return cat("\n**Then the logon test:** casdoctor logs on to OWA (",
             markdown_escape(step.logon->url), ") as ", markdown_escape(step.logon->user),
             " through ", markdown_escape(server), " at ", markdown_escape(step.logon->address),
             ", every ", format_duration(step.logon->interval),
             " until it works; if it does not "
             "within ",
             format_duration(step.logon->deadline),
             ", the step fails and no further server is started. The same logon by hand:\n\n",
             fenced("powershell", {step.command}));
}

std::string server_section(const Plan& plan, std::size_t i) {
  const auto& server = plan.targets[i];
  const auto steps = steps_of(plan, server);
  std::string out = cat("\n## ", markdown_escape(server), "\n\n");
  if (i < plan.evidence.size())
    out += cat("**Evidence:** ", markdown_escape(plan.evidence[i]), "\n");
  std::vector<std::string> impact;
  std::string commands;
  const PlanStep* logon = nullptr;
  for (const auto* s : steps) {
    impact.insert(impact.end(), s->impact.begin(), s->impact.end());
    if (s->action == StepAction::verify_logon) {
      logon = s;
    } else {
      // What the step does above its block: the acting cmdlet is never off-screen.
      commands += cat("\n", markdown_escape(step_purpose(*s)), "\n\n",
                      fenced("powershell", ps_layout(s->command)));
    }
  }
  if (!impact.empty()) out += cat("\n**Impact**\n\n", bullets(impact));
  out += cat("\n**Commands**, in this order, run ", markdown_escape(where_it_runs(steps)), ":\n");
  out += commands;
  if (logon != nullptr && logon->logon) out += logon_paragraph(server, *logon);
  if (!plan.dry_run) out += results_table(steps);
  return out;
}

std::string failure_label(StepAction action) {
  switch (action) {
    case StepAction::restart_topology:
      return "If the restart of MSExchangeADTopology fails:";
    case StepAction::iisreset:
      return "If IISReset fails:";
    case StepAction::check_services:
      return "If a service is not running afterwards:";
    case StepAction::verify_logon:
      return "If the logon through the server does not work in time:";
  }
  return "If the step fails:";
}

std::string rollback_section(const Plan& plan) {
  std::string out =
      "\n## Rollback\n\nThere is no undo for a restart: the steps only stop and start services, "
      "so rolling back means starting what a failed step left stopped. A failed step ends its "
      "server's steps and no further server is started; nothing is started again "
      "automatically. Per server, what to do when a step fails:\n";
  for (const auto& server : plan.targets) {
    out += cat("\n### ", markdown_escape(server), "\n");
    for (const auto* s : steps_of(plan, server)) {
      if (s->on_failure.empty()) continue;
      out += cat("\n", failure_label(s->action), "\n", remedy_blocks(s->on_failure));
    }
  }
  return out;
}

std::string verify_command(const Plan& plan) {
  std::string via;
  for (const auto& t : plan.targets) via += cat(via.empty() ? "" : ",", t);
  return cat("casdoctor verify --url 'https://<namespace>/owa' --user '<DOMAIN\\user>' --via ",
             ps_quote(via));
}

std::string verification_section(const Plan& plan) {
  std::string out =
      "\n## Verification\n\nHow the result will be verified:\n\n"
      "1. On each server, right after its restarts, the check step reads the state of "
      "MSExchangeADTopology, W3SVC, WAS and every dependent service that ran before: all must be "
      "Running; otherwise casdoctor stops there.\n"
      "2. `casdoctor diagnose` afterwards reports no `kb4294204.stale-topology` finding.\n";
  if (plan.has_logon_steps()) {
    out +=
        "3. KB4294204's own test is part of the plan: after each server's check, casdoctor logs "
        "on to OWA through that server with a mailbox hosted on Exchange 2010 (see each server's "
        "logon test above); the report lists every logon.\n";
  } else {
    out +=
        "3. An OWA logon through each server with a mailbox hosted on Exchange 2010 (password "
        "from the environment variable CASDOCTOR_PASSWORD; `remediate --verify` makes it a step "
        "of the plan):\n\n";
    out += fenced("powershell", {verify_command(plan)});
  }
  if (plan.dry_run) {
    out +=
        "\nA dry run proves none of this: it only shows what would run. The checks above happen "
        "when the plan is executed.\n";
  }
  return out;
}

std::string nothing_to_do(const Plan& plan) {
  std::string out =
      "\n## Nothing to do\n\nNo server needs the KB4294204 workaround: no server holds a stale "
      "IsOutOfService value, so nothing would be restarted.\n";
  if (!plan.notes.empty()) out += cat("\nLeft out:\n\n", bullets(plan.notes));
  return out;
}

}  // namespace

std::string plan_document(const Report& report) {
  const Plan& plan = *report.plan;
  std::string out = plan.dry_run ? "# casdoctor remediate — change plan (dry run)\n\n"
                                 : "# casdoctor remediate — change record\n\n";
  out += status_lines(report);
  out += plan.dry_run ? "Nothing has been run: this document is the plan.\n"
                      : cat("Planned ", format_iso8601(plan.created_at), ".\n");
  if (plan.steps.empty()) {
    out += nothing_to_do(plan);
  } else {
    out += summary_section(plan);
    if (plan.dry_run) out += cab_sections(report);
    for (std::size_t i = 0; i < plan.targets.size(); ++i) out += server_section(plan, i);
    out += rollback_section(plan);
    out += verification_section(plan);
  }
  return out.append(detail::servers_section(report))
      .append(detail::findings_section(report))
      .append(before_section(report));
}

}  // namespace casdoctor::detail
