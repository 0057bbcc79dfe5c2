#pragma once
// Whether a susceptible server still holds an IsOutOfService value from
// before the latest revert: the pure core of kb4294204.stale-topology, also
// used by collect.partial to say what was missing.
#include <optional>
#include <string>
#include <vector>

#include "casdoctor/diagnose/org_model.hpp"

namespace casdoctor {

// The services whose restart refreshes the cached value: the topology
// service and IIS (W3SVC hosts the HTTP proxy's w3wp processes).
inline constexpr std::string_view k_topology_service = "MSExchangeADTopology";
inline constexpr std::string_view k_iis_service = "W3SVC";
inline constexpr std::string_view k_was_service = "WAS";

enum class Staleness { stale, current, no_revert, undetermined };

struct StalenessResult {
  Staleness verdict = Staleness::undetermined;
  std::optional<OutOfServiceChange> revert;  // the newest revert to False
  std::vector<std::string> started_before;   // services that started before it
  std::vector<std::string> missing;          // what was needed and not collected
};

StalenessResult assess_staleness(const OrgModel& org, const ServerView& server);

}  // namespace casdoctor
