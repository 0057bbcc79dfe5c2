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

// How far a target's staleness is proven (docs/logon-proof.md, "Proof
// before the plan"): remediate logs on through each candidate before it plans.
enum class ProofState {
  proven,       // a logon through it failed the way a stale cache fails
  suspected,    // no logon through it, or one that proves nothing either way
  logon_works,  // a logon through it reached the Exchange 2010 back end
};
std::string_view to_string(ProofState state);  // "proven" | "suspected" | "logon-works"
std::optional<ProofState> proof_state_from(std::string_view text);

// A plan target's proof (JSON plan.proof[]).
struct TargetProof {
  ProofState state = ProofState::suspected;
  std::string outcome;  // the logon's outcome ("proxy-failure", ...); "" = no logon through it
  std::string logon;    // the logon in one line ("proxy-failure, HTTP 500, ..."); "" = none
  std::string reason;   // why this state, one line for people
  bool operator==(const TargetProof&) const = default;
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
  std::vector<TargetProof> proof;     // per target: what a logon through it proved
  std::vector<std::string> notes;     // servers left out and why (one line each)
  std::vector<PlanStep> steps;        // grouped by server, in target order

  // remediate --verify: the plan logs on through its servers.
  bool has_logon_steps() const;
};

}  // namespace casdoctor
