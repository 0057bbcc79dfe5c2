// A journal line is written whole or not at all (a disk that fills up in the
// middle of one leaves no torn record), and when the journal cannot be
// written the report says why every step after it did not run; so does a
// step whose shell wrote more than a run keeps.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/remediate/execute.hpp"
#include "casdoctor/remediate/journal.hpp"

#include "fake_journal.hpp"
#include "fake_process_runner.hpp"
#include "healthy_server.hpp"

#ifndef _WIN32
#include <csignal>
#include <sys/resource.h>
#endif

namespace {

using namespace std::chrono_literals;
using namespace casdoctor;
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

[[maybe_unused]] std::string file_text(const fs::path& path) {  // POSIX tests only
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class NoonClock final : public Clock {
 public:
  TimePoint now() const override { return TimePoint(1529496000000ms); }  // 2018-06-20T12:00:00Z
};

// Two servers, one restart each; the commands never matter here.
Plan two_restarts() {
  Plan plan;
  for (const std::string name : {"EX16A", "EX13A"}) {
    PlanStep step;
    step.server = name;
    step.action = StepAction::restart_topology;
    step.command = "Restart-Service -Name 'MSExchangeADTopology' -Force";
    plan.targets.push_back(name);
    plan.steps.push_back(step);
  }
  return plan;
}

// A fake runner and journal; every run exits 0 with no output unless told.
struct Execution {
  test::FakeProcessRunner runner;
  test::FakeJournal journal;
  NoonClock clock;
  sys::ManualInterrupt interrupt;
  ExecuteServices services{runner, journal, clock, interrupt};
  ExecuteOptions options;

  Execution() { options.powershell = "/usr/bin/pwsh"; }
  void run(Plan& plan) { execute_plan(plan, options, services); }
};

#ifndef _WIN32
// RLIMIT_FSIZE is a file system that fills up at a chosen size: a write
// across it is cut short, the next one fails (EFBIG; SIGXFSZ is ignored).
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    previous_ = std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{bytes, saved_.rlim_max};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previous_)(int) = nullptr;
};
#endif

}  // namespace

#ifndef _WIN32
TEST_CASE("a journal line cut short by a full disk is taken back", "[journal]") {
  const fs::path dir =
      fs::temp_directory_path() /
      ("casdoctor-journal-lines-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  fs::create_directories(dir);
  const fs::path path = dir / "journal.jsonl";
  auto journal = FileJournal::open(path);
  REQUIRE(journal);
  REQUIRE((*journal)->write(Json{{"event", "start"}}));
  const std::string first = file_text(path);
  REQUIRE(first == "{\"event\":\"start\"}\n");
  {
    const FileSizeLimit full(first.size() + 10);  // room for 10 bytes of the next line
    const auto written = (*journal)->write(Json{{"event", "intent"}, {"server", "EX16A"}});
    REQUIRE_FALSE(written);
    CHECK(written.error().message.find("File too large") != std::string::npos);
  }
  CHECK(file_text(path) == first);
  // Room again: the next line follows the last whole one.
  REQUIRE((*journal)->write(Json{{"event", "end"}}));
  CHECK(file_text(path) == first + "{\"event\":\"end\"}\n");
  fs::remove_all(dir);
}

TEST_CASE("a journal on a full device fails with the reason", "[journal]") {
  auto journal = FileJournal::open("/dev/full");
  REQUIRE(journal);
  const auto written = (*journal)->write(Json{{"event", "start"}});
  REQUIRE_FALSE(written);
  CHECK(written.error().message == "cannot write '/dev/full': No space left on device");
}
#endif

TEST_CASE("steps not run for a journal error say why", "[journal][execute]") {
  Execution x;
  Plan plan = two_restarts();
  const std::string why =
      "not run: the journal could not be written: cannot write 'journal.jsonl': No space left "
      "on device";

  SECTION("the start line") {
    x.journal.fail_from = 1;
    x.run(plan);
    CHECK(x.runner.calls().empty());
    for (const PlanStep& step : plan.steps) {
      CHECK(step.status == StepStatus::skipped);
      CHECK(step.output == why);
    }
  }
  SECTION("the second intent") {
    test::answer_as_healthy_server(x.runner);
    x.journal.fail_from = 4;  // start, intent, outcome, intent
    x.run(plan);
    REQUIRE(plan.steps[0].status == StepStatus::succeeded);
    CHECK(plan.steps[1].status == StepStatus::skipped);
    CHECK(plan.steps[1].output == why);
  }
  SECTION("a step decided before execution keeps its own reason") {
    x.journal.fail_from = 1;
    plan.steps[0].status = StepStatus::skipped;
    plan.steps[0].output = "not run: EX16A no longer holds a stale value (recheck)";
    x.run(plan);
    CHECK(plan.steps[0].output == "not run: EX16A no longer holds a stale value (recheck)");
    CHECK(plan.steps[1].output == why);
  }
}

TEST_CASE("steps not run after a failed step say why", "[journal][execute]") {
  Execution x;
  x.runner.on({"Restart-Service"}, {.exit_code = 1});
  Plan plan = two_restarts();
  x.run(plan);
  CHECK(plan.steps[0].status == StepStatus::failed);
  CHECK(plan.steps[1].status == StepStatus::skipped);
  CHECK(plan.steps[1].output == "not run: step restart-topology failed on EX16A");
}

TEST_CASE("a step whose shell wrote too much fails with the reason", "[execute][limits]") {
  Execution x;
  x.runner.on({"Restart-Service"},
              {.outcome = sys::ProcessOutcome::too_much_output, .stdout_text = "WARNING: ..."});
  Plan plan = two_restarts();
  x.run(plan);
  CHECK(plan.steps[0].status == StepStatus::failed);
  CHECK_FALSE(plan.steps[0].exit_code.has_value());
  CHECK(plan.steps[0].output.ends_with(
      "casdoctor: the shell wrote more than 64 MB to stdout: stopped\n"));
  CHECK(plan.steps[1].output == "not run: step restart-topology failed on EX16A");
}
