#include "casdoctor/diagnose/staleness.hpp"

#include <array>

namespace casdoctor {
namespace {

bool reverted_cas_is_in_service(const OrgModel& org, const OutOfServiceChange& change) {
  const auto* cas = org.find_server(change.server);
  // An audit entry for a server that is gone from the org still tells when
  // the caches were last invalidated; only a CAS out of service again now is
  // ignored (the caches then hold the right value).
  return cas == nullptr || cas->is_out_of_service != true;
}

bool names_exchange2010_cas(const OrgModel& org, const OutOfServiceChange& change) {
  const auto* cas = org.find_server(change.server);
  return cas == nullptr || cas->product() == Product::exchange2010;
}

}  // namespace

std::optional<OutOfServiceChange> latest_revert(const OrgModel& org) {
  if (!org.out_of_service_changes) return std::nullopt;
  std::optional<OutOfServiceChange> newest;
  for (const auto& change : *org.out_of_service_changes) {
    if (change.value || !change.succeeded) continue;
    if (!names_exchange2010_cas(org, change) || !reverted_cas_is_in_service(org, change)) continue;
    if (!newest || change.run_date > newest->run_date) newest = change;
  }
  return newest;
}

StalenessResult assess_staleness(const OrgModel& org, const ServerView& server) {
  StalenessResult result;
  if (!org.out_of_service_changes) {
    result.missing.emplace_back("the admin audit log (Search-AdminAuditLog)");
    return result;
  }
  result.revert = latest_revert(org);
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
