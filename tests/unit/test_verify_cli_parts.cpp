// The verifier's command-line parts: --via, --url, the exit code.
#include <catch2/catch.hpp>

#include "casdoctor/verify/targets.hpp"

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

}  // namespace casdoctor
