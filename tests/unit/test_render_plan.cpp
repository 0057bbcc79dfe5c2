// A report with a plan as text and as the markdown change ticket.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/report/render.hpp"
#include "casdoctor/report/summary.hpp"

#include "../helpers/plan_cases.hpp"
#include "report_samples.hpp"

using namespace casdoctor;

namespace {

Report plan_report(const PlanOptions& options) {
  Report r = test::sample_report();
  r.command = "remediate";
  auto plan = test::plan_for(test::plan_org(), options);
  REQUIRE(plan.has_value());
  r.plan = std::move(*plan);
  return r;
}

Report nothing_to_do() {
  Report r = plan_report({});
  r.status = Status::ok;
  r.findings.clear();
  r.plan->targets.clear();
  r.plan->evidence.clear();
  r.plan->steps.clear();
  return r;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::size_t position(const std::string& text, const std::string& what) {
  const auto at = text.find(what);
  INFO("missing: " << what);
  REQUIRE(at != std::string::npos);
  return at;
}

void check_in_order(const std::string& text, const std::vector<std::string>& pieces) {
  std::size_t last = 0;
  for (const auto& piece : pieces) {
    INFO(piece);
    const auto at = position(text, piece);
    CHECK(at >= last);
    last = at;
  }
}

}  // namespace

TEST_CASE("render plan: markdown change ticket sections in order", "[remediate]") {
  PlanOptions o;
  o.local_server = "EX16A";
  const auto report = plan_report(o);
  test::keep_json_document("render-plan-markdown", render_json(report));
  const auto md = render_markdown(report);
  CHECK(md.rfind("# casdoctor remediate — change plan (dry run)\n", 0) == 0);
  const std::vector<std::string> order{
      "**Status: CRITICAL** (exit code 2)",
      "Nothing has been run",
      "\n## Summary\n",
      "\n## EX16A\n",
      "**Evidence:** suspected stale (start times only",
      "**Impact**",
      "- restarts 3 dependent services: MSExchangeIS, MSExchangeTransport, MSExchangeServiceHost",
      "- drops every OWA, EWS and ActiveSync session on EX16A",
      "Restart MSExchangeADTopology on EX16A",
      "```powershell\nGet-Date -Format o; Restart-Service -Name 'MSExchangeADTopology' -Force\n"
      "```\n",
      "```powershell\nGet-Date -Format o\niisreset /noforce /timeout:120\nif ($LASTEXITCODE -ne 0) "
      "{ throw 'iisreset failed: its exit code is not 0, see its output' }\n```\n",
      "```powershell\n$services = @(Get-CimInstance -ClassName 'Win32_Service' -Filter 'Name = "
      "''MSExchangeADTopology'' OR Name = ''W3SVC'' OR Name = ''WAS'' OR Name = ''MSExchangeIS'' "
      "OR "
      "Name = ''MSExchangeTransport'' OR Name = ''MSExchangeServiceHost''' |\n"
      "    Select-Object -Property 'Name', 'State', 'ProcessId')\n",
      "if ($ids) { $processes = @(Get-Process -Id $ids -ErrorAction SilentlyContinue |\n"
      "    Select-Object -Property 'Id', 'StartTime') }\n",
      "\n## EX1'; Remove-Item C:\\\\ -Recurse; '\n",
      "\n## Rollback\n",
      "There is no undo",
      "Start-Service -Name 'MSExchangeADTopology', 'MSExchangeIS'",
      "iisreset /start",
      "\n## Verification\n",
      "`casdoctor diagnose`",
      "casdoctor verify --url",
      "A dry run proves none of this",
      "\n## Servers\n",
      "\n## Findings\n"};
  check_in_order(md, order);
  // A powershell block per step of each server, after the preparation's
  // blocks; the hostile name stays inside its quoted literal when the
  // script block is laid out.
  const auto plan_part = md.substr(position(md, "\n## EX16A\n"));
  const auto servers_part = plan_part.substr(0, position(plan_part, "\n## Rollback\n"));
  CHECK(count(servers_part, "```powershell\n") == 6);
  CHECK(count(servers_part, "```powershell\nGet-Date -Format o; Restart-Service") == 1);
  CHECK(count(servers_part,
              "```powershell\nInvoke-Command -ComputerName 'EX1''; Remove-Item C:\\ -Recurse; "
              "''.contoso.com' -ErrorAction Stop -ScriptBlock {\n    Get-Date -Format o\n"
              "    Restart-Service") == 1);
  CHECK_THAT(
      md, Catch::Contains(
              "| EX16A | suspected (no logon) | locally, on the server casdoctor runs on | 3 |"));
  CHECK_THAT(md, Catch::Contains("Left out:\n\n- EX13A: staleness undetermined"));
}

TEST_CASE("render plan: markdown nothing to do", "[remediate]") {
  const auto md = render_markdown(nothing_to_do());
  CHECK(md.rfind("# casdoctor remediate — change plan (dry run)\n", 0) == 0);
  CHECK_THAT(md, Catch::Contains("\n## Nothing to do\n\nNo server needs the KB4294204 workaround"));
  CHECK_THAT(md, !Catch::Contains("```powershell"));
  CHECK_THAT(md, !Catch::Contains("## Rollback"));
  test::keep_json_document("render-plan-nothing", render_json(nothing_to_do()));
}

TEST_CASE("render plan: markdown of an executed plan", "[remediate]") {
  auto report = plan_report({});
  report.plan->dry_run = false;
  report.plan->steps[0].status = StepStatus::succeeded;
  report.plan->steps[0].exit_code = 0;
  report.plan->steps[0].duration_ms = 41250;
  const auto md = render_markdown(report);
  CHECK(md.rfind("# casdoctor remediate — change record\n", 0) == 0);
  CHECK_THAT(md, Catch::Contains("| restart-topology | succeeded | 0 | 41250 ms |"));
  CHECK_THAT(md, !Catch::Contains("A dry run proves"));
}

TEST_CASE("render plan: text PLAN section", "[remediate]") {
  PlanOptions o;
  o.local_server = "EX16A";
  const auto text = render_text(plan_report(o), TextStyle{});
  const std::vector<std::string> order{
      "\nPLAN (dry run, nothing was run): 2 servers, 6 steps, in this order\n",
      "  EX16A (local)\n",
      "    Why: suspected stale (start times only",
      "    1. restart-topology [planned]\n"
      "       PS> Get-Date -Format o; Restart-Service -Name 'MSExchangeADTopology' -Force\n",
      "       Impact: restarts 3 dependent services: MSExchangeIS",
      "               mailbox databases on EX16A dismount",
      "    2. iisreset [planned]\n",
      "    3. check-services [planned]\n",
      "  EX1'; Remove-Item C:\\ -Recurse; ' (remote: EX1'; Remove-Item C:\\ -Recurse; "
      "'.contoso.com)\n",
      "  Left out: EX13A: staleness undetermined"};
  std::size_t last = 0;
  for (const auto& piece : order) {
    INFO(piece);
    const auto at = position(text, piece);
    CHECK(at >= last);
    last = at;
  }
}

TEST_CASE("render plan: text nothing to do", "[remediate]") {
  const auto text = render_text(nothing_to_do(), TextStyle{});
  CHECK_THAT(text,
             Catch::Contains("PLAN (dry run, nothing was run): nothing to do: no server needs the "
                             "KB4294204 workaround\n"));
}

TEST_CASE("render plan: text is terminal-safe", "[remediate]") {
  auto report = plan_report({});
  report.plan->evidence[0] = "EX16A: \x1b[31mred";
  const auto text = render_text(report, TextStyle{});
  CHECK(text.find('\x1b') == std::string::npos);
}

TEST_CASE("after an execution the headline says what ran", "[remediate]") {
  Report report;
  report.command = "remediate";
  report.status = Status::critical;
  Plan plan;
  plan.dry_run = false;
  plan.targets = {"EX16A", "EX13A"};
  for (auto status : {StepStatus::succeeded, StepStatus::failed, StepStatus::skipped}) {
    PlanStep step;
    step.server = "EX16A";
    step.status = status;
    plan.steps.push_back(step);
  }
  report.plan = plan;
  CHECK(headline_text(report) ==
        "remediation ran on 2 servers: 1 of 3 steps succeeded, 1 failed, 1 skipped");
}

TEST_CASE("render plan: markdown with --verify carries each server's logon test",
          "[remediate][logon]") {
  PlanOptions o;
  o.local_server = "EX16A";
  o.verify = test::evil_verify();
  const auto report = plan_report(o);
  test::keep_json_document("render-plan-logon", render_json(report));
  const auto md = render_markdown(report);
  const std::vector<std::string> order{
      "then log on to OWA through it. Why:",
      "\n## EX16A\n",
      "ConvertTo-Json -Depth 4 -Compress\n```\n",
      "**Then the logon test:** casdoctor logs on to OWA "
      "(https://mail.contoso.com/owa'+\\$(Stop-Computer)+') as CONTOSO\\\\o'brien through EX16A "
      "at 127.0.0.1:4431, every 1500ms until it works; if it does not within 5m, the step fails",
      "```powershell\ncasdoctor verify --url 'https://mail.contoso.com/owa''+$(Stop-Computer)+''' "
      "--user 'CONTOSO\\o''brien' --via 'EX16A=127.0.0.1:4431' --until-ok --deadline '5m' "
      "--interval '1500ms'\n```\n",
      "\n## Rollback\n",
      "If the logon through the server does not work in time:",
      "\n## Verification\n",
      "KB4294204's own test is part of the plan"};
  check_in_order(md, order);
  // The logon is not among the commands that run on the server.
  CHECK_THAT(md, !Catch::Contains("-Compress\ncasdoctor verify"));
}

TEST_CASE("render plan: text shows the logon step with its command", "[remediate][logon]") {
  PlanOptions o;
  o.verify = test::evil_verify();
  const auto text = render(plan_report(o), OutputFormat::text, TextStyle{});
  CHECK_THAT(text, Catch::Contains("2 servers, 8 steps"));
  CHECK_THAT(text, Catch::Contains("4. verify-logon [planned]\n       PS> casdoctor verify --url"));
}
