// `casdoctor-lab powershell`: real PowerShell with the ExchangeLab module.
// It interprets no PowerShell: it reads powershell.exe's command line (which
// form carries the script), logs the call, hands the script unchanged to
// pwsh behind a fixed prelude that imports the module, and records the exit
// code. PowerShell's own `-NoProfile` leaves no other way to import a
// module before the script runs, and the call log must count a run before
// it does anything (docs/lab.md).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/module_commands.hpp"
#include "casdoctor/lab/org.hpp"
#include "casdoctor/lab/powershell_args.hpp"
#include "casdoctor/lab/state_store.hpp"
#include "casdoctor/powershell/invocation.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/file_lock.hpp"
#include "casdoctor/sys/process.hpp"

#ifdef _WIN32
#include <windows.h>

#include "casdoctor/sys/command_line.hpp"
#else
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
extern char** environ;
#endif

namespace casdoctor::lab {
namespace {

// Runs the script in $env:CASDOCTOR_LAB_SCRIPT (base64 of UTF-16LE, as
// -EncodedCommand takes it) in the global scope with stdin as its $input,
// after 5.1's error layout and the module. Valid in PowerShell 5.1 too.
constexpr std::string_view k_prelude =
    "$ErrorView = 'NormalView'; "
    "if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }; "
    "Import-Module -Name ExchangeLab -ErrorAction Stop; "
    "$casdoctorLabScript = [System.Text.Encoding]::Unicode.GetString("
    "[System.Convert]::FromBase64String($env:CASDOCTOR_LAB_SCRIPT)); "
    "Remove-Item -LiteralPath 'Env:CASDOCTOR_LAB_SCRIPT'; "
    "$input | . ([System.Management.Automation.ScriptBlock]::Create($casdoctorLabScript))";

std::optional<std::string> env_value(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

void set_env(const char* name, const std::string& value) {
#ifdef _WIN32
  _putenv_s(name, value.c_str());
#else
  setenv(name, value.c_str(), 1);
#endif
}

std::filesystem::path own_path() {
#ifdef _WIN32
  std::wstring buffer(32768, L'\0');
  const auto n = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
  buffer.resize(n);
  return std::filesystem::path(buffer);
#else
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/exe", ec);
#endif
}

struct Script {
  std::string text;
  ScriptForm form = ScriptForm::command;
};

Result<Script> wrapped_script(const PowerShellArgs& a) {
  if (a.form == ScriptForm::encoded_command && is_stdin_bootstrap(a.command))
    return Script{a.command, ScriptForm::encoded_stdin};
  if (a.read_stdin) {
    auto bytes = sys::read_stdin_bytes();
    if (!bytes) return std::unexpected(bytes.error());
    return Script{script_text(*bytes), ScriptForm::command_stdin};
  }
  if (a.form == ScriptForm::file) {
    auto bytes = sys::read_file_bytes(a.file);
    if (!bytes)
      return make_error(ExitCode::usage,
                        cat("The argument '", a.file, "' to the -File parameter does not exist. ",
                            "Provide the path to an existing '.ps1' file as an argument to the "
                            "-File parameter."));
    return Script{script_text(*bytes), ScriptForm::file};
  }
  return Script{a.command, a.form};
}

TimePoint wall_clock_now() {
  return SystemClock().now();
}

// The call log entry, before anything runs (a killed run stays counted).
std::optional<TimePoint> begin_call(const StateStore& store, const Script& script) {
  std::optional<TimePoint> started;
  auto done = store.update([&](LabState& state) -> Result<void> {
    CallRecord record;
    record.time = lab_time(state, wall_clock_now());
    record.pid = sys::current_process_id();
    record.form = std::string(to_string(script.form));
    record.kind = trim(script.text).empty() ? "empty" : "query";
    state.calls.push_back(record);
    started = record.time;
    return {};
  });
  if (!done) {
    std::fprintf(stderr, "casdoctor-lab: %s\n", done.error().message.c_str());
    return std::nullopt;
  }
  return started;
}

void end_call(const StateStore& store, int code) {
  (void)store.update([&](LabState& state) -> Result<void> {
    const auto pid = sys::current_process_id();
    for (auto it = state.calls.rbegin(); it != state.calls.rend(); ++it) {
      if (it->pid != pid) continue;
      it->exit_code = code;
      it->finished = lab_time(state, wall_clock_now());
      break;
    }
    return {};
  });
}

#ifdef _WIN32
std::wstring wide(const std::string& utf8) {
  const int n =
      MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

int run_child(const std::string& program, const std::vector<std::string>& args) {
  auto line = wide(sys::windows_command_line(program, args));
  STARTUPINFOW si{};
  si.cb = sizeof(si);
  PROCESS_INFORMATION pi{};
  if (!CreateProcessW(nullptr, line.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &si, &pi))
    return -1;
  WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD code = 1;
  GetExitCodeProcess(pi.hProcess, &code);
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  return static_cast<int>(code);
}
#else
volatile std::sig_atomic_t g_child = 0;

// A signal to the wrapper alone (not its process group) reaches pwsh too.
extern "C" void forward_signal(int signal) {
  if (g_child > 0) kill(static_cast<pid_t>(g_child), signal);
}

int run_child(const std::string& program, const std::vector<std::string>& args) {
  std::vector<std::string> all{program};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv.data(), environ) != 0) return -1;
  g_child = pid;
  for (int s : {SIGTERM, SIGINT, SIGHUP}) std::signal(s, forward_signal);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}
#endif

Result<std::string> find_pwsh() {
  if (auto chosen = env_value("CASDOCTOR_LAB_PWSH")) {
    if (auto found = sys::find_executable(*chosen)) return found->string();
    return make_error(ExitCode::unknown, cat("CASDOCTOR_LAB_PWSH '", *chosen, "' is not found"));
  }
  for (auto name : {"pwsh", "powershell.exe"})
    if (auto found = sys::find_executable(name)) return found->string();
  return make_error(ExitCode::unknown,
                    "no PowerShell: set CASDOCTOR_LAB_PWSH or put pwsh in PATH (docs/lab.md)");
}

}  // namespace

int lab_powershell_wrapper(const std::vector<std::string>& args) {
  auto parsed = parse_powershell_args(args);
  if (!parsed) {
    std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
    return 1;
  }
  const auto state_path = env_value("CASDOCTOR_LAB_STATE");
  if (!state_path) {
    std::fputs(
        "casdoctor-lab : Cannot find the lab's state: the environment variable "
        "CASDOCTOR_LAB_STATE is not set. Set it to a state file (casdoctor-lab scenario "
        "kb4294204 --state FILE writes one).\n",
        stderr);
    return 1;
  }
  auto pwsh = find_pwsh();
  if (!pwsh) {
    std::fprintf(stderr, "casdoctor-lab: %s\n", pwsh.error().message.c_str());
    return 1;
  }
  auto script = wrapped_script(*parsed);
  if (!script) {
    std::fprintf(stderr, "%s\n", script.error().message.c_str());
    return 1;
  }
  const StateStore store(*state_path);
  if (!begin_call(store, *script)) return 1;
  set_env("CASDOCTOR_LAB_CALL", std::to_string(sys::current_process_id()));
  set_env("CASDOCTOR_LAB_SCRIPT", encode_command(script->text));
  if (!env_value("CASDOCTOR_LAB")) set_env("CASDOCTOR_LAB", own_path().string());
  // The lab's servers run in UTC; no update check or telemetry call out.
  set_env("TZ", "UTC");
  set_env("POWERSHELL_UPDATECHECK", "Off");
  set_env("POWERSHELL_TELEMETRY_OPTOUT", "1");
  std::fflush(stdout);
  const int code = run_child(*pwsh, {"-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy",
                                     "Bypass", "-Command", std::string(k_prelude)});
  if (code < 0) {
    std::fprintf(stderr, "casdoctor-lab: cannot start %s\n", pwsh->c_str());
    end_call(store, 1);
    return 1;
  }
  end_call(store, code);
  return code;
}

}  // namespace casdoctor::lab
