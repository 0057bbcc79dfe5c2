// A stand-in for powershell.exe in the Windows end-to-end test of the live
// path (tests/windows/live_collect.sh): no PowerShell runs under wine, so
// this program checks that it was called the way casdoctor calls
// powershell.exe, writes the script it decoded from -EncodedCommand (the
// UTF-16LE command line round trip) to CASDOCTOR_REPLAY_SCRIPT, prints the
// recorded PowerShell 5.1 output in CASDOCTOR_REPLAY_OUTPUT byte for byte
// and exits with CASDOCTOR_REPLAY_EXIT. Test-only; never shipped.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

namespace {

constexpr int k_usage = 64;

std::optional<std::string> base64_decode(std::string_view text) {
  constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=') break;
    const auto index = alphabet.find(c);
    if (index == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6U) | static_cast<unsigned>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU));
    }
  }
  return out;
}

// UTF-16LE to UTF-8, surrogate pairs included; nullopt on an odd length or
// a lone surrogate (PowerShell would refuse such a command too).
std::optional<std::string> utf16le_to_utf8(const std::string& bytes) {
  if (bytes.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    char32_t unit = static_cast<unsigned char>(bytes[i]) |
                    (static_cast<char32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8U);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (i + 3 >= bytes.size()) return std::nullopt;
      const char32_t low = static_cast<unsigned char>(bytes[i + 2]) |
                           (static_cast<char32_t>(static_cast<unsigned char>(bytes[i + 3])) << 8U);
      if (low < 0xDC00 || low > 0xDFFF) return std::nullopt;
      unit = 0x10000 + ((unit - 0xD800) << 10U) + (low - 0xDC00);
      i += 2;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return std::nullopt;
    }
    if (unit < 0x80) {
      out.push_back(static_cast<char>(unit));
    } else if (unit < 0x800) {
      out.push_back(static_cast<char>(0xC0U | (unit >> 6U)));
      out.push_back(static_cast<char>(0x80U | (unit & 0x3FU)));
    } else if (unit < 0x10000) {
      out.push_back(static_cast<char>(0xE0U | (unit >> 12U)));
      out.push_back(static_cast<char>(0x80U | ((unit >> 6U) & 0x3FU)));
      out.push_back(static_cast<char>(0x80U | (unit & 0x3FU)));
    } else {
      out.push_back(static_cast<char>(0xF0U | (unit >> 18U)));
      out.push_back(static_cast<char>(0x80U | ((unit >> 12U) & 0x3FU)));
      out.push_back(static_cast<char>(0x80U | ((unit >> 6U) & 0x3FU)));
      out.push_back(static_cast<char>(0x80U | (unit & 0x3FU)));
    }
  }
  return out;
}

int refuse(const std::string& why) {
  std::cerr << "replay_powershell: " << why << '\n';
  return k_usage;
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::vector<std::string> expected = {"-NoLogo",          "-NoProfile", "-NonInteractive",
                                             "-ExecutionPolicy", "Bypass",     "-EncodedCommand"};
  if (args.size() != expected.size() + 1 ||
      !std::equal(expected.begin(), expected.end(), args.begin()))
    return refuse("not called as casdoctor calls powershell.exe");
  const auto bytes = base64_decode(args.back());
  if (!bytes) return refuse("-EncodedCommand is not base64");
  const auto script = utf16le_to_utf8(*bytes);
  if (!script) return refuse("-EncodedCommand is not UTF-16LE");

  if (const auto path = env_or_empty("CASDOCTOR_REPLAY_SCRIPT"); !path.empty())
    std::ofstream(path, std::ios::binary) << *script;
  std::ifstream recorded(env_or_empty("CASDOCTOR_REPLAY_OUTPUT"), std::ios::binary);
  if (!recorded) return refuse("CASDOCTOR_REPLAY_OUTPUT names no readable file");
#ifdef _WIN32
  _setmode(_fileno(stdout), _O_BINARY);  // the recorded bytes, CR LF and all
#endif
  std::cout << std::string(std::istreambuf_iterator<char>(recorded), {});
  std::cout.flush();
  return std::atoi(env_or_empty("CASDOCTOR_REPLAY_EXIT").c_str());
}
