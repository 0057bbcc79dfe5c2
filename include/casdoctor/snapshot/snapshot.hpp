#pragma once
// casdoctor.snapshot/1 after reading: every PowerShell 5.1 shape already
// normalised, so that the diagnosis never sees JSON.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casdoctor/catalog/build_number.hpp"
#include "casdoctor/core/time.hpp"

namespace casdoctor {

inline constexpr const char* k_snapshot_schema = "casdoctor.snapshot/1";

struct ExchangeServer {
  std::string name;
  std::string fqdn;                // may be empty
  std::string site;                // site name (last segment of the ADObjectId), may be empty
  std::vector<std::string> roles;  // "Mailbox", "ClientAccess", ... in flag order
  std::optional<BuildNumber> admin_display_version;
};

struct ClientAccessServer {
  std::string name;
  std::optional<bool> is_out_of_service;  // nullopt: not present in the snapshot
};

// System.ServiceProcess.ServiceControllerStatus
enum class ServiceStatus {
  stopped = 1,
  start_pending = 2,
  stop_pending = 3,
  running = 4,
  continue_pending = 5,
  pause_pending = 6,
  paused = 7,
};

struct ServiceEntry {
  std::string server;
  std::string name;  // as written ("W3SVC", "MSExchangeADTopology")
  ServiceStatus status = ServiceStatus::stopped;
  std::optional<TimePoint> start_time;  // nullopt when not running or not collected
};

// A running service that depends on MSExchangeADTopology: Restart-Service
// -Force stops and starts it with the topology service.
struct DependentService {
  std::string server;
  std::string name;
  ServiceStatus status = ServiceStatus::running;
};

// An IIS worker process (w3wp.exe) of an Exchange application pool
// (MSExchangeOWAAppPool, MSExchangeECPAppPool, ...). The HTTP proxy's copy of
// the topology lives in these processes, which IIS recycles independently of
// W3SVC (docs/exchange-behaviour.md).
struct AppPoolProcess {
  std::string server;
  std::string name;  // the application pool, from the process's command line
  std::int64_t process_id = 0;
  std::optional<TimePoint> start_time;
};

struct ExSetupVersion {
  std::string server;
  BuildNumber file_version;
};

struct AuditParameter {
  std::string name;
  std::string value;
};

struct AuditEntry {
  TimePoint run_date;
  std::string caller;
  std::string cmdlet_name;
  std::string object_modified;
  std::vector<AuditParameter> parameters;
  bool succeeded = true;
};

struct CollectError {
  std::string server;  // may be empty for org-wide steps
  std::string step;
  std::string message;
};

struct Snapshot {
  std::optional<TimePoint> collected_at;
  std::string collected_on;
  std::vector<ExchangeServer> exchange_servers;
  std::vector<ClientAccessServer> client_access_servers;
  std::vector<ServiceEntry> services;
  std::vector<DependentService> dependent_services;  // running dependents of MSExchangeADTopology
  std::vector<ExSetupVersion> exsetup_versions;
  // nullopt: not collected (a snapshot from before app pools were collected);
  // empty: collected, no Exchange w3wp process running.
  std::optional<std::vector<AppPoolProcess>> app_pools;
  // $PSVersionTable.PSVersion of the collecting shell ("5.1.14393.693"); "" unknown.
  std::string ps_version;
  // nullopt: the member was missing or null, i.e. the audit log was not
  // collected (not the same as "collected, no entries").
  std::optional<std::vector<AuditEntry>> audit;
  std::vector<CollectError> errors;
};

}  // namespace casdoctor
