// The plan in a JSON report, and read back: a saved dry run must give back
// exactly the plan, and anything edited or missing is refused by pointer.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/remediate/plan_json.hpp"
#include "casdoctor/report/render.hpp"

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

nlohmann::json json_of(const Report& r, const std::string& keep_as) {
  const auto text = render_json(r);
  test::keep_json_document(keep_as, text);
  return nlohmann::json::parse(text);
}

void check_same(const Plan& a, const Plan& b) {
  CHECK(a.dry_run == b.dry_run);
  CHECK(a.created_at == b.created_at);
  CHECK(a.local_server == b.local_server);
  CHECK(a.targets == b.targets);
  CHECK(a.evidence == b.evidence);
  CHECK(a.proof == b.proof);
  CHECK(a.notes == b.notes);
  REQUIRE(a.steps.size() == b.steps.size());
  for (std::size_t i = 0; i < a.steps.size(); ++i) {
    const auto& x = a.steps[i];
    const auto& y = b.steps[i];
    CHECK(x.server == y.server);
    CHECK(x.fqdn == y.fqdn);
    CHECK(x.action == y.action);
    CHECK(x.command == y.command);
    CHECK(x.impact == y.impact);
    CHECK(x.on_failure == y.on_failure);
    CHECK(x.expect_running == y.expect_running);
    CHECK(x.logon == y.logon);
    CHECK(x.status == y.status);
    CHECK(x.exit_code == y.exit_code);
    CHECK(x.duration_ms == y.duration_ms);
    CHECK(x.output == y.output);
  }
}

std::string error_of(const nlohmann::json& doc) {
  const auto plan = plan_from_json(doc);
  REQUIRE_FALSE(plan.has_value());
  CHECK(plan.error().code == ExitCode::bad_input);
  return plan.error().message;
}

// An edit of a good document, and the start of the error it must give.
struct Mutation {
  const char* what;
  std::function<void(nlohmann::json&)> mutate;
  std::string message;
};

void check_refusals(const nlohmann::json& good, const std::vector<Mutation>& mutations) {
  for (const auto& m : mutations) {
    INFO(m.what);
    auto doc = good;
    m.mutate(doc);
    CHECK_THAT(error_of(doc), Catch::StartsWith(m.message));
  }
}

}  // namespace

TEST_CASE("plan json: the contract's members and the extra ones", "[remediate]") {
  PlanOptions o;
  o.local_server = "EX16A";
  const auto doc = json_of(plan_report(o), "plan-local");
  const auto& plan = doc.at("plan");
  CHECK(plan.at("dry_run") == true);
  CHECK(plan.at("created_at") == "2018-06-20T10:00:00Z");
  CHECK(plan.at("local_server") == "EX16A");
  CHECK(plan.at("targets").size() == 2);
  const auto& step = plan.at("steps").at(0);
  CHECK(step.at("server") == "EX16A");
  CHECK(step.at("action") == "restart-topology");
  CHECK(step.at("command") ==
        "Get-Date -Format o; Restart-Service -Name 'MSExchangeADTopology' -Force");
  CHECK(step.at("status") == "planned");
  CHECK(step.at("exit_code").is_null());
  CHECK(step.at("duration_ms").is_null());
  CHECK(step.at("output").is_null());
  CHECK(step.at("fqdn") == "");
  CHECK(step.at("impact").size() == 4);  // dependents, databases, mail flow, maintenance first
  CHECK(plan.at("steps").at(2).at("expect_running").size() == 6);
}

TEST_CASE("plan json: round trip", "[remediate]") {
  for (const auto& c : test::plan_cases()) {
    INFO(c.name);
    const auto report = plan_report(c.options);
    const auto back = plan_from_json(json_of(report, c.name));
    INFO((back ? std::string() : back.error().message));
    REQUIRE(back.has_value());
    check_same(*report.plan, *back);
  }
}

