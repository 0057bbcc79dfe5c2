#pragma once
// Running one external program: an argument vector (never a shell string),
// stdin closed or fed, stdout and stderr read concurrently and kept up to a
// bound, a timeout after which the child and all its descendants are gone (a
// process group on POSIX, a job object on Windows). The implementation is the only code that uses
// Boost.Process (src/sys/process_runner.cpp).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/result.hpp"

namespace casdoctor::sys {

struct ProcessRequest {
  std::filesystem::path program;          // a path; see find_executable for names
  std::vector<std::string> args;          // argv[1..], passed as is
  std::optional<std::string> stdin_data;  // nullopt: stdin closed (EOF at once)
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};
  // When set, checked every 50 ms while the child runs: once true, the child
  // and its descendants are killed as at the timeout (outcome cancelled). A
  // run whose flag is already true starts nothing. Used for Ctrl-C
  // (sys/interrupt.hpp).
  const std::atomic<bool>* cancel = nullptr;
  // Bytes of output kept (the first ones), stdout and stderr together: one
  // bound for both, so that the memory a run holds stays bounded whatever the
  // child writes (an endless writer on both streams included). Past it the
  // child and its descendants are killed (outcome too_much_output).
  std::size_t output_limit = k_default_output_limit;

  static constexpr std::size_t k_default_output_limit = std::size_t{64} << 20;  // 64 MB
};

enum class ProcessOutcome {
  exited,           // exit_code is valid
  signalled,        // killed by a signal not sent by us (POSIX); exit_code holds the signal
  timed_out,        // killed by us at the timeout, with its descendants
  cancelled,        // killed by us when ProcessRequest::cancel became true (or never started)
  too_much_output,  // killed by us when its output passed ProcessRequest::output_limit
};

struct ProcessResult {
  ProcessOutcome outcome = ProcessOutcome::exited;
  int exit_code = 0;
  std::string stdout_bytes;  // raw bytes, as written by the child (at most output_limit)
  std::string stderr_bytes;
  std::chrono::milliseconds duration{0};
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // An error (ExitCode::unknown) only when the program could not be started
  // at all; the message names the program and the reason.
  virtual Result<ProcessResult> run(const ProcessRequest& request) = 0;
};

std::unique_ptr<ProcessRunner> make_process_runner();

// Searches PATH (and PATHEXT on Windows) for `name`; a name with a directory
// part is checked as is. nullopt when not found or not executable.
std::optional<std::filesystem::path> find_executable(std::string_view name);

// "PowerShell wrote more than 64 MB to stdout: stopped", for a result whose
// outcome is too_much_output; `who` names the program.
std::string too_much_output_message(std::string_view who, const ProcessResult& result,
                                    std::size_t limit);

// Process output as UTF-8 text: UTF-16LE with BOM (what powershell.exe writes
// when its console encoding is Unicode) and UTF-8 with or without BOM are
// decoded, CRLF becomes LF. Invalid data is an error naming the byte offset.
Result<std::string> decode_output(std::string_view bytes);

}  // namespace casdoctor::sys
