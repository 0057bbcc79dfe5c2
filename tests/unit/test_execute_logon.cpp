// verify-logon steps in execute_plan (remediate --verify): the logon through
// the step's server, retried until it works, until waiting cannot help, or
// until the deadline; Ctrl-C while waiting; no password anywhere but the
// POST body.
#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/remediate/execute.hpp"
#include "casdoctor/remediate/plan.hpp"

#include "fake_http.hpp"
#include "fake_journal.hpp"
#include "fake_process_runner.hpp"

namespace {

using namespace std::chrono_literals;
using namespace casdoctor;
using test::accepted;
using test::FakeHttpClient;
using test::FakeJournal;
using test::FakeProcessRunner;
using test::logon_redirect;
using test::owa_page;
using test::proxy_500;
using test::Reply;
using test::response;

// Time moves only when the executor waits (and a little per request).
class ManualClock final : public Clock {
 public:
  TimePoint now() const override {
    t_ += 5ms;
    return t_;
  }
  void advance(std::chrono::milliseconds d) { t_ += d; }

 private:
  mutable TimePoint t_{1529485200000ms};  // 2018-06-20T09:00:00Z
};

const std::string k_password = "Pa55'w0rd; $(Stop-Computer)";

const std::vector<Reply> k_works{accepted(), owa_page()};
const std::vector<Reply> k_stale{accepted(), proxy_500()};
// The mailbox opens, but nothing proves an Exchange 2010 back end served it.
const std::vector<Reply> k_unproven{accepted(),
                                    response(200, {{"X-OWA-Version", "15.1.2507.6"}}, "<html/>")};
const std::vector<Reply> k_refused{
    std::unexpected(sys::HttpError{sys::HttpFailure::connect, "Connection refused"})};
const std::vector<Reply> k_bad_password{logon_redirect(2)};

PlanStep logon_step(const std::string& server, const std::string& address) {
  PlanStep step;
  step.server = server;
  step.fqdn = address;
  step.action = StepAction::verify_logon;
  step.logon = LogonCheck{"https://mail.contoso.com/owa", "CONTOSO\\alice", address, 60s, 10s};
  step.command = step_command(step);
  return step;
}

struct Harness {
  FakeProcessRunner runner;
  FakeJournal journal;
  ManualClock clock;
  sys::ManualInterrupt interrupt;
  FakeHttpClient http;
  ExecuteOptions options;
  ExecuteServices services{runner, journal, clock, interrupt};
  std::vector<std::chrono::milliseconds> waits;

  explicit Harness(std::vector<std::vector<Reply>> scripts) : http(std::move(scripts)) {
    options.operator_name = "CONTOSO\\admin";
    options.password = &k_password;
    options.http.ca_file = "/etc/lab-ca.pem";
    services.http = &http;
    services.wait = [this](std::chrono::milliseconds pause) {
      waits.push_back(pause);
      clock.advance(pause);
      return true;
    };
  }