TEST_CASE("plan json: round trip of an executed plan", "[remediate]") {
  auto report = plan_report({});
  auto& plan = *report.plan;
  plan.dry_run = false;
  plan.steps[0].status = StepStatus::succeeded;
  plan.steps[0].exit_code = 0;
  plan.steps[0].duration_ms = 41250;
  plan.steps[0].output = "WARNING: Waiting for service 'x' to stop...\n";
  plan.steps[1].status = StepStatus::failed;
  plan.steps[1].exit_code = 1;
  plan.steps[1].duration_ms = 20000;
  plan.steps[2].status = StepStatus::interrupted;
  for (std::size_t i = 3; i < plan.steps.size(); ++i) plan.steps[i].status = StepStatus::skipped;
  report.before = BeforeRun{report.status, report.findings};  // as every executed report has
  const auto doc = json_of(report, "plan-executed");
  CHECK(doc.at("plan").at("steps").at(1).at("output") == "");
  const auto back = plan_from_json(doc);
  REQUIRE(back.has_value());
  check_same(plan, *back);
}

TEST_CASE("plan json: nothing to do round-trips", "[remediate]") {
  auto report = plan_report({});
  report.plan->targets.clear();
  report.plan->evidence.clear();
  report.plan->proof.clear();
  report.plan->steps.clear();
  const auto back = plan_from_json(json_of(report, "plan-nothing"));
  REQUIRE(back.has_value());
  CHECK(back->steps.empty());
}

TEST_CASE("plan json: strict, errors name the JSON pointer", "[remediate]") {
  const auto good = json_of(plan_report({}), "plan-strict-base");
  const std::vector<Mutation> cases{
      {"not an object", [](auto& d) { d = nlohmann::json::array(); },
       "/: expected an object, got a array"},
      {"other schema", [](auto& d) { d["schema"] = "casdoctor.report/2"; }, "/schema: expected"},
      {"no plan", [](auto& d) { d.erase("plan"); }, "/plan: missing"},
      {"plan not an object", [](auto& d) { d["plan"] = 1; }, "/plan: expected an object"},
      {"dry_run as text", [](auto& d) { d["plan"]["dry_run"] = "true"; },
       "/plan/dry_run: expected true or false"},
      {"created_at", [](auto& d) { d["plan"]["created_at"] = "yesterday"; },
       "/plan/created_at: expected an ISO 8601"},
      {"targets", [](auto& d) { d["plan"]["targets"][1] = 7; },
       "/plan/targets/1: expected a string"},
      {"evidence count", [](auto& d) { d["plan"]["evidence"].erase(0); },
       "/plan/evidence: expected one line per target"},
      {"notes missing", [](auto& d) { d["plan"].erase("notes"); }, "/plan/notes: missing"},
      {"steps", [](auto& d) { d["plan"]["steps"] = nlohmann::json::object(); },
       "/plan/steps: expected an array"},
      {"step fqdn", [](auto& d) { d["plan"]["steps"][1].erase("fqdn"); },
       "/plan/steps/1/fqdn: missing"},
      {"step action", [](auto& d) { d["plan"]["steps"][0]["action"] = "reboot"; },
       "/plan/steps/0/action: unknown action \"reboot\""},
      {"step status", [](auto& d) { d["plan"]["steps"][0]["status"] = "done"; },
       "/plan/steps/0/status: unknown status"},
      {"exit_code float", [](auto& d) { d["plan"]["steps"][0]["exit_code"] = 1.5; },
       "/plan/steps/0/exit_code: expected an integer or null"},
      {"duration negative", [](auto& d) { d["plan"]["steps"][0]["duration_ms"] = -1; },
       "/plan/steps/0/duration_ms: out of range"},
      {"output number", [](auto& d) { d["plan"]["steps"][0]["output"] = 0; },
       "/plan/steps/0/output: expected a string or null"},
      {"edited command",
       [](auto& d) {
         d["plan"]["steps"][1]["command"] =
             "Invoke-Command -ComputerName 'EX16A.contoso.com' -ScriptBlock { Remove-Item C:\\ "
             "-Recurse }";
       },
       "/plan/steps/1/command: not the command casdoctor makes for iisreset on EX16A.contoso.com"},
      {"fqdn changed under the command",
       [](auto& d) { d["plan"]["steps"][0]["fqdn"] = "evil.example"; },
       "/plan/steps/0/command: not the command"},
      {"check without services",
       [](auto& d) { d["plan"]["steps"][2]["expect_running"] = nlohmann::json::array(); },
       "/plan/steps/2/expect_running: a check-services step names no service"},
      {"step of another server", [](auto& d) { d["plan"]["steps"][0]["server"] = "EX16B"; },
       "/plan/steps/0/server: \"EX16B\" is not among the plan's targets"},
  };
  check_refusals(good, cases);
}

