#include "casdoctor/lab/powershell_args.hpp"

#include <array>
#include <optional>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

namespace casdoctor::lab {
namespace {

// Full name and the shortest prefix powershell.exe accepts for it.
struct Switch {
  std::string_view name;
  std::string_view shortest;
  bool takes_value;
};

constexpr std::array<Switch, 16> k_switches = {{
    {"nologo", "nol", false},
    {"noprofile", "nop", false},
    {"noninteractive", "noni", false},
    {"noexit", "noe", false},
    {"sta", "sta", false},
    {"mta", "mta", false},
    {"executionpolicy", "ex", true},
    {"ep", "ep", true},
    {"inputformat", "inp", true},
    {"outputformat", "o", true},
    {"windowstyle", "w", true},
    {"version", "v", true},
    {"psconsolefile", "psc", true},
    {"configurationname", "config", true},
    {"encodedcommand", "e", true},
    {"ec", "ec", true},
}};

bool matches(std::string_view key, std::string_view name, std::string_view shortest) {
  return key.size() >= shortest.size() && key.size() <= name.size() &&
         iequals(key, name.substr(0, key.size()));
}

std::string join_rest(const std::vector<std::string>& args, std::size_t from) {
  std::string out;
  for (auto i = from; i < args.size(); ++i) out += cat(out.empty() ? "" : " ", args[i]);
  return out;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string utf16le_to_utf8(std::string_view bytes) {
  std::string out;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    unsigned unit = static_cast<unsigned char>(bytes[i]) |
                    (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8);
    if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < bytes.size()) {
      const unsigned low = static_cast<unsigned char>(bytes[i + 2]) |
                           (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 3])) << 8);
      if (low >= 0xDC00 && low < 0xE000) {
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    append_utf8(out, unit);
  }
  return out;
}

Result<PowerShellArgs> missing_value(std::string_view arg) {
  return make_error(ExitCode::usage,
                    cat("Missing argument for parameter ", arg, ". Specify a parameter of type ",
                        "'System.String' and try again."));
}

}  // namespace

namespace {

// Base64 to bytes; nullopt for a character outside the alphabet. With
// `skip_space`, white space is skipped as .NET's Convert.FromBase64String does.
std::optional<std::string> base64_bytes(std::string_view base64, bool skip_space) {
  std::string bytes;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : base64) {
    if (c == '=') break;
    if (skip_space && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) continue;
    const int v = base64_value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return bytes;
}

}  // namespace

Result<std::string> decode_encoded_command(std::string_view base64) {
  auto bytes = base64_bytes(base64, false);
  if (!bytes)
    return make_error(ExitCode::usage,
                      "Cannot process the command because the value specified "
                      "with -EncodedCommand is not properly encoded. The value "
                      "must be Base64 encoded.");
  return utf16le_to_utf8(*bytes);
}

bool is_stdin_bootstrap(std::string_view script) {
  const auto text = to_lower_ascii(script);
  return text.find("$input") != std::string::npos &&
         text.find("[system.convert]::frombase64string(") != std::string::npos &&
         text.find("[system.text.encoding]::utf8.getstring(") != std::string::npos &&
         text.find("[system.management.automation.scriptblock]::create(") != std::string::npos;
}

Result<std::string> bootstrap_payload(std::string_view stdin_bytes) {
  auto bytes = base64_bytes(stdin_bytes, true);
  if (!bytes)
    return make_error(ExitCode::bad_input,
                      "Exception calling \"FromBase64String\" with \"1\" argument(s): \"The "
                      "input is not a valid Base-64 string as it contains a non-base 64 "
                      "character, more than two padding characters, or an illegal character "
                      "among the padding characters. \"");
  return std::move(*bytes);
}

std::string script_text(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE")) return utf16le_to_utf8(bytes.substr(2));
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  return std::string(bytes);
}

Result<PowerShellArgs> parse_powershell_args(const std::vector<std::string>& args) {
  PowerShellArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg.size() < 2 || (arg[0] != '-' && arg[0] != '/')) {
      out.command = join_rest(args, i);  // the first plain argument starts the command
      return out;
    }
    const auto key = arg.substr(1);
    if (key == "?" || matches(key, "help", "h")) {
      out.help = true;
      return out;
    }
    if (matches(key, "command", "c")) {
      if (i + 1 < args.size() && args[i + 1] == "-") {
        out.form = ScriptForm::command_stdin;
        out.read_stdin = true;
      } else {
        out.command = join_rest(args, i + 1);
      }
      return out;
    }
    if (matches(key, "file", "f")) {
      if (i + 1 >= args.size()) return missing_value(arg);
      out.form = ScriptForm::file;
      out.file = args[i + 1];
      return out;
    }
    const Switch* known = nullptr;
    for (const auto& s : k_switches)
      if (matches(key, s.name, s.shortest)) known = &s;
    if (known == nullptr) {  // powershell.exe runs an unknown -word as the command
      out.command = join_rest(args, i);
      return out;
    }
    if (!known->takes_value) continue;
    if (i + 1 >= args.size()) return missing_value(arg);
    if (known->name == "encodedcommand" || known->name == "ec") {
      auto decoded = decode_encoded_command(args[i + 1]);
      if (!decoded) return std::unexpected(decoded.error());
      out.form = ScriptForm::encoded_command;
      out.command = *decoded;
    }
    ++i;
  }
  return out;
}

std::string_view to_string(ScriptForm form) {
  switch (form) {
    case ScriptForm::encoded_command:
      return "encoded-command";
    case ScriptForm::command:
      return "command";
    case ScriptForm::command_stdin:
      return "command-stdin";
    case ScriptForm::file:
      return "file";
    case ScriptForm::encoded_stdin:
      return "encoded-command-stdin";
  }
  return "command";
}

}  // namespace casdoctor::lab
