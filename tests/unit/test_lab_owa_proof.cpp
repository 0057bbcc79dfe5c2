// The lab's logon-proof knobs (docs/logon-proof.md): errorFE.aspx at 200,
// the routing failure at the logon post, the cross-site variants and the
// 2010 back end's X-OWA-Version, each as the front end answers it.
#include <catch2/catch.hpp>

#include "casdoctor/lab/org.hpp"
#include "casdoctor/lab/owa.hpp"
#include "casdoctor/lab/state_json.hpp"

#include "lab_test_support.hpp"

namespace casdoctor::lab {
namespace {

OwaResponse post(const LabState& state, std::string_view fe, OwaSessions& sessions,
                 const std::string& user, const std::string& password) {
  OwaRequest r{"POST", "/owa/auth.owa", {{"Host", "mail.contoso.com"}}, {}, {}};
  r.body =
      "destination=https%3A%2F%2Fmail.contoso.com%2Fowa%2F&flags=4&username=" + url_encode(user) +
      "&password=" + url_encode(password);
  return handle_owa(state, fe, r, sessions);
}

OwaResponse get(const LabState& state, std::string_view fe, OwaSessions& sessions,
                const std::string& target, const std::string& cadata = "") {
  OwaRequest r{"GET", target, {{"Host", "mail.contoso.com"}}, {}, {}};
  if (!cadata.empty()) r.headers.emplace_back("Cookie", "cadata=" + cadata);
  return handle_owa(state, fe, r, sessions);
}

std::string cadata_of(const OwaResponse& r) {
  for (const auto& c : r.set_cookies())
    if (c.starts_with("cadata=")) return c.substr(7, c.find(';') - 7);
  return {};
}

const std::string k_no_backend =
    "Microsoft.Exchange.HttpProxy.NoAvailableDownLevelBackEndException";

}  // namespace

TEST_CASE("lab owa proof: the stale case's error page variant ends on errorFE 200",
          "[lab][logon-proof]") {
  auto state = test::story();
  find_server(state, "EX16A")->owa_error_page = true;
  OwaSessions sessions;
  const auto r = post(state, "EX16A", sessions, "CONTOSO\\alice", "Alice-Lab-2010!");
  CHECK(r.status == 302);
  CHECK(r.set_cookies().empty());
  REQUIRE(r.header("Location"));
  CHECK(*r.header("Location") ==
        "/owa/auth/errorFE.aspx?httpCode=500&owaError=" + url_encode(k_no_backend) + "&fe=EX16A");
  const auto page = get(state, "EX16A", sessions, *r.header("Location"));
  CHECK(page.status == 200);
  CHECK(page.header("X-OWA-Error") == k_no_backend);
  CHECK(page.header("X-FEServer") == "EX16A");
  CHECK_THAT(page.body, Catch::Contains("Something went wrong"));
  // A fixed front end is not affected by the knob.
  find_server(state, "EX16B")->owa_error_page = true;
  CHECK(post(state, "EX16B", sessions, "CONTOSO\\alice", "Alice-Lab-2010!").status == 302);
  CHECK_FALSE(
      cadata_of(post(state, "EX16B", sessions, "CONTOSO\\alice", "Alice-Lab-2010!")).empty());
}

TEST_CASE("lab owa proof: errorFE echoes its query as headers", "[lab][logon-proof]") {
  const auto state = test::story();
  OwaSessions sessions;
  const auto page = get(state, "EX16B", sessions,
                        "/owa/auth/errorFE.aspx?httpCode=500&owaError=A.B&owaVer=14.3.513.0&be=X&"
                        "CafeError=NoLegacyCAS");
  CHECK(page.status == 200);
  CHECK(page.header("X-OWA-Error") == "A.B");
  CHECK(page.header("X-OWA-Version") == "14.3.513.0");
  CHECK(page.header("X-BEServer") == "X");
  CHECK_THAT(page.body, Catch::Contains("NoLegacyCAS"));
}

TEST_CASE("lab owa proof: X-OWA-Version of the 2010 back end, and the knob that strips it",
          "[lab][logon-proof]") {
  auto state = test::story();
  OwaSessions sessions;
  const auto logon = post(state, "EX16B", sessions, "CONTOSO\\alice", "Alice-Lab-2010!");
  const auto page = get(state, "EX16B", sessions, "/owa/", cadata_of(logon));
  CHECK(page.status == 200);
  CHECK(page.header("X-OWA-Version") ==
        to_short_form(installed_build(*find_server(state, "EX2010"))));
  CHECK(page.header("X-OWA-Version")->starts_with("14."));
  find_server(state, "EX2010")->owa_strips_version = true;
  const auto stripped = get(state, "EX16B", sessions, "/owa/", cadata_of(logon));
  CHECK(stripped.status == 200);
  CHECK_FALSE(stripped.header("X-OWA-Version"));
  CHECK(stripped.header("X-DiagInfo") == "EX2010");
}

TEST_CASE("lab owa proof: a 2010 CAS without Windows auth: errorFE CAS14WithNoWIA at the GET",
          "[lab][logon-proof]") {
  auto state = test::story();
  find_server(state, "EX2010")->owa_no_windows_auth = true;
  OwaSessions sessions;
  const auto logon = post(state, "EX16B", sessions, "CONTOSO\\alice", "Alice-Lab-2010!");
  REQUIRE_FALSE(cadata_of(logon).empty());  // the logon itself works
  const auto page = get(state, "EX16B", sessions, "/owa/", cadata_of(logon));
  CHECK(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("CAS14WithNoWIA"));
  CHECK_FALSE(page.header("X-OWA-Version"));
}

TEST_CASE("lab owa proof: the cross-site variants", "[lab][logon-proof]") {
  auto state = test::with_paris("https://legacy.contoso.com/owa");
  OwaSessions sessions;
  const auto carol = [&] {
    return post(state, "EX16B", sessions, "CONTOSO\\carol", "Carol-Lab-Paris!");
  };
  SECTION("a target without forms logon: a plain 302, no cadata") {
    find_server(state, "EX2010P")->owa_authentication = "basic";
    const auto r = carol();
    CHECK(r.status == 302);
    CHECK(r.header("Location") == "https://legacy.contoso.com/owa");
    CHECK(r.set_cookies().empty());
  }
  SECTION("LegacyRedirectType Manual: the link page") {
    find_server(state, "EX16B")->owa_legacy_redirect_type = "manual";
    const auto r = carol();
    CHECK(r.status == 200);
    CHECK(r.header("X-OWA-FEError") == "CasRedirect");
    CHECK_THAT(r.body, Catch::Contains("<a href=\"https://legacy.contoso.com/owa\">"));
    CHECK_THAT(r.body, !Catch::Contains("<form"));
    CHECK(r.set_cookies().empty());
  }
  SECTION("SSO to an http URL: NoFbaSSL") {
    find_server(state, "EX2010P")->owa_external_url = "http://legacy.contoso.com/owa";
    const auto r = carol();
    CHECK(r.status == 200);
    CHECK_THAT(r.body, Catch::Contains("NoFbaSSL"));
    CHECK_THAT(r.body, !Catch::Contains("Carol-Lab-Paris!"));
  }
  SECTION("the injected front end error code: NoLegacyCAS") {
    find_server(state, "EX16B")->owa_fe_error = "NoLegacyCAS";
    const auto r = carol();
    CHECK(r.status == 200);
    CHECK_THAT(r.body, Catch::Contains("NoLegacyCAS"));
    CHECK(r.set_cookies().empty());
  }
  SECTION("the SSO page encodes the password for a single-quoted attribute") {
    state.mailboxes.back().password = "it's<&>";
    const auto r = post(state, "EX16B", sessions, "CONTOSO\\carol", "it's<&>");
    CHECK_THAT(r.body, Catch::Contains("name='password' value='it&#39;s&lt;&amp;&gt;'"));
  }
  SECTION("a front end stale for the Paris CAS: ServerNotFound at the post") {
    find_server(state, "EX16A")->iis_view["EX2010P"] = true;
    const auto r = post(state, "EX16A", sessions, "CONTOSO\\carol", "Carol-Lab-Paris!");
    CHECK(r.status == 500);
    CHECK(r.header("X-CasErrorCode") == "ServerNotFound");
  }
}

TEST_CASE("lab owa proof: the knobs round-trip and misspelt values are refused",
          "[lab][logon-proof]") {
  auto state = test::with_paris("https://legacy.contoso.com/owa");
  find_server(state, "EX16A")->owa_error_page = true;
  find_server(state, "EX16A")->owa_fe_error = "NoFbaSSL";
  find_server(state, "EX16A")->owa_legacy_redirect_type = "manual";
  find_server(state, "EX2010P")->owa_authentication = "basic";
  find_server(state, "EX2010P")->owa_strips_version = true;
  find_server(state, "EX2010P")->owa_no_windows_auth = true;
  auto text = state_to_json(state);
  auto back = state_from_json(text, "s.json");
  REQUIRE(back);
  const auto* ex16a = find_server(*back, "EX16A");
  CHECK(ex16a->owa_error_page);
  CHECK(ex16a->owa_fe_error == "NoFbaSSL");
  CHECK(ex16a->owa_legacy_redirect_type == "manual");
  CHECK(find_server(*back, "EX2010P")->owa_authentication == "basic");
  CHECK(find_server(*back, "EX2010P")->owa_strips_version);
  CHECK(find_server(*back, "EX2010P")->owa_no_windows_auth);
  const auto pos = text.find("\"owa_fe_error\": \"NoFbaSSL\"");
  REQUIRE(pos != std::string::npos);
  text.replace(pos, 26, "\"owa_fe_error\": \"NoFbaSsl\"");
  const auto bad = state_from_json(text, "s.json");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::Contains("owa_fe_error"));
}

}  // namespace casdoctor::lab
