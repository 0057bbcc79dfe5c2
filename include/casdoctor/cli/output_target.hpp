#pragma once
// Where the report goes (-o FILE): checked before any work, so that a
// 10-minute collection never ends in "cannot write", and written whole.
#include <filesystem>
#include <string_view>

#include "casdoctor/core/result.hpp"

namespace casdoctor::cli {

// sysexits.h: EX_CANTCREAT, EX_IOERR. Beyond the contract's codes because a
// wrapper script must tell "the report could not be written" from a finding.
inline constexpr ExitCode k_exit_cant_create{73};
inline constexpr ExitCode k_exit_io_error{74};

// An existing FILE must be writable (opened for appending: nothing changes);
// a new one must be creatable in its folder (a probe file is made and
// removed). An error (k_exit_cant_create)
// names the file and why. An empty path is stdout: nothing to check.
Result<void> check_output_target(const std::filesystem::path& path);

// Writes `content` to a new file next to `path` and renames it over `path`,
// so a reader never sees half a report (and an old one survives a failed
// write); an existing file keeps its permissions. Paths that are not regular
// files (a device, a FIFO, a symbolic link) are written in place. An error
// (k_exit_io_error) names the file and why.
Result<void> write_output_file(const std::filesystem::path& path, std::string_view content);

}  // namespace casdoctor::cli
