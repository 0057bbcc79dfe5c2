// execute_plan against a fake runner, journal and clock: order, overlap,
// the stop rules, the success rule (exit status AND services' state),
// timeouts, a failing journal and Ctrl-C.
#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/core/sha256.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/remediate/execute.hpp"
#include "casdoctor/remediate/service_state.hpp"

#include "fake_journal.hpp"
#include "fake_process_runner.hpp"
#include "healthy_server.hpp"

namespace {

using namespace std::chrono_literals;
using namespace casdoctor;
using test::FakeAnswer;
using test::FakeJournal;
using test::FakeProcessRunner;
using Json = nlohmann::ordered_json;

class FixedClock final : public Clock {
 public:
  TimePoint now() const override { return TimePoint(1529485200000ms); }  // 2018-06-20T09:00:00Z
};

std::string remote(const std::string& fqdn, const std::string& script) {
  return "Invoke-Command -ComputerName '" + fqdn + "' -ErrorAction Stop -ScriptBlock { " + script +
         " }";
}

PlanStep step(const std::string& server, const std::string& fqdn, StepAction action) {
  PlanStep step;
  step.server = server;
  step.fqdn = fqdn;
  step.action = action;
  return step;
}

// restart-topology, iisreset, check-services for each server.
Plan plan_for(const std::vector<std::string>& servers) {
  Plan plan;
  plan.local_server = "EX16B";
  for (const std::string& name : servers) {
    const std::string fqdn = to_lower_ascii(name) + ".contoso.com";
    plan.targets.push_back(name);
    PlanStep restart = step(name, fqdn, StepAction::restart_topology);
    restart.command = remote(fqdn, "Restart-Service -Name 'MSExchangeADTopology' -Force");
    PlanStep reset = step(name, fqdn, StepAction::iisreset);
    reset.command = remote(fqdn, "iisreset /noforce");
    PlanStep check = step(name, fqdn, StepAction::check_services);
    check.command = remote(fqdn,
                           "Get-Service -Name 'MSExchangeADTopology', 'W3SVC', 'WAS' | "
                           "Select-Object Name, Status | ConvertTo-Json # check-services");
    check.expect_running = {"MSExchangeADTopology", "W3SVC", "WAS"};
    plan.steps.insert(plan.steps.end(), {restart, reset, check});
  }
  return plan;
}

// What a restart prints first, and the query's answer (healthy_server.hpp).
const std::string& k_began = test::k_step_began;
const std::string& k_all_running = test::k_services_restarted;

const std::string k_iisreset_text =
    "Attempting stop...\r\nInternet services successfully stopped\r\nAttempting "
    "start...\r\nInternet services successfully restarted\r\n";

// Everything answers as on a healthy server.
struct Harness {
  FakeProcessRunner runner;
  FakeJournal journal;
  FixedClock clock;
  sys::ManualInterrupt interrupt;
  ExecuteOptions options;
  ExecuteServices services{runner, journal, clock, interrupt};

  Harness() {
    options.powershell = "/usr/bin/pwsh";
    options.operator_name = "CONTOSO\\admin";
    options.step_timeout = 90s;
    runner.on({"Restart-Service"},
              {.stdout_text = k_began + "WARNING: Waiting for service ...\r\n"});
    runner.on({"iisreset"}, {.stdout_text = k_began + k_iisreset_text});
    runner.on({"-Compress"}, {.stdout_text = k_all_running});
    runner.on({"# check-services"}, {.stdout_text = k_all_running});
    runner.journal_size = [this] { return journal.lines.size(); };
  }

