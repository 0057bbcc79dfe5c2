// How much output a run keeps (ProcessRequest::output_limit), against
// tests/helpers/proc_helper.cpp as a writer that does not stop: past the
// limit the child is killed and the run says so, with what was kept bounded.
// The peak memory of casdoctor under an endless writer with the default
// limit is measured end to end (tests/e2e/output_limits.sh).
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/collect/collect.hpp"
#include "casdoctor/sys/process.hpp"

namespace {

using namespace std::chrono_literals;
using casdoctor::ExitCode;
using casdoctor::interpret_session;
using casdoctor::sys::make_process_runner;
using casdoctor::sys::ProcessOutcome;
using casdoctor::sys::ProcessRequest;
using casdoctor::sys::ProcessResult;
using casdoctor::sys::too_much_output_message;

constexpr std::size_t k_mb = std::size_t{1} << 20;
const std::string k_endless = "18446744073709551615";  // the helper's "for ever"

ProcessResult run_limited(std::vector<std::string> args, std::size_t limit) {
  ProcessRequest request{CASDOCTOR_PROC_HELPER, std::move(args), std::nullopt, 60s};
  request.output_limit = limit;
  const auto started = std::chrono::steady_clock::now();
  auto result = make_process_runner()->run(request);
  INFO((result ? std::string() : result.error().message));
  REQUIRE(result.has_value());
  CHECK(std::chrono::steady_clock::now() - started < 30s);  // stopped, not timed out
  return std::move(*result);
}

}  // namespace

TEST_CASE("the default output limit is 64 MB", "[process][limits]") {
  CHECK(ProcessRequest{}.output_limit == 64 * k_mb);
}

TEST_CASE("an endless writer on stdout is stopped at the limit", "[process][limits]") {
  const ProcessResult result = run_limited({"--stdout-bytes", k_endless}, 2 * k_mb);
  CHECK(result.outcome == ProcessOutcome::too_much_output);
  CHECK(result.stdout_bytes == std::string(2 * k_mb, 'o'));  // the first 2 MB
  CHECK(too_much_output_message("PowerShell", result, 2 * k_mb) ==
        "PowerShell wrote more than 2 MB to stdout: stopped");
}

TEST_CASE("an endless writer on stderr is stopped at the limit", "[process][limits]") {
  const ProcessResult result = run_limited({"--stderr-bytes", k_endless}, 2 * k_mb);
  CHECK(result.outcome == ProcessOutcome::too_much_output);
  CHECK(result.stderr_bytes.size() == 2 * k_mb);
  CHECK(result.stdout_bytes.empty());
  CHECK(too_much_output_message("PowerShell", result, 2 * k_mb) ==
        "PowerShell wrote more than 2 MB to stderr: stopped");
}

TEST_CASE("the limit bounds both streams together", "[process][limits]") {
  const ProcessResult result =
      run_limited({"--stdout-bytes", k_endless, "--stderr-bytes", k_endless}, 3 * k_mb);
  CHECK(result.outcome == ProcessOutcome::too_much_output);
  CHECK(result.stdout_bytes.size() + result.stderr_bytes.size() == 3 * k_mb);
  CHECK(too_much_output_message("the shell", result, 3 * k_mb) ==
        "the shell wrote more than 3 MB to stdout and stderr: stopped");
}

TEST_CASE("output up to the limit is kept whole", "[process][limits]") {
  const ProcessResult result =
      run_limited({"--stdout-bytes", std::to_string(k_mb), "--exit", "4"}, k_mb);
  CHECK(result.outcome == ProcessOutcome::exited);
  CHECK(result.exit_code == 4);
  CHECK(result.stdout_bytes == std::string(k_mb, 'o'));
}

TEST_CASE("a limit that is not whole megabytes is said in bytes", "[process][limits]") {
  ProcessResult result;
  result.outcome = ProcessOutcome::too_much_output;
  result.stdout_bytes = "xx";
  CHECK(too_much_output_message("PowerShell", result, 1000) ==
        "PowerShell wrote more than 1000 bytes to stdout: stopped");
}

TEST_CASE("a collection that wrote too much fails with the reason", "[process][limits][collect]") {
  ProcessResult result;
  result.outcome = ProcessOutcome::too_much_output;
  result.stdout_bytes = "--- casdoctor:begin ---\n{";
  const auto collected = interpret_session(result, 10min);
  REQUIRE_FALSE(collected);
  CHECK(collected.error().code == ExitCode::unknown);
  CHECK(collected.error().message == "PowerShell wrote more than 64 MB to stdout: stopped");
}

TEST_CASE("an interrupted collection is an interrupted error", "[process][limits][collect]") {
  ProcessResult result;
  result.outcome = ProcessOutcome::cancelled;
  const auto collected = interpret_session(result, 10min);
  REQUIRE_FALSE(collected);
  CHECK(collected.error().code == ExitCode::interrupted);
  CHECK(collected.error().message.starts_with("interrupted"));
}
