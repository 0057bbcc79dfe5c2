#pragma once
// The diagnosis: a pure function from a snapshot (and the time) to the
// servers table, the findings and the overall status.
#include <span>
#include <vector>

#include "casdoctor/diagnose/org_model.hpp"
#include "casdoctor/report/report.hpp"

namespace casdoctor {

struct Diagnosis {
  std::vector<ServerRecord> servers;  // every server of the snapshot, in its order
  std::vector<Finding> findings;      // by check, most urgent first
  Status status = Status::ok;
};

Diagnosis diagnose(const OrgModel& org);
Diagnosis diagnose(const Snapshot& snapshot, TimePoint now);
// With the verifier's OWA logons (diagnose --url): owa.logon-failed findings
// for the failed ones. Still pure: the CLI does the logons.
Diagnosis diagnose(const OrgModel& org, std::span<const VerificationRecord> logons);
Diagnosis diagnose(const Snapshot& snapshot, TimePoint now,
                   std::span<const VerificationRecord> logons);

// The worst status of the findings (info does not raise it).
Status status_of(const std::vector<Finding>& findings);

ServerRecord server_record(const ServerView& server);
// For `casdoctor build`: a look-up result as a servers entry named `name`.
ServerRecord server_record(std::string name, const BuildInfo& build);

}  // namespace casdoctor
