// File locking and atomic replacement, the POSIX and Win32 halves side by
// side so that nothing else in the project needs to know either.
#include "casdoctor/sys/file_lock.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

#include "casdoctor/sys/path.hpp"

#ifdef _WIN32
#include <windows.h>

#include "win_text.hpp"
#else
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

namespace casdoctor::sys {
namespace {

Result<void> failure(const std::filesystem::path& path, std::string_view what, std::string reason) {
  return make_error(ExitCode::unknown,
                    std::string(what) + " '" + path_to_utf8(path) + "': " + std::move(reason));
}

#ifdef _WIN32
using win::last_error_text;
#endif

}  // namespace

Result<FileLock> FileLock::acquire(const std::filesystem::path& path) {
#ifdef _WIN32
  HANDLE h = CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE,
                         FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                         OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE)
    return std::unexpected(failure(path, "cannot open lock file", last_error_text()).error());
  OVERLAPPED whole{};
  if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK, 0, MAXDWORD, MAXDWORD, &whole)) {
    const auto reason = last_error_text();
    CloseHandle(h);
    return std::unexpected(failure(path, "cannot lock", reason).error());
  }
  return FileLock(reinterpret_cast<std::intptr_t>(h));
#else
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return std::unexpected(failure(path, "cannot open lock file", std::strerror(errno)).error());
  int rc = 0;
  do {
    rc = ::flock(fd, LOCK_EX);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    return std::unexpected(failure(path, "cannot lock", reason).error());
  }
  return FileLock(fd);
#endif
}

FileLock::FileLock(FileLock&& other) noexcept : handle_(other.handle_) {
  other.handle_ = -1;
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    release();
    handle_ = other.handle_;
    other.handle_ = -1;
  }
  return *this;
}

FileLock::~FileLock() {
  release();
}

void FileLock::release() noexcept {
  if (handle_ == -1) return;
#ifdef _WIN32
  HANDLE h = reinterpret_cast<HANDLE>(handle_);
  OVERLAPPED whole{};
  UnlockFileEx(h, 0, MAXDWORD, MAXDWORD, &whole);
  CloseHandle(h);
#else
  // Closing the descriptor releases the flock.
  ::close(static_cast<int>(handle_));
#endif
  handle_ = -1;
}

std::int64_t current_process_id() {
#ifdef _WIN32
  return static_cast<std::int64_t>(GetCurrentProcessId());
#else
  return static_cast<std::int64_t>(::getpid());
#endif
}

Result<void> replace_file_atomically(const std::filesystem::path& path, std::string_view content) {
  auto temporary = path;
  temporary += ".tmp." + std::to_string(current_process_id());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return failure(temporary, "cannot write", std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) return failure(temporary, "cannot write", "write error");
  }
  // rename() replaces the target in one step on POSIX; on Windows
  // std::filesystem::rename uses MoveFileExW(MOVEFILE_REPLACE_EXISTING).
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    return failure(path, "cannot replace", ec.message());
  }
  return {};
}

}  // namespace casdoctor::sys
