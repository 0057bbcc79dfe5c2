// When a restart step succeeded: the services Running AND started at or
// after the step began (by the server's clock); the query's answer as
// Windows PowerShell 5.1 and 7 write it; the commands that make a native
// exit code count; and a reader of the step's output that stays linear.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/core/time.hpp"
#include "casdoctor/remediate/plan.hpp"
#include "casdoctor/remediate/service_state.hpp"

#include "../../src/remediate/commands.hpp"

namespace {

using namespace casdoctor;
using namespace std::chrono_literals;

TimePoint at(const char* iso) {
  return *parse_iso8601(iso);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("service_problems: Running and, for a restart, started at or after it began",
          "[step-success]") {
  const TimePoint began = at("2018-06-20T09:00:00Z");
  struct Case {
    const char* what;
    std::vector<ServiceState> states;
    std::optional<TimePoint> began;
    std::vector<std::string> problems;
  };
  const std::vector<Case> cases = {
      {"restarted after it began", {{"W3SVC", "Running", at("2018-06-20T09:00:05Z")}}, began, {}},
      {"started exactly when it began", {{"W3SVC", "Running", began}}, began, {}},
      {"running since days before: iisreset restarted nothing",
       {{"W3SVC", "Running", at("2018-06-18T07:00:00Z")}},
       began,
       {"W3SVC (started 2018-06-18T07:00:00Z, before the step began at 2018-06-20T09:00:00Z)"}},
      {"one millisecond early",
       {{"W3SVC", "Running", began - 1ms}},
       began,
       {"W3SVC (started 2018-06-20T08:59:59.999Z, before the step began at "
        "2018-06-20T09:00:00Z)"}},
      {"running, start time unknown",
       {{"W3SVC", "Running"}},
       began,
       {"W3SVC (start time unknown)"}},
      {"stopped (iisreset gave up)", {{"W3SVC", "Stop Pending"}}, began, {"W3SVC (Stop Pending)"}},
      {"not there", {}, began, {"W3SVC (not found)"}},
      {"check-services: only Running counts",
       {{"w3svc", "Running", at("2018-06-18T07:00:00Z")}},
       std::nullopt,
       {}},
      {"check-services: stopped", {{"W3SVC", "Stopped"}}, std::nullopt, {"W3SVC (Stopped)"}},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CHECK(service_problems(c.states, {"W3SVC"}, c.began) == c.problems);
  }
}

TEST_CASE("the query's answer joins services to their processes' start times", "[step-success]") {
  SECTION("5.1, compressed, dates as \\/Date(ms)\\/, a stopped service with process 0") {
    const auto states =
        parse_service_states(R"({"Services":[{"Name":"W3SVC","State":"Running","ProcessId":812},)"
                             R"({"Name":"WAS","State":"Stopped","ProcessId":0}],)"
                             R"("Processes":[{"Id":812,"StartTime":"\/Date(1529485205000)\/"},)"
                             R"({"Id":0,"StartTime":null}]})");
    REQUIRE(states.has_value());
    REQUIRE(states->size() == 2);
    CHECK((*states)[0].name == "W3SVC");
    CHECK((*states)[0].status == "Running");
    CHECK((*states)[0].start_time == at("2018-06-20T09:00:05Z"));
    CHECK((*states)[1].status == "Stopped");
    CHECK_FALSE((*states)[1].start_time.has_value());
  }
  SECTION("one service and one process, unrolled to objects, around banners") {
    const auto states = parse_service_states(
        "WARNING: the remote server [ex16a] is busy\r\n"
        R"({"Services":{"Name":"MSExchangeADTopology","State":"Running","ProcessId":7},)"
        R"("Processes":{"Id":7,"StartTime":"\/Date(1529485205000+0200)\/"}})"
        "\r\n");
    REQUIRE(states.has_value());
    REQUIRE(states->size() == 1);
    CHECK((*states)[0].start_time == at("2018-06-20T09:00:05Z"));
  }
  SECTION("PowerShell 7: dates as ISO 8601 with an offset") {
    const auto states = parse_service_states(
        R"({"Services":[{"Name":"W3SVC","State":"Running","ProcessId":9}],)"
        R"("Processes":[{"Id":9,"StartTime":"2018-06-20T11:00:05.1234567+02:00"}]})");
    REQUIRE(states.has_value());
    CHECK((*states)[0].start_time == at("2018-06-20T09:00:05.123Z"));
  }
  SECTION("no process answered: the start time is unknown, not guessed") {
    const auto states = parse_service_states(
        R"({"Services":[{"Name":"W3SVC","State":"Running","ProcessId":9}],"Processes":[]})");
    REQUIRE(states.has_value());
    CHECK_FALSE((*states)[0].start_time.has_value());
  }
}

TEST_CASE("step_began is the first line that is a time", "[step-success]") {
  CHECK(step_began("2018-06-20T11:00:00.1234567+02:00\r\nAttempting stop...\r\n") ==
        at("2018-06-20T09:00:00.123Z"));
  CHECK(step_began("WARNING: x\n  2018-06-20T09:00:00.0000000+00:00  \nAttempting stop...\n") ==
        at("2018-06-20T09:00:00Z"));
  CHECK_FALSE(step_began("Attempting stop...\r\nInternet services successfully restarted\r\n"));
  CHECK_FALSE(step_began(""));
}

TEST_CASE("parse_service_states stays linear on a megabyte of output", "[step-success]") {
  // The old reader tried every pair of (opening line, closing line) and
  // parsed the text between them: a megabyte of bracketed banner lines took
  // hours. Each of these finishes at once now.
  const std::string document = R"([{"Name":"W3SVC","Status":4}])";
  SECTION("bracketed lines that are not JSON, then the document") {
    std::string output;
    while (output.size() < 1'000'000) output += "[ex16a.contoso.com] WARNING: waiting {busy}\r\n";
    const auto states = parse_service_states(output + document + "\r\n");
    REQUIRE(states.has_value());
    CHECK((*states)[0].name == "W3SVC");
  }
  SECTION("deeply nested brackets that never make JSON") {
    std::string output;
    for (int i = 0; i < 170'000; ++i) output += "[\n";
    output += "not json\n";
    for (int i = 0; i < 170'000; ++i) output += "]\n";
    CHECK_FALSE(parse_service_states(output).has_value());
  }
  SECTION("lines that open and never close") {
    std::string output;
    while (output.size() < 1'000'000) output += "{\"Name\": \"W3SVC\", \"Status\": 4,\n";
    CHECK_FALSE(parse_service_states(output).has_value());
  }
}

TEST_CASE("parse_service_states ignores brackets in strings and stray text", "[step-success]") {
  const auto states = parse_service_states(
      "[banner with a stray \" quote\r\n"
      R"([{"Name":"W]3{SVC","Status":4}])"
      "\r\n");
  REQUIRE(states.has_value());
  CHECK((*states)[0].name == "W]3{SVC");
  CHECK_FALSE(parse_service_states(R"([{"Name":"W3SVC","Status":4}] trailing)").has_value());
}

TEST_CASE("restart commands print the server's clock and fail on a native exit code",
          "[step-success]") {
  const std::string iis = step_command(StepAction::iisreset, "ex16a.contoso.com", {});
  CHECK(iis ==
        "Invoke-Command -ComputerName 'ex16a.contoso.com' -ErrorAction Stop -ScriptBlock { "
        "Get-Date -Format o; iisreset /noforce /timeout:120; if ($LASTEXITCODE -ne 0) { throw "
        "'iisreset failed: its exit code is not 0, see its output' } }");
  CHECK(step_command(StepAction::iisreset, "", {}) ==
        "Get-Date -Format o; iisreset /noforce /timeout:120; if ($LASTEXITCODE -ne 0) { throw "
        "'iisreset failed: its exit code is not 0, see its output' }");
  CHECK(step_command(StepAction::restart_topology, "ex16a.contoso.com", {}) ==
        "Invoke-Command -ComputerName 'ex16a.contoso.com' -ErrorAction Stop -ScriptBlock { "
        "Get-Date -Format o; Restart-Service -Name 'MSExchangeADTopology' -Force }");
  const std::string start = remediate_detail::iis_start_command("ex16a.contoso.com");
  CHECK(contains(start, "iisreset /start; if ($LASTEXITCODE -ne 0) { throw "));
  CHECK(contains(start, "-ErrorAction Stop -ScriptBlock"));
}
