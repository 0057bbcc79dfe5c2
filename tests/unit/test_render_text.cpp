// render_text: headline wording, the servers table, findings worst first,
// and colour that changes nothing but the status word and severity tags.
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/report/render.hpp"
#include "casdoctor/report/summary.hpp"

#include "report_samples.hpp"

using namespace casdoctor;
using casdoctor::test::sample_report;
using casdoctor::test::simple_finding;
using casdoctor::test::stale_finding;

namespace {

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

std::string strip_ansi(const std::string& text) {
  static const std::regex k_sgr("\x1b\\[[0-9;]*m");
  return std::regex_replace(text, k_sgr, "");
}

Report report_with(Status status, std::vector<Finding> findings, std::size_t servers = 3) {
  Report report = sample_report();
  report.status = status;
  report.findings = std::move(findings);
  report.servers.resize(servers);
  return report;
}

}  // namespace

TEST_CASE("text: headline wording", "[report]") {
  using S = Severity;
  const auto [status, findings, servers, expected] =
      GENERATE(table<Status, std::vector<Finding>, std::size_t, std::string>({
          {Status::ok, {}, 3, "OK: no problems found on 3 servers"},
          {Status::ok, {}, 1, "OK: no problems found on 1 server"},
          {Status::ok, {}, 0, "OK: no problems found"},
          {Status::ok,
           {simple_finding("build.unsupported", S::info, "EX10A")},
           3,
           "OK: no problems found on 3 servers; 1 informational finding"},
          {Status::critical,
           {stale_finding("EX16A")},
           3,
           "CRITICAL: 1 server holds a stale IsOutOfService value"},
          {Status::critical,
           {stale_finding("EX16A"), stale_finding("EX16B")},
           3,
           "CRITICAL: 2 servers hold a stale IsOutOfService value"},
          {Status::critical,
           {simple_finding("build.unsupported", S::info, "EX10A"), stale_finding("EX16A"),
            simple_finding("kb4294204.susceptible", S::warning, "EX13A"), stale_finding("EX13A")},
           3,
           "CRITICAL: 2 servers hold a stale IsOutOfService value; 2 more findings: 1 warning, "
           "1 info"},
          {Status::critical,
           {simple_finding("service.not-running", S::critical, "EX16A"), stale_finding("EX16A"),
            stale_finding("EX13A"), simple_finding("cas2010.out-of-service", S::warning, "EX10A"),
            simple_finding("kb4294204.susceptible", S::warning, "EX13A")},
           3,
           "CRITICAL: 2 servers hold a stale IsOutOfService value; 3 more findings: 1 critical, "
           "2 warnings"},
          {Status::warning,
           {simple_finding("kb4294204.susceptible", S::warning, "EX16A"),
            simple_finding("kb4294204.susceptible", S::warning, "EX13A")},
           3,
           "WARNING: 2 servers are below the KB4294204 fix level"},
          {Status::warning,
           {simple_finding("cas2010.out-of-service", S::warning, "EX10A")},
           3,
           "WARNING: 1 Exchange 2010 CAS is out of service"},
          {Status::unknown,
           {simple_finding("collect.partial", S::unknown, ""),
            simple_finding("kb4294204.susceptible", S::warning, "EX16A")},
           3,
           "UNKNOWN: 1 part of the data could not be collected; 1 more finding: 1 warning"},
          {Status::critical,
           {simple_finding("owa.logon-failed", S::critical, "EX16A"),
            simple_finding("owa.logon-failed", S::critical, "EX16B")},
           3,
           "CRITICAL: 2 OWA logons failed"},
          {Status::critical,
           {simple_finding("future.check", S::critical, "EX16A"),
            simple_finding("future.check", S::critical, "EX16B")},
           3,
           "CRITICAL: 2 critical findings"},
          {Status::unknown, {}, 3, "UNKNOWN: no findings recorded"},
      }));
  const std::string text = render_text(report_with(status, findings, servers), TextStyle{});
  CHECK(first_line(text) == expected);
}

TEST_CASE("text: header and servers table", "[report]") {
  Report report = sample_report();
  report.servers[1].build_note = "ExSetup 15.1.1415.4 is not in the catalogue";
  const std::string text = render_text(report, TextStyle{});
  CHECK(text.starts_with(
      "CRITICAL: 2 servers hold a stale IsOutOfService value; 2 more findings: 1 warning, 1 info\n"
      "casdoctor 0.1.0 diagnose at 2018-06-20T09:00:00Z\n"
      "\n"
      "SERVERS (3)\n"
      "  NAME   SITE    PRODUCT               UPDATE    BUILD        KB4294204       OOS\n"
      "  EX10A  Berlin  Exchange Server 2010  SP3 RU22  14.3.411.0   not-applicable  no\n"
      "  EX16A  Zürich  Exchange Server 2016  CU8       15.1.1415.2  susceptible     -\n"
      "  EX13A  Berlin  Exchange Server 2013  CU20      15.0.1367.3  susceptible     -\n"
      "  Note: EX16A: ExSetup 15.1.1415.4 is not in the catalogue\n"
      "\n"
      "FINDINGS (4)\n"));
}

