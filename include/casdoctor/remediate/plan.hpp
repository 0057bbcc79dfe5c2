#pragma once
// The planner: a pure function from the org and its diagnosis to the plan
// (report/plan_model.hpp).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casdoctor/core/result.hpp"
#include "casdoctor/core/time.hpp"
#include "casdoctor/diagnose/diagnose.hpp"
#include "casdoctor/diagnose/org_model.hpp"
#include "casdoctor/report/plan_model.hpp"

namespace casdoctor {

// remediate --verify: after a server's check step, log on through it.
struct VerifyStepOptions {
  std::string url;
  std::string user;
  std::chrono::milliseconds deadline{std::chrono::minutes(10)};
  std::chrono::milliseconds interval{std::chrono::seconds(10)};
  // --via SERVER=HOST[:PORT]: where to reach a server; others by FQDN (else name).
  std::vector<std::pair<std::string, std::string>> addresses;
};

struct PlanOptions {
  bool all_susceptible = false;             // also servers whose staleness could not be determined
  std::vector<std::string> servers;         // explicit targets (--servers A,B)
  bool force = false;                       // allow fixed servers among explicit targets
  std::string local_server;                 // "" = every command through Invoke-Command
  std::optional<VerifyStepOptions> verify;  // also a verify-logon step per target
  // remediate's proof: the logons through proof_candidates() made before
  // planning, each record's `via` naming its server (docs/logon-proof.md).
  std::vector<VerificationRecord> proof_logons;
  // Why a candidate has no logon through it; "" says only that there is none.
  std::string no_proof_reason;
};

// The servers remediate logs on through before it plans: those of
// `servers` that may be targets, else every susceptible 2013/2016 server
// (not Edge) that is stale, probably refreshed or undetermined: what the
// default plan holds or leaves out with a note. In the org's order.
std::vector<const ServerView*> proof_candidates(const OrgModel& org, const Diagnosis& diagnosis,
                                                const PlanOptions& options);

// Targets: the servers with kb4294204.stale-topology, and those a proof
// logon proved stale; with all_susceptible also susceptible servers whose
// staleness is undetermined or probably refreshed; or exactly
// `servers` (2013/2016 servers of the org only; a fixed one only with force;
// never a 2010 server; unknown names are an ExitCode::usage error naming them).
Result<Plan> build_plan(const OrgModel& org, const Diagnosis& diagnosis, const PlanOptions& options,
                        TimePoint now);

// remediate --plan: a saved plan against the org as it is now, before
// anything of it runs. Every target must be one --servers would accept
// (never a 2010, Edge, 2019/SE or unknown server, nor one missing from the
// org; a fixed or not-affected one only with `force`), and every step must
// go where build_plan would send it now: the FQDN the org knows its server
// by (its name when unknown), or "" (run here) only when that server is
// `local_server`. ExitCode::bad_input naming the target or the step.
struct PlanCheckOptions {
  std::string local_server;  // where casdoctor runs now; "" = none
  bool force = false;        // --force
};
Result<void> check_plan_against_org(const Plan& plan, const OrgModel& org,
                                    const PlanCheckOptions& options);

// The exact command of a step (docs/remediation.md, "Commands"): `computer`
// "" runs it here, anything else through Invoke-Command -ComputerName.
// `services` is the check's list (PlanStep::expect_running); the other
// actions ignore it. Every name is a ps_quote literal. plan_from_json uses it
// to refuse a saved plan whose commands were edited.
std::string step_command(StepAction action, std::string_view computer,
                         const std::vector<std::string>& services);

// A verify-logon step's command: the `casdoctor verify` line that does the
// same logon by hand (the executor runs it in process). Every value is a
// ps_quote literal, so the line is also valid PowerShell.
std::string logon_command(std::string_view server, const LogonCheck& check);

// The command of any step: one of the two above.
std::string step_command(const PlanStep& step);

}  // namespace casdoctor
