#include <catch2/catch.hpp>

#include "casdoctor/collect/collect.hpp"

using namespace casdoctor;
using namespace std::chrono_literals;

namespace {

sys::ProcessResult exited(int code, std::string out, std::string err = {}) {
  sys::ProcessResult r;
  r.outcome = sys::ProcessOutcome::exited;
  r.exit_code = code;
  r.stdout_bytes = std::move(out);
  r.stderr_bytes = std::move(err);
  return r;
}

const std::string k_document =
    R"J({"schema":"casdoctor.snapshot/1","exchange_servers":[{"Name":"EX16A","AdminDisplayVersion":"Version 15.1 (Build 1415.2)"}],"audit":[],"errors":[{"Server":"EX16B","Step":"remote","Message":"Access is denied."}]})J";

std::string transcript(const std::string& body) {
  return "Welcome to the Exchange Management Shell!\r\nWARNING: Your connection is slow.\r\n"
         "--- casdoctor:begin ---\r\n" +
         body + "\r\n--- casdoctor:end ---\r\n";
}

std::string utf16le_with_bom(const std::string& ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

}  // namespace

TEST_CASE("a session's snapshot is read from between the markers", "[collect]") {
  for (const auto& out : {transcript(k_document), utf16le_with_bom(transcript(k_document))}) {
    auto collected = interpret_session(exited(0, out), 10min);
    REQUIRE(collected.has_value());
    CHECK(collected->document == k_document);
    REQUIRE(collected->snapshot.exchange_servers.size() == 1);
    CHECK(collected->snapshot.errors.size() == 1);  // partial data stays data
  }
}

TEST_CASE("every way a session fails is exit 3 with what happened", "[collect]") {
  struct Case {
    const char* what;
    sys::ProcessResult result;
    const char* expected;
  };
  auto timed_out = exited(-1, "Welcome");
  timed_out.outcome = sys::ProcessOutcome::timed_out;
  const Case cases[] = {
      {"timeout", timed_out, "did not finish within 10m; it and its child processes were stopped"},
      {"snap-in",
       exited(1, "",
              "Add-PSSnapin : The Windows PowerShell snap-in 'X' is not installed on this "
              "computer.\r\nAt line:1 char:1\r\n"),
       "PowerShell (exit code 1): Add-PSSnapin : The Windows PowerShell snap-in 'X' is not "
       "installed on "
       "this computer. | At line:1 char:1"},
      {"nothing", exited(0, "hello\r\n"), "printed no snapshot: hello"},
      {"truncated", exited(0, "--- casdoctor:begin ---\r\n{\"schema\":"), "output broke off"},
      {"garbled", exited(0, transcript("{\"schema\": \"casdoctor.snapshot/1\", \"services\": [ }")),
       "garbled: <PowerShell output>:4:"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto collected = interpret_session(c.result, 10min);
    REQUIRE_FALSE(collected.has_value());
    CHECK(collected.error().code == ExitCode::unknown);
    CHECK_THAT(collected.error().message, Catch::Contains(c.expected));
  }
}

TEST_CASE("describe_duration writes the largest whole unit", "[collect]") {
  CHECK(describe_duration(10min) == "10m");
  CHECK(describe_duration(90s) == "90s");
  CHECK(describe_duration(2h) == "2h");
  CHECK(describe_duration(1500ms) == "1500ms");
}
