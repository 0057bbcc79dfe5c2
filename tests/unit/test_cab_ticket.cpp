// The change ticket a CAB approves (remediate --dry-run --format markdown):
// compared byte for byte with tests/golden/cab-ticket.md, made from the
// example snapshot at a fixed time. After a deliberate change, regenerate
// with CASDOCTOR_UPDATE_GOLDEN=1 and read the diff before committing it.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/diagnose/diagnose.hpp"
#include "casdoctor/diagnose/org_model.hpp"
#include "casdoctor/remediate/plan.hpp"
#include "casdoctor/report/render.hpp"
#include "casdoctor/snapshot/reader.hpp"

#include "../../src/report/ps_layout.hpp"
#include "test_support.hpp"

using namespace casdoctor;
using namespace std::chrono_literals;

namespace {

Report cab_report() {
  const TimePoint time{1795509000000ms};  // the snapshot's collected_at
  auto snapshot = read_snapshot(test::read_bytes(test::example_path("kb4294204-hit.json")),
                                "kb4294204-hit.json");
  REQUIRE(snapshot.has_value());
  const auto diagnosis = diagnose(*snapshot, time);
  PlanOptions options;
  options.verify =
      VerifyStepOptions{"https://mail.contoso.com/owa", "CONTOSO\\alice", 10min, 10s, {}};
  auto plan = build_plan(build_org_model(*snapshot, time), diagnosis, options, time);
  REQUIRE(plan.has_value());
  Report report;
  report.command = "remediate";
  report.tool_version = "golden";
  report.generated_at = time;
  report.status = diagnosis.status;
  report.servers = diagnosis.servers;
  report.findings = diagnosis.findings;
  report.plan = std::move(*plan);
  return report;
}

// The longest line inside the fenced blocks (prose wraps in any viewer).
std::size_t longest_command_line(const std::string& text) {
  std::size_t longest = 0;
  bool fenced = false;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (line.starts_with("```"))
      fenced = !fenced;
    else if (fenced)
      longest = std::max(longest, line.size());
    start = end + 1;
  }
  return longest;
}

}  // namespace

TEST_CASE("CAB ticket: matches the golden file byte for byte", "[cab][golden]") {
  const std::string ticket = render_markdown(cab_report());
  const auto golden = test::fixture_path("../golden/cab-ticket.md");
  const char* update = std::getenv("CASDOCTOR_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << ticket;
    WARN("rewrote " << golden.string());
  }
  CHECK(ticket == test::read_bytes(golden));
}

TEST_CASE("CAB ticket: risk, duration, outage, preparation and fields to fill in", "[cab]") {
  const std::string ticket = render_markdown(cab_report());
  for (const char* part :
       {"## Change record", "| Approver (CAB) |  |", "| Change number |  |", "## Risk",
        "**Risk: medium**", "## Estimated duration", "All, one after the other",
        "## Outage and user impact", "ActiveSync", "databases",
        "## Preparation and return to service", "Move-ActiveMailboxDatabase -Server 'EX16A'",
        "-DatabaseCopyActivationDisabledAndMoveNow $true"}) {
    INFO(part);
    CHECK(ticket.find(part) != std::string::npos);
  }
  // The preparation comes before the first server's commands.
  CHECK(ticket.find("## Preparation") < ticket.find("**Commands**"));
}

TEST_CASE("CAB ticket: the acting cmdlet starts a line, no command line is off-screen", "[cab]") {
  const std::string ticket = render_markdown(cab_report());
  CHECK(ticket.find("\n    Restart-Service -Name 'MSExchangeADTopology' -Force\n") !=
        std::string::npos);
  CHECK(ticket.find("\n    iisreset /noforce\n") != std::string::npos);
  CHECK(ticket.find("Restart MSExchangeADTopology on EX16A") != std::string::npos);
  // Before: the check-services and rollback commands were one line each,
  // 600 characters with real dependents. The longest now is the logon by
  // hand, which starts with what it does (casdoctor verify).
  CHECK(longest_command_line(ticket) <= 160);
}

TEST_CASE("ps_layout: a remote script block one statement per line", "[cab][layout]") {
  CHECK(detail::ps_layout("Invoke-Command -ComputerName 'ex.contoso.com' -ScriptBlock { "
                          "Start-Service -Name 'A'; iisreset /start }") ==
        std::vector<std::string>{"Invoke-Command -ComputerName 'ex.contoso.com' -ScriptBlock {",
                                 "    Start-Service -Name 'A'", "    iisreset /start", "}"});
  CHECK(detail::ps_layout("iisreset /noforce") == std::vector<std::string>{"iisreset /noforce"});
}

TEST_CASE("ps_layout: long pipelines break after '|', long lists after ','", "[cab][layout]") {
  std::string names = "'MSExchangeADTopology'";
  for (int i = 0; i < 12; ++i) names += ", 'MSExchangeService" + std::to_string(i) + "'";
  const auto lines = detail::ps_layout("Get-Service -Name " + names +
                                       " | Select-Object -Property 'Name', 'Status' | "
                                       "ConvertTo-Json -Compress");
  REQUIRE(lines.size() >= 4);
  CHECK(lines.front().starts_with("Get-Service -Name 'MSExchangeADTopology', "));
  CHECK(lines.front().ends_with(","));
  CHECK(lines[lines.size() - 2] == "    Select-Object -Property 'Name', 'Status' |");
  CHECK(lines.back() == "    ConvertTo-Json -Compress");
  for (const auto& line : lines) CHECK(line.size() <= detail::k_layout_width);
}

TEST_CASE("ps_layout: separators inside quotes and braces stay where they are", "[cab][layout]") {
  const std::string quoted =
      "Invoke-Command -ComputerName 'a;b|c' -ScriptBlock { Start-Service -Name 'x; y', "
      "'it''s | z', \"q;`\";r\"; if ($LASTEXITCODE -ne 0) { exit 1; exit 2 } }";
  CHECK(detail::ps_layout(quoted) ==
        std::vector<std::string>{"Invoke-Command -ComputerName 'a;b|c' -ScriptBlock {",
                                 "    Start-Service -Name 'x; y', 'it''s | z', \"q;`\";r\"",
                                 "    if ($LASTEXITCODE -ne 0) { exit 1; exit 2 }", "}"});
  // Typographic quotes are quotes too (PowerShell reads them so).
  CHECK(detail::ps_layout(
            "Invoke-Command -ComputerName 'h' -ScriptBlock { Stop-Service -Name \xE2\x80\x98"
            "a; b\xE2\x80\x99; Get-Date }")
            .size() == 4);
  // Unbalanced: left alone.
  const std::string broken = "Invoke-Command -ComputerName 'h -ScriptBlock { a; b }";
  CHECK(detail::ps_layout(broken) == std::vector<std::string>{broken});
}