  ExecutionSummary run(Plan& plan) { return execute_plan(plan, options, services); }
};

std::vector<StepStatus> statuses(const Plan& plan) {
  std::vector<StepStatus> all;
  for (const PlanStep& step : plan.steps) all.push_back(step.status);
  return all;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr StepStatus ok = StepStatus::succeeded;
constexpr StepStatus failed = StepStatus::failed;
constexpr StepStatus skipped = StepStatus::skipped;

}  // namespace

TEST_CASE("execute runs one server fully before the next (rolling)", "[execute]") {
  Harness h;
  Plan plan = plan_for({"EX16A", "EX13A"});
  const ExecutionSummary summary = h.run(plan);

  CHECK(summary.status == Status::ok);
  CHECK(summary.exit_code() == ExitCode::ok);
  CHECK(summary.succeeded == 6);
  CHECK_FALSE(summary.interrupted);
  CHECK_FALSE(plan.dry_run);
  CHECK(statuses(plan) == std::vector{ok, ok, ok, ok, ok, ok});
  const auto calls = h.runner.calls();
  REQUIRE(calls.size() == 10);  // 6 steps + a query after each restart and iisreset
  CHECK(calls.size() == process_count(plan));
  const std::vector<std::string> expected = {
      "ex16a.contoso.com' -ErrorAction Stop -ScriptBlock { Restart-Service",
      "ex16a.contoso.com' -ErrorAction Stop -ScriptBlock { $services = @(Get-CimInstance "
      "-ClassName 'Win32_Service' -Filter 'Name = ''MSExchangeADTopology''' |",
      "ex16a.contoso.com' -ErrorAction Stop -ScriptBlock { iisreset",
      "-Filter 'Name = ''IISADMIN'' OR Name = ''WAS'' OR Name = ''W3SVC''' |",
      "ex16a.contoso.com' -ErrorAction Stop -ScriptBlock { Get-Service -Name "
      "'MSExchangeADTopology', 'W3SVC', 'WAS' | Select-Object Name",
      "ex13a.contoso.com' -ErrorAction Stop -ScriptBlock { Restart-Service"};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(calls[i].script);
    CHECK(contains(calls[i].script, expected[i]));
  }
  CHECK(h.runner.max_concurrent() == 1);
  for (const PlanStep& step : plan.steps) {
    CHECK(step.exit_code == 0);
    CHECK(step.duration_ms.value_or(-1) >= 25);
  }
  CHECK(plan.steps[0].duration_ms == 50);  // the command and its query
  CHECK(contains(plan.steps[1].output, "Internet services successfully restarted\n"));
  CHECK(contains(plan.steps[1].output, "casdoctor: restarted and running: IISADMIN, WAS, W3SVC"));
  CHECK(contains(plan.steps[2].output, "casdoctor: running: MSExchangeADTopology, W3SVC, WAS"));
}

TEST_CASE("execute gives each run its timeout and the cancel flag", "[execute]") {
  Harness h;
  h.options.query_timeout = 7s;
  Plan plan = plan_for({"EX16A"});
  h.run(plan);
  const auto calls = h.runner.calls();
  REQUIRE(calls.size() == 5);
  CHECK(calls[0].timeout == 90s);
  CHECK(calls[1].timeout == 7s);
  CHECK(calls[4].timeout == 90s);
  for (const auto& call : calls) CHECK(call.has_cancel);
}

TEST_CASE("execute queries the local server without remoting", "[execute]") {
  Harness h;
  Plan plan = plan_for({"EX16B"});
  h.run(plan);
  const auto calls = h.runner.calls();
  REQUIRE(calls.size() == 5);
  CHECK(calls[1].script.starts_with("$services = @(Get-CimInstance -ClassName 'Win32_Service'"));
}

TEST_CASE("execute runs servers in parallel when asked", "[execute]") {
  Harness h;
  h.options.parallel = 2;
  h.runner.journal_size = nullptr;  // the probe is not thread-safe
  h.runner.on({"Restart-Service"}, {.stdout_text = k_began, .sleep = 300ms});
  Plan plan = plan_for({"EX16A", "EX13A", "EX16C"});
  const ExecutionSummary summary = h.run(plan);
  CHECK(summary.status == Status::ok);
  CHECK(summary.succeeded == 9);
  CHECK(h.runner.max_concurrent() == 2);
  CHECK(h.runner.calls().size() == 15);
  // Each server's steps still ran in their order.
  for (const std::string fqdn : {"ex16a", "ex13a", "ex16c"}) {
    std::vector<std::string> order;
    for (const auto& call : h.runner.calls())
      if (contains(call.script, fqdn) && !contains(call.script, "-Compress"))
        order.push_back(call.script);
    REQUIRE(order.size() == 3);
    CHECK(contains(order[0], "Restart-Service"));
    CHECK(contains(order[1], "iisreset"));
    CHECK(contains(order[2], "# check-services"));
  }
}

