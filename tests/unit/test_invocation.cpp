#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/powershell/invocation.hpp"

#ifndef _WIN32
#include <unistd.h>
#endif

using namespace casdoctor;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> k_safe_args = {"-NoLogo", "-NoProfile", "-NonInteractive",
                                              "-ExecutionPolicy", "Bypass"};

// An independent decoder, so that the round trip does not trust the encoder.
std::string base64_decode(const std::string& text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const auto value = alphabet.find(c);
    REQUIRE(value != std::string::npos);
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::vector<char16_t> utf16le_units(const std::string& bytes) {
  REQUIRE(bytes.size() % 2 == 0);
  std::vector<char16_t> units;
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    const auto low = static_cast<unsigned char>(bytes[i]);
    const auto high = static_cast<unsigned char>(bytes[i + 1]);
    units.push_back(static_cast<char16_t>(low | (high << 8)));
  }
  return units;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// What PowerShell does with -EncodedCommand: base64 -> UTF-16LE -> text.
std::string decode_command(const std::string& encoded) {
  const auto units = utf16le_units(base64_decode(encoded));
  std::string out;
  for (std::size_t i = 0; i < units.size(); ++i) {
    char32_t cp = units[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < units.size()) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (units[++i] - 0xDC00u);
    }
    append_utf8(out, cp);
  }
  return out;
}

// The command line CreateProcess gets: each part quoted, separated by
// spaces, plus the terminating NUL (an upper bound: quotes only when needed).
std::size_t windows_command_line(const fs::path& program, const std::vector<std::string>& args) {
  std::size_t length = program.string().size() + 2 + 1;
  for (const auto& arg : args) length += 1 + arg.size() + 2;
  return length;
}

}  // namespace

TEST_CASE("encode_command: known values", "[powershell]") {
  // [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes('dir'))
  CHECK(encode_command("dir") == "ZABpAHIA");
  CHECK(encode_command("") == "");
  CHECK(encode_command("a") == "YQA=");
  CHECK(encode_command("\xC3\xA9") == "6QA=");              // é U+00E9
  CHECK(encode_command("\xF0\x9F\x99\x82") == "PdhC3g==");  // U+1F642: D83D DE42
}

TEST_CASE("encode_command: round trip through UTF-16LE", "[powershell]") {
  const std::string cases[] = {
      "",
      "a",
      "ab",
      "abc",
      "Get-ExchangeServer | Select-Object -Property 'Name', 'Fqdn'\n",
      "caf\xC3\xA9 \xC3\x9F \xE2\x82\xAC",                  // é ß €
      "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",               // 日本語
      "\xF0\x9F\x99\x82 \xF0\x9F\x92\xBE",                  // two emoji (surrogate pairs)
      "EX\xF0\x9D\x95\x8F-\xE2\x80\x98quoted\xE2\x80\x99",  // 𝕏 and curly quotes
      "\xEF\xBF\xBF\xF4\x8F\xBF\xBF",                       // U+FFFF and U+10FFFF
      "line one\r\nline two\n",
  };
  for (const auto& script : cases) {
    INFO(script);
    CHECK(decode_command(encode_command(script)) == script);
  }
}

TEST_CASE("encode_command: invalid UTF-8 becomes U+FFFD", "[powershell]") {
  const std::string replacement = "\xEF\xBF\xBD";
  struct Case {
    std::string input;
    std::string decoded;
  };
  const Case cases[] = {
      {"a\xFF"
       "b",
       "a" + replacement + "b"},
      {"\xE2\x82", replacement + replacement},                                      // truncated
      {"\xC0\xAF", replacement + replacement},                                      // overlong '/'
      {"\xED\xA0\x80", replacement + replacement + replacement},                    // a surrogate
      {"\xF4\x90\x80\x80", replacement + replacement + replacement + replacement},  // > U+10FFFF
  };
  for (const auto& c : cases) {
    CHECK(decode_command(encode_command(c.input)) == c.decoded);
  }
}

