// remediate's progress (remediate/progress.hpp): the events execute_plan
// reports, and the lines ProgressPrinter makes of them, with a fake clock.
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/remediate/execute.hpp"
#include "casdoctor/remediate/plan.hpp"
#include "casdoctor/remediate/progress.hpp"

#include "fake_http.hpp"
#include "fake_journal.hpp"
#include "fake_process_runner.hpp"
#include "healthy_server.hpp"

namespace {

using namespace std::chrono_literals;
using namespace casdoctor;

class SteppedClock final : public Clock {
 public:
  TimePoint now() const override {
    const std::lock_guard lock(mutex_);
    return t_;
  }
  void advance(std::chrono::milliseconds d) {
    const std::lock_guard lock(mutex_);
    t_ += d;
  }

 private:
  mutable std::mutex mutex_;
  TimePoint t_{1529485200000ms};  // 2018-06-20T09:00:00Z
};

struct Recorder {
  std::string text;
  ProgressPrinter::Write write() {
    return [this](std::string_view part) { text.append(part); };
  }
};

PlanStep step_of(const std::string& server, StepAction action) {
  PlanStep step;
  step.server = server;
  step.fqdn = server + ".contoso.com";
  step.action = action;
  step.command = step_command(step);
  return step;
}

Plan two_servers() {
  Plan plan;
  plan.targets = {"EX16A", "EX16B"};
  for (const auto& name : plan.targets) {
    plan.steps.push_back(step_of(name, StepAction::restart_topology));
    plan.steps.push_back(step_of(name, StepAction::iisreset));
  }
  return plan;
}

// Every event as one line, for the order execute_plan reports them in.
class RecordingObserver final : public ExecutionObserver {
 public:
  void run_started(const Plan&) override { add("run started"); }
  void step_started(const PlanStep& s) override {
    add(cat(s.server, " ", to_string(s.action), " started"));
  }
  void logon_waiting(const PlanStep& s, int attempt, std::chrono::milliseconds waited,
                     std::chrono::milliseconds deadline) override {
    add(cat(s.server, " waiting ", std::to_string(attempt), " ", std::to_string(waited.count()),
            "/", std::to_string(deadline.count())));
  }
  void step_finished(const PlanStep& s) override {
    add(cat(s.server, " ", to_string(s.action), " ", to_string(s.status)));
  }
  void run_finished(const Plan&) override { add("run finished"); }

