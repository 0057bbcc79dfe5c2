#include "casdoctor/diagnose/staleness.hpp"

#include <array>

namespace casdoctor {
StalenessResult assess_staleness(const OrgModel& org, const ServerView& server) {
  StalenessResult result;
  if (!org.out_of_service_changes) {
    result.missing.emplace_back("the admin audit log (Search-AdminAuditLog)");
    return result;
  }
  result.revert = org.latest_revert;
  if (!result.revert) {
    result.verdict = Staleness::no_revert;
    return result;
  }
  for (auto name : std::array{k_topology_service, k_iis_service}) {
    const auto* service = server.service(name);
    if (service == nullptr) {
      result.missing.push_back(std::string(name) + " status and start time");
    } else if (service->status != ServiceStatus::running) {
      continue;  // reported by service.not-running; a stopped service caches nothing
    } else if (!service->start_time) {
      result.missing.push_back(std::string(name) + " start time");
    } else if (*service->start_time < result.revert->run_date) {
      result.started_before.emplace_back(name);
    }
  }
  if (!result.started_before.empty()) {
    result.verdict = Staleness::stale;
  } else if (result.missing.empty()) {
    result.verdict = Staleness::current;
  }
  return result;
}

}  // namespace casdoctor
