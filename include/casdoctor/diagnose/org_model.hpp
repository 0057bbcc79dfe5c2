#pragma once
// The org as the checks see it: every server with its resolved build, its
// KB4294204 status within this org, its services and its IsOutOfService
// state; the IsOutOfService changes from the audit log. Built once from a
// snapshot by a pure function.
#include <optional>
#include <string>
#include <vector>

#include "casdoctor/catalog/catalog.hpp"
#include "casdoctor/snapshot/snapshot.hpp"

namespace casdoctor {

struct ServiceView {
  std::string name;
  ServiceStatus status = ServiceStatus::stopped;
  std::optional<TimePoint> start_time;
};

// An Exchange application pool's w3wp process: the HTTP proxy's cache.
struct AppPoolView {
  std::string name;  // "MSExchangeOWAAppPool"
  std::optional<TimePoint> start_time;
};

struct ServerView {
  std::string name;
  std::string fqdn;
  std::string site;
  std::vector<std::string> roles;
  std::optional<BuildNumber> admin_display_version;
  std::optional<BuildNumber> exsetup_version;
  std::optional<BuildInfo> build;            // nullopt: no version in the snapshot
  Kb4294204 kb4294204 = Kb4294204::unknown;  // within this org
  bool is_client_access = false;
  std::optional<bool> is_out_of_service;  // from Get-ClientAccessServer
  std::vector<ServiceView> services;
  // The Exchange w3wp processes; nullopt when not collected (an older
  // snapshot, or the server's collection failed): W3SVC stands in then.
  std::optional<std::vector<AppPoolView>> app_pools;
  // Running services that depend on MSExchangeADTopology, as collected;
  // empty when none were collected (Restart-Service -Force restarts these).
  std::vector<std::string> running_dependents;

  Product product() const { return build ? build->product : Product::unknown; }
  bool is_exchange2010_cas() const {
    return product() == Product::exchange2010 && is_client_access;
  }
  // 2013, 2016, 2019 and SE: the servers that proxy to 2010 and whose
  // services casdoctor collects.
  bool is_exchange15() const;
  const ServiceView* service(std::string_view service_name) const;
};

// One Set-ClientAccessServer -IsOutOfService entry of the audit log.
struct OutOfServiceChange {
  TimePoint run_date;
  std::string server;  // the 2010 CAS, as resolved from ObjectModified/Identity
  std::optional<std::size_t> server_index;  // into OrgModel::servers; nullopt: not in the org
  bool value = false;
  std::string caller;
  bool succeeded = true;
};

struct OrgModel {
  std::vector<ServerView> servers;
  bool has_exchange2010_cas = false;
  // nullopt when the audit log was not collected.
  std::optional<std::vector<OutOfServiceChange>> out_of_service_changes;
  // The newest successful change of a 2010 CAS's IsOutOfService to False,
  // ignoring CASes that are out of service again now; nullopt when there is
  // none (or no audit log: check out_of_service_changes).
  std::optional<OutOfServiceChange> latest_revert;
  // The set to True of the same CAS that latest_revert undid; nullopt when
  // it lies before the audit window.
  std::optional<TimePoint> latest_set_true;
  // Audit entries whose IsOutOfService parameter has no readable value (a
  // remote session passes parameters as names only): the reverts cannot be told.
  std::size_t unreadable_audit_values = 0;
  std::vector<CollectError> errors;
  std::optional<TimePoint> collected_at;
  TimePoint now;
  // The time the start times were read: collected_at, else now.
  TimePoint as_of() const { return collected_at.value_or(now); }

  const ServerView* find_server(std::string_view name_or_fqdn) const;
  const ServerView* server_of(const OutOfServiceChange& change) const {
    return change.server_index ? &servers[*change.server_index] : nullptr;
  }
};

OrgModel build_org_model(const Snapshot& snapshot, TimePoint now);

// The 2010 CAS an audit entry names: ObjectModified may be a plain name, an
// FQDN, a canonical name ("contoso.com/.../EX2010") or a DN ("CN=EX2010,...").
std::string server_name_of_identity(std::string_view identity);

// "False", "$false", "0" -> false; "True", "$true", "1" -> true.
std::optional<bool> parse_ps_bool(std::string_view text);

}  // namespace casdoctor
