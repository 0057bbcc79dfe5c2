#pragma once
// Reports for the renderer tests: a mixed 2010/2013/2016 org with a stale
// topology, built in code so that each test states what it changes.
#include <chrono>
#include <string>

#include "casdoctor/report/render.hpp"

#include "test_support.hpp"

namespace casdoctor::test {

// 2018-06-20T09:00:00Z, the day after the fix CUs were released.
inline TimePoint sample_time() {
  using namespace std::chrono;
  return TimePoint{sys_days{year{2018} / June / 20} + hours{9}};
}

inline ServerRecord sample_server(std::string name, std::string site, std::string product,
                                  std::string update, std::string build, std::string kb,
                                  std::optional<bool> oos) {
  ServerRecord s;
  s.fqdn = name + ".contoso.com";
  s.name = std::move(name);
  s.site = std::move(site);
  s.roles = {"Mailbox"};
  s.product = std::move(product);
  s.update = std::move(update);
  s.build = std::move(build);
  s.release_date = s.build.empty() ? "" : "2017-12-19";
  s.kb4294204 = std::move(kb);
  s.is_out_of_service = oos;
  return s;
}

inline Finding stale_finding(const std::string& server) {
  Finding f;
  f.id = "kb4294204.stale-topology";
  f.severity = Severity::critical;
  f.server = server;
  f.summary = server + " still caches EX10A as out of service";
  f.evidence["revert"] = {
      {"server", "EX10A"}, {"is_out_of_service", false}, {"run_date", "2018-06-19T10:00:00Z"}};
  f.evidence["started_before_revert"] =
      nlohmann::ordered_json::array({"MSExchangeADTopology", "W3SVC"});
  f.evidence["services"] = nlohmann::ordered_json::array(
      {{{"name", "MSExchangeADTopology"}, {"status", "Running"}, {"start_time", nullptr}}});
  f.remedy = "Restart MSExchangeADTopology and IIS on " + server +
             ".\n"
             "PS> Restart-Service -Name 'MSExchangeADTopology' -Force\n"
             "PS> iisreset /noforce\n"
             "Lasting fix: Exchange 2016 CU10 or later.";
  return f;
}

inline Finding simple_finding(std::string id, Severity severity, std::string server) {
  Finding f;
  f.id = std::move(id);
  f.severity = severity;
  f.server = std::move(server);
  f.summary = f.id + " on " + (f.server.empty() ? std::string("the org") : f.server);
  return f;
}

inline Report sample_report() {
  Report r;
  r.command = "diagnose";
  r.tool_version = "0.1.0";
  r.generated_at = sample_time();
  r.status = Status::critical;
  r.servers = {
      sample_server("EX10A", "Berlin", "Exchange Server 2010", "SP3 RU22", "14.3.411.0",
                    "not-applicable", false),
      sample_server("EX16A", "Zürich", "Exchange Server 2016", "CU8", "15.1.1415.2", "susceptible",
                    std::nullopt),
      sample_server("EX13A", "Berlin", "Exchange Server 2013", "CU20", "15.0.1367.3", "susceptible",
                    std::nullopt),
  };
  r.findings = {
      simple_finding("build.unsupported", Severity::info, "EX10A"),
      stale_finding("EX16A"),
      simple_finding("kb4294204.susceptible", Severity::warning, "EX13A"),
      stale_finding("EX13A"),
  };
  return r;
}

// Renders JSON and keeps it for the schema test (tests/schema).
inline std::string render_and_keep(const std::string& name, const Report& report) {
  std::string json = render_json(report);
  keep_json_document("report-" + name, json);
  return json;
}

}  // namespace casdoctor::test
