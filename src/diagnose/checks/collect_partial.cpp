#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/evidence.hpp"
#include "casdoctor/diagnose/staleness.hpp"

namespace casdoctor {
namespace {

void report_collection_errors(const OrgModel& org, const CheckInfo& info,
                              std::vector<Finding>& out) {
  for (const auto& error : org.errors) {
    const auto where = error.server.empty() ? std::string("the org") : error.server;
    auto finding =
        make_finding(info, error.server, "Could not collect " + error.step + " from " + where);
    finding.evidence["step"] = error.step;
    finding.evidence["message"] = error.message;
    finding.remedy =
        "Fix the cause named in the message (WinRM, permissions, a stopped server) "
        "and collect again; findings that need this data were not made.";
    out.push_back(std::move(finding));
  }
}

// A susceptible server whose staleness needs data the snapshot lacks: say
// exactly what, rather than guess either way.
void report_undetermined_staleness(const OrgModel& org, const CheckInfo& info,
                                   std::vector<Finding>& out) {
  for (const auto& server : org.servers) {
    if (server.kb4294204 != Kb4294204::susceptible) continue;
    const auto result = assess_staleness(org, server);
    if (result.verdict != Staleness::undetermined) continue;
    auto finding = make_finding(
        info, server.name,
        "Whether " + server.name + " holds a stale IsOutOfService value could not be determined");
    finding.evidence["missing"] = result.missing;
    if (result.revert) finding.evidence["revert"] = change_evidence(*result.revert);
    finding.remedy = "Collect the missing data (casdoctor collect) and diagnose again.";
    out.push_back(std::move(finding));
  }
}

void report_missing_versions(const OrgModel& org, const CheckInfo& info,
                             std::vector<Finding>& out) {
  for (const auto& server : org.servers) {
    if (server.build) continue;
    auto finding =
        make_finding(info, server.name, "No version of " + server.name + " in the snapshot");
    finding.evidence["missing"] =
        nlohmann::ordered_json::array({"AdminDisplayVersion", "ExSetup.exe version"});
    finding.remedy = "Collect again; without a version the server's KB4294204 status is unknown.";
    out.push_back(std::move(finding));
  }
}

void find_collect_partial(const OrgModel& org, std::vector<Finding>& out) {
  const auto& info = k_check_collect_partial.info;
  report_collection_errors(org, info, out);
  report_undetermined_staleness(org, info, out);
  report_missing_versions(org, info, out);
}

}  // namespace

const Check k_check_collect_partial{
    {"collect.partial", Severity::unknown, "Data missing from the snapshot",
     "Part of the data could not be collected (an error in the snapshot, or values a check needs "
     "are absent); findings that need it are not guessed."},
    &find_collect_partial};

}  // namespace casdoctor
