// Exchange's periodic refreshes, which the KB's restarts only hasten
// (exchange-facts 5.1, 5.2; docs/exchange-behaviour.md): the topology
// service reads AD every 4 h after it starts; a w3wp's ServiceCache expires
// 24 h after it was filled and is filled again from the topology service.
#include <algorithm>

#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/org.hpp"

namespace casdoctor::lab {
namespace {

using Ms = std::chrono::milliseconds;
constexpr Ms k_topology_interval = std::chrono::hours(4);
constexpr Ms k_cache_lifetime = std::chrono::hours(24);

// The last tick start + k * step (k >= 1) in (from, to], if any.
std::optional<TimePoint> last_tick_in(TimePoint start, Ms step, TimePoint from, TimePoint to) {
  if (to <= start) return std::nullopt;
  const auto tick = start + ((to - start) / step) * step;
  if (tick <= from || tick == start) return std::nullopt;
  return tick;
}

// The last tick start + k * step (k >= 0) not after t.
TimePoint last_tick(TimePoint start, Ms step, TimePoint t) {
  return t <= start ? start : start + ((t - start) / step) * step;
}

bool sets_oos_of(const AuditEntry& e, std::string_view cas) {
  return e.succeeded && iequals(e.cmdlet_name, "Set-ClientAccessServer") &&
         iequals(e.object_modified, cas);
}

// What AD held for `cas` at `t`, from the audit log (the lab's AD history).
std::optional<bool> ad_value_at(const LabState& state, std::string_view cas, TimePoint t) {
  std::optional<bool> value;
  for (const auto& e : state.audit_log) {
    if (!sets_oos_of(e, cas) || e.run_date > t) continue;
    for (const auto& p : e.parameters)
      if (iequals(p.name, "IsOutOfService")) value = iequals(p.value, "True");
  }
  return value;
}

void refresh_view(const LabState& state, CachedView& view, TimePoint data_time) {
  for (auto& [cas, oos] : view)
    if (auto value = ad_value_at(state, cas, data_time)) oos = *value;
}

const LabService* running(const LabServer& server, std::string_view name) {
  const auto* s = find_service(server, name);
  return s != nullptr && s->status == ServiceStatus::running && s->start_time ? s : nullptr;
}

}  // namespace

void apply_cache_timers(LabState& state, TimePoint from, TimePoint to) {
  const LabState& history = state;
  for (auto& server : state.servers) {
    if (!caches_topology(server) || follows_ad(server)) continue;
    const auto* topology = running(server, k_topology_service);
    if (topology == nullptr) continue;
    const auto started = *topology->start_time;
    if (auto tick = last_tick_in(started, k_topology_interval, from, to))
      refresh_view(history, server.topology_view, *tick);
    for (const auto& pool : server.app_pools) {
      if (!iequals(pool.name, k_owa_app_pool) || !pool.start_time) continue;
      if (auto refill = last_tick_in(*pool.start_time, k_cache_lifetime, from, to))
        refresh_view(history, server.iis_view, last_tick(started, k_topology_interval, *refill));
    }
  }
}

}  // namespace casdoctor::lab
