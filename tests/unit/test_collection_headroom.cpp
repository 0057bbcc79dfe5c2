// The collection script runs from -EncodedCommand, on a Windows command line
// of at most 32767 characters: it is generated without comment lines and
// indentation (the commented source stays in collection_template.hpp), so
// that it has room to grow. Longer, it would still run (through stdin), but
// by the bootstrap path instead of the plain one.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/powershell/collection_script.hpp"
#include "casdoctor/powershell/invocation.hpp"

#include "../helpers/collection_cases.hpp"

using namespace casdoctor;

namespace {

// What the command line of the longest program path has left for the
// encoded script: args of the command with an empty script, and the rest.
std::size_t headroom(const std::string& script) {
  const std::string program = "C:\\" + std::string(250, 'p') + "\\powershell.exe";
  const auto command = powershell_command(program, script);
  REQUIRE_FALSE(command.stdin_data.has_value());
  std::size_t length = program.size() + 3;
  for (const auto& arg : command.args) length += arg.size() + 3;
  REQUIRE(length <= k_windows_command_line_limit);
  return k_windows_command_line_limit - length;
}

}  // namespace

TEST_CASE("collection script: room left in -EncodedCommand", "[powershell]") {
  std::size_t least = k_windows_command_line_limit;
  for (const auto& c : test::collection_cases()) {
    INFO(c.name);
    const auto script = collection_script(c.options);
    REQUIRE(script.has_value());
    least = std::min(least, headroom(*script));
  }
  // Base64 of UTF-16: 8 characters per 3 bytes of script, so 2000 characters
  // of command line are some 750 characters of script to grow by.
  INFO("least room left: " << least);
  CHECK(least >= 2000);
}

TEST_CASE("collection script: generated without comments and indentation", "[powershell]") {
  CollectOptions options;
  options.ems_uri = "http://ex16a.contoso.com/PowerShell/";
  const auto script = collection_script(options);
  REQUIRE(script.has_value());
  // The title block stays; after it, no comment line and no indented line.
  const auto body = script->find("\n$ErrorActionPreference = 'Stop'\n");
  REQUIRE(body != std::string::npos);
  CHECK(script->rfind("# casdoctor collection script", 0) == 0);
  CHECK(script->find("\n#", body) == std::string::npos);
  CHECK(script->find("\n ", body) == std::string::npos);
  CHECK(script->find("\n\n", body) == std::string::npos);
}
