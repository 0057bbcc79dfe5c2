#pragma once
// The simulated Windows PowerShell 5.1 session: runs one script against the
// lab's org the way powershell.exe on an Exchange server would, writing to a
// PsHost and changing the state file through a StateStore.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "casdoctor/lab/ps_host.hpp"
#include "casdoctor/lab/state_store.hpp"

namespace casdoctor::lab {

struct ShellEnvironment {
  StateStore store;
  PsHost* host = nullptr;
  std::function<TimePoint()> system_now;                 // the system clock
  std::function<void(std::chrono::milliseconds)> sleep;  // a simulated delay
  std::int64_t pid = 0;                                  // for the call log
};

// How the script reached the shell (recorded in the call log).
// encoded_stdin: casdoctor's -EncodedCommand bootstrap with the script on stdin.
enum class ScriptForm { encoded_command, command, command_stdin, file, encoded_stdin };
std::string_view to_string(ScriptForm form);

// Runs the script; returns the process exit code. The call is appended to
// the state's call log before anything else happens (so a run that hangs or
// is killed is still counted) and completed with its exit code at the end.
int run_shell_script(const ShellEnvironment& env, std::string_view script, ScriptForm form);

}  // namespace casdoctor::lab
