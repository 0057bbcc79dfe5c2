// `casdoctor-lab powershell`: real PowerShell with the ExchangeLab module.
// It interprets no PowerShell: it reads powershell.exe's command line (which
// form carries the script), logs the call, hands the script unchanged to
// pwsh behind a fixed prelude on its first line that imports the module,
// applies the console fault knobs to pwsh's output, and records the exit
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

#include "console_faults.hpp"

#ifdef _WIN32
#include <windows.h>

#include "casdoctor/sys/command_line.hpp"
#else
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
extern char** environ;
#endif

namespace casdoctor::lab {
namespace {

// Put before the script on its first line (its line numbers stay): 5.1's
// error layout, plain text, the module. The script then runs as
// -EncodedCommand runs it: in the global scope, $input is stdin, the exit
// code is its `exit N` or 1 when its last statement failed.
constexpr std::string_view k_prelude =
    "$ErrorView = 'NormalView'; if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }; "
    "Import-Module -Name ExchangeLab -ErrorAction Stop; ";

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

// The call log entry, before anything runs (a killed run stays counted);
// the state's faults.
std::optional<Faults> begin_call(const StateStore& store, const Script& script) {
  std::optional<Faults> started;
  auto done = store.update([&](LabState& state) -> Result<void> {
    CallRecord record;
    record.time = lab_time(state, wall_clock_now());
    record.pid = sys::current_process_id();
    record.form = std::string(to_string(script.form));
    record.kind = trim(script.text).empty() ? "empty" : "query";
    state.calls.push_back(record);
    started = state.faults;
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

// The console fault knobs are not applied on Windows (docs/lab.md).
int run_child(const std::string& program, const std::vector<std::string>& args, const Faults&) {
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
volatile std::sig_atomic_t g_signal = 0;  // the signal that ended the run

// A signal to the wrapper alone (not its process group) reaches pwsh too.
extern "C" void forward_signal(int signal) {
  g_signal = signal;
  if (g_child > 0) kill(static_cast<pid_t>(g_child), signal);
}

// Copies what arrives on `from` through the filter to `to` until EOF.
bool pump(int from, int to, ConsoleFilter& filter) {
  char buffer[4096];
  const auto n = read(from, buffer, sizeof buffer);
  if (n <= 0) {
    const auto rest = filter.finish();
    (void)!write(to, rest.data(), rest.size());
    return false;
  }
  const auto out = filter.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
  (void)!write(to, out.data(), out.size());
  return true;
}

int run_child(const std::string& program, const std::vector<std::string>& args,
              const Faults& faults) {
  std::vector<std::string> all{program};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const bool filtered = console_faults_active(faults);
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (filtered) {
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) return -1;
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
      posix_spawn_file_actions_addclose(&actions, fd);
  }
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  g_child = pid;
  for (int s : {SIGTERM, SIGINT, SIGHUP}) std::signal(s, forward_signal);
  if (filtered) {
    close(out_pipe[1]);
    close(err_pipe[1]);
    ConsoleFilter out(faults.garbage_output, faults.output_encoding, true);
    ConsoleFilter err(faults.garbage_output, faults.output_encoding, false);
    std::vector<pollfd> fds{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
      if (poll(fds.data(), fds.size(), -1) < 0) continue;
      for (std::size_t i = 0; i < fds.size(); ++i) {
        if (fds[i].fd < 0 || fds[i].revents == 0) continue;
        if (!pump(fds[i].fd, i == 0 ? 1 : 2, i == 0 ? out : err)) {
          close(fds[i].fd);
          fds[i].fd = -1;
        }
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  // Killed: the wrapper dies of the same signal, the call stays unfinished
  // in the log (as a killed powershell.exe would leave it).
  if (g_signal != 0) {
    std::signal(g_signal, SIG_DFL);
    std::raise(g_signal);
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

#ifndef _WIN32
// A pwsh installed as a .NET tool (`dotnet tool install PowerShell`, as
// scripts/lib.sh installs it) is a managed shim that starts `dotnet pwsh.dll`
// as its child: a second .NET runtime start on every run (about 0.1 s of CPU)
// and a pwsh that the wrapper's signals reach only through the shim. The
// wrapper runs that pwsh.dll itself when the tool holds exactly one.
std::optional<std::filesystem::path> tool_pwsh_dll(const std::filesystem::path& pwsh) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto store = pwsh.parent_path() / ".store" / "powershell";
  if (pwsh.filename() != "pwsh" || !fs::is_directory(store, ec)) return std::nullopt;
  std::vector<fs::path> found;
  // .store/powershell/<version>/powershell/<version>/tools/<tfm>/any/unix/pwsh.dll
  for (const auto& version : fs::directory_iterator(store, ec)) {
    for (const auto& inner : fs::directory_iterator(version.path() / "powershell", ec)) {
      for (const auto& tfm : fs::directory_iterator(inner.path() / "tools", ec)) {
        const auto dll = tfm.path() / "any" / "unix" / "pwsh.dll";
        if (fs::is_regular_file(dll, ec)) found.push_back(dll);
      }
    }
  }
  if (found.size() != 1) return std::nullopt;
  return found.front();
}
#endif

// The program and the arguments in front of pwsh's own.
struct PwshCommand {
  std::string program;
  std::vector<std::string> args;
};

Result<PwshCommand> pwsh_command() {
  auto pwsh = find_pwsh();
  if (!pwsh) return std::unexpected(pwsh.error());
#ifndef _WIN32
  if (auto dll = tool_pwsh_dll(*pwsh))
    if (auto dotnet = sys::find_executable("dotnet"))
      return PwshCommand{dotnet->string(), {dll->string()}};
#endif
  return PwshCommand{*pwsh, {}};
}

}  // namespace

int lab_powershell_wrapper(const std::vector<std::string>& args) {
  auto parsed = parse_powershell_args(args);
  if (!parsed) {
    std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
    return 1;
  }
  if (parsed->help) {
    std::puts(
        "casdoctor-lab stands in for powershell.exe: it runs the script in real PowerShell "
        "(pwsh) with the lab's ExchangeLab module; see docs/lab.md.");
    return 0;
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
  auto pwsh = pwsh_command();
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
  const auto faults = begin_call(store, *script);
  if (!faults) return 1;
  set_env("CASDOCTOR_LAB_CALL", std::to_string(sys::current_process_id()));
  if (!env_value("CASDOCTOR_LAB")) set_env("CASDOCTOR_LAB", own_path().string());
  // The lab's servers run in UTC; no update check or telemetry call out.
  set_env("TZ", "UTC");
  set_env("POWERSHELL_UPDATECHECK", "Off");
  set_env("POWERSHELL_TELEMETRY_OPTOUT", "1");
  // pwsh from a .NET tool is IL only: every run JIT-compiles PowerShell anew,
  // and profile-guided tiering only adds instrumentation to runs this short
  // (docs/lab.md, "Test cost": about 3 % of a run's CPU).
  if (!env_value("DOTNET_TieredPGO")) set_env("DOTNET_TieredPGO", "0");
  std::fflush(stdout);
  auto command = pwsh->args;
  command.insert(command.end(), {"-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy",
                                 "Bypass", "-OutputFormat", "Text", "-EncodedCommand",
                                 encode_command(std::string(k_prelude) + script->text)});
  const int code = run_child(pwsh->program, command, *faults);
  if (code < 0) {
    std::fprintf(stderr, "casdoctor-lab: cannot start %s\n", pwsh->program.c_str());
    end_call(store, 1);
    return 1;
  }
  end_call(store, code);
  return code;
}

}  // namespace casdoctor::lab
