// The change advisory board's part of the ticket (cab_parts.hpp). Every
// estimate is a typical value with its assumption written next to it: a
// board approves a window, and the window must be honest about what it
// does not know (database moves, a slow service).
#include <algorithm>
#include <string>
#include <vector>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/duration.hpp"
#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/report/text_table.hpp"

#include "cab_parts.hpp"
#include "markdown_parts.hpp"

namespace casdoctor::detail {
namespace {

using std::chrono::seconds;

std::vector<const PlanStep*> steps_on(const Plan& plan, const std::string& server) {
  std::vector<const PlanStep*> out;
  for (const auto& step : plan.steps) {
    if (step.server == server) out.push_back(&step);
  }
  return out;
}

bool mentions(const Plan& plan, const std::string& server, std::string_view words) {
  return std::ranges::any_of(steps_on(plan, server), [&](const PlanStep* step) {
    return std::ranges::any_of(step->impact, [&](const std::string& line) {
      return line.find(words) != std::string::npos;
    });
  });
}

// "2–5 min", "about 1 min", "under 1 min".
std::string minutes_text(seconds low, seconds high) {
  const auto lo = low.count() / 60;
  const auto hi = (high.count() + 59) / 60;
  if (hi <= 1) return low.count() >= 30 ? "about 1 min" : "under 1 min";
  return cat(std::to_string(std::max<long long>(lo, 1)), "–", std::to_string(hi), " min");
}

StepEstimate server_estimate(const Plan& plan, const std::string& server) {
  StepEstimate sum;
  for (const PlanStep* step : steps_on(plan, server)) {
    const auto e = estimate_of(*step);
    sum.low += e.low;
    sum.high += e.high;
  }
  return sum;
}

std::string change_record_section() {
  TextTable table({"Field", "Value"});
  for (const char* field :
       {"Change number", "Requested by", "Implementer", "Approver (CAB)", "Approved on",
        "Scheduled start", "Scheduled end", "Users informed (how, when)"}) {
    table.add_row({field, ""});
  }
  return cat("\n## Change record\n\nTo fill in before approval:\n\n", table.render_markdown());
}

// Servers that stay up to serve clients while one target restarts.
std::size_t others_available(const Report& report) {
  std::size_t modern = 0;
  for (const auto& s : report.servers) {
    const bool is_2013_or_later = s.product.find("2013") != std::string::npos ||
                                  s.product.find("2016") != std::string::npos ||
                                  s.product.find("2019") != std::string::npos;
    modern += is_2013_or_later ? 1 : 0;
  }
  return modern == 0 ? 0 : modern - 1;
}

std::string risk_section(const Report& report) {
  const Plan& plan = *report.plan;
  const bool alone = others_available(report) == 0;
  bool databases = false;
  for (const auto& t : plan.targets) databases = databases || mentions(plan, t, "databases");
  std::string out = cat("\n## Risk\n\n**Risk: ", alone ? "high" : "medium", "**\n\n");
  if (alone) {
    out +=
        "- No other Exchange 2013/2016 server is in the snapshot: while a server restarts, clients "
        "have no server to go to.\n";
  }
  out +=
      "- Services restart and there is no undo: a service that does not start again stays down "
      "until someone starts it (Rollback below).\n";
  if (databases) {
    out +=
        "- The Information Store restarts with MSExchangeADTopology: mailbox databases active on "
        "the server dismount and mount again unless their active copies are moved first.\n";
  }
  out += "- Client sessions through the server are dropped when IIS restarts.\n";
  out +=
      "- Mitigations: one server at a time (unless --parallel is given); the first failed step "
      "stops the run before the next server; every service that ran before must run again";
  out += plan.has_logon_steps()
             ? "; an OWA logon through each server proves the fix before the next one starts.\n"
             : ". The plan has no logon test (`remediate --verify` adds one per server).\n";
  return out;
}

std::string duration_section(const Plan& plan) {
  TextTable table({"Server", "Steps", "Estimate"});
  StepEstimate total;
  for (const auto& t : plan.targets) {
    const auto e = server_estimate(plan, t);
    total.low += e.low;
    total.high += e.high;
    table.add_row({t, std::to_string(steps_on(plan, t).size()), minutes_text(e.low, e.high)});
  }
  table.add_row({"All, one after the other", std::to_string(plan.steps.size()),
                 minutes_text(total.low, total.high)});
  std::string out = cat("\n## Estimated duration\n\n", table.render_markdown(),
                        "\nAssumptions, per step:\n\n"
                        "- restart-topology: 2–5 min. MSExchangeADTopology restarts with its "
                        "dependents (about 26 on a 2016 Mailbox server, the Information Store "
                        "among them); each is bounded by --step-timeout (default 10m).\n"
                        "- iisreset: about 1 min.\n"
                        "- check-services: under 1 min.\n");
  if (plan.has_logon_steps()) {
    out +=
        "- verify-logon: usually 1–3 min after IISReset until OWA answers; at most the logon "
        "deadline (--verify-deadline) before the step fails.\n";
  }
  return out +
         "- Not included: draining the server and moving active database copies (Preparation), "
         "which depend on the load balancer and the copy queues.\n";
}

std::string outage_section(const Plan& plan) {
  std::string out =
      "\n## Outage and user impact\n\nPer server, while its steps run (the other servers keep "
      "serving):\n\n"
      "- OWA, ECP, EWS (Outlook for Mac, apps), ActiveSync (phones) and Outlook "
      "(MAPI/RPC over HTTP) sessions through the server are dropped when IIS restarts (about "
      "1 min); clients reconnect, OWA users may have to sign in again.\n";
  for (const auto& t : plan.targets) {
    if (mentions(plan, t, "databases")) {
      out += cat("- ", markdown_escape(t),
                 ": mailboxes on databases active there are unavailable while the Information "
                 "Store restarts (2–5 min), unless the active copies are moved first.\n");
    }
    if (mentions(plan, t, "mail flow")) {
      out += cat("- ", markdown_escape(t),
                 ": mail flow through it pauses while transport restarts.\n");
    }
  }
  return out + "\nThe services each server restarts are listed under its section below (Impact).\n";
}

std::string preparation_block(const std::string& server) {
  const std::string q = ps_quote(server);
  return cat(
      "\n### ", markdown_escape(server), "\n\nBefore: drain ", markdown_escape(server),
      " on the load balancer and wait for its sessions to end; if it is a DAG member, move its "
      "active database copies away and keep them away:\n\n",
      fenced("powershell", {cat("Set-MailboxServer -Identity ", q,
                                " -DatabaseCopyActivationDisabledAndMoveNow $true"),
                            cat("Move-ActiveMailboxDatabase -Server ", q, " -Confirm:$false")}),
      "\nAfter its steps succeeded: allow activation again, move the databases back to their "
      "preferred servers (RedistributeActiveDatabases.ps1 -BalanceDbsByActivationPreference in "
      "Exchange's Scripts folder), and enable the server on the load balancer:\n\n",
      fenced("powershell", {cat("Set-MailboxServer -Identity ", q,
                                " -DatabaseCopyActivationDisabledAndMoveNow $false")}));
}

std::string preparation_section(const Plan& plan) {
  std::string out =
      "\n## Preparation and return to service\n\nSteps before each server's restart, so that "
      "users are moved rather than cut off. Keep at least one server in the load balancer at any "
      "time. To prepare each server just before its own restart, make one plan per server "
      "(`casdoctor remediate --servers NAME --dry-run --format json -o NAME.json`, then "
      "`casdoctor remediate --plan NAME.json`). Full maintenance mode (`Set-ServerComponentState "
      "-Component ServerWideOffline -State Inactive`) is not needed for a service restart, and "
      "while it is on, the logon test through the server fails.\n";
  for (const auto& t : plan.targets) out += preparation_block(t);
  return out;
}

}  // namespace

StepEstimate estimate_of(const PlanStep& step) {
  switch (step.action) {
    case StepAction::restart_topology:
      return {seconds(120), seconds(300)};
    case StepAction::iisreset:
      return {seconds(30), seconds(90)};
    case StepAction::check_services:
      return {seconds(5), seconds(30)};
    case StepAction::verify_logon:
      return {seconds(60), std::chrono::duration_cast<seconds>(
                               step.logon ? step.logon->deadline : std::chrono::minutes(10))};
  }
  return {};
}

std::string step_purpose(const PlanStep& step) {
  switch (step.action) {
    case StepAction::restart_topology:
      return cat("Restart MSExchangeADTopology on ", step.server,
                 "; -Force restarts its dependent services with it.");
    case StepAction::iisreset:
      return cat("Restart IIS on ", step.server,
                 " (iisreset /noforce: fails rather than killing worker processes).");
    case StepAction::check_services:
      return cat("Read the state of every service that must run again on ", step.server,
                 " (changes nothing).");
    case StepAction::verify_logon:
      return cat("Log on to OWA through ", step.server, ".");
  }
  return {};
}

std::string cab_sections(const Report& report) {
  const Plan& plan = *report.plan;
  return cat(change_record_section(), risk_section(report), duration_section(plan),
             outage_section(plan), preparation_section(plan));
}

}  // namespace casdoctor::detail