TEST_CASE("execute stops at the first failed server", "[execute]") {
  Harness h;
  h.runner.on({"ex16a", "Restart-Service"},
              {.exit_code = 1, .stderr_text = "Restart-Service : Service cannot be stopped\r\n"});
  Plan plan = plan_for({"EX16A", "EX13A"});
  const ExecutionSummary summary = h.run(plan);

  CHECK(statuses(plan) == std::vector{failed, skipped, skipped, skipped, skipped, skipped});
  CHECK(summary.status == Status::critical);
  CHECK(summary.exit_code() == ExitCode::critical);
  CHECK(summary.failed == 1);
  CHECK(summary.skipped == 5);
  CHECK(contains(summary.stopped_because, "EX16A"));
  CHECK(h.runner.count("ex13a") == 0);
  CHECK(plan.steps[0].exit_code == 1);
  CHECK(contains(plan.steps[0].output, "Service cannot be stopped"));
  CHECK_FALSE(plan.steps[1].exit_code.has_value());
}

TEST_CASE("execute with keep_going goes on to the next server", "[execute]") {
  Harness h;
  h.options.keep_going = true;
  h.runner.on({"ex16a", "Restart-Service"}, {.exit_code = 1});
  Plan plan = plan_for({"EX16A", "EX13A"});
  const ExecutionSummary summary = h.run(plan);
  // The failed server's own later steps are still skipped.
  CHECK(statuses(plan) == std::vector{failed, skipped, skipped, ok, ok, ok});
  CHECK(summary.status == Status::critical);
  CHECK(summary.stopped_because.empty());
}

TEST_CASE("execute fails a step whose services are not Running afterwards", "[execute]") {
  Harness h;
  h.runner.on({"ex16a", "Name = ''MSExchangeADTopology''' |"},
              {.stdout_text = R"({"Name":"MSExchangeADTopology","Status":1})"});
  Plan plan = plan_for({"EX16A"});
  h.run(plan);
  CHECK(plan.steps[0].status == failed);
  CHECK(plan.steps[0].exit_code == 0);
  CHECK(contains(plan.steps[0].output,
                 "casdoctor: not restarted and running after the step: MSExchangeADTopology "
                 "(Stopped)"));
}

TEST_CASE("execute fails iisreset with a non-zero exit even when the services run", "[execute]") {
  Harness h;
  h.runner.on(
      {"iisreset"},
      {.exit_code = 1, .stdout_text = k_began + "Internet services successfully restarted\r\n"});
  Plan plan = plan_for({"EX16A"});
  h.run(plan);
  CHECK(plan.steps[1].status == failed);
  CHECK(plan.steps[1].exit_code == 1);
  CHECK(contains(plan.steps[1].output,
                 "the services are restarted and running (IISADMIN, WAS, W3SVC), but the command "
                 "exited 1"));
}

