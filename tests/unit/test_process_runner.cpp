// The process runner against tests/helpers/proc_helper.cpp, a child that does
// what each test asks (its path comes from CMake as CASDOCTOR_PROC_HELPER).
// Time bounds are generous on purpose: a loaded two-core machine must not
// make these tests flake; they catch hangs, not slowness.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/sys/process.hpp"

#ifndef _WIN32
#include <cerrno>
#include <signal.h>
#include <unistd.h>
#endif

namespace {

using namespace std::chrono_literals;
using casdoctor::ExitCode;
using casdoctor::sys::decode_output;
using casdoctor::sys::find_executable;
using casdoctor::sys::make_process_runner;
using casdoctor::sys::ProcessOutcome;
using casdoctor::sys::ProcessRequest;
using casdoctor::sys::ProcessResult;
using SteadyClock = std::chrono::steady_clock;

constexpr auto k_prompt = 20s;  // "returned promptly", on any machine

// No args, no stdin data, the default timeout.
ProcessRequest request_for(std::filesystem::path program) {
  ProcessRequest request;
  request.program = std::move(program);
  return request;
}

ProcessResult run_helper(std::vector<std::string> args,
                         std::optional<std::string> stdin_data = std::nullopt,
                         std::chrono::milliseconds timeout = 60s) {
  const ProcessRequest request{CASDOCTOR_PROC_HELPER, std::move(args), std::move(stdin_data),
                               timeout};
  auto result = make_process_runner()->run(request);
  INFO((result ? std::string() : result.error().message));
  REQUIRE(result.has_value());
  return std::move(*result);
}

// A fresh, empty directory for one test's files.
std::filesystem::path scratch_dir(const std::string& name) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("casdoctor-process-" + name + "-" +
                    std::to_string(SteadyClock::now().time_since_epoch().count()) + "-" +
                    std::to_string(++counter));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string pattern(std::size_t size) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 23);
  return text;
}

#ifndef _WIN32
// Gone: no such process, or dead and only waiting to be reaped (pid 1 in a
// container may never reap an orphan).
bool process_gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const std::size_t paren = line.rfind(')');
  if (paren == std::string::npos || paren + 2 >= line.size()) return true;
  return line[paren + 2] == 'Z' || line[paren + 2] == 'X';
}

