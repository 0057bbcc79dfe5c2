// The org's rules: who follows AD, what a revert leaves cached, what
// restarts refresh, and the audit log.
#include <catch2/catch.hpp>

#include "casdoctor/lab/org.hpp"

#include "lab_test_support.hpp"

using namespace casdoctor;
using namespace casdoctor::lab;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

bool cached(const LabState& s, const char* server) {
  return cached_out_of_service(s, *find_server(s, server), "EX2010");
}

LabState fresh_org() {
  auto s = test::story();
  // Undo the story: nothing out of service, every cache in line with AD.
  s.audit_log.clear();
  find_server(s, "EX2010")->is_out_of_service = false;
  for (auto& server : s.servers) {
    if (!caches_topology(server)) continue;
    server.topology_view = ad_view(s);
    server.iis_view = server.topology_view;
  }
  return s;
}

}  // namespace

TEST_CASE("lab: the scenario tells the KB4294204 story", "[lab]") {
  const auto s = test::story();
  CHECK_FALSE(find_server(s, "EX2010")->is_out_of_service);
  CHECK(cached(s, "EX16A"));
  CHECK(cached(s, "EX13A"));
  CHECK_FALSE(cached(s, "EX16B"));
  REQUIRE(s.audit_log.size() == 2);
  CHECK(s.audit_log[0].parameters[1].value == "True");
  CHECK(s.audit_log[1].parameters[1].value == "False");
  CHECK(s.audit_log[1].run_date == test::story_now() - hours(1));
}

TEST_CASE("lab: who follows AD is the catalogue's KB4294204 status", "[lab]") {
  const auto s = test::story();
  CHECK_FALSE(follows_ad(*find_server(s, "EX16A")));  // 2016 CU8
  CHECK_FALSE(follows_ad(*find_server(s, "EX13A")));  // 2013 CU20
  CHECK(follows_ad(*find_server(s, "EX16B")));        // 2016 CU12
  CHECK_FALSE(caches_topology(*find_server(s, "EX2010")));
  CHECK(is_cas2010(*find_server(s, "EX2010")));
}

TEST_CASE("lab: after set and revert, a fixed server follows and a susceptible one keeps",
          "[lab]") {
  struct Case {
    const char* server;
    bool restarted_between;  // topology + IIS restarted while out of service
    bool cached_after_revert;
  };
  const Case cases[] = {
      {"EX16B", false, false}, {"EX16B", true, false},  // fixed: AD, always
      {"EX16A", false, false}, {"EX16A", true, true},   // susceptible: what it last loaded
      {"EX13A", true, true},
  };
  for (const auto& c : cases) {
    INFO(c.server << " restarted between: " << c.restarted_between);
    auto s = fresh_org();
    const auto t = test::story_now();
    REQUIRE(set_out_of_service(s, "EX2010", true, t - hours(2)));
    if (c.restarted_between) {
      REQUIRE(
          restart_service(s, c.server, "MSExchangeADTopology", true, t - hours(2) + minutes(1)));
      REQUIRE(iisreset(s, c.server, t - hours(2) + minutes(2)));
    }
    REQUIRE(set_out_of_service(s, "EX2010", false, t - hours(1)));
    CHECK(cached(s, c.server) == c.cached_after_revert);
  }
}

TEST_CASE("lab: topology then IIS clears the stale value, IIS then topology does not", "[lab]") {
  const auto t = test::story_now();
  SECTION("topology, then IIS") {
    auto s = test::story();
    REQUIRE(restart_service(s, "EX16A", "MSExchangeADTopology", true, t));
    CHECK(cached(s, "EX16A"));  // IIS still has the old copy
    REQUIRE(iisreset(s, "EX16A", t + minutes(1)));
    CHECK_FALSE(cached(s, "EX16A"));
  }
  SECTION("IIS, then topology") {
    auto s = test::story();
    REQUIRE(iisreset(s, "EX16A", t));
    REQUIRE(restart_service(s, "EX16A", "MSExchangeADTopology", true, t + minutes(1)));
    CHECK(cached(s, "EX16A"));  // IIS copied the topology service's stale view
    CHECK_FALSE(find_server(s, "EX16A")->topology_view.at("EX2010"));
  }
  SECTION("restarting W3SVC is IIS too") {
    auto s = test::story();
    REQUIRE(restart_service(s, "EX13A", "MSExchangeADTopology", true, t));
    REQUIRE(restart_service(s, "EX13A", "W3SVC", false, t + minutes(1)));
    CHECK_FALSE(cached(s, "EX13A"));
  }
}