TEST_CASE("execute fails a restart whose services did not start after it began", "[execute]") {
  Harness h;
  Plan plan = plan_for({"EX16A"});
  SECTION("iisreset exits 0, its services run since two days before") {
    h.runner.on(
        {"ex16a", "Name = ''IISADMIN'' OR Name = ''WAS'' OR Name = ''W3SVC'''"},
        {.stdout_text = R"({"Services":[{"Name":"IISADMIN","State":"Running","ProcessId":102},)"
                        R"({"Name":"WAS","State":"Running","ProcessId":103},)"
                        R"({"Name":"W3SVC","State":"Running","ProcessId":103}],)"
                        R"("Processes":[{"Id":102,"StartTime":"\/Date(1529312400000)\/"},)"
                        R"({"Id":103,"StartTime":"\/Date(1529485206000)\/"}]})"});
    h.run(plan);
    CHECK(plan.steps[1].status == failed);
    CHECK(plan.steps[1].exit_code == 0);
    CHECK(contains(plan.steps[1].output,
                   "casdoctor: not restarted and running after the step: IISADMIN (started "
                   "2018-06-18T09:00:00Z, before the step began at 2018-06-20T09:00:00Z)"));
    CHECK(plan.steps[2].status == skipped);
  }
  SECTION("no time on the restart's first lines") {
    h.runner.on({"iisreset"}, {.stdout_text = k_iisreset_text});
    h.run(plan);
    CHECK(plan.steps[1].status == failed);
    CHECK(contains(plan.steps[1].output, "casdoctor: cannot tell when the step began"));
  }
}

TEST_CASE("execute reads service states as names, with banners around", "[execute]") {
  Harness h;
  h.runner.on({"-Compress"},
              {.stdout_text = "WARNING: something\r\n" + k_all_running + "\r\ndone\r\n"});
  Plan plan = plan_for({"EX16A"});
  CHECK(h.run(plan).status == Status::ok);
}

TEST_CASE("execute fails when the state cannot be confirmed", "[execute]") {
  Harness h;
  SECTION("the query fails") {
    h.runner.on({"-Compress"}, {.exit_code = 1, .stderr_text = "Access is denied."});
  }
  SECTION("the query prints no JSON") {
    h.runner.on({"-Compress"}, {.stdout_text = "nothing here"});
  }
  SECTION("the query cannot start") {
    h.runner.on({"-Compress"}, {.cannot_start = true});
  }
  Plan plan = plan_for({"EX16A"});
  h.run(plan);
  CHECK(plan.steps[0].status == failed);
  CHECK(contains(plan.steps[0].output, "cannot confirm the services' state"));
}

TEST_CASE("execute checks check-services by its own output", "[execute]") {
  Harness h;
  h.runner.on({"# check-services"},
              {.stdout_text = "banner\n{\"Name\":\"MSExchangeADTopology\",\"Status\":4}\n"});
  Plan plan = plan_for({"EX16A"});
  h.run(plan);
  CHECK(plan.steps[2].status == failed);
  CHECK(contains(plan.steps[2].output, "W3SVC (not found), WAS (not found)"));
}

TEST_CASE("execute fails a step at its timeout", "[execute]") {
  Harness h;
  h.runner.on({"Restart-Service"}, {.outcome = sys::ProcessOutcome::timed_out,
                                    .stdout_text = "WARNING: Waiting for service 'x' to stop...",
                                    .duration = 90s});
  Plan plan = plan_for({"EX16A", "EX13A"});
  const ExecutionSummary summary = h.run(plan);
  CHECK(statuses(plan) == std::vector{failed, skipped, skipped, skipped, skipped, skipped});
  CHECK_FALSE(plan.steps[0].exit_code.has_value());
  CHECK(plan.steps[0].duration_ms == 90000);
  CHECK(contains(plan.steps[0].output, "casdoctor: timed out after 90 s (--step-timeout)"));
  CHECK(h.runner.calls().size() == 1);  // no query after a timeout
  CHECK(summary.status == Status::critical);
}

TEST_CASE("execute reports a shell that cannot start as a failed step", "[execute]") {
  Harness h;
  h.runner.on({"Restart-Service"}, {.cannot_start = true});
  Plan plan = plan_for({"EX16A"});
  h.run(plan);
  CHECK(plan.steps[0].status == failed);
  CHECK(contains(plan.steps[0].output, "cannot start 'powershell'"));
}

