// The lab's PowerShell tokenizer and parser: literals must be read exactly
// as PowerShell reads them.
#include <catch2/catch.hpp>

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/lab/ps_script.hpp"

using namespace casdoctor;
using namespace casdoctor::lab;

namespace {

std::vector<Token> tokens(std::string_view script) {
  auto t = tokenize(script);
  REQUIRE(t);
  return *t;
}

std::vector<Command> commands(std::string_view script) {
  auto block = parse_script(script);
  REQUIRE(block);
  std::vector<Command> out;
  for_each_command(*block, [&](const Command& c) { out.push_back(c); });
  return out;
}

}  // namespace

TEST_CASE("lab tokenizer: single-quoted literals", "[lab]") {
  struct Case {
    std::string script;
    std::string value;
  };
  const Case cases[] = {
      {"'EX1'", "EX1"},
      {"'it''s'", "it's"},
      {"''", ""},
      {"'a \"b\" $c `n'", "a \"b\" $c `n"},  // nothing expands
      {"\xE2\x80\x98"
       "typographic\xE2\x80\x99",
       "typographic"},                                     // ‘typographic’
      {"'x\xE2\x80\x99\xE2\x80\x99y'", "x\xE2\x80\x99y"},  // ’’ is one quote
      {"\xE2\x80\x9A"
       "a\xE2\x80\x9B",
       "a"},  // ‚a‛
  };
  for (const auto& c : cases) {
    INFO(c.script);
    const auto t = tokens(c.script);
    REQUIRE(t.size() == 1);
    CHECK(t[0].kind == TokenKind::string);
    CHECK(t[0].text == c.value);
  }
}

TEST_CASE("lab tokenizer: ps_quote round-trips, hostile names included", "[lab]") {
  const std::string names[] = {"EX1", "EX1'; Remove-Item C:\\ -Recurse; '",
                               "EX\xE2\x80\x98"
                               "1\xE2\x80\x99; Stop-Computer",
                               "a''b", "Se\xC3\xA1n"};
  for (const auto& name : names) {
    INFO(name);
    const auto cmds = commands("Get-ExchangeServer -Identity " + ps_quote(name));
    REQUIRE(cmds.size() == 1);  // nothing escaped into a second command
    REQUIRE(cmds[0].args.size() == 2);
    CHECK(cmds[0].args[1].kind == Argument::Kind::literal);
    CHECK(cmds[0].args[1].text == name);
  }
}

TEST_CASE("lab tokenizer: double quotes, here-strings, comments", "[lab]") {
  auto t = tokens("\"a`tb\"\"c\" # comment\n<# block\ncomment #> x");
  REQUIRE(t.size() == 3);
  CHECK(t[0].kind == TokenKind::expandable);
  CHECK(t[0].text == "a\tb\"c");
  CHECK(t[1].kind == TokenKind::newline);
  CHECK(t[2].text == "x");
  CHECK(t[2].line == 3);

  t = tokens("@'\nline 1\n'inner'\n'@\n@\"\r\nx $y\r\n\"@");
  REQUIRE(t.size() == 3);
  CHECK(t[0].text == "line 1\n'inner'");
  CHECK(t[2].kind == TokenKind::expandable);
  CHECK(t[2].text == "x $y");

  CHECK_FALSE(tokenize("'open"));
  CHECK(tokenize("'open").error().message == "The string is missing the terminator: '.");
  CHECK_FALSE(tokenize("<# never closed"));
}

TEST_CASE("lab tokenizer: variables, parameters and dashes", "[lab]") {
  const auto t = tokens("Restart-Service \xE2\x80\x93Name $env:X -Force:$true ${a b} (-30)");
  REQUIRE(t.size() >= 8);
  CHECK(t[0].kind == TokenKind::word);
  CHECK(t[1].kind == TokenKind::parameter);
  CHECK(t[1].text == "Name");
  CHECK(t[2].kind == TokenKind::variable);
  CHECK(t[2].text == "env:X");
  CHECK(t[3].kind == TokenKind::parameter);
  CHECK(t[3].colon);
  CHECK(t[5].text == "a b");
  CHECK(t[7].kind == TokenKind::number);
  CHECK(t[7].text == "-30");
}

TEST_CASE("lab parser: commands, script blocks and pipelines", "[lab]") {
  const auto cmds = commands(
      "$x = @{ Name = 'a'; Value = (Get-Date).AddDays(-30) }\n"
      "Invoke-Command -ComputerName 'EX16A.contoso.com' -ScriptBlock { Restart-Service -Name "
      "'MSExchangeADTopology' -Force }\n"
      "try { Get-ExchangeServer | ConvertTo-Json -Compress } catch { Write-Warning $_ }\n"
      "if (-not (Test-Path $p)) { exit 3 }\n"
      "function Get-Text($v) { return $v }");
  std::vector<std::string> names;
  for (const auto& c : cmds) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"Get-Date", "Invoke-Command", "Restart-Service",
                                          "Get-ExchangeServer", "ConvertTo-Json", "Write-Warning",
                                          "Test-Path"});
  const auto& invoke = cmds[1];
  CHECK(parameter_value(invoke, "computername")->text == "EX16A.contoso.com");
  CHECK(parameter_value(invoke, "ScriptBlock")->kind == Argument::Kind::script_block);
  CHECK(has_switch(cmds[2], "Force"));
  CHECK(positional(cmds[2]).empty());
  CHECK(has_switch(cmds[4], "Compress"));
}

TEST_CASE("lab parser: arrays and positional arguments", "[lab]") {
  const auto cmds = commands(
      "Get-Service 'W3SVC', 'WAS' -ErrorAction Stop\n"
      "iisreset /noforce\n"
      "Search-AdminAuditLog -Cmdlets @('Set-ClientAccessServer') "
      "-StartDate $now.AddDays(-7)");
  REQUIRE(cmds.size() == 3);
  const auto args = positional(cmds[0]);
  REQUIRE(args.size() == 1);
  REQUIRE(args[0]->kind == Argument::Kind::array);
  CHECK(args[0]->items.size() == 2);
  CHECK(positional(cmds[1])[0]->text == "/noforce");
  CHECK(parameter_value(cmds[2], "Cmdlets")->kind == Argument::Kind::array);
  CHECK(parameter_value(cmds[2], "StartDate")->text == "$now.AddDays(-7)");
}