TEST_CASE("lab: Restart-Service -Force restarts the running dependents", "[lab]") {
  auto s = test::story();
  const auto t = test::story_now();
  const auto before = *find_server(s, "EX16A");
  const auto restarted = restart_service(s, "EX16A", "MSExchangeADTopology", true, t);
  REQUIRE(restarted);
  const auto& after = *find_server(s, "EX16A");
  CHECK(restarted->services.front() == "MSExchangeADTopology");
  CHECK(restarted->services.size() ==
        1 + running_dependents(before, "MSExchangeADTopology").size());
  for (const auto& name : restarted->services) {
    INFO(name);
    const auto* svc = find_service(after, name);
    CHECK(svc->status == ServiceStatus::running);
    CHECK(svc->start_time == t);
    CHECK(svc->process_id != find_service(before, name)->process_id);
  }
  // Stopped dependents stay stopped; unrelated services keep their times.
  CHECK(find_service(after, "MSExchangePop3")->status == ServiceStatus::stopped);
  CHECK(find_service(after, "W3SVC")->start_time == find_service(before, "W3SVC")->start_time);
}

TEST_CASE("lab: Restart-Service without -Force fails on running dependents", "[lab]") {
  auto s = test::story();
  const auto before = s.servers;
  const auto result = restart_service(s, "EX16A", "MSExchangeADTopology", false, test::story_now());
  REQUIRE_FALSE(result);
  CHECK(result.error().error_id ==
        "ServiceHasDependentServices,Microsoft.PowerShell.Commands.RestartServiceCommand");
  CHECK(result.error().message.find("(MSExchangeADTopology)' because it has dependent services") !=
        std::string::npos);
  CHECK(find_service(*find_server(s, "EX16A"), "MSExchangeADTopology")->start_time ==
        find_service(before[1], "MSExchangeADTopology")->start_time);
  // A service without running dependents needs no -Force.
  CHECK(restart_service(s, "EX16A", "W3SVC", false, test::story_now()));
  // WAS has W3SVC depending on it.
  CHECK_FALSE(restart_service(s, "EX16A", "WAS", false, test::story_now()));
  CHECK_FALSE(restart_service(s, "EX16A", "NoSuchService", true, test::story_now()));
}

TEST_CASE("lab: the two halves of a restart", "[lab]") {
  auto s = test::story();
  auto restart = begin_restart_service(s, "EX16A", "MSExchangeADTopology", true);
  REQUIRE(restart);
  CHECK(find_service(*find_server(s, "EX16A"), "MSExchangeIS")->status ==
        ServiceStatus::stop_pending);
  finish_restart(s, *restart, test::story_now());
  CHECK(find_service(*find_server(s, "EX16A"), "MSExchangeIS")->status == ServiceStatus::running);
}

TEST_CASE("lab: Set-ClientAccessServer writes the audit log", "[lab]") {
  auto s = fresh_org();
  const auto t = test::story_now();
  REQUIRE(set_out_of_service(s, "ex2010.contoso.com", true, t));
  REQUIRE(s.audit_log.size() == 1);
  const auto& e = s.audit_log.back();
  CHECK(e.cmdlet_name == "Set-ClientAccessServer");
  CHECK(e.object_modified == "EX2010");
  CHECK(e.caller == "contoso.com/Users/Administrator");
  CHECK(e.run_date == t);
  REQUIRE(e.parameters.size() == 2);
  CHECK(e.parameters[0].name == "Identity");
  CHECK(e.parameters[1].name == "IsOutOfService");
  CHECK(e.parameters[1].value == "True");
  const auto missing = set_out_of_service(s, "EX99", true, t);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message ==
        "The operation couldn't be performed because object 'EX99' couldn't be found on "
        "'DC01.contoso.com'.");
  CHECK(s.audit_log.size() == 1);
}
