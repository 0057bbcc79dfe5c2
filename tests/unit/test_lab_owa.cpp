// The lab's OWA forms logon (src/lab/owa.cpp) as a pure function over the
// KB4294204 scenario: logon, cookies, the stale front end's ServerNotFound
// and its recovery after the KB's restart order.
#include <catch2/catch.hpp>

#include "casdoctor/lab/org.hpp"
#include "casdoctor/lab/owa.hpp"

#include "lab_test_support.hpp"

namespace casdoctor::lab {
namespace {

OwaResponse post_logon(const LabState& state, std::string_view fe, OwaSessions& sessions,
                       const std::string& user, const std::string& password,
                       const std::string& path = "/owa/auth.owa", TimePoint now = {}) {
  OwaRequest r{"POST", path, {{"Host", "mail.contoso.com"}}, {}, now};
  r.body =
      "destination=https%3A%2F%2Fmail.contoso.com%2Fowa%2F&flags=4&forcedownlevel=0&username=" +
      url_encode(user) + "&password=" + url_encode(password) + "&passwordText=&isUtf8=1";
  return handle_owa(state, fe, r, sessions);
}

std::string cadata_of(const OwaResponse& r) {
  for (const auto& c : r.set_cookies())
    if (c.starts_with("cadata=")) return c.substr(7, c.find(';') - 7);
  return {};
}

OwaResponse get_owa(const LabState& state, std::string_view fe, OwaSessions& sessions,
                    const std::string& cadata) {
  OwaRequest r{"GET", "/owa/", {{"Host", "mail.contoso.com"}}, {}, {}};
  if (!cadata.empty()) r.headers.emplace_back("Cookie", "cadata=" + cadata + "; cadataTTL=x");
  return handle_owa(state, fe, r, sessions);
}

// Logs on through `fe` and opens the mailbox through the same front end;
// a logon that set no session is the answer itself (a front end routes a
// 2010 mailbox already at the logon post).
OwaResponse logon_and_get(const LabState& state, std::string_view fe, const std::string& user,
                          const std::string& password) {
  OwaSessions sessions;
  const auto logon = post_logon(state, fe, sessions, user, password);
  if (cadata_of(logon).empty()) return logon;
  REQUIRE(logon.status == 302);
  return get_owa(state, fe, sessions, cadata_of(logon));
}

}  // namespace

TEST_CASE("lab owa: logon sets the cadata cookies and redirects", "[lab]") {
  const auto state = test::story();
  OwaSessions sessions;
  const auto r = post_logon(state, "EX16A", sessions, "CONTOSO\\Bob", "Bob-Lab-2016!");
  CHECK(r.status == 302);
  CHECK(r.header("Location") == "https://mail.contoso.com/owa/");
  CHECK(r.header("X-FEServer") == "EX16A");
  const auto cookies = r.set_cookies();
  REQUIRE(cookies.size() == 5);
  for (const auto* name : {"cadata=", "cadataTTL=", "cadataKey=", "cadataIV=", "cadataSig="}) {
    const bool found = std::any_of(cookies.begin(), cookies.end(), [&](const std::string& c) {
      return c.starts_with(name) && c.ends_with("; HttpOnly; secure; path=/");
    });
    CHECK(found);
  }
  CHECK_FALSE(cadata_of(r).empty());
  // The UPN works too, and so does 2010's owaauth.dll.
  CHECK(post_logon(state, "EX16A", sessions, "BOB@contoso.com", "Bob-Lab-2016!",
                   "/owa/auth/owaauth.dll")
            .status == 302);
}

TEST_CASE("lab owa: wrong password, missing fields, no cookie, other paths", "[lab]") {
  const auto state = test::story();
  OwaSessions sessions;
  const auto bad = post_logon(state, "EX16B", sessions, "CONTOSO\\alice", "wrong");
  CHECK(bad.status == 302);
  CHECK(bad.header("Location") ==
        "/owa/auth/logon.aspx?url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=2");
  CHECK(cadata_of(bad).empty());
  CHECK(bad.set_cookies().front().starts_with("cadata=; expires="));

  OwaRequest missing{"POST", "/owa/auth.owa", {}, "username=a&password=b&destination=%2Fowa%2F"};
  CHECK(handle_owa(state, "EX16B", missing, sessions).status == 400);

  const auto anonymous = get_owa(state, "EX16B", sessions, "");
  CHECK(anonymous.status == 302);
  CHECK(anonymous.header("Location") ==
        "/owa/auth/logon.aspx?url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=0");
  CHECK(get_owa(state, "EX16B", sessions, "forged").status == 302);

  OwaRequest other{"GET", "/ecp/", {}, {}};
  CHECK(handle_owa(state, "EX16B", other, sessions).status == 404);
}

TEST_CASE("lab owa: a 2016 mailbox opens through any front end", "[lab]") {
  const auto state = test::story();
  const auto r = logon_and_get(state, "EX16A", "CONTOSO\\bob", "Bob-Lab-2016!");
  CHECK(r.status == 200);
  CHECK(r.body.find("<title>Outlook</title>") != std::string::npos);
  CHECK(r.header("X-FEServer") == "EX16A");
  CHECK(r.header("X-BEServer") == "EX16B");
  CHECK(r.header("X-CalculatedBETarget") == "ex16b.contoso.com");
  CHECK(r.header("X-OWA-Version") == "15.1.1713.5");
}

TEST_CASE("lab owa: a 2010 mailbox through a stale front end gets ServerNotFound", "[lab]") {
  auto state = test::story();
  OwaSessions sessions;
  const auto stale = post_logon(state, "EX16A", sessions, "CONTOSO\\alice", "Alice-Lab-2010!");
  CHECK(stale.status == 500);  // at the logon post itself, before any cookie
  CHECK(stale.set_cookies().empty());
  CHECK(stale.header("X-CasErrorCode") == "ServerNotFound");
  CHECK(stale.header("X-FEServer") == "EX16A");
  CHECK(logon_and_get(state, "EX13A", "alice@contoso.com", "Alice-Lab-2010!").status == 500);

  // EX16B has the fix and follows AD: it proxies to EX2010.
  const auto fixed = logon_and_get(state, "EX16B", "CONTOSO\\alice", "Alice-Lab-2010!");
  CHECK(fixed.status == 200);
  CHECK(fixed.header("X-DiagInfo") == "EX2010");
  CHECK(fixed.header("X-FEServer") == "EX16B");

  // IIS first, then topology: IIS keeps the old copy.
  const auto now = test::story_now();
  REQUIRE(iisreset(state, "EX16A", now));
  REQUIRE(restart_service(state, "EX16A", k_topology_service, true, now));
  CHECK(logon_and_get(state, "EX16A", "CONTOSO\\alice", "Alice-Lab-2010!").status == 500);
  // The KB's order: topology, then IIS.
  REQUIRE(iisreset(state, "EX16A", now));
  const auto recovered = logon_and_get(state, "EX16A", "CONTOSO\\alice", "Alice-Lab-2010!");
  CHECK(recovered.status == 200);
  CHECK(recovered.header("X-DiagInfo") == "EX2010");
  CHECK_FALSE(recovered.header("X-CasErrorCode"));

  // Out of service in AD: no front end proxies there.
  REQUIRE(set_out_of_service(state, "EX2010", true, now));
  CHECK(logon_and_get(state, "EX16B", "CONTOSO\\alice", "Alice-Lab-2010!").status == 500);
}

TEST_CASE("lab owa: the delay knob and a stopped IIS", "[lab]") {
  auto state = test::story();
  find_server(state, "EX16A")->owa_delay_ms = 1000;
  OwaSessions sessions;
  CHECK(post_logon(state, "EX16A", sessions, "CONTOSO\\bob", "Bob-Lab-2016!").delay_ms == 1000);
  find_service(*find_server(state, "EX16A"), "W3SVC")->status = ServiceStatus::stopped;
  CHECK(post_logon(state, "EX16A", sessions, "CONTOSO\\bob", "Bob-Lab-2016!").status == 503);
}

TEST_CASE("lab owa: the warm-up knob: 503 for a while after W3SVC starts", "[lab]") {
  using std::chrono::milliseconds;
  auto state = test::story();
  auto* ex16a = find_server(state, "EX16A");
  ex16a->owa_warmup_ms = 30'000;
  const TimePoint started = *find_service(*ex16a, "W3SVC")->start_time;
  OwaSessions sessions;
  const auto at = [&](milliseconds after) {
    return post_logon(state, "EX16A", sessions, "CONTOSO\\bob", "Bob-Lab-2016!", "/owa/auth.owa",
                      started + after);
  };
  const auto warming = at(milliseconds(29'999));
  CHECK(warming.status == 503);
  CHECK(warming.header("Server") == "Microsoft-HTTPAPI/2.0");
  CHECK(at(milliseconds(30'000)).status == 302);
  ex16a->owa_warmup_ms = 0;
  CHECK(at(milliseconds(0)).status == 302);
}

TEST_CASE("lab owa: a 2010 mailbox in a site with an external URL gets the cross-site page",
          "[lab]") {
  const auto state = test::with_paris("https://legacy.contoso.com/owa/");
  OwaSessions sessions;
  const auto r = post_logon(state, "EX16B", sessions, "CONTOSO\\carol", "Carol-Lab-Paris!");
  CHECK(r.status == 200);
  CHECK(r.header("X-OWA-FEError") == "CasRedirect");
  CHECK(r.header("X-FEServer") == "EX16B");
  CHECK(r.set_cookies() == std::vector<std::string>{"PBack=1; path=/"});  // no cadata here
  // The front end's own markup: single-quoted attributes.
  CHECK_THAT(r.body, Catch::Contains("<form name='logonForm' id='logonForm' "
                                     "action='https://legacy.contoso.com/owa/auth/owaauth.dll' "
                                     "method='post' target='_top'>"));
  CHECK_THAT(r.body, Catch::Contains("<input type='hidden' name='destination' "
                                     "value='https://legacy.contoso.com/owa/'>"));
  CHECK_THAT(r.body, Catch::Contains("document.logonForm.submit()"));
  // Wrong credentials are refused before any redirect.
  CHECK(post_logon(state, "EX16B", sessions, "CONTOSO\\carol", "nope").status == 302);
}

TEST_CASE("lab owa: without an external URL the front end proxies across sites", "[lab]") {
  const auto state = test::with_paris("");
  const auto r = logon_and_get(state, "EX16B", "CONTOSO\\carol", "Carol-Lab-Paris!");
  CHECK(r.status == 200);
  CHECK(r.header("X-DiagInfo") == "EX2010P");
  CHECK_FALSE(r.header("X-OWA-FEError"));
}

TEST_CASE("lab owa: the 2010 CAS takes the owaauth.dll post and opens a 2010 mailbox", "[lab]") {
  const auto state = test::with_paris("https://legacy.contoso.com/owa");
  OwaSessions sessions;
  const auto logon = post_logon(state, "EX2010P", sessions, "CONTOSO\\carol", "Carol-Lab-Paris!",
                                "/owa/auth/owaauth.dll");
  REQUIRE(logon.status == 302);
  CHECK(logon.header("X-DiagInfo") == "EX2010P");
  CHECK(logon.header("Server") == "Microsoft-IIS/7.5");
  CHECK_FALSE(logon.header("X-FEServer"));
  const auto page = get_owa(state, "EX2010P", sessions, cadata_of(logon));
  CHECK(page.status == 200);
  CHECK(page.header("X-DiagInfo") == "EX2010P");
  CHECK_THAT(page.body, Catch::Contains("carol@contoso.com"));
  // bob's mailbox is on Exchange 2016: not the 2010 CAS's to open.
  const auto bob = post_logon(state, "EX2010P", sessions, "CONTOSO\\bob", "Bob-Lab-2016!",
                              "/owa/auth/owaauth.dll");
  REQUIRE(bob.status == 302);
  const auto wrong = get_owa(state, "EX2010P", sessions, cadata_of(bob));
  CHECK(wrong.status == 500);
  CHECK(wrong.header("X-OWA-Error") == "Microsoft.Exchange.Data.Storage.WrongServerException");
}

TEST_CASE("lab owa: a front end that cannot read its cookies sends the session back to logon",
          "[lab]") {
  auto state = test::story();
  find_server(state, "EX16B")->owa_rejects_sessions = true;
  OwaSessions sessions;
  const auto logon = post_logon(state, "EX16B", sessions, "CONTOSO\\bob", "Bob-Lab-2016!");
  REQUIRE(logon.status == 302);
  const auto again = get_owa(state, "EX16B", sessions, cadata_of(logon));
  CHECK(again.status == 302);
  CHECK_THAT(*again.header("Location"), Catch::StartsWith("/owa/auth/logon.aspx?url="));
  CHECK_THAT(*again.header("Location"), Catch::EndsWith("&reason=0"));
}

}  // namespace casdoctor::lab