  ExecutionSummary run(Plan& plan) { return execute_plan(plan, options, services); }
};

Plan plan_of(std::vector<PlanStep> steps) {
  Plan plan;
  for (const auto& step : steps) {
    if (plan.targets.empty() || plan.targets.back() != step.server)
      plan.targets.push_back(step.server);
  }
  plan.steps = std::move(steps);
  return plan;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("execute: a verify-logon step that works at once succeeds without waiting",
          "[execute][logon]") {
  Harness h({k_works});
  Plan plan = plan_of({logon_step("EX16A", "127.0.0.1:4431")});
  const auto summary = h.run(plan);
  CHECK(summary.status == Status::ok);
  CHECK(plan.steps[0].status == StepStatus::succeeded);
  CHECK_FALSE(plan.steps[0].exit_code.has_value());
  CHECK(contains(plan.steps[0].output, "attempt 1 at 2018-06-20T09:00:00"));
  CHECK(contains(plan.steps[0].output, "casdoctor: the logon through EX16A works (1 attempt)"));
  CHECK(h.waits.empty());
  CHECK(h.runner.calls().empty());  // no PowerShell for a logon
  REQUIRE(summary.logons.size() == 1);
  CHECK(summary.logons[0].outcome == LogonOutcome::ok);
  CHECK(summary.logons[0].via == "EX16A");
  CHECK(summary.logons[0].user == "CONTOSO\\alice");
}

TEST_CASE("execute: a logon without proof of the 2010 back end succeeds at once and says so",
          "[execute][logon][logon-proof]") {
  Harness h({k_unproven, k_works});
  Plan plan =
      plan_of({logon_step("EX16A", "127.0.0.1:4431"), logon_step("EX16B", "127.0.0.1:4432")});
  const auto summary = h.run(plan);
  CHECK(plan.steps[0].status == StepStatus::succeeded);
  CHECK(plan.steps[1].status == StepStatus::succeeded);  // the plan goes on
  CHECK(h.waits.empty());                                // waiting would not change it
  CHECK(contains(plan.steps[0].output,
                 "the logon through EX16A opened the mailbox (1 attempt) but did not prove an "
                 "Exchange 2010 back end: mailbox opened; the back end is Exchange 15.1.2507.6"));
  REQUIRE(summary.logons.size() == 2);
  CHECK(summary.logons[0].outcome == LogonOutcome::backend_not_proven);
}

TEST_CASE("execute: the logon goes to the step's address with the namespace's TLS options",
          "[execute][logon]") {
  Harness h({k_works});
  Plan plan = plan_of({logon_step("EX16A", "[::1]:4431")});
  h.run(plan);
  REQUIRE(h.http.opened.size() == 1);
  REQUIRE(h.http.opened[0].connect_to.has_value());
  CHECK(h.http.opened[0].connect_to->host == "::1");
  CHECK(h.http.opened[0].connect_to->port == 4431);
  CHECK(h.http.opened[0].ca_file == "/etc/lab-ca.pem");
}

TEST_CASE("execute: a front end that recovers after IISReset passes on a later attempt",
          "[execute][logon]") {
  Harness h({k_refused, k_stale, k_works});
  Plan plan = plan_of({logon_step("EX16A", "ex16a.contoso.com")});
  const auto summary = h.run(plan);
  CHECK(plan.steps[0].status == StepStatus::succeeded);
  CHECK(h.waits == std::vector<std::chrono::milliseconds>{10s, 10s});
  const std::string& output = plan.steps[0].output;
  CHECK(contains(output, "attempt 1 at 2018-06-20T09:00:00"));
  CHECK(contains(output, ": connect-error"));
  CHECK(contains(output, ": proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound"));
  CHECK(contains(output, "works (3 attempts)"));
  REQUIRE(summary.logons.size() == 1);
  CHECK(summary.logons[0].outcome == LogonOutcome::ok);
  CHECK(*plan.steps[0].duration_ms >= 20'000);
}

TEST_CASE("execute: a front end still stale at the deadline fails its step and stops the rest",
          "[execute][logon]") {
  Harness h({k_stale});
  Plan plan =
      plan_of({logon_step("EX16A", "ex16a.contoso.com"), logon_step("EX16B", "ex16b.contoso.com")});
  const auto summary = h.run(plan);
  CHECK(plan.steps[0].status == StepStatus::failed);
  CHECK(plan.steps[1].status == StepStatus::skipped);
  CHECK(summary.exit_code() == ExitCode::critical);
  CHECK(summary.stopped_because == "step verify-logon failed on EX16A");
  // 60 s deadline, 10 s apart: attempts at 0, 10, ..., 50 s; a 7th would start after 60 s.
  CHECK(h.waits.size() == 5);
  CHECK(contains(plan.steps[0].output,
                 "did not work within 1m (--verify-deadline, 6 attempts); last: proxy-failure, "
                 "HTTP 500, X-CasErrorCode ServerNotFound, X-FEServer EX16A"));
  REQUIRE(summary.logons.size() == 1);
  CHECK(summary.logons[0].cas_error_code == "ServerNotFound");
}

TEST_CASE("execute: bad credentials fail the step at once: waiting cannot fix them",
          "[execute][logon]") {
  Harness h({k_bad_password});
  Plan plan = plan_of({logon_step("EX16A", "ex16a.contoso.com")});
  h.run(plan);
  CHECK(plan.steps[0].status == StepStatus::failed);
  CHECK(h.waits.empty());
  CHECK(contains(plan.steps[0].output, "bad-credentials through EX16A: waiting cannot fix this"));
}

TEST_CASE("execute: Ctrl-C while waiting for the logon interrupts the step", "[execute][logon]") {
  Harness h({k_stale});
  h.services.wait = [&h](std::chrono::milliseconds) {
    h.interrupt.raise();
    return false;
  };
  Plan plan =
      plan_of({logon_step("EX16A", "ex16a.contoso.com"), logon_step("EX16B", "ex16b.contoso.com")});
  const auto summary = h.run(plan);
  CHECK(plan.steps[0].status == StepStatus::interrupted);
  CHECK(plan.steps[1].status == StepStatus::skipped);
  CHECK(summary.exit_code() == ExitCode::interrupted);
}

TEST_CASE("execute: the real wait returns early when interrupted", "[execute][logon]") {
  sys::ManualInterrupt interrupt;
  CHECK(sys::sleep_unless_interrupted(1ms, interrupt));
  interrupt.raise();
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(sys::sleep_unless_interrupted(1h, interrupt));
  CHECK(std::chrono::steady_clock::now() - start < 1min);
}

TEST_CASE("execute: a verify-logon step without a password or HTTP client fails, never throws",
          "[execute][logon]") {
  Harness h({k_works});
  h.options.password = nullptr;
  Plan plan = plan_of({logon_step("EX16A", "ex16a.contoso.com")});
  h.run(plan);
  CHECK(plan.steps[0].status == StepStatus::failed);
  CHECK(contains(plan.steps[0].output, "cannot log on"));
  CHECK(h.http.opened.empty());
}

TEST_CASE("execute: the journal records the logon step, and never the password",
          "[execute][logon]") {
  Harness h({k_stale, k_works});
  Plan plan = plan_of({logon_step("EX16A", "ex16a.contoso.com")});
  h.run(plan);
  REQUIRE(h.journal.lines.size() == 4);  // start, intent, outcome, end
  CHECK(h.journal.lines[1]["event"] == "intent");
  CHECK(h.journal.lines[1]["action"] == "verify-logon");
  CHECK(h.journal.lines[1]["command"] == plan.steps[0].command);
  CHECK(h.journal.lines[2]["status"] == "succeeded");
  for (const auto& line : h.journal.lines) CHECK_FALSE(contains(line.dump(), "Pa55"));
  CHECK_FALSE(contains(plan.steps[0].output, "Pa55"));
}

TEST_CASE("execute: process_count leaves out logon steps", "[execute][logon]") {
  Plan plan = plan_of({logon_step("EX16A", "ex16a.contoso.com")});
  CHECK(process_count(plan) == 0);
  PlanStep check;
  check.server = "EX16A";
  check.action = StepAction::check_services;
  plan.steps.insert(plan.steps.begin(), check);
  CHECK(process_count(plan) == 1);
}