TEST_CASE("text: non-ASCII names keep the columns aligned", "[report]") {
  Report report = sample_report();
  report.servers[0].name = "ЕХ東京";  // Cyrillic and wide CJK
  report.servers[0].is_out_of_service = true;
  report.findings.clear();
  const std::string text = render_text(report, TextStyle{});
  CHECK(text.find("  NAME    SITE    PRODUCT") != std::string::npos);
  CHECK(text.find("  ЕХ東京  Berlin  Exchange Server 2010  SP3 RU22  14.3.411.0   "
                  "not-applicable  yes\n") != std::string::npos);
  CHECK(text.find("  EX16A   Zürich  Exchange Server 2016") != std::string::npos);
}

TEST_CASE("text: findings worst first, evidence and remedy indented", "[report]") {
  const std::string text = render_text(sample_report(), TextStyle{});
  const auto findings = text.substr(text.find("FINDINGS (4)\n"));
  CHECK(findings.starts_with(
      "FINDINGS (4)\n"
      "[CRITICAL] kb4294204.stale-topology EX16A: EX16A still caches EX10A as out of service\n"
      "  Evidence:\n"
      "    revert:\n"
      "      server: EX10A\n"
      "      is_out_of_service: false\n"
      "      run_date: 2018-06-19T10:00:00Z\n"
      "    started_before_revert: MSExchangeADTopology, W3SVC\n"
      "    services:\n"
      "      - name: MSExchangeADTopology\n"
      "        status: Running\n"
      "        start_time: null\n"
      "  Remedy: Restart MSExchangeADTopology and IIS on EX16A.\n"
      "          PS> Restart-Service -Name 'MSExchangeADTopology' -Force\n"
      "          PS> iisreset /noforce\n"
      "          Lasting fix: Exchange 2016 CU10 or later.\n"
      "\n"
      "[CRITICAL] kb4294204.stale-topology EX13A:"));
  const auto critical = findings.find("[CRITICAL] kb4294204.stale-topology EX13A");
  const auto warning = findings.find("[WARNING] kb4294204.susceptible EX13A");
  const auto info = findings.find("[INFO] build.unsupported EX10A");
  CHECK(critical < warning);
  CHECK(warning < info);
  CHECK(info != std::string::npos);
  CHECK(text.ends_with("[INFO] build.unsupported EX10A: build.unsupported on EX10A\n"));
}

TEST_CASE("text: org-wide finding and unknown before warning", "[report]") {
  Report report = report_with(Status::unknown,
                              {simple_finding("kb4294204.susceptible", Severity::warning, "EX16A"),
                               simple_finding("collect.partial", Severity::unknown, "")});
  const std::string text = render_text(report, TextStyle{});
  CHECK(text.find("[UNKNOWN] collect.partial: collect.partial on the org\n") <
        text.find("[WARNING] kb4294204.susceptible EX16A:"));
}

TEST_CASE("text: no ANSI escapes without colour", "[report]") {
  Report report = sample_report();
  report.servers[0].name = "EX\x1b[31mRED";  // hostile data stays inert
  report.findings[1].summary = "summary \x1b]0;title\x07";
  report.findings[1].evidence["raw"] = "\x1b[2J";
  report.findings[1].remedy += "\n\x1b[1mPS> bold";
  const std::string text = render_text(report, TextStyle{false});
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("EX\\x1b[31mRED") != std::string::npos);
}

TEST_CASE("text: colour only on the status word and severity tags", "[report]") {
  const Report report = sample_report();
  const std::string plain = render_text(report, TextStyle{false});
  const std::string coloured = render_text(report, TextStyle{true});
  CHECK(coloured != plain);
  CHECK(strip_ansi(coloured) == plain);
  CHECK(coloured.starts_with("\x1b[1;31mCRITICAL\x1b[0m: 2 servers"));
  CHECK(coloured.find("\x1b[1;31m[CRITICAL]\x1b[0m kb4294204.stale-topology EX16A") !=
        std::string::npos);
  CHECK(coloured.find("\x1b[1;33m[WARNING]\x1b[0m") != std::string::npos);
  CHECK(coloured.find("\x1b[1;36m[INFO]\x1b[0m") != std::string::npos);
  // Only these four places are painted: headline, two critical tags, warning, info.
  std::size_t resets = 0;
  for (auto pos = coloured.find("\x1b[0m"); pos != std::string::npos;
       pos = coloured.find("\x1b[0m", pos + 1)) {
    ++resets;
  }
  CHECK(resets == 5);
}

TEST_CASE("text: colour of each status word", "[report]") {
  const auto [status, prefix] = GENERATE(table<Status, std::string>({
      {Status::ok, "\x1b[1;32mOK\x1b[0m: "},
      {Status::warning, "\x1b[1;33mWARNING\x1b[0m: "},
      {Status::unknown, "\x1b[1;35mUNKNOWN\x1b[0m: "},
      {Status::critical, "\x1b[1;31mCRITICAL\x1b[0m: "},
  }));
  CHECK(render_text(report_with(status, {}), TextStyle{true}).starts_with(prefix));
}

TEST_CASE("text: empty report is two lines", "[report]") {
  Report report;
  report.command = "build";
  report.tool_version = "0.1.0";
  report.generated_at = test::sample_time();
  CHECK(render_text(report, TextStyle{}) ==
        "OK: no problems found\n"
        "casdoctor 0.1.0 build at 2018-06-20T09:00:00Z\n");
}
