#include "casdoctor/diagnose/staleness.hpp"

#include <algorithm>

#include "casdoctor/core/text.hpp"

namespace casdoctor {
namespace {

using Ms = std::chrono::milliseconds;

// The last multiple of `step` after `start` that is not later than `t`.
TimePoint last_tick(TimePoint start, Ms step, TimePoint t) {
  if (t <= start) return start;
  return start + ((t - start) / step) * step;
}

// The time of the AD data a cache filled at `fill` was given: the topology
// service's start (its last 4 h refresh with `timers`). A topology service
// started after the fill was not the one that served it: the data is then
// taken as of the fill.
TimePoint data_time(TimePoint fill, std::optional<TimePoint> topology, bool timers) {
  if (!topology || *topology > fill) return fill;
  return timers ? last_tick(*topology, k_topology_refresh_interval, fill) : *topology;
}

bool held_true(const CacheTimes& t, TimePoint data) {
  return (!t.set_true || data >= *t.set_true) && data < t.revert;
}

// Only the topology service's start is known (no w3wp time).
CacheVerdict by_topology_alone(const CacheTimes& t) {
  if (!t.topology_start) return {};
  if (held_true(t, *t.topology_start)) {
    // Whatever the w3wp start, a refill 24 h after the revert found a
    // topology service refreshed within the 4 h before.
    if (t.now - t.revert >= k_service_cache_lifetime + k_topology_refresh_interval)
      return {CacheState::probably_refreshed, t.revert + k_service_cache_lifetime};
    return {CacheState::stale, std::nullopt};
  }
  if (t.set_true && *t.topology_start < *t.set_true) return {CacheState::never_held_true, {}};
  return {};
}

}  // namespace

CacheVerdict cache_verdict(const CacheTimes& t) {
  if (!t.app_pool_start) return by_topology_alone(t);
  const TimePoint filled = *t.app_pool_start;
  const TimePoint data = data_time(filled, t.topology_start, false);
  if (!held_true(t, data)) {
    if (t.set_true && data < *t.set_true) return {CacheState::never_held_true, std::nullopt};
    // Filled after the revert: current only if the topology service that
    // filled it is known to have started after the revert as well.
    if (!t.topology_start) return {};
    return {CacheState::current, std::nullopt};
  }
  // Stale by the start times. The w3wp refills its cache every 24 h from the
  // topology service, which refreshes from AD every 4 h.
  const TimePoint refill = last_tick(filled, k_service_cache_lifetime, t.now);
  const TimePoint fresh = data_time(refill, t.topology_start, true);
  if (held_true(t, fresh)) return {CacheState::stale, std::nullopt};
  return {CacheState::probably_refreshed, std::max(refill, fresh)};
}

namespace {

bool is_proxy_pool(std::string_view name) {
  const auto lower = to_lower_ascii(name);
  return lower.find("owa") != std::string::npos || lower.find("ecp") != std::string::npos;
}

// A running service's start time (noted when before the revert); nullopt
// with nothing missing when it is stopped: it caches nothing then
// (service.not-running says so).
std::optional<TimePoint> service_start(const ServerView& server, std::string_view name,
                                       StalenessResult& result) {
  const auto* service = server.service(name);
  if (service == nullptr) {
    result.missing.push_back(std::string(name) + " status and start time");
  } else if (service->status == ServiceStatus::running && !service->start_time) {
    result.missing.push_back(std::string(name) + " start time");
  } else if (service->status == ServiceStatus::running) {
    if (*service->start_time < result.revert->run_date) result.started_before.emplace_back(name);
    return service->start_time;
  }
  return std::nullopt;
}

// The w3wp time of the cache: the oldest OWA/ECP app pool process, else
// W3SVC's process. nullopt with nothing missing: no cache there (no w3wp
// running, or W3SVC stopped: service.not-running says so).
std::optional<TimePoint> app_pool_start(const ServerView& server, const OrgModel& org,
                                        StalenessResult& result) {
  if (server.app_pools) {
    std::optional<TimePoint> oldest;
    for (const auto& pool : *server.app_pools) {
      if (!is_proxy_pool(pool.name)) continue;
      if (!pool.start_time) {
        result.missing.push_back(pool.name + " start time");
        continue;
      }
      if (*pool.start_time < result.revert->run_date) result.started_before.push_back(pool.name);
      if (!oldest || *pool.start_time < *oldest) {
        oldest = pool.start_time;
        result.cache_source = pool.name;
      }
    }
    // No w3wp runs: the next one starts from the topology service now.
    if (!oldest && result.missing.empty()) {
      result.cache_source = "no OWA/ECP app pool process running";
      return org.as_of();
    }
    return oldest;
  }
  result.cache_source = std::string(k_iis_service);
  return service_start(server, k_iis_service, result);
}

Staleness staleness_of(CacheState state, bool anything_missing) {
  switch (state) {
    case CacheState::stale:
      return Staleness::stale;
    case CacheState::probably_refreshed:
      return Staleness::probably_refreshed;
    case CacheState::never_held_true:
    case CacheState::current:
      return Staleness::current;
    case CacheState::undetermined:
      break;
  }
  return anything_missing ? Staleness::undetermined : Staleness::current;
}

}  // namespace

StalenessResult assess_staleness(const OrgModel& org, const ServerView& server) {
  StalenessResult result;
  if (!org.out_of_service_changes) {
    result.missing.emplace_back("the admin audit log (Search-AdminAuditLog)");
    return result;
  }
  result.revert = org.latest_revert;
  if (!result.revert && org.unreadable_audit_values > 0) {
    result.missing.emplace_back(
        "the IsOutOfService values of the admin audit log (audit parameter values unavailable)");
    return result;
  }
  if (!result.revert) {
    result.verdict = Staleness::no_revert;
    return result;
  }
  result.set_true = org.latest_set_true;
  CacheTimes times;
  times.topology_start = service_start(server, k_topology_service, result);
  times.app_pool_start = app_pool_start(server, org, result);
  times.set_true = org.latest_set_true;
  times.revert = result.revert->run_date;
  times.now = org.as_of();
  const auto verdict = cache_verdict(times);
  result.cache = verdict.state;
  result.refreshed_at = verdict.refreshed_at;
  result.verdict = staleness_of(verdict.state, !result.missing.empty());
  if (result.verdict == Staleness::current || result.verdict == Staleness::stale ||
      result.verdict == Staleness::probably_refreshed)
    result.missing.clear();
  return result;
}

}  // namespace casdoctor
