#pragma once
// Which servers the plan acts on, and why each one.
#include <string>
#include <vector>

#include "casdoctor/core/result.hpp"
#include "casdoctor/remediate/plan.hpp"

namespace casdoctor::remediate_detail {

struct Target {
  const ServerView* server = nullptr;
  // The stale-topology finding's summary, or "staleness undetermined: <missing>".
  std::string evidence;
};

struct Targets {
  std::vector<Target> chosen;      // in the org's server order (explicit: as given)
  std::vector<std::string> notes;  // servers left out and why
};

Result<Targets> select_targets(const OrgModel& org, const Diagnosis& diagnosis,
                               const PlanOptions& options);

}  // namespace casdoctor::remediate_detail
