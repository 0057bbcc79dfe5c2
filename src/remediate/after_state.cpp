#include "casdoctor/remediate/after_state.hpp"

#include <algorithm>

namespace casdoctor {
namespace {

Finding after_unknown(const std::string& reason) {
  Finding f;
  f.id = std::string(k_after_unknown_id);
  f.severity = Severity::unknown;
  f.summary = "the state after the run is not known: " + reason;
  f.evidence = nlohmann::ordered_json{{"reason", reason}};
  f.remedy =
      "Run casdoctor diagnose to see the state the run left; the findings before the run are "
      "in the plan (plan.before), the steps' results in the plan's steps.";
  return f;
}

}  // namespace

bool any_step_ran(const Plan& plan) {
  return std::any_of(plan.steps.begin(), plan.steps.end(), [](const PlanStep& step) {
    return step.status == StepStatus::succeeded || step.status == StepStatus::failed ||
           step.status == StepStatus::interrupted;
  });
}

void apply_after_state(Report& report, Status run_status, const Result<Diagnosis>& after) {
  report.before = BeforeRun{report.status, std::move(report.findings)};
  report.findings.clear();
  if (after) {
    report.servers = after->servers;
    report.findings = after->findings;
    report.status = worst(run_status, after->status);
    return;
  }
  report.findings.push_back(after_unknown(after.error().message));
  report.status = worst(run_status, Status::unknown);
}

}  // namespace casdoctor
