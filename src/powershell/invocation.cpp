#include "casdoctor/powershell/invocation.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include <spdlog/spdlog.h>

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

constexpr char32_t k_replacement = 0xFFFD;

struct LeadByte {
  std::size_t length;  // of the whole sequence
  char32_t bits;       // the payload bits of the lead byte
  char32_t minimum;    // smaller code points in this length are overlong
};

std::optional<LeadByte> lead_byte(unsigned char byte) {
  if ((byte & 0xE0) == 0xC0) return LeadByte{2, byte & 0x1Fu, 0x80};
  if ((byte & 0xF0) == 0xE0) return LeadByte{3, byte & 0x0Fu, 0x800};
  if ((byte & 0xF8) == 0xF0) return LeadByte{4, byte & 0x07u, 0x10000};
  return std::nullopt;
}

// One code point from UTF-8 at `pos` (advanced past it). Invalid or overlong
// sequences and surrogates become U+FFFD, one byte at a time, so that a bad
// byte never swallows the valid text after it.
char32_t next_code_point(std::string_view text, std::size_t& pos) {
  const auto first = static_cast<unsigned char>(text[pos]);
  if (first < 0x80) {
    ++pos;
    return first;
  }
  const auto lead = lead_byte(first);
  if (!lead || pos + lead->length > text.size()) {
    ++pos;
    return k_replacement;
  }
  char32_t cp = lead->bits;
  for (std::size_t i = 1; i < lead->length; ++i) {
    const auto byte = static_cast<unsigned char>(text[pos + i]);
    if ((byte & 0xC0) != 0x80) {
      ++pos;
      return k_replacement;
    }
    cp = (cp << 6) | (byte & 0x3Fu);
  }
  if (cp < lead->minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return k_replacement;
  }
  pos += lead->length;
  return cp;
}

void append_utf16le_unit(std::string& out, char32_t unit) {
  out.push_back(static_cast<char>(unit & 0xFF));
  out.push_back(static_cast<char>((unit >> 8) & 0xFF));
}

// Code points above U+FFFF become a surrogate pair.
std::string utf16le_from_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t cp = next_code_point(text, pos);
    if (cp >= 0x10000) {
      const char32_t v = cp - 0x10000;
      append_utf16le_unit(out, 0xD800 + (v >> 10));
      append_utf16le_unit(out, 0xDC00 + (v & 0x3FF));
    } else {
      append_utf16le_unit(out, cp);
    }
  }
  return out;
}

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

// `-Command -` reads stdin the way the console reads typed lines: an empty
// line ends a multi-line block early, and a block still open at the end of
// the input needs one to run. So blank lines go (they carry no meaning in a
// script without here-strings, which casdoctor does not generate) and one
// closes the input.
std::string stdin_script(std::string_view script) {
  std::string out;
  out.reserve(script.size() + 2);
  for (std::size_t start = 0; start < script.size();) {
    auto end = script.find('\n', start);
    if (end == std::string_view::npos) end = script.size();
    const auto line = script.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) out.append(line).push_back('\n');
    start = end + 1;
  }
  out.push_back('\n');
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

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out.append(out.empty() ? "" : ", ").append(item);
  return out;
}

// A choice that was made explicitly and did not work must not pass unseen
// just because a later one did.
fs::path chosen(fs::path found, const std::vector<std::string>& tried) {
  if (!tried.empty()) {
    spdlog::warn("PowerShell not found as {}; using {}", joined(tried), found.string());
  }
  return found;
}

}  // namespace

std::string encode_command(std::string_view script_utf8) {
  return base64(utf16le_from_utf8(script_utf8));
}

PowerShellCommand powershell_command(const fs::path& program, std::string_view script) {
  PowerShellCommand command{program, safe_args(), std::nullopt};
  command.args.push_back("-EncodedCommand");
  command.args.push_back(encode_command(script));
  if (command_line_length(program, command.args) <= k_windows_command_line_limit) return command;
  command.args = safe_args();
  command.args.push_back("-Command");
  command.args.push_back("-");
  command.stdin_data = stdin_script(script);
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
  return make_error(ExitCode::unknown, "PowerShell not found: tried " + joined(tried));
}

}  // namespace casdoctor
