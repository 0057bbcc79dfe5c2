#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <climits>

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/powershell/collection_script.hpp"
#include "casdoctor/powershell/invocation.hpp"
#include "casdoctor/powershell/script_template.hpp"

#include "../helpers/collection_cases.hpp"

using namespace casdoctor;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string script_for(const CollectOptions& options) {
  auto script = collection_script(options);
  REQUIRE(script.has_value());
  return *script;
}

// The members of the snapshot in the order the script writes them.
std::vector<std::string> snapshot_members(const std::string& script) {
  const auto start = script.find("$snapshot = [ordered]@{\n");
  const auto end = script.find("\n}\n", start);
  std::vector<std::string> names;
  if (start == std::string::npos || end == std::string::npos) return names;
  std::size_t pos = script.find('\n', start) + 1;
  while (pos < end) {
    const auto line_end = script.find('\n', pos);
    const auto name_start = script.find_first_not_of(' ', pos);
    names.push_back(script.substr(name_start, script.find(' ', name_start) - name_start));
    pos = line_end + 1;
  }
  return names;
}

}  // namespace

TEST_CASE("collection script: every option combination", "[powershell]") {
  const auto cases = test::collection_cases();
  REQUIRE(cases.size() == 55);
  for (const auto& c : cases) {
    INFO(c.name);
    const auto script = script_for(c.options);
    const auto days = std::to_string(c.options.audit_days);
    const auto throttle = std::to_string(c.options.throttle_limit);
    const bool remote = c.options.ems == EmsMode::remote ||
                        (c.options.ems == EmsMode::auto_detect && !c.options.ems_uri.empty());
    const bool local = c.options.ems != EmsMode::remote;

    const auto begin = script.find("\nWrite-Output '--- casdoctor:begin ---'\n");
    const auto json = script.find("\nConvertTo-Json -InputObject $snapshot -Depth 6 -Compress\n");
    const auto end = script.find("\nWrite-Output '--- casdoctor:end ---'\n");
    CHECK(begin != std::string::npos);
    CHECK(begin < json);
    CHECK(json < end);
    CHECK(end != std::string::npos);

    CHECK(contains(script,
                   "Search-AdminAuditLog -Cmdlets 'Set-ClientAccessServer' -Parameters "
                   "'IsOutOfService' -StartDate $now.AddDays(-" +
                       days + ") -EndDate $now -ResultSize 250000"));
    CHECK(contains(script, "#   Admin audit log searched:  the last " + days + " day(s)\n"));
    CHECK(contains(script, "Invoke-Command -ComputerName @($serverByTarget.Keys) -ThrottleLimit " +
                               throttle + " -ErrorAction SilentlyContinue"));
    CHECK(contains(script, "#   Servers queried at once:   " + throttle + "\n"));

    const auto uri_argument = "-ConnectionUri " + ps_quote(c.options.ems_uri) + " ";
    CHECK(contains(script, uri_argument) == remote);
    CHECK(contains(script, "New-PSSession") == remote);
    if (!remote && !c.options.ems_uri.empty()) CHECK_FALSE(contains(script, c.options.ems_uri));
    CHECK(contains(script, "RemoteExchange.ps1") == local);
    CHECK(contains(script, "Add-PSSnapin") == local);
  }
}

TEST_CASE("collection script: set-up, output shape and failure line", "[powershell]") {
  const auto script = script_for({});
  // The first statements, before anything can fail or print.
  const auto stop = script.find("\n$ErrorActionPreference = 'Stop'\n");
  CHECK(stop != std::string::npos);
  CHECK(stop < script.find("\n$ProgressPreference = 'SilentlyContinue'\n"));
  CHECK(contains(script, "[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false"));
  CHECK(contains(script,
                 "[Console]::Error.WriteLine('casdoctor: cannot load the Exchange "
                 "Management Shell: ' + $reason)\nexit 3\n"));
  CHECK(contains(script, "foreach ($name in @('MSExchangeADTopology', 'W3SVC', 'WAS'))"));
  CHECK(contains(script, "(Get-Service -Name 'MSExchangeADTopology').DependentServices"));
  CHECK(contains(script, "Join-Path $installPath 'Bin\\ExSetup.exe'"));
  CHECK(contains(script, "\nschema                = 'casdoctor.snapshot/1'\n"));
  // The lab stand-in writes the same members: keep them in step.
  const std::vector<std::string> members = {"schema",
                                            "collected_at",
                                            "collected_on",
                                            "exchange_servers",
                                            "client_access_servers",
                                            "services",
                                            "dependent_services",
                                            "exsetup_versions",
                                            "app_pools",
                                            "ps_version",
                                            "audit",
                                            "errors"};
  CHECK(snapshot_members(script) == members);
  CHECK(contains(script, "$audit = $null\n"));
}

