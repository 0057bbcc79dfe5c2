// The verifier's command-line parts: --via, --url, the exit code.
#include <catch2/catch.hpp>

#include "casdoctor/verify/targets.hpp"

#include "../helpers/plan_cases.hpp"

namespace casdoctor {

TEST_CASE("the verifier: --via takes names, addresses and ports", "[verify]") {
  const auto via =
      parse_via({"EX16A,EX16B=10.0.0.5:8443", "EX13A=[::1]:443", "EX19=ex19.contoso.com"});
  REQUIRE(via);
  REQUIRE(via->size() == 4);
  CHECK((*via)[0].name == "EX16A");
  CHECK((*via)[0].connect.host == "EX16A");
  CHECK((*via)[0].connect.port == 0);
  CHECK((*via)[1].name == "EX16B");
  CHECK((*via)[1].connect.host == "10.0.0.5");
  CHECK((*via)[1].connect.port == 8443);
  CHECK((*via)[2].connect.host == "::1");
  CHECK((*via)[2].connect.port == 443);
  CHECK((*via)[3].connect.host == "ex19.contoso.com");
  CHECK((*via)[3].connect.port == 0);
}

TEST_CASE("the verifier: --via keeps a name once", "[verify]") {
  const auto via = parse_via({"EX16A,ex16a", "EX16A=1.2.3.4"});
  REQUIRE(via);
  CHECK(via->size() == 1);
}

TEST_CASE("the verifier: --via rejects what is not a server", "[verify]") {
  for (const std::string bad :
       {"", ",", "EX16A,", "EX 16", "EX16A=", "EX16A=host:0", "EX16A=host:70000", "EX16A=host:x",
        "EX16A=[::1", "EX16A=[zz]:1", "EX1';Remove-Item", "=1.2.3.4", "EX16A=a b"}) {
    DYNAMIC_SECTION(bad) {
      const auto via = parse_via({bad});
      REQUIRE_FALSE(via);
      CHECK(via.error().code == ExitCode::usage);
    }
  }
}

TEST_CASE("the verifier: --url must be an http(s) URL", "[verify]") {
  CHECK(check_owa_url("https://mail.contoso.com/owa"));
  CHECK(check_owa_url("https://127.0.0.1:8443/owa"));
  CHECK_FALSE(check_owa_url("mail.contoso.com/owa"));
  CHECK_FALSE(check_owa_url("ftp://mail.contoso.com/owa"));
  CHECK_FALSE(check_owa_url("https://user:pw@mail.contoso.com/owa"));
  CHECK_FALSE(check_owa_url("https://mail.contoso.com/o wa"));
  CHECK(url_host("https://mail.contoso.com:8443/owa") == "mail.contoso.com");
}

TEST_CASE("the verifier: --via all finds 'all' among the items", "[verify]") {
  const auto split = split_via_all({"all,EX16A=127.0.0.1:4431", " EX13A=10.0.0.13 "});
  CHECK(split.all);
  CHECK(split.others == std::vector<std::string>{"EX16A=127.0.0.1:4431", "EX13A=10.0.0.13"});
  CHECK(split_via_all({"ALL"}).all);
  CHECK(split_via_all({"ALL"}).others.empty());
  const auto none = split_via_all({"EX16A,EX16B"});
  CHECK_FALSE(none.all);
  CHECK(none.others == std::vector<std::string>{"EX16A,EX16B"});
  CHECK_FALSE(split_via_all({"allison"}).all);
}

TEST_CASE("the verifier: --via all is every OWA front end of the org, by FQDN", "[verify]") {
  // EX2010 (2010), EX16A, EX13A (2013 with Client Access), EX16B, EX16FIX,
  // EX19, EDGE16 (Edge: no OWA) and the evil name.
  const auto org = test::plan_org().org();
  std::vector<std::string> names;
  for (const auto& t : owa_front_ends(org)) names.push_back(t.name + "@" + t.connect.host);
  CHECK(names ==
        std::vector<std::string>{"EX16A@EX16A.contoso.com", "EX13A@EX13A.contoso.com",
                                 "EX16B@EX16B.contoso.com", "EX16FIX@EX16FIX.contoso.com",
                                 "EX19@EX19.contoso.com",
                                 test::k_evil_server + "@" + test::k_evil_server + ".contoso.com"});
}

TEST_CASE("the verifier: a 2013 server without Client Access serves no OWA", "[verify]") {
  auto o = test::plan_org();
  for (auto& server : o.snapshot.exchange_servers) {
    if (server.name == "EX13A") server.roles = {"Mailbox"};
  }
  for (const auto& t : owa_front_ends(o.org())) CHECK(t.name != "EX13A");
}

TEST_CASE("the verifier: addresses given beside --via all replace the FQDN", "[verify]") {
  const auto all = owa_front_ends(test::plan_org().org());
  const auto overrides = parse_via({"ex16a=127.0.0.1:4431,EX19=[::1]"});
  REQUIRE(overrides);
  const auto targets = with_addresses(all, *overrides);
  REQUIRE(targets);
  REQUIRE(targets->size() == all.size());
  CHECK((*targets)[0].connect.host == "127.0.0.1");
  CHECK((*targets)[0].connect.port == 4431);
  CHECK((*targets)[1].connect.host == "EX13A.contoso.com");
  CHECK((*targets)[4].connect.host == "::1");

  const auto edge = parse_via({"EDGE16=10.0.0.9"});
  REQUIRE(edge);
  const auto refused = with_addresses(all, *edge);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ExitCode::usage);
  CHECK(refused.error().message.rfind("--via EDGE16: not an OWA front end", 0) == 0);
}

}  // namespace casdoctor
