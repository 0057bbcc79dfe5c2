#include "casdoctor/sys/user_files.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>

#include "casdoctor/sys/path.hpp"

#ifdef _WIN32
#include <algorithm>
#include <system_error>
#include <windows.h>

#include "win_text.hpp"
#else
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace casdoctor::sys {
namespace {

std::unexpected<Error> file_error(const std::filesystem::path& path, std::string_view what,
                                  const std::string& reason) {
  std::string message(what);
  message.append(" '").append(path_to_utf8(path)).append("': ").append(reason);
  return make_error(ExitCode::unknown, std::move(message));
}

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

#ifdef _WIN32

using win::last_error_text;

HANDLE as_handle(std::intptr_t handle) {
  return reinterpret_cast<HANDLE>(handle);
}

#else

std::string errno_text() {
  return std::strerror(errno);
}

#endif

}  // namespace

#ifdef _WIN32

// FILE_APPEND_DATA without FILE_WRITE_DATA: every write goes to the end,
// in one piece, even when another casdoctor appends too (FILE_SHARE_WRITE:
// a second writer is let in, as with O_APPEND on POSIX).
// No security descriptor: the file inherits the ACL of its folder, which
// under %LOCALAPPDATA% grants the user, SYSTEM and Administrators only.
Result<AppendFile> AppendFile::open(const std::filesystem::path& path) {
  HANDLE h = ::CreateFileW(path.c_str(), FILE_APPEND_DATA | SYNCHRONIZE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) return file_error(path, "cannot open", last_error_text());
  return AppendFile(path, reinterpret_cast<std::intptr_t>(h));
}

// A full NTFS volume fails WriteFile before it copies anything (the clusters
// are allocated first), so a record is never left torn there.
Result<void> AppendFile::append(std::string_view bytes) {
  while (!bytes.empty()) {
    DWORD written = 0;
    const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1u << 30));
    if (!::WriteFile(as_handle(handle_), bytes.data(), chunk, &written, nullptr) || written == 0)
      return file_error(path_, "cannot write", last_error_text());
    bytes.remove_prefix(written);
  }
  if (!::FlushFileBuffers(as_handle(handle_)))
    return file_error(path_, "cannot flush", last_error_text());
  return {};
}

void AppendFile::close() noexcept {
  if (handle_ != -1) ::CloseHandle(as_handle(handle_));
  handle_ = -1;
}

Result<std::filesystem::path> user_state_directory() {
  const std::string local = environment("LOCALAPPDATA");
  if (local.empty()) return make_error(ExitCode::unknown, "LOCALAPPDATA is not set");
  return std::filesystem::path(local) / "casdoctor";
}

std::string operator_name() {
  const std::string user = environment("USERNAME");
  if (user.empty()) return "unknown";
  const std::string domain = environment("USERDOMAIN");
  return domain.empty() ? user : domain + "\\" + user;
}

#else

Result<AppendFile> AppendFile::open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return file_error(path, "cannot open", errno_text());
  return AppendFile(path, fd);
}

// Whole or not at all: one write() normally carries all of `bytes`; when it
// stops short (the disk filled up mid-line) and the rest cannot follow, the
// piece already written is cut off again, so that the file never ends in a
// torn record. With O_APPEND the piece starts where the first write began:
// the offset after it, less what it wrote.
Result<void> AppendFile::append(std::string_view bytes) {
  const int fd = static_cast<int>(handle_);
  std::optional<off_t> start;
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      const std::string reason = written < 0 ? errno_text() : "0 bytes written";
      if (start) static_cast<void>(::ftruncate(fd, *start));
      return file_error(path_, "cannot write", reason);
    }
    if (!start) start = ::lseek(fd, 0, SEEK_CUR) - written;
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::fsync(fd) != 0 && errno != EINVAL)  // EINVAL: a pipe or device, nothing to sync
    return file_error(path_, "cannot flush", errno_text());
  return {};
}

void AppendFile::close() noexcept {
  if (handle_ != -1) ::close(static_cast<int>(handle_));
  handle_ = -1;
}

Result<std::filesystem::path> user_state_directory() {
  if (const std::string xdg = environment("XDG_STATE_HOME"); !xdg.empty() && xdg.front() == '/')
    return std::filesystem::path(xdg) / "casdoctor";
  const std::string home = environment("HOME");
  if (home.empty()) return make_error(ExitCode::unknown, "neither XDG_STATE_HOME nor HOME is set");
  return std::filesystem::path(home) / ".local" / "state" / "casdoctor";
}

std::string operator_name() {
  for (const char* name : {"USER", "LOGNAME"})
    if (std::string user = environment(name); !user.empty()) return user;
  if (const passwd* entry = ::getpwuid(::getuid()); entry != nullptr && entry->pw_name != nullptr)
    return entry->pw_name;
  return "unknown";
}

#endif

AppendFile::AppendFile(AppendFile&& other) noexcept
    : path_(std::move(other.path_)), handle_(std::exchange(other.handle_, -1)) {}

AppendFile& AppendFile::operator=(AppendFile&& other) noexcept {
  if (this != &other) {
    close();
    path_ = std::move(other.path_);
    handle_ = std::exchange(other.handle_, -1);
  }
  return *this;
}

AppendFile::~AppendFile() {
  close();
}

}  // namespace casdoctor::sys
