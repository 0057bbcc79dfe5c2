#include "casdoctor/sys/console.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "casdoctor/sys/path.hpp"

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
// windows.h first: shellapi.h needs its types.
// clang-format off
#include <windows.h>
#include <shellapi.h>
// clang-format on

#include "win_text.hpp"
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace casdoctor::sys {
namespace {

#ifdef _WIN32
HANDLE handle_of(std::FILE* stream) {
  return reinterpret_cast<HANDLE>(_get_osfhandle(_fileno(stream)));
}

// A console, not merely a character device: _isatty is true for NUL too,
// so `remediate < NUL` would prompt and read nothing.
bool is_terminal(std::FILE* stream) {
  DWORD mode = 0;
  return ::GetConsoleMode(handle_of(stream), &mode) != 0;
}

// Whether stdout's console shows ANSI colours: set by prepare_console.
bool g_virtual_terminal = false;

bool enable_virtual_terminal(std::FILE* stream) {
  const HANDLE h = handle_of(stream);
  DWORD mode = 0;
  if (!::GetConsoleMode(h, &mode)) return false;
  return ::SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

UINT g_original_output_cp = 0;

void restore_output_cp() {
  if (g_original_output_cp != 0) ::SetConsoleOutputCP(g_original_output_cp);
}
#else
bool is_terminal(std::FILE* stream) {
  return isatty(fileno(stream)) != 0;
}
#endif

void set_binary(std::FILE* stream) {
#ifdef _WIN32
  _setmode(_fileno(stream), _O_BINARY);
#else
  (void)stream;
#endif
}

std::string reason_of_errno() {
  return std::strerror(errno);
}

template <class Failure>
Result<std::string> read_in_chunks(std::istream& in, const Failure& failure) {
  std::string bytes;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return failure("read error");
  return bytes;
}

}  // namespace

bool stdout_is_terminal() {
  return is_terminal(stdout);
}
bool stderr_is_terminal() {
  return is_terminal(stderr);
}
bool stdin_is_terminal() {
  return is_terminal(stdin);
}

bool environment_allows_color() {
#ifdef _WIN32
  if (stdout_is_terminal() && !g_virtual_terminal) return false;
#endif
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

void prepare_console() {
#ifdef _WIN32
  set_binary(stdout);
  set_binary(stderr);
  if (is_terminal(stdout) || is_terminal(stderr)) {
    g_original_output_cp = ::GetConsoleOutputCP();
    if (::SetConsoleOutputCP(CP_UTF8)) std::atexit(restore_output_cp);
  }
  g_virtual_terminal = enable_virtual_terminal(stdout);
  enable_virtual_terminal(stderr);
#endif
}

std::vector<std::string> utf8_arguments(int argc, const char* const* argv) {
#ifdef _WIN32
  (void)argc;
  (void)argv;
  int count = 0;
  wchar_t** wide = ::CommandLineToArgvW(::GetCommandLineW(), &count);
  std::vector<std::string> args;
  if (wide == nullptr) return args;
  for (int i = 0; i < count; ++i) args.push_back(win::narrow(wide[i]));
  ::LocalFree(wide);
  return args;
#else
  return std::vector<std::string>(argv, argv + argc);
#endif
}

Result<std::string> read_stdin_bytes() {
  set_binary(stdin);
  std::string bytes;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) bytes.append(buffer, n);
  if (std::ferror(stdin))
    return make_error(ExitCode::bad_input, "cannot read stdin: " + reason_of_errno());
  return bytes;
}

Result<std::string> read_file_bytes(const std::filesystem::path& path) {
  const auto failure = [&](const std::string& reason) {
    return make_error(ExitCode::bad_input, "cannot read '" + path_to_utf8(path) + "': " + reason);
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) return failure("is a directory");
  // A pipe or FIFO (`--snapshot <(cmd)`) has no size and cannot seek.
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) return failure(reason_of_errno());
    return read_in_chunks(stream, failure);
  }
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return failure(reason_of_errno());
  // One exact-size buffer: a stream copy would briefly hold the file twice.
  const auto size = in.tellg();
  if (size < 0) return failure("cannot tell its size");
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (in.gcount() != static_cast<std::streamsize>(bytes.size())) return failure("read error");
  return bytes;
}

Result<void> write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    return make_error(ExitCode::unknown,
                      "cannot write '" + path_to_utf8(path) + "': " + reason_of_errno());
  errno = 0;
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out)
    return make_error(ExitCode::unknown, "cannot write '" + path_to_utf8(path) + "': " +
                                             (errno != 0 ? reason_of_errno() : "write error"));
  return {};
}

#ifdef _WIN32
NewFile create_new_file(const std::filesystem::path& path, std::string_view content) {
  const HANDLE h = ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                 FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    const DWORD code = ::GetLastError();
    return {code == ERROR_FILE_EXISTS || code == ERROR_ALREADY_EXISTS ? NewFile::exists
                                                                      : NewFile::refused,
            win::error_text(code)};
  }
  NewFile result;
  while (!content.empty()) {
    DWORD written = 0;
    const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(content.size(), 1u << 30));
    if (!::WriteFile(h, content.data(), chunk, &written, nullptr) || written == 0) {
      result = {NewFile::write_failed, win::error_text(::GetLastError())};
      break;
    }
    content.remove_prefix(written);
  }
  if (!::CloseHandle(h) && result.outcome == NewFile::created)
    result = {NewFile::write_failed, win::error_text(::GetLastError())};
  return result;
}
#else
NewFile create_new_file(const std::filesystem::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return {errno == EEXIST ? NewFile::exists : NewFile::refused, reason_of_errno()};
  NewFile result;
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      result = {NewFile::write_failed, written < 0 ? reason_of_errno() : "write error"};
      break;
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::close(fd) != 0 && result.outcome == NewFile::created)
    result = {NewFile::write_failed, reason_of_errno()};
  return result;
}
#endif

// A full disk or /dev/full surfaces at the flush at the
// latest; errno still says which.
Result<void> write_stdout(std::string_view content) {
  set_binary(stdout);
  errno = 0;
  const std::size_t written = std::fwrite(content.data(), 1, content.size(), stdout);
  if (std::fflush(stdout) != 0 || written != content.size() || std::ferror(stdout)) {
    const std::string reason = errno != 0 ? reason_of_errno() : "write error";
    std::clearerr(stdout);
    return make_error(ExitCode::unknown, "cannot write to stdout: " + reason);
  }
  return {};
}

}  // namespace casdoctor::sys
