// The cache refresh model of docs/exchange-behaviour.md: which start times
// make a server stale, probably refreshed, or never holding True.
#include <catch2/catch.hpp>

#include "casdoctor/diagnose/staleness.hpp"

using namespace casdoctor;
using namespace std::chrono_literals;

namespace {

const TimePoint k_revert{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 10h};

CacheTimes times(std::optional<TimePoint> app_pool, std::optional<TimePoint> topology,
                 std::optional<TimePoint> set_true, TimePoint now) {
  return {app_pool, topology, set_true, k_revert, now};
}

}  // namespace

TEST_CASE("refresh model: start times against the revert and the set to True", "[refresh]") {
  struct Case {
    const char* what;
    CacheTimes t;
    CacheState expected;
  };
  const auto r = k_revert;
  const Case cases[] = {
      {"both restarted in the True period, revert an hour ago",
       times(r - 55min, r - 56min, r - 1h, r + 1h), CacheState::stale},
      {"w3wp recycled after the revert from a stale topology service",
       times(r + 10min, r - 56min, r - 1h, r + 1h), CacheState::stale},
      {"both after the revert", times(r + 10min, r + 5min, r - 1h, r + 1h), CacheState::current},
      {"filled before the set to True, never restarted: never held True",
       times(r - 10h, r - 11h, r - 1h, r + 1h), CacheState::never_held_true},
      {"w3wp in the True period but the topology service from before it",
       times(r - 30min, r - 11h, r - 1h, r + 1h), CacheState::never_held_true},
      {"set to True before the audit window: the old rule",
       times(r - 10h, r - 11h, std::nullopt, r + 1h), CacheState::stale},
      {"24 h after the w3wp start, with a topology refresh since the revert",
       times(r - 55min, r - 56min, r - 1h, r + 24h), CacheState::probably_refreshed},
      {"the w3wp refill came before the topology service's next refresh",
       times(r - 23h - 30min, r - 23h, r - 24h, r + 40min), CacheState::stale},
      {"the topology service refreshed (4 h) before a recycle after the revert",
       times(r + 5h, r - 56min, r - 1h, r + 6h), CacheState::probably_refreshed},
      {"no w3wp time, topology in the True period, a day and more since",
       times(std::nullopt, r - 56min, r - 1h, r + 28h), CacheState::probably_refreshed},
      {"no w3wp time, topology in the True period, recent",
       times(std::nullopt, r - 56min, r - 1h, r + 2h), CacheState::stale},
      {"w3wp before the revert, topology unknown", times(r - 30min, std::nullopt, r - 1h, r + 1h),
       CacheState::stale},
      {"w3wp after the revert, topology unknown", times(r + 30min, std::nullopt, r - 1h, r + 1h),
       CacheState::undetermined},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CHECK(cache_verdict(c.t).state == c.expected);
  }
}

TEST_CASE("refresh model: probably refreshed says when", "[refresh]") {
  const auto r = k_revert;
  const auto v = cache_verdict(times(r - 55min, r - 56min, r - 1h, r + 30h));
  REQUIRE(v.state == CacheState::probably_refreshed);
  REQUIRE(v.refreshed_at);
  CHECK(*v.refreshed_at == r - 55min + 24h);
}
