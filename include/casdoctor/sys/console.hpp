#pragma once
// The process's standard streams and files, the one place that knows how
// POSIX and Windows differ there (isatty vs GetConsoleMode, binary-mode
// streams, the console's code page; docs/windows.md).
//
// Line ends: every output casdoctor writes (reports on stdout or in -o
// files, logs on stderr and in --log-file, generated scripts, the journal)
// ends its lines with LF alone, on Windows too: stdout and stderr are in
// binary mode there, so the C runtime adds no CR. The same bytes on both
// platforms; Windows consoles, PowerShell and current editors read LF.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/result.hpp"

namespace casdoctor::sys {

// Called first thing in main. On Windows: stdout and stderr in binary mode
// (see the line ends above), UTF-8 as the console's output code page while
// casdoctor runs, and virtual-terminal processing (ANSI colours) on a
// console that has it. Nothing on POSIX.
void prepare_console();

// The command line as UTF-8: on Windows read from the UTF-16 command line
// (argv is in the ANSI code page, which cannot hold 東京 and Москва
// together), on POSIX argv as it is.
std::vector<std::string> utf8_arguments(int argc, const char* const* argv);

// A terminal: isatty on POSIX; on Windows a console (GetConsoleMode), so
// that NUL, a character device, is not one.
bool stdout_is_terminal();
bool stderr_is_terminal();
bool stdin_is_terminal();

// False when NO_COLOR is set (https://no-color.org) or TERM is "dumb" (a
// terminal that shows escape sequences as text: Emacs shells, CI logs), and
// on a Windows console without virtual-terminal processing.
bool environment_allows_color();

// All of stdin as bytes, without newline translation (Windows text mode
// would mangle UTF-16).
Result<std::string> read_stdin_bytes();

// All of a file as bytes. The error names the path and the reason.
Result<std::string> read_file_bytes(const std::filesystem::path& path);

// Writes `content` to `path`, replacing it; a failed write or close is an
// error naming the path and the reason.
Result<void> write_file(const std::filesystem::path& path, std::string_view content);

// Creates `path` only when nothing is there yet (O_EXCL / CREATE_NEW; the
// C runtime's fopen "x" mode is missing from msvcrt.dll) and writes
// `content`; the file is closed on return. `error` is the reason when the
// outcome is not `created`.
struct NewFile {
  enum Outcome { created, exists, refused, write_failed } outcome = created;
  std::string error;
};
NewFile create_new_file(const std::filesystem::path& path, std::string_view content);

// Writes to stdout as bytes and flushes. An error (ExitCode::unknown) when
// not all of it got out (a full disk, /dev/full).
Result<void> write_stdout(std::string_view content);

}  // namespace casdoctor::sys
