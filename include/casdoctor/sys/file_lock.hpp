#pragma once
// An exclusive advisory lock on a file, held by one process at a time
// (flock on POSIX, LockFileEx on Windows; src/sys/file_lock.cpp is the only
// code that knows which). Used to serialise read-modify-write cycles on a
// file shared by parallel processes, such as the lab's state file.
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "casdoctor/core/result.hpp"

namespace casdoctor::sys {

class FileLock {
 public:
  // Blocks until the lock on `path` (created if missing, never truncated)
  // is ours. The error (ExitCode::unknown) names the path and the reason.
  static Result<FileLock> acquire(const std::filesystem::path& path);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();  // releases the lock

 private:
  explicit FileLock(std::intptr_t handle) : handle_(handle) {}
  void release() noexcept;

  std::intptr_t handle_ = -1;  // a file descriptor or a HANDLE
};

// Replaces `path` with `content` atomically: readers see the old file or the
// new one, never a part (a temporary file beside it, then a rename).
Result<void> replace_file_atomically(const std::filesystem::path& path, std::string_view content);

// This process's id, for logs and for temporary file names.
std::int64_t current_process_id();

}  // namespace casdoctor::sys
