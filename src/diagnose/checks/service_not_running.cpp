#include <array>

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/evidence.hpp"
#include "casdoctor/diagnose/staleness.hpp"
#include "casdoctor/snapshot/names.hpp"

namespace casdoctor {

namespace {

void find_service_not_running(const OrgModel& org, std::vector<Finding>& out) {
  const auto& info = k_check_service_not_running.info;
  for (const auto& server : org.servers) {
    if (!server.is_exchange15()) continue;
    for (auto name : std::array{k_topology_service, k_iis_service, k_was_service}) {
      const auto* service = server.service(name);
      if (service == nullptr || service->status == ServiceStatus::running) continue;
      auto finding = make_finding(info, server.name,
                                  std::string(name) + " is " +
                                      std::string(service_status_name(service->status)) + " on " +
                                      server.name);
      finding.evidence["service"] = service_evidence(*service);
      const auto target = ps_quote(server.fqdn.empty() ? server.name : server.fqdn);
      finding.remedy =
          "Find out why the service stopped (System event log, Service Control "
          "Manager events 7031/7034), then start it:\nPS> Invoke-Command -ComputerName " +
          target + " -ScriptBlock { Start-Service -Name " + ps_quote(name) + " }";
      out.push_back(std::move(finding));
    }
  }
}

}  // namespace

const Check k_check_service_not_running{
    {"service.not-running", Severity::critical, "Topology or IIS service not running",
     "MSExchangeADTopology, W3SVC or WAS is not running on an Exchange 2013/2016/2019 server: it "
     "cannot proxy OWA at all."},
    &find_service_not_running};

}  // namespace casdoctor
