#pragma once
// Whether a susceptible server still holds an IsOutOfService value from
// before the latest revert: the pure core of kb4294204.stale-topology and
// kb4294204.probably-refreshed, also used by collect.partial to say what was
// missing. How Exchange refreshes its caches: docs/exchange-behaviour.md.
#include <chrono>
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

// exchange-facts 5.2 / 5.1 (Exchange 2013 CU23 code): the w3wp ServiceCache
// drops its copy (the legacy topology included) once it is 24 h old; the
// topology service sends a new complete topology every 4 h.
inline constexpr std::chrono::hours k_service_cache_lifetime{24};
inline constexpr std::chrono::hours k_topology_refresh_interval{4};

// The times the verdict is drawn from. nullopt: not known.
struct CacheTimes {
  // When the HTTP proxy's cache was filled: the oldest OWA/ECP w3wp process
  // (W3SVC's start when app pools were not collected).
  std::optional<TimePoint> app_pool_start;
  std::optional<TimePoint> topology_start;  // MSExchangeADTopology's process
  std::optional<TimePoint> set_true;        // the set to True the revert undid
  TimePoint revert;
  TimePoint now;  // when the start times were read
};

enum class CacheState {
  stale,               // holds True by the start times, and no timer refresh since
  probably_refreshed,  // held True, but the 24 h / 4 h refreshes have passed since
  never_held_true,     // filled before the set to True and not restarted in the True period
  current,             // filled after the revert from a current topology service
  undetermined,        // a start time that decides it is missing
};

struct CacheVerdict {
  CacheState state = CacheState::undetermined;
  std::optional<TimePoint> refreshed_at;  // probably_refreshed: the w3wp refill it rests on
};

// Pure: the refresh model of docs/exchange-behaviour.md on these times.
CacheVerdict cache_verdict(const CacheTimes& times);

enum class Staleness { stale, probably_refreshed, current, no_revert, undetermined };

struct StalenessResult {
  Staleness verdict = Staleness::undetermined;
  CacheState cache = CacheState::undetermined;
  std::optional<OutOfServiceChange> revert;  // the newest revert to False
  std::optional<TimePoint> set_true;         // the set to True it undid
  std::optional<TimePoint> refreshed_at;     // probably_refreshed: when
  std::string cache_source;                  // "MSExchangeOWAAppPool", "W3SVC", ...
  std::vector<std::string> started_before;   // services and app pools started before it
  std::vector<std::string> missing;          // what was needed and not collected
};

StalenessResult assess_staleness(const OrgModel& org, const ServerView& server);

}  // namespace casdoctor
