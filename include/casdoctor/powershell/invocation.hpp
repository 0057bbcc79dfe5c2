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
// under the Windows limit, else `-Command -` with the script on stdin.
PowerShellCommand powershell_command(const std::filesystem::path& program, std::string_view script);

// Base64 of the script as UTF-16LE (what -EncodedCommand takes).
std::string encode_command(std::string_view script_utf8);

// The executable: --powershell, else CASDOCTOR_POWERSHELL, else powershell.exe
// on Windows and pwsh elsewhere, searched in PATH. Not found: ExitCode::unknown
// naming everything that was tried.
Result<std::filesystem::path> resolve_powershell(const std::optional<std::string>& option,
                                                 const std::optional<std::string>& environment);

}  // namespace casdoctor
