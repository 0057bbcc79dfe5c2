// dependent_services: read in every shape, and carried into the org model
// as each server's running dependents.
#include <catch2/catch.hpp>

#include "casdoctor/diagnose/org_model.hpp"

#include "snapshot_test_support.hpp"

using namespace casdoctor;
using namespace casdoctor::test;

namespace {

std::vector<std::string> summaries(const std::vector<DependentService>& list) {
  std::vector<std::string> out;
  for (const auto& d : list) {
    out.push_back(d.server + "|" + d.name + "|" + std::to_string(static_cast<int>(d.status)));
  }
  return out;
}

}  // namespace

TEST_CASE("snapshot: dependent_services fixture", "[snapshot][remediate]") {
  const auto snap = read_fixture_ok("ps51/dependent-services.json");
  CHECK(summaries(snap.dependent_services) ==
        std::vector<std::string>{"EX2016A|MSExchangeIS|4", "EX2016A|MSExchangeTransport|4",
                                 "EX2016A|MSExchangeServiceHost|4",
                                 "EX2016A.contoso.com|MSExchangeRepl|4",
                                 "EX2013A|MSExchangeFrontEndTransport|4"});
  const auto org = build_org_model(snap, snap.collected_at.value());
  const auto* ex2016 = org.find_server("EX2016A");
  REQUIRE(ex2016 != nullptr);
  CHECK(ex2016->running_dependents ==
        std::vector<std::string>{"MSExchangeIS", "MSExchangeTransport", "MSExchangeServiceHost",
                                 "MSExchangeRepl"});
  CHECK(org.find_server("EX2013A")->running_dependents ==
        std::vector<std::string>{"MSExchangeFrontEndTransport"});
  CHECK(org.find_server("EX2010A")->running_dependents.empty());
}

TEST_CASE("snapshot: dependent_services shapes", "[snapshot][remediate]") {
  struct Case {
    const char* member;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases{
      {R"("dependent_services": null)", {}},
      {R"("dependent_services": [])", {}},
      {R"("Dependent_Services": {"Server": "EX1", "Name": "A", "Status": "Running"})", {"EX1|A|4"}},
      {R"("dependent_services": {"value": [{"Server": "EX1", "Name": "A", "Status": 1}], "Count": 1})",
       {"EX1|A|1"}},
      {R"("dependent_services": [{"Server": "EX1", "Name": "A", "Status": "4", "Extra": 1}])",
       {"EX1|A|4"}},
  };
  for (const auto& c : cases) {
    INFO(c.member);
    CHECK(summaries(read_ok(snapshot_doc(c.member)).dependent_services) == c.expected);
  }
  CHECK(read_ok(snapshot_doc()).dependent_services.empty());
}

TEST_CASE("snapshot: dependent_services errors name the place", "[snapshot][remediate]") {
  CHECK_THAT(read_error(snapshot_doc(R"("dependent_services": [{"Server": "EX1", "Status": 4}])")),
             Catch::Contains("/dependent_services/0: missing member \"Name\""));
  CHECK_THAT(read_error(snapshot_doc(
                 R"("dependent_services": [{"Server": "EX1", "Name": "A", "Status": "Bogus"}])")),
             Catch::Contains("/dependent_services/0/Status:"));
  CHECK_THAT(read_error(snapshot_doc(R"("dependent_services": 3)")),
             Catch::Contains("/dependent_services:"));
}

TEST_CASE("org model: only running dependents count", "[snapshot][remediate]") {
  Snapshot s;
  s.exchange_servers.push_back(
      {"EX1", "EX1.contoso.com", "", {"Mailbox"}, BuildNumber{15, 1, 1415, 2}});
  s.dependent_services = {{"ex1.contoso.com", "A", ServiceStatus::running},
                          {"EX1", "B", ServiceStatus::stopped},
                          {"EX9", "C", ServiceStatus::running}};
  const auto org = build_org_model(s, TimePoint{});
  CHECK(org.servers.at(0).running_dependents == std::vector<std::string>{"A"});
}