TEST_CASE("collection script: every string is a single-quoted literal", "[powershell]") {
  for (const auto& c : test::collection_cases()) {
    INFO(c.name);
    const auto script = script_for(c.options);
    // No expandable string, no escape character, nothing but ASCII (so the
    // -Command - fallback, read in the console code page, would be safe).
    CHECK_FALSE(contains(script, "\""));
    CHECK_FALSE(contains(script, "`"));
    CHECK_FALSE(contains(script, "\r"));
    bool ascii = true;
    for (char ch : script) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
    CHECK(ascii);
    CHECK(script.ends_with("\n"));
  }
}

TEST_CASE("collection script: fits in -EncodedCommand", "[powershell]") {
  // The longest program path Windows allows without the \\?\ prefix.
  const std::string program = "C:\\" + std::string(250, 'p') + "\\powershell.exe";
  for (const auto& c : test::collection_cases()) {
    INFO(c.name);
    const auto command = powershell_command(program, script_for(c.options));
    CHECK_FALSE(command.stdin_data.has_value());
  }
}

TEST_CASE("collection script: a URI with PowerShell syntax stays a literal", "[powershell]") {
  CollectOptions options;
  options.ems = EmsMode::remote;
  options.ems_uri = "http://ex1/PowerShell/?a=$(Remove-Item)&b=;Stop-Computer";
  const auto script = script_for(options);
  CHECK(contains(script,
                 "-ConnectionUri 'http://ex1/PowerShell/?a=$(Remove-Item)&b=;Stop-Computer' "));
}

TEST_CASE("collection script: options out of range", "[powershell]") {
  struct Case {
    CollectOptions options;
    const char* message;
  };
  const Case cases[] = {
      {{EmsMode::auto_detect, "", 0, 16}, "--audit-days must be between 1 and 3650, got 0"},
      {{EmsMode::auto_detect, "", -30, 16}, "--audit-days must be between 1 and 3650, got -30"},
      {{EmsMode::auto_detect, "", 3651, 16}, "--audit-days must be between 1 and 3650, got 3651"},
      {{EmsMode::local, "", INT_MAX, 16},
       "--audit-days must be between 1 and 3650, got 2147483647"},
      {{EmsMode::auto_detect, "", 30, 0}, "--throttle must be between 1 and 256, got 0"},
      {{EmsMode::auto_detect, "", 30, 257}, "--throttle must be between 1 and 256, got 257"},
      {{EmsMode::auto_detect, "", 30, INT_MIN},
       "--throttle must be between 1 and 256, got -2147483648"},
      {{EmsMode::remote, "", 30, 16},
       "--ems remote needs --ems-uri, e.g. http://ex16a.contoso.com/PowerShell/"},
  };
  for (const auto& c : cases) {
    INFO(c.message);
    const auto script = collection_script(c.options);
    REQUIRE_FALSE(script.has_value());
    CHECK(script.error().code == ExitCode::usage);
    CHECK(script.error().message == c.message);
  }
}

TEST_CASE("ems_uri: accepted forms", "[powershell]") {
  const char* uris[] = {
      "http://ex16a/PowerShell/",
      "http://ex16a.contoso.com/PowerShell/",
      "https://EX16A.contoso.com:443/PowerShell/",
      "HTTP://10.0.0.5/PowerShell",
      "http://[::1]:80/PowerShell/",
      "https://mail.contoso.com/PowerShell/?SerializationLevel=Full;ExchClientVer=15.1",
      "https://xn--exchnge-bxa.contoso.com/PowerShell/",
      "http://ex1",
  };
  for (const char* uri : uris) {
    INFO(uri);
    CHECK(check_ems_uri(uri).has_value());
    CHECK(collection_script({EmsMode::remote, uri, 30, 16}).has_value());
  }
}

