// Never acting beyond what was approved: a saved plan's targets and the
// computers its steps go to are checked against the org as it is now; what
// a dry run writes reads back; after a run the report is the state the run
// left, with the state before it kept in the plan.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/remediate/after_state.hpp"
#include "casdoctor/remediate/plan.hpp"
#include "casdoctor/remediate/plan_json.hpp"
#include "casdoctor/report/render.hpp"
#include "casdoctor/verify/targets.hpp"

#include "../helpers/plan_cases.hpp"
#include "report_samples.hpp"

using namespace casdoctor;
using test::plan_for;
using test::plan_org;

namespace {

Plan plan_of(const PlanOptions& options) {
  auto plan = plan_for(plan_org(), options);
  INFO("error: " << (plan ? std::string() : plan.error().message));
  REQUIRE(plan.has_value());
  return std::move(*plan);
}

PlanOptions only(std::string server, bool force = false) {
  PlanOptions o;
  o.servers = {std::move(server)};
  o.force = force;
  return o;
}

std::string refusal(const Plan& plan, const PlanCheckOptions& options) {
  const auto checked = check_plan_against_org(plan, plan_org().org(), options);
  REQUIRE_FALSE(checked.has_value());
  CHECK(checked.error().code == ExitCode::bad_input);
  return checked.error().message;
}

// The plan's steps moved to another server, as an edit of the file would.
Plan retargeted(Plan plan, const std::string& server) {
  plan.targets = {server};
  for (auto& step : plan.steps) {
    step.server = server;
    step.fqdn = server + ".contoso.com";
    step.command = step_command(step);
  }
  return plan;
}

}  // namespace

TEST_CASE("plan check: a plan made for the org passes", "[remediate][approval]") {
  CHECK(check_plan_against_org(plan_of({}), plan_org().org(), {}).has_value());
  PlanOptions local;
  local.local_server = "EX16A";
  CHECK(check_plan_against_org(plan_of(local), plan_org().org(), {"ex16a.contoso.com", false})
            .has_value());
  CHECK(check_plan_against_org(plan_of(only("EX16FIX", true)), plan_org().org(), {"", true})
            .has_value());
}

TEST_CASE("plan check: every target as --servers would judge it", "[remediate][approval]") {
  const Plan base = plan_of(only("EX16A"));
  struct Case {
    std::string server;
    bool force;
    std::string message;
  };
  const std::vector<Case> cases{
      {"EX2010", true, "the plan's target 'EX2010' is an Exchange 2010 server"},
      {"EDGE16", true, "the plan's target 'EDGE16' is an Edge Transport server"},
      {"EX19", true, "the plan's target 'EX19' runs Exchange Server 2019"},
      {"GONE", true, "the plan's target 'GONE' is not an Exchange server of this org"},
      {"EX16FIX", false, "the plan's target 'EX16FIX' has the fix (Exchange Server 2016 CU10"},
  };
  for (const auto& c : cases) {
    INFO(c.server << " force=" << c.force);
    CHECK_THAT(refusal(retargeted(base, c.server), {"", c.force}), Catch::StartsWith(c.message));
  }
  CHECK(check_plan_against_org(retargeted(base, "EX16FIX"), plan_org().org(), {"", true})
            .has_value());
}

TEST_CASE("plan check: a step goes to its server's FQDN and nowhere else",
          "[remediate][approval]") {
  Plan plan = plan_of(only("EX16A"));
  plan.steps[1].fqdn = "EX2010.contoso.com";
  plan.steps[1].command = step_command(plan.steps[1]);
  CHECK_THAT(refusal(plan, {}),
             Catch::StartsWith("/plan/steps/1/fqdn: 'EX2010.contoso.com' is not where EX16A is "
                               "reached (the org knows it as 'EX16A.contoso.com')"));
  plan.steps[1].fqdn = "ex16a.CONTOSO.com";  // DNS names compare case-insensitively
  CHECK(check_plan_against_org(plan, plan_org().org(), {}).has_value());
  // A server reached by FQDN from itself is still where it should be.
  CHECK(check_plan_against_org(plan, plan_org().org(), {"EX16A", false}).has_value());
}

TEST_CASE("plan check: a local step runs only on the server it was planned for",
          "[remediate][approval]") {
  PlanOptions on_ex16a = only("EX16A");
  on_ex16a.local_server = "EX16A";
  const Plan plan = plan_of(on_ex16a);
  REQUIRE(plan.steps[0].fqdn.empty());
  CHECK_THAT(refusal(plan, {"EX13A", false}),
             Catch::StartsWith("/plan/steps/0/fqdn: runs on the server casdoctor runs on, which "
                               "is now 'EX13A', not EX16A"));
  CHECK_THAT(refusal(plan, {"", false}),
             Catch::StartsWith("/plan/steps/0/fqdn: runs on the server casdoctor runs on, which "
                               "is not known here"));
}

TEST_CASE("plan check: a step of a server that is no target", "[remediate][approval]") {
  Plan plan = plan_of({});
  plan.steps[0].server = "EX2010";
  CHECK_THAT(refusal(plan, {}),
             Catch::StartsWith("/plan/steps/0/server: 'EX2010' is not a target of the plan"));
}

