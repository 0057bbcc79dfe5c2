#pragma once
// The remediation plan as plain data, carried by a report: ordered steps per
// target server, each with the exact PowerShell command, its impact and what
// to do if it fails. A JSON dry-run report carries the plan so that
// `remediate --plan FILE` runs exactly what was approved.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/time.hpp"

namespace casdoctor {

enum class StepAction {
  restart_topology,  // Restart-Service -Name 'MSExchangeADTopology' -Force
  iisreset,          // iisreset /noforce
  check_services,    // MSExchangeADTopology, W3SVC, WAS and every dependent running before: Running
  verify_logon,      // an OWA logon through the server, repeated until it works or the deadline
};
// "restart-topology" | "iisreset" | "check-services" | "verify-logon"
std::string_view to_string(StepAction a);
std::optional<StepAction> step_action_from(std::string_view text);

enum class StepStatus { planned, succeeded, failed, skipped, interrupted };
std::string_view to_string(StepStatus s);  // "planned" | "succeeded" | ...
std::optional<StepStatus> step_status_from(std::string_view text);

// A verify-logon step's logon (remediate --verify): KB4294204's own test,
// through the server just restarted. No password: it is read at execution.
struct LogonCheck {
  std::string url;      // the namespace's OWA URL, e.g. https://mail.contoso.com/owa
  std::string user;     // DOMAIN\name or UPN
  std::string address;  // where the server is reached: HOST[:PORT] (its FQDN unless --via says)
  std::chrono::milliseconds deadline{std::chrono::minutes(10)};  // --verify-deadline
  std::chrono::milliseconds interval{std::chrono::seconds(10)};  // --verify-interval
  bool operator==(const LogonCheck&) const = default;
};

struct PlanStep {
  std::string server;  // Exchange name, e.g. "EX16A"
  std::string fqdn;    // where the command goes; "" = the local server
  StepAction action = StepAction::restart_topology;
  std::string command;              // the exact PowerShell text that runs
  std::vector<std::string> impact;  // one line each: services that restart, sessions dropped
  std::string on_failure;           // what an admin should do if this step fails
  // For check_services: the services that must be Running afterwards.
  std::vector<std::string> expect_running;
  // For verify_logon: the logon; absent for every other action.
  std::optional<LogonCheck> logon;

  // Filled in by execution.
  StepStatus status = StepStatus::planned;
  std::optional<int> exit_code;
  std::optional<std::int64_t> duration_ms;
  std::string output;
};

struct Plan {
  bool dry_run = true;
  TimePoint created_at;
  std::string local_server;           // the server casdoctor runs on (commands run locally there)
  std::vector<std::string> targets;   // servers, in order
  std::vector<std::string> evidence;  // per target: why it is a target (one line each)
  std::vector<std::string> notes;     // servers left out and why (one line each)
  std::vector<PlanStep> steps;        // grouped by server, in target order

  // remediate --verify: the plan logs on through its servers.
  bool has_logon_steps() const;
};

}  // namespace casdoctor