TEST_CASE("ems_uri: rejected, without repeating the value", "[powershell]") {
  struct Case {
    std::string uri;
    const char* message;
  };
  const Case cases[] = {
      {"", "--ems-uri: empty"},
      {"ex16a/PowerShell/",
       "--ems-uri: must start with http:// or https:// (e.g. "
       "http://ex16a.contoso.com/PowerShell/)"},
      {"ftp://ex16a/",
       "--ems-uri: must start with http:// or https:// (e.g. "
       "http://ex16a.contoso.com/PowerShell/)"},
      {"http://", "--ems-uri: has no host after the scheme"},
      {"http:///PowerShell/", "--ems-uri: has no host after the scheme"},
      {"http://ex1'; Remove-Item C:\\ -Recurse; '",
       "--ems-uri: contains a quote (') at position 11"},
      {"http://ex1\"/", "--ems-uri: contains a quote (\") at position 11"},
      {"http://ex1`/", "--ems-uri: contains a quote (`) at position 11"},
      {"http://ex1/\xE2\x80\x99;Stop-Computer;\xE2\x80\x98",
       "--ems-uri: contains a non-ASCII character at position 12 (write an internationalised host "
       "name in its xn-- form)"},
      {"http://exch\xC3\xA4nge/",
       "--ems-uri: contains a non-ASCII character at position 12 (write "
       "an internationalised host name in its xn-- form)"},
      {"http://ex1/Power Shell/", "--ems-uri: contains white space at position 17"},
      {"http://ex1\xC2\xA0/",
       "--ems-uri: contains a non-ASCII character at position 11 (write an "
       "internationalised host name in its xn-- form)"},
      {"http://ex1/\nRemove-Item",
       "--ems-uri: contains a control character (U+000A) at position 12"},
      {"http://ex1/\r", "--ems-uri: contains a control character (U+000D) at position 12"},
      {"http://ex1\t/", "--ems-uri: contains a control character (U+0009) at position 11"},
      {std::string("http://ex1/\0", 12),
       "--ems-uri: contains a control character (U+0000) at position 12"},
      {"http://ex1/\x7F", "--ems-uri: contains a control character (U+007F) at position 12"},
      {"http://ex1/{x}", "--ems-uri: contains '{' at position 12, which a URL may not hold"},
      {"http://ex1/a|b", "--ems-uri: contains '|' at position 13, which a URL may not hold"},
      {"http://admin:Secret1@ex1/PowerShell/",
       "--ems-uri: a user name or password (user@host) does not belong in the URL"},
      {"http://ex1:0/", "--ems-uri: the port is not a number from 1 to 65535"},
      {"http://ex1:65536/", "--ems-uri: the port is not a number from 1 to 65535"},
      {"http://ex1:http/", "--ems-uri: the port is not a number from 1 to 65535"},
      {"http://ex1:/", "--ems-uri: the port is not a number from 1 to 65535"},
      {"http://[fe80::1/", "--ems-uri: an IPv6 address without its closing ]"},
      {"http://[fe80::1]x/", "--ems-uri: text after the IPv6 address"},
      {"http://[zz]/", "--ems-uri: the host is not an IPv6 address"},
      {"http://-ex1/", "--ems-uri: the host is not a DNS name or an IP address"},
      {"http://ex1..contoso.com/", "--ems-uri: the host is not a DNS name or an IP address"},
      {"http://ex_1/", "--ems-uri: the host is not a DNS name or an IP address"},
      {"http://ex1;x/", "--ems-uri: the host is not a DNS name or an IP address"},
  };
  for (const auto& c : cases) {
    INFO(c.uri);
    const auto checked = check_ems_uri(c.uri);
    REQUIRE_FALSE(checked.has_value());
    CHECK(checked.error().code == ExitCode::usage);
    CHECK(checked.error().message == c.message);
    CHECK_FALSE(contains(checked.error().message, "Secret1"));
    // The same through the script, in every mode that is given a URI.
    for (auto mode : {EmsMode::auto_detect, EmsMode::local, EmsMode::remote}) {
      if (c.uri.empty() && mode != EmsMode::remote) continue;  // empty = not given
      const auto script = collection_script({mode, c.uri, 30, 16});
      REQUIRE_FALSE(script.has_value());
      CHECK(script.error().code == ExitCode::usage);
    }
  }
}

TEST_CASE("script template: literals and values", "[powershell]") {
  const ScriptValues values = {
      {"days", std::int64_t{30}},
      {"negative", std::int64_t{-5}},
      {"name", std::string("EX1'; Remove-Item C:\\ -Recurse; '")},
      {"curly", std::string("a\xE2\x80\x99"
                            "b")},
      {"list", std::vector<std::string>{"W3SVC", "O'Brien"}},
      {"empty_list", std::vector<std::string>{}},
  };
  struct Case {
    const char* tpl;
    const char* expected;
  };
  const Case cases[] = {
      {"", ""},
      {"$x = 1", "$x = 1"},
      {"Get-Service -Name \xC2\xABW3SVC\xC2\xBB", "Get-Service -Name 'W3SVC'"},
      {"\xC2\xAB\xC2\xBB", "''"},
      {"\xC2\xAB"
       "O'Brien\xC2\xBB",
       "'O''Brien'"},
      {"-AddDays(-@@days@@) @@negative@@", "-AddDays(-30) -5"},
      {"-Identity @@name@@", "-Identity 'EX1''; Remove-Item C:\\ -Recurse; '''"},
      {"@@curly@@",
       "'a\xE2\x80\x99\xE2\x80\x99"
       "b'"},
      {"@(@@list@@)", "@('W3SVC', 'O''Brien')"},
      {"@(@@empty_list@@)", "@()"},
      {"# not a value: email@contoso.com", "# not a value: email@contoso.com"},
  };
  for (const auto& c : cases) {
    INFO(c.tpl);
    CHECK(expand_script(c.tpl, values) == c.expected);
  }
}

TEST_CASE("script template: malformed templates are bugs", "[powershell]") {
  const ScriptValues values = {{"days", std::int64_t{30}}};
  const char* templates[] = {
      "Write-Output 'x'",
      "Write-Output \"$x\"",
      "Get-Item `\n  -Path x",
      "# it\xE2\x80\x99s",
      "Write-Output \xE2\x80\x9Cx\xE2\x80\x9D",
      "\xC2\xABunterminated",
      "stray\xC2\xBB",
      "@@days",
      "@@unknown@@",
  };
  for (const char* tpl : templates) {
    INFO(tpl);
    CHECK_THROWS_AS(expand_script(tpl, values), std::logic_error);
  }
}
