#pragma once
// Files that belong to the user running casdoctor: an append-only record
// private to them, where such files live, and who the user is. The one place
// that knows how POSIX and Windows differ there (src/sys/user_files.cpp).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"

namespace casdoctor::sys {

// A file opened for appending only (every write lands at the end, even with
// another writer), created private: mode 0600 on POSIX (an existing file
// keeps its mode), the default ACL of the user's profile folder on Windows.
class AppendFile {
 public:
  // Creates the file if missing; never truncates. The error (ExitCode::unknown)
  // names the path and the reason.
  static Result<AppendFile> open(const std::filesystem::path& path);

  // Writes all of `bytes` and pushes them to the disk (fsync /
  // FlushFileBuffers) before returning; a short write or a failed flush is an
  // error naming the path.
  Result<void> append(std::string_view bytes);

  const std::filesystem::path& path() const { return path_; }

  AppendFile(AppendFile&& other) noexcept;
  AppendFile& operator=(AppendFile&& other) noexcept;
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;
  ~AppendFile();

 private:
  AppendFile(std::filesystem::path path, std::intptr_t handle)
      : path_(std::move(path)), handle_(handle) {}
  void close() noexcept;

  std::filesystem::path path_;
  std::intptr_t handle_ = -1;  // a file descriptor or a HANDLE
};

// Where casdoctor keeps state of its own (not created here):
// POSIX $XDG_STATE_HOME/casdoctor, else $HOME/.local/state/casdoctor;
// Windows %LOCALAPPDATA%\casdoctor. An error when none of these is set.
Result<std::filesystem::path> user_state_directory();

// Who runs casdoctor, for records: DOMAIN\user on Windows (USERDOMAIN and
// USERNAME), USER (else LOGNAME, else the uid's passwd entry) on POSIX;
// "unknown" when nothing says.
std::string operator_name();

}  // namespace casdoctor::sys
