#pragma once
// Which servers the plan acts on, and why each one.
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/result.hpp"
#include "casdoctor/remediate/plan.hpp"

namespace casdoctor::remediate_detail {

struct Target {
  const ServerView* server = nullptr;
  // "proven stale (...)" / "suspected stale (...)" and the stale-topology
  // finding's summary (or why the start times are unsure).
  std::string evidence;
  TargetProof proof;  // what a logon through it before planning proved
};

struct Targets {
  std::vector<Target> chosen;      // in the org's server order (explicit: as given)
  std::vector<std::string> notes;  // servers left out and why
};

Result<Targets> select_targets(const OrgModel& org, const Diagnosis& diagnosis,
                               const PlanOptions& options);

// Why the server named `name` (`server`, nullptr when the org has none by
// that name) may not be a target; "" when it may. `source` starts the
// message: "--servers" or "the plan's target". `force` lifts only the
// fixed and not-affected refusals.
std::string target_refusal(const ServerView* server, std::string_view name, std::string_view source,
                           bool force);

// Where a server's commands go: "" when it is `local` (the server casdoctor
// runs on, by name or FQDN), else the FQDN WinRM knows it by (its name when
// the FQDN is unknown).
std::string computer_of(const ServerView& server, std::string_view local);

}  // namespace casdoctor::remediate_detail