TEST_CASE("powershell_command: -EncodedCommand with the safe switches", "[powershell]") {
  const fs::path program = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
  const std::string script = "Write-Output 'caf\xC3\xA9'\n";
  const auto command = powershell_command(program, script);
  CHECK(command.program == program);
  auto expected = k_safe_args;
  expected.push_back("-EncodedCommand");
  expected.push_back(encode_command(script));
  CHECK(command.args == expected);
  CHECK_FALSE(command.stdin_data.has_value());
}

TEST_CASE("powershell_command: a script too long for the command line goes on stdin",
          "[powershell]") {
  const fs::path program = "/usr/bin/pwsh";
  // Everything the console host's line rules would break: blank and white
  // space lines (VT, FF, NEL, NBSP), a lone CR, non-ASCII text.
  std::string script = "# a long script\n\n";
  while (script.size() < 40000) {
    script += "Write-Output 'x\v\n\f\n\xC2\x85\n\xC2\xA0\n\ry caf\xC3\xA9'\n    \n\t\n";
  }
  script += "exit 3";
  const auto command = powershell_command(program, script);
  auto expected = k_safe_args;
  expected.push_back("-EncodedCommand");
  expected.push_back(encode_command(stdin_bootstrap()));
  CHECK(command.args == expected);
  // Never the console's line-by-line reading of stdin.
  CHECK(std::find(command.args.begin(), command.args.end(), "-Command") == command.args.end());
  REQUIRE(command.stdin_data.has_value());
  const auto& input = *command.stdin_data;
  // Base64 lines of 76 characters: no white space line, no CR, ASCII only.
  std::string joined;
  for (std::size_t at = 0; at < input.size();) {
    const auto end = input.find('\n', at);
    REQUIRE(end != std::string::npos);
    const auto line = input.substr(at, end - at);
    CHECK(line.size() <= 76);
    CHECK_FALSE(line.empty());
    CHECK(line.find_first_not_of(
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") ==
          std::string::npos);
    joined += line;
    at = end + 1;
  }
  // What the bootstrap does: join the lines, base64 -> UTF-8 -> the script.
  CHECK(base64_decode(joined) == script);
}

TEST_CASE("powershell_command: the stdin bootstrap reads $input and runs it in scope",
          "[powershell]") {
  const std::string bootstrap(stdin_bootstrap());
  CHECK(bootstrap.find("FromBase64String(-join @($input))") != std::string::npos);
  CHECK(bootstrap.find("[System.Text.Encoding]::UTF8.GetString(") != std::string::npos);
  CHECK(bootstrap.find(". ([System.Management.Automation.ScriptBlock]::Create(") !=
        std::string::npos);
  // A stdin that does not decode fails the process instead of running nothing.
  CHECK(bootstrap.find("catch {") != std::string::npos);
  CHECK(bootstrap.find("exit 1 }") != std::string::npos);
  // Short enough for -EncodedCommand with any program path.
  CHECK(encode_command(bootstrap).size() < 1000);
}

TEST_CASE("powershell_command: the switch to stdin is exactly at the Windows limit",
          "[powershell]") {
  for (const fs::path& program :
       {fs::path("pwsh"), fs::path("C:\\Program Files\\PowerShell\\7\\pwsh.exe")}) {
    INFO(program.string());
    std::optional<std::size_t> first_on_stdin;
    for (std::size_t size = 11800; size < 12500; ++size) {
      const auto command = powershell_command(program, std::string(size, 'x'));
      if (command.stdin_data) {
        if (!first_on_stdin) first_on_stdin = size;
        continue;
      }
      CHECK_FALSE(first_on_stdin.has_value());  // once on stdin, always on stdin
      CHECK(windows_command_line(program, command.args) <= k_windows_command_line_limit);
    }
    REQUIRE(first_on_stdin.has_value());
    // The last size that fits really is the last: one more char would not.
    auto args = k_safe_args;
    args.push_back("-EncodedCommand");
    args.push_back(encode_command(std::string(*first_on_stdin, 'x')));
    CHECK(windows_command_line(program, args) > k_windows_command_line_limit);
  }
}

#ifndef _WIN32
namespace {

// A directory of fake PowerShell executables and PATH pointed at it, both
// undone at the end of the test.
class FakePowerShells {
 public:
  FakePowerShells() {
    m_dir = fs::temp_directory_path() / ("casdoctor-resolve-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir / "bin");
    const char* path = std::getenv("PATH");
    if (path != nullptr) m_old_path = path;
    ::setenv("PATH", (m_dir / "bin").c_str(), 1);
  }
  ~FakePowerShells() {
    ::setenv("PATH", m_old_path.c_str(), 1);
    fs::remove_all(m_dir);
  }
  FakePowerShells(const FakePowerShells&) = delete;
  FakePowerShells& operator=(const FakePowerShells&) = delete;

  std::string add(const std::string& relative) {
    const auto file = m_dir / relative;
    std::ofstream(file) << "#!/bin/sh\n";
    fs::permissions(file, fs::perms::owner_all);
    return file.string();
  }
  std::string missing(const std::string& relative) const { return (m_dir / relative).string(); }

 private:
  fs::path m_dir;
  std::string m_old_path;
};

}  // namespace

TEST_CASE("resolve_powershell: option, then environment, then pwsh in PATH", "[powershell]") {
  FakePowerShells fakes;
  const auto option = fakes.add("option-pwsh");
  const auto environment = fakes.add("env-pwsh");
  const auto in_path = fakes.add("bin/pwsh");
  const auto nowhere = fakes.missing("nowhere/pwsh");

  struct Case {
    std::optional<std::string> option;
    std::optional<std::string> environment;
    std::string expected;
  };
  const Case cases[] = {
      {option, environment, option},
      {option, std::nullopt, option},
      {std::nullopt, environment, environment},
      {nowhere, environment, environment},
      {nowhere, nowhere, in_path},
      {std::nullopt, std::nullopt, in_path},
      {std::string(""), std::string(""), in_path},   // empty = not given
      {std::string("pwsh"), std::nullopt, in_path},  // a name is looked up in PATH
  };
  for (const auto& c : cases) {
    INFO(c.option.value_or("(none)") + " / " + c.environment.value_or("(none)"));
    const auto found = resolve_powershell(c.option, c.environment);
    REQUIRE(found.has_value());
    CHECK(found->string() == c.expected);
  }
}

TEST_CASE("resolve_powershell: names only what was tried", "[powershell]") {
  FakePowerShells fakes;  // PATH holds an empty directory: no pwsh
  const auto not_executable = fakes.missing("plain-file");
  std::ofstream(not_executable) << "not a program\n";
  fs::permissions(not_executable, fs::perms::owner_read | fs::perms::owner_write);

  struct Case {
    std::optional<std::string> option;
    std::optional<std::string> environment;
    std::string message;
  };
  const Case cases[] = {
      {std::string("/x/y"), std::string("z"),
       "PowerShell not found: tried --powershell '/x/y', CASDOCTOR_POWERSHELL 'z', 'pwsh' in PATH"},
      {std::nullopt, std::string("/opt/ps/pwsh"),
       "PowerShell not found: tried CASDOCTOR_POWERSHELL '/opt/ps/pwsh', 'pwsh' in PATH"},
      {std::string("pwsh7"), std::nullopt,
       "PowerShell not found: tried --powershell 'pwsh7', 'pwsh' in PATH"},
      {std::nullopt, std::nullopt, "PowerShell not found: tried 'pwsh' in PATH"},
      {not_executable, std::nullopt,
       "PowerShell not found: tried --powershell '" + not_executable + "', 'pwsh' in PATH"},
  };
  for (const auto& c : cases) {
    INFO(c.message);
    const auto found = resolve_powershell(c.option, c.environment);
    REQUIRE_FALSE(found.has_value());
    CHECK(found.error().code == ExitCode::unknown);
    CHECK(found.error().message == c.message);
  }
}
#endif
