// render_markdown: a ticket-ready report with escaped tables and the remedy's
// commands in fenced powershell blocks.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/report/render.hpp"

#include "report_samples.hpp"

using namespace casdoctor;
using casdoctor::test::sample_report;
using casdoctor::test::simple_finding;
using casdoctor::test::stale_finding;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("markdown: title, status line, generated time and version", "[report]") {
  const std::string md = render_markdown(sample_report());
  CHECK(md.starts_with(
      "# casdoctor diagnose — CRITICAL\n"
      "\n"
      "**Status: CRITICAL** (exit code 2): 2 servers hold a stale IsOutOfService value; 2 more "
      "findings: 1 warning, 1 info\n"
      "\n"
      "Generated 2018-06-20T09:00:00Z by casdoctor 0.1.0.\n"
      "\n"
      "## Servers\n"
      "\n"
      "| Name | Site | Product | Update | Build | KB4294204 | IsOutOfService |\n"
      "| --- | --- | --- | --- | --- | --- | --- |\n"
      "| EX10A | Berlin | Exchange Server 2010 | SP3 RU22 | 14.3.411.0 | not-applicable | no |\n"
      "| EX16A | Zürich | Exchange Server 2016 | CU8 | 15.1.1415.2 | susceptible | - |\n"));
}

TEST_CASE("markdown: findings table worst first", "[report]") {
  const std::string md = render_markdown(sample_report());
  CHECK(contains(md,
                 "## Findings\n"
                 "\n"
                 "| Severity | ID | Server | Summary |\n"
                 "| --- | --- | --- | --- |\n"
                 "| critical | kb4294204.stale-topology | EX16A | EX16A still caches EX10A as out "
                 "of service |\n"
                 "| critical | kb4294204.stale-topology | EX13A | EX13A still caches EX10A as out "
                 "of service |\n"
                 "| warning | kb4294204.susceptible | EX13A | kb4294204.susceptible on EX13A |\n"
                 "| info | build.unsupported | EX10A | build.unsupported on EX10A |\n"));
}

TEST_CASE("markdown: cells escape pipes, newlines and markup", "[report]") {
  Report report = sample_report();
  report.servers[0].name = "EX|10A";
  report.servers[0].site = "Site*1*";
  report.findings = {simple_finding("build.unknown", Severity::warning, "")};
  report.findings[0].summary = "build 15.1.9999.1 | not known\nsecond line";
  report.status = Status::warning;
  const std::string md = render_markdown(report);
  CHECK(contains(md, "| EX\\|10A | Site\\*1\\* | Exchange Server 2010 |"));
  CHECK(contains(md,
                 "| warning | build.unknown | (org-wide) | build 15.1.9999.1 \\| not known"
                 "<br>second line |\n"));
  CHECK(contains(md, "\n### WARNING: build.unknown\n"));
}

TEST_CASE("markdown: PS> lines become a fenced powershell block", "[report]") {
  const std::string md = render_markdown(sample_report());
  CHECK(contains(md,
                 "### CRITICAL: kb4294204.stale-topology on EX16A\n"
                 "\n"
                 "EX16A still caches EX10A as out of service\n"
                 "\n"
                 "**Evidence**\n"
                 "\n"
                 "```text\n"
                 "revert:\n"
                 "  server: EX10A\n"
                 "  is_out_of_service: false\n"
                 "  run_date: 2018-06-19T10:00:00Z\n"
                 "started_before_revert: MSExchangeADTopology, W3SVC\n"
                 "services:\n"
                 "  - name: MSExchangeADTopology\n"
                 "    status: Running\n"
                 "    start_time: null\n"
                 "```\n"
                 "\n"
                 "**Remedy**\n"
                 "\n"
                 "Restart MSExchangeADTopology and IIS on EX16A.\n"
                 "\n"
                 "```powershell\n"
                 "Restart-Service -Name 'MSExchangeADTopology' -Force\n"
                 "iisreset /noforce\n"
                 "```\n"
                 "\n"
                 "Lasting fix: Exchange 2016 CU10 or later.\n"));
  CHECK_FALSE(contains(md, "PS> "));
}

TEST_CASE("markdown: a remedy without commands has no code block", "[report]") {
  Report report = sample_report();
  report.findings = {simple_finding("cas2010.out-of-service", Severity::warning, "EX10A")};
  report.findings[0].remedy = "Set IsOutOfService back to $False when the work is done.";
  const std::string md = render_markdown(report);
  CHECK(md.ends_with("**Remedy**\n\nSet IsOutOfService back to \\$False when the work is done.\n"));
  CHECK_FALSE(contains(md, "```powershell"));
}

TEST_CASE("markdown: a backtick run in a command lengthens the fence", "[report]") {
  Report report = sample_report();
  report.findings = {stale_finding("EX16A")};
  report.findings[0].evidence = nlohmann::ordered_json::object();
  report.findings[0].remedy = "PS> Write-Host ```a\nPS> Restart-Service `\nPS>   -Force";
  const std::string md = render_markdown(report);
  CHECK(
      md.ends_with("````powershell\n"
                   "Write-Host ```a\n"
                   "Restart-Service `\n"
                   "  -Force\n"
                   "````\n"));
  CHECK_FALSE(contains(md, "**Evidence**"));
}

TEST_CASE("markdown: org without servers or findings", "[report]") {
  Report report;
  report.command = "build";
  report.tool_version = "0.1.0";
  report.generated_at = test::sample_time();
  CHECK(render_markdown(report) ==
        "# casdoctor build — OK\n"
        "\n"
        "**Status: OK** (exit code 0): no problems found\n"
        "\n"
        "Generated 2018-06-20T09:00:00Z by casdoctor 0.1.0.\n");
}
