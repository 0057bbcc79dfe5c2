// A child for the process runner tests (tests/unit/test_process_runner.cpp).
// The options are carried out in this order, whatever order they come in:
//   --grandchild-sleep MS --pid-file PATH
//                        fork a grandchild that sleeps MS holding stdout and
//                        stderr; its pid is written to PATH (on Windows the
//                        grandchild is this program again, run with --sleep MS)
//   --utf16              UTF-16LE with a BOM and CRLF line ends on stdout
//   --echo-stdin         copy stdin to stdout until EOF
//   --stdout-bytes N     N bytes of 'o' on stdout and
//   --stderr-bytes N     N bytes of 'e' on stderr, interleaved in 64 KiB
//                        chunks, so a parent reading one pipe at a time hangs
//   --sleep MS
//   --signal N           raise signal N
//   --exit CODE          the exit status (default 0)
//   --print-args ARG...  every later argument, verbatim, one per line
#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <vector>
// windows.h first: shellapi.h needs its types.
// clang-format off
#include <windows.h>
#include <shellapi.h>
// clang-format on
#else
#include <unistd.h>
#endif

namespace {

struct Options {
  std::optional<std::chrono::milliseconds> grandchild_sleep;
  std::string pid_file;
  bool utf16 = false;
  bool echo_stdin = false;
  std::uint64_t stdout_bytes = 0;
  std::uint64_t stderr_bytes = 0;
  std::chrono::milliseconds sleep{0};
  int signal = 0;
  int exit_code = 0;
  std::span<char*> print_args;
};

constexpr int k_usage = 64;

std::optional<std::uint64_t> number(const char* text) {
  const std::string_view view(text);
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (error != std::errc() || end != view.data() + view.size()) return std::nullopt;
  return value;
}

// Reads the option at args[i] (and its value); false on a usage error.
bool parse_option(std::span<char*> args, std::size_t& i, Options& options) {
  const std::string_view name = args[i];
  if (name == "--utf16" || name == "--echo-stdin") {
    (name == "--utf16" ? options.utf16 : options.echo_stdin) = true;
    return true;
  }
  if (name == "--print-args") {
    options.print_args = args.subspan(i + 1);
    i = args.size();
    return true;
  }
  if (i + 1 >= args.size()) return false;
  const char* value = args[++i];
  if (name == "--pid-file") {
    options.pid_file = value;
    return true;
  }
  const std::optional<std::uint64_t> n = number(value);
  if (!n) return false;
  const auto ms = std::chrono::milliseconds(static_cast<std::int64_t>(*n));
  if (name == "--grandchild-sleep")
    options.grandchild_sleep = ms;
  else if (name == "--sleep")
    options.sleep = ms;
  else if (name == "--stdout-bytes")
    options.stdout_bytes = *n;
  else if (name == "--stderr-bytes")
    options.stderr_bytes = *n;
  else if (name == "--signal")
    options.signal = static_cast<int>(*n);
  else if (name == "--exit")
    options.exit_code = static_cast<int>(*n);
  else
    return false;
  return true;
}

void write(std::FILE* stream, std::string_view bytes) {
  std::fwrite(bytes.data(), 1, bytes.size(), stream);
  std::fflush(stream);
}

// Written to a temporary name and renamed, so the test never reads half a pid.
void write_pid_file(const std::string& path, std::int64_t pid) {
  const std::string temporary = path + ".tmp";
  std::ofstream(temporary) << pid << '\n';
  std::filesystem::rename(temporary, path);
}

bool fork_grandchild(const Options& options) {
#ifdef _WIN32
  // This program again, sleeping; it inherits stdout and stderr (the
  // handles are inheritable: the runner's pipes).
  wchar_t self[MAX_PATH];
  if (::GetModuleFileNameW(nullptr, self, MAX_PATH) == 0) return false;
  std::wstring line = L"\"" + std::wstring(self) + L"\" --sleep " +
                      std::to_wstring(options.grandchild_sleep->count());
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION child{};
  if (!::CreateProcessW(self, line.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup,
                        &child))
    return false;
  if (!options.pid_file.empty()) write_pid_file(options.pid_file, child.dwProcessId);
  ::CloseHandle(child.hThread);
  ::CloseHandle(child.hProcess);
  return true;
#else
  const pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {  // the grandchild: holds the inherited pipes while it sleeps
    std::this_thread::sleep_for(*options.grandchild_sleep);
    ::_exit(0);
  }
  if (!options.pid_file.empty()) write_pid_file(options.pid_file, pid);
  return true;
#endif
}

void write_utf16() {
  std::string bytes = "\xFF\xFE";
  for (const char16_t unit :
       std::u16string_view(u"h\u00e9llo\r\nw\u00f6rld \u2713 \U0001F600\r\n")) {
    bytes += static_cast<char>(unit & 0xFF);
    bytes += static_cast<char>(unit >> 8);
  }
  write(stdout, bytes);
}

void echo_stdin() {
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) write(stdout, {buffer, n});
}

void write_interleaved(std::uint64_t stdout_bytes, std::uint64_t stderr_bytes) {
  constexpr std::uint64_t chunk = 65536;
  const std::string out_chunk(chunk, 'o');
  const std::string err_chunk(chunk, 'e');
  while (stdout_bytes > 0 || stderr_bytes > 0) {
    const std::uint64_t out = std::min(chunk, stdout_bytes);
    const std::uint64_t err = std::min(chunk, stderr_bytes);
    write(stdout, std::string_view(out_chunk).substr(0, out));
    write(stderr, std::string_view(err_chunk).substr(0, err));
    stdout_bytes -= out;
    stderr_bytes -= err;
  }
}

int run(const Options& options) {
  if (options.grandchild_sleep && !fork_grandchild(options)) return k_usage;
  if (options.utf16) write_utf16();
  if (options.echo_stdin) echo_stdin();
  write_interleaved(options.stdout_bytes, options.stderr_bytes);
  for (const char* arg : options.print_args) write(stdout, std::string(arg) + "\n");
  std::this_thread::sleep_for(options.sleep);
  if (options.signal != 0) std::raise(options.signal);
  return options.exit_code;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef _WIN32
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
  // The arguments as UTF-8, from the UTF-16 command line (argv is in the
  // ANSI code page), so that --print-args shows what the runner passed.
  int count = 0;
  wchar_t** wide = ::CommandLineToArgvW(::GetCommandLineW(), &count);
  std::vector<std::string> utf8;
  for (int i = 0; i < count; ++i) {
    const int bytes = ::WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, nullptr, 0, nullptr, nullptr);
    std::string arg(static_cast<std::size_t>(bytes), '\0');
    ::WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, arg.data(), bytes, nullptr, nullptr);
    arg.resize(arg.size() - 1);  // the terminating NUL
    utf8.push_back(std::move(arg));
  }
  std::vector<char*> pointers;
  for (std::string& arg : utf8) pointers.push_back(arg.data());
  argc = count;
  argv = pointers.data();
#endif
  const std::span<char*> args(argv + 1, static_cast<std::size_t>(argc > 0 ? argc - 1 : 0));
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!parse_option(args, i, options)) {
      std::fprintf(stderr, "proc_helper: bad option near '%s'\n", args[i]);
      return k_usage;
    }
  }
  return run(options);
}
