#pragma once
// Starting PowerShell safely: always -NoLogo -NoProfile -NonInteractive
// -ExecutionPolicy Bypass, the script never on the command line as text.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/result.hpp"

namespace casdoctor {

// CreateProcess limits a command line to 32,767 characters.
inline constexpr std::size_t k_windows_command_line_limit = 32767;

struct PowerShellCommand {
  std::filesystem::path program;
  std::vector<std::string> args;
  std::optional<std::string> stdin_data;  // the script, when passed on stdin
};

// -EncodedCommand <base64 of UTF-16LE> when the whole command line stays
// under the Windows limit, else -EncodedCommand <stdin_bootstrap()> with the
// script on stdin as base64 of UTF-8 (76 characters a line). Never
// `-Command -`: the console host reads that like typed lines, and a line of
// white space or a lone CR inside a literal would end it (docs/collection.md).
PowerShellCommand powershell_command(const std::filesystem::path& program, std::string_view script);

// The small script that reads the real one from stdin and runs it.
std::string_view stdin_bootstrap();

// Base64 of the script as UTF-16LE (what -EncodedCommand takes).
std::string encode_command(std::string_view script_utf8);

// The executable: --powershell, else CASDOCTOR_POWERSHELL, else powershell.exe
// on Windows and pwsh elsewhere, searched in PATH (sys::find_executable; an
// empty value counts as not given). A choice that is not found falls through
// to the next with a warning naming it. None found: ExitCode::unknown,
// "PowerShell not found: tried --powershell '/x/y', CASDOCTOR_POWERSHELL 'z',
// 'pwsh' in PATH" (only what was tried).
Result<std::filesystem::path> resolve_powershell(const std::optional<std::string>& option,
                                                 const std::optional<std::string>& environment);

}  // namespace casdoctor
