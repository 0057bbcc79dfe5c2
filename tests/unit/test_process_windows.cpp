// The Windows process runner's job object: everything the child started is
// killed with it. The grandchild is tests/helpers/proc_helper.exe started by
// itself (--grandchild-sleep). Windows only (run under wine by
// scripts/test-windows); the POSIX process-group tests are in
// test_process_runner.cpp.
#ifdef _WIN32
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <windows.h>

#include <catch2/catch.hpp>

#include "casdoctor/sys/process.hpp"

namespace {

using namespace std::chrono_literals;
using casdoctor::sys::make_process_runner;
using casdoctor::sys::ProcessOutcome;
using casdoctor::sys::ProcessRequest;

std::filesystem::path pid_file_for(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("casdoctor-job-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir / "grandchild.pid";
}

DWORD read_pid(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::int64_t pid = 0;
  in >> pid;
  return static_cast<DWORD>(pid);
}

// Gone: no such process any more, or its handle is signalled within `limit`.
bool gone_within(DWORD pid, std::chrono::milliseconds limit) {
  HANDLE h = ::OpenProcess(SYNCHRONIZE, FALSE, pid);
  if (h == nullptr) return true;
  const DWORD waited = ::WaitForSingleObject(h, static_cast<DWORD>(limit.count()));
  ::CloseHandle(h);
  return waited == WAIT_OBJECT_0;
}

ProcessOutcome run_with_grandchild(const std::filesystem::path& pid_file,
                                   std::vector<std::string> more,
                                   std::chrono::milliseconds timeout) {
  std::vector<std::string> args = {"--grandchild-sleep", "60000", "--pid-file", pid_file.string()};
  args.insert(args.end(), more.begin(), more.end());
  const ProcessRequest request{CASDOCTOR_PROC_HELPER, args, std::nullopt, timeout};
  auto result = make_process_runner()->run(request);
  REQUIRE(result.has_value());
  return result->outcome;
}

}  // namespace

TEST_CASE("the job object kills the grandchild at the timeout", "[process][windows]") {
  const auto pid_file = pid_file_for("timeout");
  CHECK(run_with_grandchild(pid_file, {"--sleep", "60000"}, 5s) == ProcessOutcome::timed_out);
  REQUIRE(std::filesystem::exists(pid_file));
  const DWORD grandchild = read_pid(pid_file);
  REQUIRE(grandchild != 0);
  CHECK(gone_within(grandchild, 10s));
}

TEST_CASE("the job object kills a grandchild left behind by a child that exited",
          "[process][windows]") {
  const auto pid_file = pid_file_for("orphan");
  const auto started = std::chrono::steady_clock::now();
  CHECK(run_with_grandchild(pid_file, {"--exit", "3"}, 60s) == ProcessOutcome::exited);
  CHECK(std::chrono::steady_clock::now() - started < 30s);
  REQUIRE(std::filesystem::exists(pid_file));
  const DWORD grandchild = read_pid(pid_file);
  REQUIRE(grandchild != 0);
  CHECK(gone_within(grandchild, 10s));
}
#endif
