#pragma once
// Running a remediation plan (report/plan_model.hpp): each step's PowerShell
// command with its own timeout, success read from the exit status AND the
// services' state, a verify-logon step's OWA logon retried until it works
// or its deadline, a journal line before and after every step, servers one
// at a time (rolling) or N at a time, the first failed server stopping the
// rest, Ctrl-C stopping the running child. docs/execution.md.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "casdoctor/core/result.hpp"
#include "casdoctor/core/retry.hpp"
#include "casdoctor/core/time.hpp"
#include "casdoctor/remediate/journal.hpp"
#include "casdoctor/report/plan_model.hpp"
#include "casdoctor/report/report.hpp"
#include "casdoctor/sys/http.hpp"
#include "casdoctor/sys/interrupt.hpp"
#include "casdoctor/sys/process.hpp"
#include "casdoctor/verify/logon.hpp"

namespace casdoctor {

class ExecutionObserver;  // remediate/progress.hpp

struct ExecuteOptions {
  std::filesystem::path powershell;  // resolve_powershell's answer
  std::size_t parallel = 1;          // servers at a time; 1 = rolling (0 counts as 1)
  std::chrono::milliseconds step_timeout{std::chrono::minutes(10)};  // --step-timeout
  std::chrono::milliseconds query_timeout{std::chrono::minutes(2)};  // each follow-up query
  bool keep_going = false;              // --keep-going: a failed server does not stop the others
  std::size_t output_limit = 8 * 1024;  // bytes of output kept per step (the end)
  // Bytes a step's shell may write before it is stopped (ProcessRequest).
  std::size_t process_output_limit = sys::ProcessRequest::k_default_output_limit;
  std::string operator_name;  // the journal's "operator" (sys::operator_name())
  // verify-logon steps: TLS trust and each exchange's timeout (connect_to is
  // the step's own), and the password, owned (and wiped) by the caller.
  sys::HttpOptions http;
  const std::string* password = nullptr;
};

// What execution needs from the outside, behind interfaces (tests fake them).
struct ExecuteServices {
  sys::ProcessRunner& runner;
  Journal& journal;  // written by one thread at a time
  const Clock& clock;
  const sys::Interrupt& interrupt;
  sys::HttpClient* http = nullptr;  // verify-logon steps; none: such a step fails
  // Waits between logon attempts; false when interrupted. Empty: a real
  // sleep that `interrupt` cuts short.
  RetryWait wait = {};
  // Told of each step's start and end, and of logon waits (progress on
  // stderr); none: nobody watches.
  ExecutionObserver* observer = nullptr;
};

struct ExecutionSummary {
  Status status = Status::ok;  // ok: every step succeeded; critical: anything else
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;
  std::size_t interrupted_steps = 0;
  bool interrupted = false;            // Ctrl-C arrived: the CLI exits 130
  std::string stopped_because;         // why execution stopped early ("" = it did not)
  std::optional<Error> journal_error;  // a journal write failed (execution stopped)
  std::vector<LogonResult> logons;     // each verify-logon step's last logon, in plan order

  // 130 when interrupted, 2 when anything failed or was left undone, else 0.
  ExitCode exit_code() const;
};

// Runs every step of `plan`, filling each step's status, exit_code,
// duration_ms and output, and sets plan.dry_run to false. Never throws for
// a failed step or journal: everything ends up in the plan and the summary.
ExecutionSummary execute_plan(Plan& plan, const ExecuteOptions& options, ExecuteServices& services);

// PowerShell processes a plan costs at most: one per PowerShell step, plus
// one follow-up state query per restart-topology or iisreset step.
std::size_t process_count(const Plan& plan);

}  // namespace casdoctor