  std::vector<std::string> events() {
    const std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  void add(std::string line) {
    const std::lock_guard lock(mutex_);
    events_.push_back(std::move(line));
  }
  std::mutex mutex_;
  std::vector<std::string> events_;
};

}  // namespace

TEST_CASE("progress: elapsed times read as seconds, minutes and hours", "[progress]") {
  CHECK(elapsed_text(0ms) == "0s");
  CHECK(elapsed_text(42'900ms) == "42s");
  CHECK(elapsed_text(185s) == "3m 05s");
  CHECK(elapsed_text(3720s) == "1h 02m");
}

TEST_CASE("progress: plain lines name the server, the step and the elapsed time", "[progress]") {
  SteppedClock clock;
  Recorder out;
  ProgressPrinter printer(ProgressPrinter::Mode::plain, clock, out.write());
  Plan plan = two_servers();
  printer.run_started(plan);
  clock.advance(5s);
  printer.step_started(plan.steps[2]);
  clock.advance(40s);
  printer.logon_waiting(plan.steps[2], 2, 40s, 10min);
  clock.advance(95s);
  plan.steps[2].status = StepStatus::succeeded;
  printer.step_finished(plan.steps[2]);
  plan.steps[3].status = StepStatus::failed;
  printer.step_started(plan.steps[3]);
  clock.advance(3s);
  printer.step_finished(plan.steps[3]);
  printer.run_finished(plan);
  CHECK(out.text ==
        "casdoctor: running 4 steps on 2 servers\n"
        "casdoctor: [2/2 EX16B] restart-topology: started (5s into the run)\n"
        "casdoctor: [2/2 EX16B] restart-topology: waiting for logon (attempt 2, 40s of 10m)\n"
        "casdoctor: [2/2 EX16B] restart-topology: done after 2m 15s (step 1/4)\n"
        "casdoctor: [2/2 EX16B] iisreset: started (2m 20s into the run)\n"
        "casdoctor: [2/2 EX16B] iisreset: FAILED after 3s (step 2/4)\n"
        "casdoctor: finished after 2m 23s: 1 of 4 steps succeeded, 1 failed, 2 not run\n");
  CHECK(out.text.find('\r') == std::string::npos);
}

TEST_CASE("progress: on a terminal one status line is redrawn in place", "[progress]") {
  SteppedClock clock;
  Recorder out;
  ProgressPrinter printer(ProgressPrinter::Mode::terminal, clock, out.write());
  Plan plan = two_servers();
  printer.run_started(plan);
  printer.step_started(plan.steps[0]);
  clock.advance(12s);
  printer.logon_waiting(plan.steps[0], 1, 12s, 10min);
  const std::string before_end = out.text;
  CHECK(before_end.ends_with(
      "\r\x1b[Kcasdoctor: [0/4 steps, 12s] EX16A restart-topology 12s, waiting for logon "
      "(attempt 1, 12s of 10m)"));
  // No line per start on a terminal: the status line says it.
  CHECK(before_end.find("started") == std::string::npos);
  plan.steps[0].status = StepStatus::succeeded;
  printer.step_finished(plan.steps[0]);
  // The finished step is a line of its own after the status line is erased.
  CHECK(out.text.substr(before_end.size())
            .starts_with("\r\x1b[Kcasdoctor: [1/2 EX16A] restart-topology: done after 12s (step "
                         "1/4)\n\r\x1b[Kcasdoctor: [1/4 steps, 12s]"));
}

TEST_CASE("progress: execute_plan reports each step's start and end, in order", "[progress]") {
  test::FakeProcessRunner runner;
  test::answer_as_healthy_server(runner);
  test::FakeJournal journal;
  SteppedClock clock;
  sys::ManualInterrupt interrupt;
  ExecuteOptions options;
  options.powershell = "/usr/bin/pwsh";
  RecordingObserver observer;
  ExecuteServices services{runner, journal, clock, interrupt};
  services.observer = &observer;
  Plan plan = two_servers();
  execute_plan(plan, options, services);
  CHECK(observer.events() ==
        std::vector<std::string>{"run started", "EX16A restart-topology started",
                                 "EX16A restart-topology succeeded", "EX16A iisreset started",
                                 "EX16A iisreset succeeded", "EX16B restart-topology started",
                                 "EX16B restart-topology succeeded", "EX16B iisreset started",
                                 "EX16B iisreset succeeded", "run finished"});
}

TEST_CASE("progress: a verify-logon step reports each wait with the time waited",
          "[progress][logon]") {
  test::FakeProcessRunner runner;
  test::FakeJournal journal;
  SteppedClock clock;
  sys::ManualInterrupt interrupt;
  test::FakeHttpClient http({{test::accepted(), test::proxy_500()},
                             {test::accepted(), test::proxy_500()},
                             {test::accepted(), test::owa_page()}});
  const std::string password = "secret";
  ExecuteOptions options;
  options.password = &password;
  RecordingObserver observer;
  ExecuteServices services{runner, journal, clock, interrupt};
  services.http = &http;
  services.observer = &observer;
  services.wait = [&](std::chrono::milliseconds pause) {
    clock.advance(pause);
    return true;
  };
  Plan plan;
  plan.targets = {"EX16A"};
  PlanStep logon = step_of("EX16A", StepAction::verify_logon);
  logon.logon =
      LogonCheck{"https://mail.contoso.com/owa", "CONTOSO\\alice", "127.0.0.1:4431", 10min, 20s};
  plan.steps.push_back(logon);
  execute_plan(plan, options, services);
  CHECK(observer.events() ==
        std::vector<std::string>{"run started", "EX16A verify-logon started",
                                 "EX16A waiting 1 0/600000", "EX16A waiting 2 20000/600000",
                                 "EX16A verify-logon succeeded", "run finished"});
}

TEST_CASE("progress: parallel workers print whole lines", "[progress]") {
  test::FakeProcessRunner runner;
  test::answer_as_healthy_server(runner);
  test::FakeJournal journal;
  SteppedClock clock;
  sys::ManualInterrupt interrupt;
  ExecuteOptions options;
  options.parallel = 4;
  Recorder out;
  ProgressPrinter printer(ProgressPrinter::Mode::plain, clock, out.write());
  ExecuteServices services{runner, journal, clock, interrupt};
  services.observer = &printer;
  Plan plan;
  for (int i = 0; i < 8; ++i) {
    const std::string name = cat("EX", std::to_string(i));
    plan.targets.push_back(name);
    plan.steps.push_back(step_of(name, StepAction::restart_topology));
  }
  execute_plan(plan, options, services);
  std::size_t lines = 0;
  std::size_t start = 0;
  while (start < out.text.size()) {
    const auto end = out.text.find('\n', start);
    REQUIRE(end != std::string::npos);
    CHECK(out.text.compare(start, 11, "casdoctor: ") == 0);
    ++lines;
    start = end + 1;
  }
  CHECK(lines == 1 + 8 * 2 + 1);
  CHECK(out.text.find("8 of 8 steps succeeded") != std::string::npos);
}

TEST_CASE("progress: on a terminal the elapsed time counts on between events", "[progress]") {
  SteppedClock clock;
  std::mutex mutex;
  std::string text;
  {
    ProgressPrinter printer(
        ProgressPrinter::Mode::terminal, clock,
        [&](std::string_view part) {
          const std::lock_guard lock(mutex);
          text.append(part);
        },
        5ms);
    Plan plan = two_servers();
    printer.run_started(plan);
    printer.step_started(plan.steps[0]);
    clock.advance(185s);
    for (int i = 0; i < 400; ++i) {
      std::this_thread::sleep_for(5ms);
      const std::lock_guard lock(mutex);
      if (text.find("EX16A restart-topology 3m 05s") != std::string::npos) break;
    }
  }  // the ticker stops with the printer
  CHECK(text.find("\r\x1b[Kcasdoctor: [0/4 steps, 3m 05s] EX16A restart-topology 3m 05s") !=
        std::string::npos);
}