TEST_CASE("execute stops before the next action when the journal fails", "[execute]") {
  Harness h;
  Plan plan = plan_for({"EX16A", "EX13A"});
  SECTION("the start line") {
    h.journal.fail_from = 1;
    const ExecutionSummary summary = h.run(plan);
    CHECK(h.runner.calls().empty());
    CHECK(summary.succeeded == 0);
    CHECK(summary.skipped == 6);
    REQUIRE(summary.journal_error.has_value());
    CHECK(contains(summary.journal_error->message, "No space left"));
    CHECK(summary.status == Status::critical);
  }
  SECTION("the intent of the second step") {
    h.journal.fail_from = 4;  // start, intent 1, outcome 1, intent 2
    const ExecutionSummary summary = h.run(plan);
    CHECK(h.runner.calls().size() == 2);  // step 1 and its query, nothing after
    CHECK(statuses(plan) == std::vector{ok, skipped, skipped, skipped, skipped, skipped});
    CHECK(contains(summary.stopped_because, "journal"));
    CHECK(summary.journal_error.has_value());
  }
  SECTION("the outcome of the first step") {
    h.journal.fail_from = 3;
    const ExecutionSummary summary = h.run(plan);
    CHECK(h.runner.calls().size() == 2);
    CHECK(statuses(plan) == std::vector{ok, skipped, skipped, skipped, skipped, skipped});
    CHECK(summary.status == Status::critical);
  }
}

TEST_CASE("execute stops the running step at Ctrl-C", "[execute]") {
  Harness h;
  h.runner.on({"ex16a", "iisreset"}, {.side_effect = [&h] { h.interrupt.raise(); }});
  Plan plan = plan_for({"EX16A", "EX13A"});
  const ExecutionSummary summary = h.run(plan);
  CHECK(statuses(plan) ==
        std::vector{ok, StepStatus::interrupted, skipped, skipped, skipped, skipped});
  CHECK(summary.interrupted);
  CHECK(summary.interrupted_steps == 1);
  CHECK(summary.exit_code() == ExitCode::interrupted);
  CHECK(summary.status == Status::critical);
  CHECK(h.runner.calls().size() == 3);
  CHECK(contains(plan.steps[1].output, "casdoctor: interrupted"));
  const Json& outcome = h.journal.lines.at(4);
  CHECK(outcome["event"] == "outcome");
  CHECK(outcome["status"] == "interrupted");
  CHECK(h.journal.lines.back()["event"] == "end");
}

TEST_CASE("execute writes an intent line before each action and an outcome after", "[execute]") {
  Harness h;
  Plan plan = plan_for({"EX16A"});
  h.run(plan);
  const auto& lines = h.journal.lines;
  REQUIRE(lines.size() == 8);  // start, 3 x (intent, outcome), end
  CHECK(lines[0]["event"] == "start");
  CHECK(lines[7]["event"] == "end");
  CHECK(lines[7]["status"] == "ok");
  // The runner saw the intent line already written when each command began.
  const auto calls = h.runner.calls();
  CHECK(calls[0].journal_lines == 2);
  CHECK(calls[2].journal_lines == 4);
  CHECK(calls[4].journal_lines == 6);
  const std::vector<std::string> members = {"time",   "event",        "operator",  "server",
                                            "action", "command",      "exit_code", "duration_ms",
                                            "status", "output_sha256"};
  for (std::size_t i = 1; i < 7; ++i) {
    std::vector<std::string> keys;
    for (const auto& item : lines[i].items()) keys.push_back(item.key());
    CHECK(keys == members);
    CHECK(lines[i]["event"] == (i % 2 == 1 ? "intent" : "outcome"));
    CHECK(lines[i]["time"] == "2018-06-20T09:00:00Z");
    CHECK(lines[i]["operator"] == "CONTOSO\\admin");
    CHECK(lines[i]["server"] == "EX16A");
    CHECK(lines[i]["command"] == plan.steps[(i - 1) / 2].command);
  }
  CHECK(lines[1]["action"] == "restart-topology");
  CHECK(lines[1]["status"] == "planned");
  CHECK(lines[1]["exit_code"].is_null());
  CHECK(lines[2]["status"] == "succeeded");
  CHECK(lines[2]["exit_code"] == 0);
  CHECK(lines[2]["duration_ms"] == 50);
  CHECK(lines[2]["output_sha256"] == sha256_hex(plan.steps[0].output));
}

