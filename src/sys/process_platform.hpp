#pragma once
// Everything the process runner does differently on POSIX and on Windows, in
// one place: how a child and all its descendants are held together and killed
// (a process group / a job object), how an exit status reads, what makes a
// file executable, PATH and PATHEXT. Included only by process_runner.cpp, the
// one translation unit that compiles Boost.Process.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "casdoctor/sys/process.hpp"

#include "boost_process_v2.hpp"

#ifdef _WIN32
#include <algorithm>
#include <cwctype>
#include <windows.h>

#include "casdoctor/sys/command_line.hpp"
#include "casdoctor/sys/path.hpp"

#include "win_text.hpp"
#else
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace casdoctor::sys::process_detail {

namespace bp = boost::process::v2;

struct ExitStatus {
  ProcessOutcome outcome = ProcessOutcome::exited;
  int code = 0;
};

#ifndef _WIN32

// ---------------------------------------------------------------- POSIX ---

// A launcher initializer: between fork and exec the child makes itself the
// leader of a new process group, so that everything it starts shares the
// group and one kill(-pgid) reaches them all. The launcher returns only after
// the exec succeeded, so the group exists before anyone can try to kill it.
struct NewProcessGroup {
  bp::error_code on_exec_setup(bp::posix::default_launcher&, const bp::filesystem::path&,
                               const char* const*) const {
    // In the forked child: async-signal-safe calls only.
    if (::setpgid(0, 0) == 0) return {};
    return {errno, bp::system_category()};
  }
};

class ProcessTree {
 public:
  std::optional<std::string> setup_error() const { return std::nullopt; }
  NewProcessGroup launcher_init(const std::vector<std::string>&) { return {}; }
  std::optional<std::string> start_error() const { return std::nullopt; }

  // The group id is the child's pid. While the child is unreaped, or any
  // member of its group lives, the kernel does not hand that number to a new
  // process, so the signal cannot reach a stranger's group. After the last
  // member is gone it fails with ESRCH, which is fine.
  void kill_all(bp::pid_type child) { ::kill(-child, SIGKILL); }
};

// Blocks SIGPIPE in the calling thread (the one running the io_context)
// while it lives: writing stdin to a child that has exited must fail with
// EPIPE, not kill casdoctor. A SIGPIPE raised meanwhile is consumed, and the
// thread's signal mask restored. The process-wide disposition is left alone
// because other code may rely on it.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pending_before_ = pending();
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~SigpipeBlock() {
    if (!pending_before_ && pending()) {
      const timespec no_wait{};
      sigtimedwait(&pipe_, nullptr, &no_wait);
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  static bool pending() {
    sigset_t set;
    sigemptyset(&set);
    return sigpending(&set) == 0 && sigismember(&set, SIGPIPE) == 1;
  }

  sigset_t pipe_{};
  sigset_t previous_{};
  bool pending_before_ = false;
};

inline ExitStatus classify(bp::native_exit_code_type status) {
  if (WIFSIGNALED(status)) return {ProcessOutcome::signalled, WTERMSIG(status)};
  return {ProcessOutcome::exited, WEXITSTATUS(status)};
}

// When exec fails, Boost.Process's forked child calls exit(), which flushes
// the stdio buffers it inherited: whatever casdoctor had buffered would be
// written twice. Empty buffers make that harmless.
inline void prepare_for_fork() {
  std::fflush(nullptr);
}

// Why `program` cannot be started, checked before forking so that the common
// failures (missing file, no x bit, a directory) do not go through a child
// that exits after a failed exec (see prepare_for_fork).
inline std::optional<std::string> not_startable_reason(const std::filesystem::path& program) {
  struct stat info {};
  if (::stat(program.c_str(), &info) != 0) return std::generic_category().message(errno);
  if (S_ISDIR(info.st_mode)) return std::generic_category().message(EISDIR);
  if (::access(program.c_str(), X_OK) != 0) return std::generic_category().message(errno);
  return std::nullopt;
}

inline bool is_executable_file(const std::filesystem::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

inline bool has_directory_part(std::string_view name) {
  return name.find('/') != std::string_view::npos;
}

// PATH's directories. An empty entry means the current directory to a POSIX
// shell; it is skipped so that a writable working directory cannot plant
// the programs an administrator's tool runs.
inline std::vector<std::filesystem::path> path_entries() {
  std::vector<std::filesystem::path> entries;
  const char* path = std::getenv("PATH");
  std::string_view rest = path == nullptr ? "" : path;
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string_view entry = rest.substr(0, colon);
    if (!entry.empty()) entries.emplace_back(entry);
    rest = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
  }
  return entries;
}

inline std::vector<std::filesystem::path> executable_candidates(const std::filesystem::path& base) {
  return {base};
}

// execve takes the vector as it is.
inline const std::vector<std::string>& launcher_args(const std::vector<std::string>& args) {
  return args;
}

#else

// -------------------------------------------------------------- Windows ---
// (Not compiled on the Linux build; kept small and close to the API docs.)

using win::last_error_text;

class ProcessTree;

// Boost.Process 1.81 throws on an empty argument and quotes only spaces:
// the launcher gets no arguments, and StartInJob writes the whole command
// line by Microsoft's rules (sys/command_line.hpp) instead.
inline std::vector<std::string> launcher_args(const std::vector<std::string>&) {
  return {};
}

// A launcher initializer: the child is created suspended, put into the job,
// then resumed, so that it cannot start a process outside the job (a child
// process inherits its parent's job).
struct StartInJob {
  ProcessTree* tree;
  const std::vector<std::string>* args;

  bp::error_code on_setup(bp::windows::default_launcher& launcher,
                          const bp::filesystem::path& program, std::wstring& command_line) {
    launcher.creation_flags |= CREATE_SUSPENDED;
    command_line = win::widen(windows_command_line(path_to_utf8(program), *args));
    return {};
  }
  void on_success(bp::windows::default_launcher& launcher, const bp::filesystem::path&,
                  std::wstring&);
};

// A job object that kills its processes when its last handle is closed
// (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE): nothing the child started outlives
// the run, even if casdoctor itself dies.
class ProcessTree {
 public:
  ProcessTree() : job_(::CreateJobObjectW(nullptr, nullptr)) {
    if (job_ == nullptr) {
      setup_error_ = "cannot create a job object: " + last_error_text();
      return;
    }
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (!::SetInformationJobObject(job_, JobObjectExtendedLimitInformation, &limits, sizeof limits))
      setup_error_ = "cannot configure a job object: " + last_error_text();
  }
  ~ProcessTree() {
    if (job_ != nullptr) ::CloseHandle(job_);
  }
  ProcessTree(const ProcessTree&) = delete;
  ProcessTree& operator=(const ProcessTree&) = delete;

  std::optional<std::string> setup_error() const { return setup_error_; }
  StartInJob launcher_init(const std::vector<std::string>& args) { return {this, &args}; }
  std::optional<std::string> start_error() const { return start_error_; }
  void kill_all(bp::pid_type) { ::TerminateJobObject(job_, 1); }

  // The child is still suspended: put it in the job, then let it run. If it
  // cannot join, it is ended before it ran a single instruction.
  void adopt(const PROCESS_INFORMATION& child) {
    if (!::AssignProcessToJobObject(job_, child.hProcess)) {
      start_error_ = "cannot put it in a job object: " + last_error_text();
      ::TerminateProcess(child.hProcess, 1);
      return;
    }
    ::ResumeThread(child.hThread);
  }

 private:
  HANDLE job_ = nullptr;
  std::optional<std::string> setup_error_;
  std::optional<std::string> start_error_;
};

inline void StartInJob::on_success(bp::windows::default_launcher& launcher,
                                   const bp::filesystem::path&, std::wstring&) {
  tree->adopt(launcher.process_information);
}

// No SIGPIPE on Windows: a write to a closed pipe fails with an error. (A
// user-provided constructor, so that the runner's guard variable is not
// "unused" to GCC.)
class SigpipeBlock {
 public:
  SigpipeBlock() {}  // NOLINT(modernize-use-equals-default)
};

inline ExitStatus classify(bp::native_exit_code_type status) {
  return {ProcessOutcome::exited, static_cast<int>(status)};
}

inline void prepare_for_fork() {}

inline std::optional<std::string> not_startable_reason(const std::filesystem::path& program) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(program, ec)) return std::nullopt;
  return ec ? ec.message() : std::string("not a file");
}

