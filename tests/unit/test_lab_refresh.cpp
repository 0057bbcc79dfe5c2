// The lab's own cache refreshes (docs/exchange-behaviour.md): the topology
// service reads AD at its 4 h ticks, the OWA w3wp refills from it at its
// 24 h ticks, and an app pool recycles without W3SVC.
#include <catch2/catch.hpp>

#include "casdoctor/lab/org.hpp"

#include "lab_test_support.hpp"

using namespace casdoctor;
using namespace casdoctor::lab;
using namespace std::chrono_literals;

namespace {

const LabServer& ex16a(const LabState& state) {
  return *find_server(state, "EX16A");
}

}  // namespace

TEST_CASE("lab refresh: 4 h updates the topology copy, 24 h the w3wp's", "[lab]") {
  auto state = test::story();
  const auto now = test::story_now();
  REQUIRE(ex16a(state).iis_view.at("EX2010"));  // the story: still caches True

  apply_cache_timers(state, now, now + 3h);  // the topology service's tick, no w3wp refill
  CHECK_FALSE(ex16a(state).topology_view.at("EX2010"));
  CHECK(ex16a(state).iis_view.at("EX2010"));

  apply_cache_timers(state, now + 3h, now + 23h);  // the w3wp refill (24 h after 07:06)
  CHECK_FALSE(ex16a(state).iis_view.at("EX2010"));
  // The fixed server follows AD and has no timers to run.
  CHECK_FALSE(find_server(state, "EX16B")->iis_view.at("EX2010"));
}

TEST_CASE("lab refresh: recycling the OWA app pool leaves W3SVC alone", "[lab]") {
  auto state = test::story();
  const auto now = test::story_now();
  const auto w3svc_before = find_service(ex16a(state), "W3SVC")->start_time;
  REQUIRE(recycle_app_pool(state, "EX16A", "MSExchangeOWAAppPool", now));
  const auto& server = ex16a(state);
  CHECK(find_service(server, "W3SVC")->start_time == w3svc_before);
  CHECK(server.app_pools.front().start_time == now);
  // Its copy comes from the topology service, which still holds True.
  CHECK(server.iis_view.at("EX2010"));
  CHECK_FALSE(recycle_app_pool(state, "EX16A", "NoSuchPool", now));
}
