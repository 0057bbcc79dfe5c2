#include <catch2/catch.hpp>

#include "casdoctor/diagnose/org_model.hpp"

using namespace casdoctor;

TEST_CASE("server_name_of_identity reads the forms the audit log uses", "[org_model]") {
  struct Case {
    const char* identity;
    const char* expected;
  };
  const Case cases[] = {
      {"EX2010", "EX2010"},
      {"  EX2010 ", "EX2010"},
      {"contoso.com/Configuration/Deleted Objects/EX2010", "EX2010"},
      {"CN=EX2010,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),DC=contoso",
       "EX2010"},
      {"cn=ex2010,CN=Servers", "ex2010"},
      {"CONTOSO\\EX2010", "EX2010"},
      {"ex2010.contoso.com", "ex2010.contoso.com"},
  };
  for (const auto& c : cases) {
    INFO(c.identity);
    CHECK(server_name_of_identity(c.identity) == c.expected);
  }
}

TEST_CASE("parse_ps_bool reads what CmdletParameters values look like", "[org_model]") {
  CHECK(parse_ps_bool("False") == false);
  CHECK(parse_ps_bool("$false") == false);
  CHECK(parse_ps_bool(" FALSE ") == false);
  CHECK(parse_ps_bool("0") == false);
  CHECK(parse_ps_bool("True") == true);
  CHECK(parse_ps_bool("$True") == true);
  CHECK(parse_ps_bool("1") == true);
  CHECK_FALSE(parse_ps_bool("yes").has_value());
  CHECK_FALSE(parse_ps_bool("").has_value());
}

TEST_CASE("build_org_model joins entries written by name or FQDN", "[org_model]") {
  Snapshot s;
  s.exchange_servers.push_back(
      {"EX16A", "ex16a.contoso.com", "Site1", {"Mailbox"}, BuildNumber{15, 1, 1415, 2}});
  s.exchange_servers.push_back(
      {"EX2010", "", "Site1", {"Mailbox", "ClientAccess"}, BuildNumber{14, 3, 123, 4}});
  s.services.push_back({"EX16A.CONTOSO.COM", "W3SVC", ServiceStatus::running, std::nullopt});
  s.services.push_back({"ex16a", "WAS", ServiceStatus::running, std::nullopt});
  s.exsetup_versions.push_back({"ex16a.contoso.com", BuildNumber{15, 1, 1415, 2}});
  s.client_access_servers.push_back({"EX2010.contoso.com", true});
  const auto org = build_org_model(s, TimePoint{});
  REQUIRE(org.servers.size() == 2);
  CHECK(org.servers[0].services.size() == 2);
  CHECK(org.servers[0].exsetup_version == BuildNumber{15, 1, 1415, 2});
  CHECK(org.servers[1].is_out_of_service == true);
  CHECK(org.has_exchange2010_cas);
  CHECK(org.servers[0].kb4294204 == Kb4294204::susceptible);
  CHECK(org.find_server("ex2010") == &org.servers[1]);
  CHECK(org.find_server("EX16A.contoso.com") == &org.servers[0]);
  CHECK(org.find_server("EX99") == nullptr);
}