TEST_CASE("plan json: a verify-logon step's logon, strictly", "[remediate][logon]") {
  PlanOptions options;
  options.verify = test::evil_verify();
  const auto good = json_of(plan_report(options), "plan-logon-strict-base");
  const auto& logon = good.at("plan").at("steps").at(3);
  REQUIRE(logon.at("action") == "verify-logon");
  CHECK(logon.at("logon").at("address") == "127.0.0.1:4431");
  CHECK(logon.at("logon").at("deadline_ms") == 300000);
  CHECK(logon.at("logon").at("interval_ms") == 1500);
  CHECK(good.at("plan").at("steps").at(0).at("logon").is_null());
  CHECK(good.dump().find("password") == std::string::npos);

  const std::vector<Mutation> cases{
      {"logon on a restart step",
       [&](auto& d) { d["plan"]["steps"][0]["logon"] = logon.at("logon"); },
       "/plan/steps/0/logon: only a verify-logon step has a logon"},
      {"logon missing", [](auto& d) { d["plan"]["steps"][3].erase("logon"); },
       "/plan/steps/3/logon: missing"},
      {"logon null", [](auto& d) { d["plan"]["steps"][3]["logon"] = nullptr; },
       "/plan/steps/3/logon: missing"},
      {"user edited", [](auto& d) { d["plan"]["steps"][3]["logon"]["user"] = "CONTOSO\\eve"; },
       "/plan/steps/3/command: not the command casdoctor makes for verify-logon"},
      {"address edited",
       [](auto& d) { d["plan"]["steps"][3]["logon"]["address"] = "evil.example:443"; },
       "/plan/steps/3/command: not the command"},
      {"deadline edited", [](auto& d) { d["plan"]["steps"][3]["logon"]["deadline_ms"] = 1; },
       "/plan/steps/3/command: not the command"},
      {"deadline zero", [](auto& d) { d["plan"]["steps"][3]["logon"]["deadline_ms"] = 0; },
       "/plan/steps/3/logon/deadline_ms: out of range"},
      {"interval text", [](auto& d) { d["plan"]["steps"][3]["logon"]["interval_ms"] = "10s"; },
       "/plan/steps/3/logon/interval_ms: expected an integer"},
      {"url not a url", [](auto& d) { d["plan"]["steps"][3]["logon"]["url"] = "mail"; },
       "/plan/steps/3/logon/url: "},
      {"empty user", [](auto& d) { d["plan"]["steps"][3]["logon"]["user"] = ""; },
       "/plan/steps/3/logon/user: empty"},
      {"bad address", [](auto& d) { d["plan"]["steps"][3]["logon"]["address"] = "a b"; },
       "/plan/steps/3/logon/address: not HOST[:PORT]"},
      {"logon not an object", [](auto& d) { d["plan"]["steps"][3]["logon"] = "x"; },
       "/plan/steps/3/logon: expected an object"},
  };
  check_refusals(good, cases);
}

TEST_CASE("plan json: a plan saved before logon steps existed still reads", "[remediate]") {
  auto doc = json_of(plan_report({}), "plan-before-logon");
  for (auto& step : doc["plan"]["steps"]) step.erase("logon");
  const auto back = plan_from_json(doc);
  REQUIRE(back.has_value());
  CHECK(back->steps.size() == 6);
}
