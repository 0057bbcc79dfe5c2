#include "casdoctor/report/failure.hpp"

namespace casdoctor {

bool is_failure_finding(std::string_view id) {
  return id == k_collect_failed_id || id == k_run_failed_id;
}

Finding failure_finding(const Error& error) {
  Finding finding;
  const bool collecting = error.message.starts_with(k_could_not_collect);
  finding.id = std::string(collecting ? k_collect_failed_id : k_run_failed_id);
  finding.severity = Severity::unknown;
  finding.summary = error.message;
  finding.evidence["reason"] = error.message;
  finding.remedy =
      collecting
          ? "Nothing about the org is known: fix the cause (PowerShell path with --powershell or "
            "CASDOCTOR_POWERSHELL, the Exchange Management Shell, --timeout) and run again; "
            "casdoctor collect --print-script gives the script to try by hand."
          : "Nothing was checked or changed after this error: fix its cause and run again.";
  return finding;
}

void make_failure_report(Report& report, const Error& error) {
  report.servers.clear();
  report.plan.reset();
  report.verification.clear();
  report.findings = {failure_finding(error)};
  report.status = Status::unknown;
}

}  // namespace casdoctor
