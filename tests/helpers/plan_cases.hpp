#pragma once
// A KB4294204 org for the planner, in code: every kind of server a target
// rule has to tell apart, and plan options worth generating commands for.
// Shared by the [remediate] unit tests and casdoctor_dump_scripts, which
// hands every generated command to the PowerShell grammar.
#include <chrono>
#include <string>
#include <vector>

#include "casdoctor/diagnose/diagnose.hpp"
#include "casdoctor/remediate/plan.hpp"

namespace casdoctor::test {

// A server name that tries to leave its literal.
inline const std::string k_evil_server = "EX1'; Remove-Item C:\\ -Recurse; '";

// 2018-06-19 10:00 UTC: EX2010's IsOutOfService set back to False.
inline TimePoint plan_revert_time() {
  using namespace std::chrono;
  return TimePoint{sys_days{year{2018} / June / 19} + hours{10}};
}

struct PlanOrg {
  Snapshot snapshot;

  PlanOrg& server(const std::string& name, BuildNumber build,
                  std::vector<std::string> roles = {"Mailbox"}) {
    snapshot.exchange_servers.push_back(
        {name, name + ".contoso.com", "Site1", std::move(roles), build});
    return *this;
  }
  // MSExchangeADTopology, W3SVC and WAS started `offset` from the revert.
  PlanOrg& services(const std::string& name, std::chrono::hours offset) {
    for (const char* service : {"MSExchangeADTopology", "W3SVC", "WAS"}) {
      snapshot.services.push_back(
          {name, service, ServiceStatus::running, plan_revert_time() + offset});
    }
    return *this;
  }
  PlanOrg& dependents(const std::string& name, const std::vector<std::string>& services) {
    for (const auto& s : services) {
      snapshot.dependent_services.push_back({name, s, ServiceStatus::running});
    }
    return *this;
  }
  OrgModel org() const {
    return build_org_model(snapshot, plan_revert_time() + std::chrono::hours{24});
  }
};

// EX16A stale (3 dependents), EX13A undetermined (nothing collected), EX16B
// current, EX16FIX fixed, EX19 2019, EDGE16 an Edge server, EX2010 the CAS,
// and k_evil_server stale with a dependent whose name is an injection too.
inline PlanOrg plan_org() {
  using std::chrono::hours;
  PlanOrg o;
  o.server("EX2010", {14, 3, 123, 4}, {"Mailbox", "ClientAccess", "HubTransport"});
  o.snapshot.client_access_servers.push_back({"EX2010", false});
  o.server("EX16A", {15, 1, 1415, 2}).services("EX16A", hours{-20});
  o.dependents("EX16A", {"MSExchangeIS", "MSExchangeTransport", "MSExchangeServiceHost"});
  o.server("EX13A", {15, 0, 1367, 3}, {"Mailbox", "ClientAccess"});
  o.server("EX16B", {15, 1, 1415, 2}).services("EX16B", hours{2});
  o.dependents("EX16B", {"MSExchangeServiceHost"});
  o.server("EX16FIX", {15, 1, 1531, 3}).services("EX16FIX", hours{-20});
  o.server("EX19", {15, 2, 330, 5}).services("EX19", hours{-20});
  o.server("EDGE16", {15, 1, 1415, 2}, {"Edge"});
  o.server(k_evil_server, {15, 1, 1415, 2}).services(k_evil_server, hours{-30});
  o.dependents(k_evil_server, {"Svc'; Stop-Computer; '"});
  AuditEntry revert;
  revert.run_date = plan_revert_time();
  revert.caller = "contoso.com/Users/Administrator";
  revert.cmdlet_name = "Set-ClientAccessServer";
  revert.object_modified = "EX2010";
  revert.parameters = {{"Identity", "EX2010"}, {"IsOutOfService", "False"}};
  o.snapshot.audit = std::vector<AuditEntry>{revert};
  // Collected an hour after the revert: the start times are read then, well
  // within the 24 h the w3wp caches live (docs/exchange-behaviour.md).
  o.snapshot.collected_at = plan_revert_time() + hours{1};
  return o;
}

inline Result<Plan> plan_for(const PlanOrg& o, const PlanOptions& options) {
  const auto org = o.org();
  return build_plan(org, diagnose(org), options, plan_revert_time() + std::chrono::hours{24});
}

struct PlanCase {
  std::string name;  // a file name stem
  PlanOptions options;
};

// Logon steps whose URL, user and address try to leave their literals.
inline VerifyStepOptions evil_verify() {
  VerifyStepOptions v;
  v.url = "https://mail.contoso.com/owa'+$(Stop-Computer)+'";
  v.user = "CONTOSO\\o'brien";
  v.deadline = std::chrono::minutes(5);
  v.interval = std::chrono::milliseconds(1500);
  v.addresses = {{"EX16A", "127.0.0.1:4431"}, {k_evil_server, "[::1]:4432"}};
  return v;
}

inline std::vector<PlanCase> plan_cases() {
  std::vector<PlanCase> cases;
  cases.push_back({"plan-remote-stale", {}});
  cases.push_back(
      {"plan-local-stale", {false, {}, false, "EX16A.contoso.com", std::nullopt, {}, ""}});
  cases.push_back({"plan-all-susceptible", {true, {}, false, "", std::nullopt, {}, ""}});
  cases.push_back({"plan-evil-remote", {false, {k_evil_server}, false, "", std::nullopt, {}, ""}});
  cases.push_back(
      {"plan-evil-local", {false, {k_evil_server}, false, k_evil_server, std::nullopt, {}, ""}});
  cases.push_back({"plan-fixed-forced", {false, {"EX16FIX"}, true, "EX16A", std::nullopt, {}, ""}});
  cases.push_back({"plan-verify-evil", {false, {}, false, "", evil_verify(), {}, ""}});
  return cases;
}

}  // namespace casdoctor::test