inline bool is_executable_file(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

inline bool has_directory_part(std::string_view name) {
  return name.find_first_of("/\\:") != std::string_view::npos;
}

inline std::wstring environment_variable(const wchar_t* name) {
  const DWORD size = ::GetEnvironmentVariableW(name, nullptr, 0);
  if (size == 0) return {};
  std::wstring value(size, L'\0');
  value.resize(::GetEnvironmentVariableW(name, value.data(), size));
  return value;
}

inline std::vector<std::wstring> split(std::wstring_view list) {
  std::vector<std::wstring> parts;
  while (!list.empty()) {
    const std::size_t semicolon = list.find(L';');
    if (semicolon != 0) parts.emplace_back(list.substr(0, semicolon));
    list = semicolon == std::wstring_view::npos ? L"" : list.substr(semicolon + 1);
  }
  return parts;
}

// Unlike cmd.exe, the current directory is not searched first (see the POSIX
// path_entries for why).
inline std::vector<std::filesystem::path> path_entries() {
  std::vector<std::filesystem::path> entries;
  for (const std::wstring& entry : split(environment_variable(L"PATH")))
    entries.emplace_back(entry);
  return entries;
}

inline std::wstring lower(std::wstring text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](wchar_t c) { return static_cast<wchar_t>(std::towlower(c)); });
  return text;
}

// Like where.exe: the name itself when its extension is one of PATHEXT, then
// the name with each PATHEXT extension appended.
inline std::vector<std::filesystem::path> executable_candidates(const std::filesystem::path& base) {
  std::wstring pathext = environment_variable(L"PATHEXT");
  if (pathext.empty()) pathext = L".COM;.EXE;.BAT;.CMD";
  const std::vector<std::wstring> extensions = split(pathext);
  std::vector<std::filesystem::path> candidates;
  const std::wstring own = lower(base.extension().native());
  if (!own.empty() && std::ranges::any_of(extensions, [&](const std::wstring& extension) {
        return lower(extension) == own;
      }))
    candidates.push_back(base);
  for (const std::wstring& extension : extensions) {
    std::filesystem::path candidate = base;
    candidate += extension;
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

#endif

}  // namespace casdoctor::sys::process_detail
