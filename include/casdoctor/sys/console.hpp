#pragma once
// The process's standard streams and files, the one place that knows how
// POSIX and Windows differ there (isatty vs _isatty, binary-mode stdin).
#include <filesystem>
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"

namespace casdoctor::sys {

bool stdout_is_terminal();
bool stderr_is_terminal();
bool stdin_is_terminal();

// False when NO_COLOR is set (https://no-color.org) or TERM is "dumb" (a
// terminal that shows escape sequences as text: Emacs shells, CI logs).
bool environment_allows_color();

// All of stdin as bytes, without newline translation (Windows text mode
// would mangle UTF-16).
Result<std::string> read_stdin_bytes();

// All of a file as bytes. The error names the path and the reason.
Result<std::string> read_file_bytes(const std::filesystem::path& path);

// Writes `content` to `path`, replacing it; a failed write or close is an
// error naming the path and the reason.
Result<void> write_file(const std::filesystem::path& path, std::string_view content);

// Writes to stdout as bytes and flushes. An error (ExitCode::unknown) when
// not all of it got out (a full disk, /dev/full).
Result<void> write_stdout(std::string_view content);

}  // namespace casdoctor::sys