TEST_CASE("planner: a logon address the plan could not read back is refused",
          "[remediate][approval][logon]") {
  auto org = plan_org();
  for (auto& server : org.snapshot.exchange_servers) {
    if (server.name == "EX16A") server.fqdn = "ex16a .contoso.com";
  }
  PlanOptions options = only("EX16A");
  options.verify = test::evil_verify();
  options.verify->addresses.clear();
  const auto refused = plan_for(org, options);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ExitCode::bad_input);
  CHECK_THAT(refused.error().message,
             Catch::StartsWith("EX16A's FQDN 'ex16a .contoso.com' is not a host name the logon "
                               "step can connect to: give the server's address with --via "
                               "EX16A=HOST[:PORT]"));

  options.verify->addresses = {{"EX16A", "10.0.0.16:443"}};
  auto plan = plan_for(org, options);
  REQUIRE(plan.has_value());
  Report report = test::sample_report();
  report.command = "remediate";
  report.plan = std::move(*plan);
  const auto back = plan_from_json(nlohmann::json::parse(render_json(report)));
  INFO((back ? std::string() : back.error().message));
  CHECK(back.has_value());
}

TEST_CASE("plan json: a logon address is one HOST[:PORT], as the planner writes it",
          "[remediate][approval][logon]") {
  for (const char* address : {"a,b", " ex16a.contoso.com", "ex16a.contoso.com:", "", "a=b"}) {
    INFO(address);
    CHECK_FALSE(parse_logon_address(address).has_value());
  }
  for (const char* address : {"ex16a.contoso.com", "10.0.0.16:443", "[::1]:4432", "[::1]"}) {
    INFO(address);
    CHECK(parse_logon_address(address).has_value());
  }
}

namespace {

Report executed_report(StepStatus status) {
  Report r = test::sample_report();
  r.command = "remediate";
  r.plan = plan_of(only("EX16A"));
  r.plan->dry_run = false;
  for (auto& step : r.plan->steps) {
    step.status = status;
    step.exit_code = 0;
    step.duration_ms = 10;
    step.output = "done";
  }
  return r;
}

Diagnosis clean_after() {
  Diagnosis d;
  d.servers = test::sample_report().servers;
  Finding exposed;
  exposed.id = "kb4294204.susceptible";
  exposed.severity = Severity::warning;
  exposed.server = "EX16A";
  exposed.summary = "EX16A is below the KB4294204 fix level";
  d.findings = {exposed};
  d.status = Status::warning;
  return d;
}

}  // namespace

TEST_CASE("after state: the report is what the run left, the before stays in the plan",
          "[remediate][approval]") {
  Report r = executed_report(StepStatus::succeeded);
  const auto before_findings = r.findings;
  const auto before_status = r.status;
  REQUIRE(before_status == Status::critical);
  apply_after_state(r, Status::ok, clean_after());
  CHECK(r.status == Status::warning);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].id == "kb4294204.susceptible");
  REQUIRE(r.before.has_value());
  CHECK(r.before->status == before_status);
  CHECK(r.before->findings.size() == before_findings.size());

  const auto json = nlohmann::json::parse(render_json(r));
  test::keep_json_document("remediate-after-state", render_json(r));
  CHECK(json.at("status") == "warning");
  CHECK(json.at("exit_code") == 1);
  CHECK(json.at("plan").at("before").at("status") == "critical");
  CHECK(json.at("plan").at("before").at("findings").size() == before_findings.size());
  // The plan still reads back (a report of an executed plan can be reviewed).
  CHECK(plan_from_json(json).has_value());

  const auto text = render_text(r, TextStyle{});
  CHECK_THAT(text, Catch::Contains("Status and findings: the org after the run. Before it: "
                                   "CRITICAL"));
  CHECK_THAT(text, Catch::Contains("FINDINGS AFTER THE RUN (1)"));
  CHECK_THAT(text, Catch::Contains("FINDINGS BEFORE THE RUN ("));
  const auto markdown = render_markdown(r);
  CHECK_THAT(markdown, Catch::Contains("## Findings after the run"));
  CHECK_THAT(markdown, Catch::Contains("## Findings before the run"));
  CHECK_THAT(markdown, Catch::Contains("Status before the run: CRITICAL."));
}

TEST_CASE("after state: a failed step stays critical whatever the org shows",
          "[remediate][approval]") {
  Report r = executed_report(StepStatus::failed);
  apply_after_state(r, Status::critical, clean_after());
  CHECK(r.status == Status::critical);
}

TEST_CASE("after state: not collected is unknown, never ok", "[remediate][approval]") {
  Report r = executed_report(StepStatus::succeeded);
  const Result<Diagnosis> failed = std::unexpected(Error{ExitCode::unknown, "PowerShell died"});
  apply_after_state(r, Status::ok, failed);
  CHECK(r.status == Status::unknown);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].id == k_after_unknown_id);
  CHECK(r.findings[0].severity == Severity::unknown);
  CHECK_THAT(r.findings[0].summary, Catch::Contains("PowerShell died"));
  CHECK(r.before.has_value());
  test::keep_json_document("remediate-after-unknown", render_json(r));
}

TEST_CASE("after state: which plans touched a server", "[remediate][approval]") {
  CHECK_FALSE(any_step_ran(plan_of({})));
  CHECK(any_step_ran(executed_report(StepStatus::failed).plan.value()));
  CHECK(any_step_ran(executed_report(StepStatus::interrupted).plan.value()));
  CHECK_FALSE(any_step_ran(executed_report(StepStatus::skipped).plan.value()));
}