TEST_CASE("execute keeps the end of a long output, the digest covers all of it", "[execute]") {
  Harness h;
  h.options.output_limit = 100;
  const std::string long_text = k_began + std::string(5000, 'x') + "\nthe end\n";
  h.runner.on({"Restart-Service"}, {.stdout_text = long_text});
  Plan plan = plan_for({"EX16A"});
  h.run(plan);
  const std::string& output = plan.steps[0].output;
  CHECK(output.starts_with("[casdoctor: the first "));
  CHECK(output.size() < 200);
  CHECK(contains(output, "the end\ncasdoctor: restarted and running: MSExchangeADTopology\n"));
  CHECK(h.journal.lines[2]["output_sha256"] !=
        sha256_hex(output));  // the digest is of the full output
}

TEST_CASE("parse_service_states takes PowerShell 5.1's shapes", "[execute]") {
  const auto one =
      parse_service_states("{\r\n    \"Name\":  \"W3SVC\",\r\n    \"Status\":  4\r\n}");
  REQUIRE(one.has_value());
  REQUIRE(one->size() == 1);
  CHECK((*one)[0].status == "Running");
  const auto wrapped = parse_service_states(R"({"value":[{"Name":"WAS","Status":3}],"Count":1})");
  REQUIRE(wrapped.has_value());
  CHECK((*wrapped)[0].status == "StopPending");
  CHECK_FALSE(parse_service_states("WARNING: no JSON here").has_value());
  CHECK_FALSE(parse_service_states(R"([{"Nom":"x"}])").has_value());
  CHECK(not_running({{"w3svc", "Running"}}, {"W3SVC", "WAS"}) ==
        std::vector<std::string>{"WAS (not found)"});
}

TEST_CASE("service_query_script quotes every name", "[execute]") {
  const std::string script =
      service_query_script({"W3SVC", "x'; Remove-Item C:\\ -Recurse; '"}, "ex1'.contoso.com");
  CHECK(
      script ==
      "Invoke-Command -ComputerName 'ex1''.contoso.com' -ErrorAction Stop -ScriptBlock { "
      "$services = @(Get-CimInstance -ClassName 'Win32_Service' -Filter 'Name = ''W3SVC'' OR Name "
      "= ''x\\''; Remove-Item C:\\\\ -Recurse; \\''''' | Select-Object -Property 'Name', "
      "'State', 'ProcessId'); $ids = @($services | Where-Object -Property 'ProcessId' -GT "
      "-Value 0 | Select-Object -ExpandProperty 'ProcessId'); $processes = @(); if ($ids) { "
      "$processes = @(Get-Process -Id $ids -ErrorAction SilentlyContinue | Select-Object "
      "-Property 'Id', 'StartTime') }; [pscustomobject]@{ Services = $services; Processes = "
      "$processes } | "
      "ConvertTo-Json -Depth 4 -Compress }\n");
}

TEST_CASE("execute leaves steps decided before it alone", "[execute]") {
  Harness h;
  Plan plan = plan_for({"EX16A", "EX13A"});
  for (std::size_t i = 0; i < 3; ++i) {
    plan.steps[i].status = skipped;  // a recheck found EX16A fine
    plan.steps[i].output = "not run: EX16A no longer holds a stale value (recheck)";
  }
  const ExecutionSummary summary = h.run(plan);
  CHECK(statuses(plan) == std::vector{skipped, skipped, skipped, ok, ok, ok});
  CHECK(plan.steps[0].output == "not run: EX16A no longer holds a stale value (recheck)");
  CHECK(summary.status == Status::ok);
  CHECK(summary.exit_code() == ExitCode::ok);
  for (const auto& call : h.runner.calls()) CHECK_FALSE(contains(call.script, "ex16a"));
}