// SIGKILL is immediate, but a killed process still needs the CPU to exit.
bool gone_within(pid_t pid, std::chrono::seconds limit) {
  const auto until = SteadyClock::now() + limit;
  while (!process_gone(pid)) {
    if (SteadyClock::now() > until) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

pid_t read_pid(const std::filesystem::path& file) {
  std::ifstream in(file);
  pid_t pid = 0;
  in >> pid;
  return pid;
}
#endif

}  // namespace

TEST_CASE("process runner passes arguments verbatim", "[process]") {
  const std::vector<std::string> args = {"plain",
                                         "two words",
                                         "\"double quotes\"",
                                         "'single quotes'",
                                         "$HOME",
                                         "a;b",
                                         "",
                                         "back\\slash",
                                         "*?[]",
                                         "|&<>`",
                                         "--exit",
                                         "7",
                                         "  padded  ",
                                         "\xC3\xBCn\xC3\xAF c\xC3\xB6"
                                         "d\xE2\x9C\x93"};
  std::vector<std::string> command = {"--print-args"};
  command.insert(command.end(), args.begin(), args.end());
  std::string expected;
  for (const std::string& arg : args) expected += arg + "\n";

  const ProcessResult result = run_helper(command);
  CHECK(result.outcome == ProcessOutcome::exited);
  CHECK(result.exit_code == 0);
  CHECK(result.stdout_bytes == expected);
  CHECK(result.stderr_bytes.empty());
}

TEST_CASE("process runner gives a child without stdin data an empty, closed stdin", "[process]") {
  const auto started = SteadyClock::now();
  const ProcessResult result = run_helper({"--echo-stdin"});
  CHECK(SteadyClock::now() - started < k_prompt);
  CHECK(result.outcome == ProcessOutcome::exited);
  CHECK(result.exit_code == 0);
  CHECK(result.stdout_bytes.empty());
}

TEST_CASE("process runner feeds stdin, then closes it", "[process]") {
  SECTION("a few bytes") {
    const std::string input = "hello\r\nw\xC3\xB6rld\n";
    const ProcessResult result = run_helper({"--echo-stdin"}, input);
    CHECK(result.outcome == ProcessOutcome::exited);
    CHECK(result.stdout_bytes == input);
  }
  SECTION("8 MiB, echoed while it is written") {
    const std::string input = pattern(8u << 20);
    const ProcessResult result = run_helper({"--echo-stdin"}, input);
    CHECK(result.outcome == ProcessOutcome::exited);
    CHECK(result.stdout_bytes.size() == input.size());
    CHECK(result.stdout_bytes == input);
  }
  SECTION("empty") {
    const ProcessResult result = run_helper({"--echo-stdin"}, std::string());
    CHECK(result.outcome == ProcessOutcome::exited);
    CHECK(result.stdout_bytes.empty());
  }
}

TEST_CASE("process runner survives a child that exits without reading its stdin", "[process]") {
  // More than a pipe holds: the write fails (EPIPE), which must neither hang
  // nor kill the test with SIGPIPE.
  const ProcessResult result = run_helper({"--exit", "4"}, pattern(8u << 20));
  CHECK(result.outcome == ProcessOutcome::exited);
  CHECK(result.exit_code == 4);
}

// 60 MB in all: under the 64 MB a run keeps (test_process_limits.cpp).
TEST_CASE("process runner reads 30 MB of stdout and 30 MB of stderr without deadlock",
          "[process]") {
  constexpr std::size_t size = 30u * 1024 * 1024;
  const ProcessResult result =
      run_helper({"--stdout-bytes", std::to_string(size), "--stderr-bytes", std::to_string(size)});
  CHECK(result.outcome == ProcessOutcome::exited);
  CHECK(result.exit_code == 0);
  REQUIRE(result.stdout_bytes.size() == size);
  REQUIRE(result.stderr_bytes.size() == size);
  CHECK(std::ranges::all_of(result.stdout_bytes, [](char c) { return c == 'o'; }));
  CHECK(std::ranges::all_of(result.stderr_bytes, [](char c) { return c == 'e'; }));
}

TEST_CASE("process runner reports the exit code", "[process]") {
  const int code = GENERATE(0, 3, 255);
  const ProcessResult result = run_helper({"--exit", std::to_string(code)});
  CHECK(result.outcome == ProcessOutcome::exited);
  CHECK(result.exit_code == code);
  CHECK(result.duration >= 0ms);
}

#ifndef _WIN32
TEST_CASE("process runner reports a child killed by a signal", "[process]") {
  const ProcessResult result = run_helper({"--signal", std::to_string(SIGTERM)});
  CHECK(result.outcome == ProcessOutcome::signalled);
  CHECK(result.exit_code == SIGTERM);
}
#endif

TEST_CASE("process runner kills a child at the timeout and keeps its output", "[process]") {
  const auto started = SteadyClock::now();
  const ProcessResult result =
      run_helper({"--stdout-bytes", "5", "--sleep", "60000"}, std::nullopt, 500ms);
  const auto elapsed = SteadyClock::now() - started;
  CHECK(result.outcome == ProcessOutcome::timed_out);
  CHECK(elapsed < k_prompt);
  CHECK(result.duration >= 500ms);
  CHECK(result.duration < k_prompt);
  CHECK(result.stdout_bytes == "ooooo");
}

#ifndef _WIN32
TEST_CASE("process runner kills the grandchild at the timeout", "[process]") {
  const auto dir = scratch_dir("timeout");
  const auto pid_file = dir / "grandchild.pid";
  const auto started = SteadyClock::now();
  // 2 s rather than 0.5 s: the child must have written the pid file first.
  const ProcessResult result = run_helper(
      {"--grandchild-sleep", "60000", "--pid-file", pid_file.string(), "--sleep", "60000"},
      std::nullopt, 2s);
  CHECK(result.outcome == ProcessOutcome::timed_out);
  CHECK(SteadyClock::now() - started < k_prompt);
  REQUIRE(std::filesystem::exists(pid_file));
  const pid_t grandchild = read_pid(pid_file);
  REQUIRE(grandchild > 1);
  CHECK(gone_within(grandchild, 10s));
  std::filesystem::remove_all(dir);
}

TEST_CASE("process runner does not wait for a grandchild that holds the pipes", "[process]") {
  const auto dir = scratch_dir("orphan");
  const auto pid_file = dir / "grandchild.pid";
  const auto started = SteadyClock::now();
  const ProcessResult result =
      run_helper({"--grandchild-sleep", "60000", "--pid-file", pid_file.string(), "--exit", "3"});
  CHECK(SteadyClock::now() - started < k_prompt);
  CHECK(result.outcome == ProcessOutcome::exited);
  CHECK(result.exit_code == 3);
  REQUIRE(std::filesystem::exists(pid_file));
  const pid_t grandchild = read_pid(pid_file);
  REQUIRE(grandchild > 1);
  CHECK(gone_within(grandchild, 10s));
  std::filesystem::remove_all(dir);
}

TEST_CASE("process_gone tells a live process from a dead one", "[process]") {
  CHECK_FALSE(process_gone(::getpid()));
}
#endif

TEST_CASE("process runner output in UTF-16LE is decoded", "[process]") {
  const ProcessResult result = run_helper({"--utf16"});
  REQUIRE(result.stdout_bytes.substr(0, 2) == "\xFF\xFE");
  const auto text = decode_output(result.stdout_bytes);
  REQUIRE(text.has_value());
  CHECK(*text == "h\xC3\xA9llo\nw\xC3\xB6rld \xE2\x9C\x93 \xF0\x9F\x98\x80\n");
}

TEST_CASE("decode_output decodes BOMs and turns CRLF into LF", "[process]") {
  const struct {
    const char* name;
    std::string bytes;
    std::string text;
  } cases[] = {
      {"empty", "", ""},
      {"UTF-8 without BOM", "a\r\nb\r\n", "a\nb\n"},
      {"UTF-8 with BOM", "\xEF\xBB\xBF\xC3\xA9\r\n", "\xC3\xA9\n"},
      {"UTF-16LE with BOM",
       std::string("\xFF\xFE"
                   "a\0\r\0\n\0",
                   8),
       "a\n"},
      {"lone CR kept", "a\rb\n\r", "a\rb\n\r"},
      {"CR CR LF", "a\r\r\n", "a\r\n"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto text = decode_output(c.bytes);
    REQUIRE(text.has_value());
    CHECK(*text == c.text);
  }
}

TEST_CASE("decode_output names the byte offset of invalid output", "[process]") {
  const auto text = decode_output("ok\xFF");
  REQUIRE_FALSE(text.has_value());
  CHECK(text.error().code == ExitCode::unknown);
  CHECK_THAT(text.error().message, Catch::Contains("byte offset 2"));
}

TEST_CASE("process runner reports a program that cannot be started", "[process]"){
    SECTION("no such file"){const auto result = make_process_runner()->run(
                                request_for("/nonexistent/casdoctor-no-such-program"));
REQUIRE_FALSE(result.has_value());
CHECK(result.error().code == ExitCode::unknown);
CHECK_THAT(result.error().message,
           Catch::StartsWith("cannot start '/nonexistent/casdoctor-no-such-program': "));
}
#ifndef _WIN32
SECTION("not executable") {
  const auto dir = scratch_dir("noexec");
  const auto file = dir / "not-a-program";
  std::ofstream(file) << "#!/bin/sh\nexit 0\n";
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto result = make_process_runner()->run(request_for(file));
  REQUIRE_FALSE(result.has_value());
  CHECK_THAT(result.error().message, Catch::StartsWith("cannot start '" + file.string() + "': "));
  std::filesystem::remove_all(dir);
}
SECTION("a directory") {
  const auto result = make_process_runner()->run(request_for("/"));
  REQUIRE_FALSE(result.has_value());
  CHECK_THAT(result.error().message, Catch::StartsWith("cannot start '/': "));
}
#endif
}

TEST_CASE("find_executable searches PATH", "[process]") {
#ifdef _WIN32
  const char* shell = "cmd";
#else
  const char* shell = "sh";
#endif
  const auto found = find_executable(shell);
  REQUIRE(found.has_value());
  CHECK(found->stem() == shell);
  CHECK(std::filesystem::exists(*found));

  CHECK_FALSE(find_executable("casdoctor-no-such-program-3f9a").has_value());
  CHECK_FALSE(find_executable("").has_value());
}

TEST_CASE("find_executable checks a name with a directory part as is", "[process]") {
  const auto helper = find_executable(CASDOCTOR_PROC_HELPER);
  REQUIRE(helper.has_value());
  CHECK(*helper == std::filesystem::path(CASDOCTOR_PROC_HELPER));
  CHECK_FALSE(find_executable("/nonexistent/sh").has_value());
#ifndef _WIN32
  const auto dir = scratch_dir("find");
  const auto file = dir / "not-a-program";
  std::ofstream(file) << "data\n";
  std::filesystem::permissions(file, std::filesystem::perms::owner_read);
  CHECK_FALSE(find_executable(file.string()).has_value());
  std::filesystem::remove_all(dir);
#endif
}

namespace {
// The helper with `args`, watching `cancel` (as the executor passes Ctrl-C).
ProcessRequest cancellable(std::vector<std::string> args, const std::atomic<bool>& cancel) {
  ProcessRequest request = request_for(CASDOCTOR_PROC_HELPER);
  request.args = std::move(args);
  request.cancel = &cancel;
  return request;
}
}  // namespace

TEST_CASE("process runner stops the child when the cancel flag is raised", "[process]") {
  std::atomic<bool> cancel{false};
  const ProcessRequest request = cancellable({"--stdout-bytes", "3", "--sleep", "60000"}, cancel);
  std::jthread raiser([&cancel] {
    std::this_thread::sleep_for(500ms);
    cancel.store(true);
  });
  const auto started = SteadyClock::now();
  auto result = make_process_runner()->run(request);
  REQUIRE(result.has_value());
  CHECK(result->outcome == ProcessOutcome::cancelled);
  CHECK(SteadyClock::now() - started < k_prompt);
  CHECK(result->duration >= 500ms);
  CHECK(result->stdout_bytes == "ooo");
}

TEST_CASE("process runner starts nothing once the cancel flag is up", "[process]") {
  const auto dir = scratch_dir("cancelled-before");
  const auto pid_file = dir / "grandchild.pid";
  std::atomic<bool> cancel{true};
  const ProcessRequest request =
      cancellable({"--grandchild-sleep", "100", "--pid-file", pid_file.string()}, cancel);
  auto result = make_process_runner()->run(request);
  REQUIRE(result.has_value());
  CHECK(result->outcome == ProcessOutcome::cancelled);
  CHECK(result->duration == 0ms);
  std::this_thread::sleep_for(300ms);
  CHECK_FALSE(std::filesystem::exists(pid_file));
  std::filesystem::remove_all(dir);
}

TEST_CASE("process runner leaves a child alone while the cancel flag is down", "[process]") {
  std::atomic<bool> cancel{false};
  const ProcessRequest request = cancellable({"--sleep", "300", "--exit", "5"}, cancel);
  auto result = make_process_runner()->run(request);
  REQUIRE(result.has_value());
  CHECK(result->outcome == ProcessOutcome::exited);
  CHECK(result->exit_code == 5);
}

#ifndef _WIN32
TEST_CASE("process runner cancellation kills the grandchild too", "[process]") {
  const auto dir = scratch_dir("cancel");
  const auto pid_file = dir / "grandchild.pid";
  std::atomic<bool> cancel{false};
  const ProcessRequest request = cancellable(
      {"--grandchild-sleep", "60000", "--pid-file", pid_file.string(), "--sleep", "60000"}, cancel);
  std::jthread raiser([&] {
    // Once the child has written the grandchild's pid, as Ctrl-C would.
    const auto until = SteadyClock::now() + 10s;
    while (!std::filesystem::exists(pid_file) && SteadyClock::now() < until)
      std::this_thread::sleep_for(20ms);
    cancel.store(true);
  });
  const auto started = SteadyClock::now();
  auto result = make_process_runner()->run(request);
  REQUIRE(result.has_value());
  CHECK(result->outcome == ProcessOutcome::cancelled);
  CHECK(SteadyClock::now() - started < k_prompt);
  REQUIRE(std::filesystem::exists(pid_file));
  const pid_t grandchild = read_pid(pid_file);
  REQUIRE(grandchild > 1);
  CHECK(gone_within(grandchild, 10s));
  std::filesystem::remove_all(dir);
}
#endif
