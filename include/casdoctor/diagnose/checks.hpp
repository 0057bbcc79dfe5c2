#pragma once
// Each check is one small unit: its stable id, severity, title and the
// explanation shown by `casdoctor diagnose --list-checks` and docs/checks.md,
// plus a pure function from the org model to findings.
#include <span>
#include <string_view>
#include <vector>

#include "casdoctor/diagnose/org_model.hpp"
#include "casdoctor/report/report.hpp"

namespace casdoctor {

struct CheckInfo {
  std::string_view id;
  Severity severity;
  std::string_view title;
  std::string_view explanation;
};

using CheckFunction = void (*)(const OrgModel&, std::vector<Finding>&);

struct Check {
  CheckInfo info;
  CheckFunction run;
};

// In report order: the most urgent first.
std::span<const Check> all_checks();

// The checks, one per file in src/diagnose/checks/.
extern const Check k_check_stale_topology;
extern const Check k_check_service_not_running;
extern const Check k_check_probably_refreshed;
extern const Check k_check_cas2010_out_of_service;
extern const Check k_check_susceptible;
extern const Check k_check_build_unknown;
extern const Check k_check_build_unsupported;
extern const Check k_check_collect_partial;
// owa.logon-failed: fed by the verifier's logons, not by the org model (its
// run() finds nothing there); diagnose() calls owa_logon_findings in its place.
extern const Check k_check_owa_logon_failed;
// owa.backend-not-proven: the same feed, for logons that worked without proof
// of an Exchange 2010 back end (owa_logon_findings emits both).
extern const Check k_check_owa_backend_not_proven;
void owa_logon_findings(std::span<const VerificationRecord> logons, std::vector<Finding>& out);

// Shared by the checks: a finding with the id and severity of `info`.
Finding make_finding(const CheckInfo& info, std::string server, std::string summary);

}  // namespace casdoctor
