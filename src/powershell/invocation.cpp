#include "casdoctor/powershell/invocation.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include <spdlog/spdlog.h>

#include "casdoctor/core/text.hpp"
#include "casdoctor/core/utf8.hpp"
#include "casdoctor/sys/process.hpp"

namespace casdoctor {
namespace {

namespace fs = std::filesystem;

#ifdef _WIN32
constexpr std::string_view k_default_powershell = "powershell.exe";
#else
constexpr std::string_view k_default_powershell = "pwsh";
#endif

constexpr std::array<std::string_view, 5> k_safe_args = {"-NoLogo", "-NoProfile", "-NonInteractive",
                                                         "-ExecutionPolicy", "Bypass"};

std::string base64(std::string_view bytes) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      const auto byte = j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u;
      group = (group << 8) | byte;
    }
    for (std::size_t j = 0; j < 4; ++j) {
      out.push_back(j <= n ? k_alphabet[(group >> (18 - 6 * j)) & 0x3F] : '=');
    }
  }
  return out;
}

std::vector<std::string> safe_args() {
  return {k_safe_args.begin(), k_safe_args.end()};
}

// An upper bound of the CreateProcess command line in UTF-16 units: each
// part quoted and separated by a space, plus the terminating NUL. UTF-8
// never has fewer bytes than UTF-16 has units, so byte counts are safe.
std::size_t command_line_length(const fs::path& program, const std::vector<std::string>& args) {
  std::size_t length = program.u8string().size() + 2 + 1;
  for (const auto& arg : args) length += 1 + arg.size() + 2;
  return length;
}

// The long-script path. `-Command -` would read stdin the way the console
// reads typed lines: a line of white space (VT, FF, NEL, NBSP, ...) ends a
// block, a lone CR ends a line, and a block still open at the end is not
// run; text inside a literal is not safe from that. So the command line
// carries this bootstrap (-EncodedCommand, no line rules) and stdin the
// script as base64 of UTF-8, which has neither white space lines nor a code
// page question. $input is PowerShell's view of redirected stdin for a
// -Command script, one string per line; FromBase64String skips the line
// breaks. Dot-sourcing runs the script in the session's own scope, as
// -EncodedCommand would, and its exit ends the process with its code. A
// stdin that does not decode must fail the process: PowerShell would report
// the error and then run the empty block, exiting 0 with nothing done.
constexpr std::string_view k_stdin_bootstrap =
    "try { $casdoctorScript = [System.Text.Encoding]::UTF8.GetString("
    "[System.Convert]::FromBase64String(-join @($input))) }\n"
    "catch { [Console]::Error.WriteLine('casdoctor: the script on stdin did not decode: ' + "
    "$_.Exception.Message); exit 1 }\n"
    ". ([System.Management.Automation.ScriptBlock]::Create($casdoctorScript))\n";

constexpr std::size_t k_base64_line = 76;

std::string stdin_payload(std::string_view script) {
  const std::string encoded = base64(script);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / k_base64_line + 1);
  for (std::size_t at = 0; at < encoded.size(); at += k_base64_line) {
    out.append(encoded.substr(at, k_base64_line)).push_back('\n');
  }
  return out;
}

// For messages: 'value' (not ps_quote: this is no PowerShell).
std::string in_quotes(std::string_view value) {
  std::string out = "'";
  out.append(value).push_back('\'');
  return out;
}

std::optional<fs::path> try_candidate(std::string_view what,
                                      const std::optional<std::string>& value,
                                      std::vector<std::string>& tried) {
  if (!value || value->empty()) return std::nullopt;
  if (auto found = sys::find_executable(*value)) return found;
  tried.push_back(std::string(what).append(" ").append(in_quotes(*value)));
  return std::nullopt;
}

// A choice that was made explicitly and did not work must not pass unseen
// just because a later one did.
fs::path chosen(fs::path found, const std::vector<std::string>& tried) {
  if (!tried.empty()) {
    spdlog::warn("PowerShell not found as {}; using {}", join(tried), found.string());
  }
  return found;
}

}  // namespace

std::string_view stdin_bootstrap() {
  return k_stdin_bootstrap;
}

std::string encode_command(std::string_view script_utf8) {
  return base64(utf16le_from_utf8(script_utf8));
}

PowerShellCommand powershell_command(const fs::path& program, std::string_view script) {
  PowerShellCommand command{program, safe_args(), std::nullopt};
  command.args.push_back("-EncodedCommand");
  command.args.push_back(encode_command(script));
  if (command_line_length(program, command.args) <= k_windows_command_line_limit) return command;
  command.args.back() = encode_command(k_stdin_bootstrap);
  command.stdin_data = stdin_payload(script);
  return command;
}

Result<fs::path> resolve_powershell(const std::optional<std::string>& option,
                                    const std::optional<std::string>& environment) {
  std::vector<std::string> tried;
  if (auto found = try_candidate("--powershell", option, tried)) return chosen(*found, tried);
  if (auto found = try_candidate("CASDOCTOR_POWERSHELL", environment, tried)) {
    return chosen(*found, tried);
  }
  if (auto found = sys::find_executable(k_default_powershell)) return chosen(*found, tried);
  tried.push_back(in_quotes(k_default_powershell).append(" in PATH"));
  return make_error(ExitCode::unknown, "PowerShell not found: tried " + join(tried));
}

}  // namespace casdoctor
