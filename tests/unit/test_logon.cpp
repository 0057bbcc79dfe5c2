// The OWA logon flow against a scripted HttpSession: every outcome, and the
// password only ever in a POST body.
#include <deque>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/core/secret.hpp"
#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/report/render.hpp"
#include "casdoctor/verify/logon.hpp"
#include "casdoctor/verify/targets.hpp"

#include "../helpers/scoped_env.hpp"
#include "fake_http.hpp"
#include "test_support.hpp"

namespace casdoctor {
namespace {

using sys::HttpError;
using sys::HttpFailure;
using sys::HttpRequest;
using test::accepted;
using test::FakeSession;
using test::k_cadata;
using test::logon_redirect;
using test::owa_page;
using test::proxy_500;
using test::Reply;
using test::response;

class StepClock final : public Clock {
 public:
  TimePoint now() const override {
    t_ += std::chrono::milliseconds(25);
    return t_;
  }

 private:
  mutable TimePoint t_{std::chrono::milliseconds(1'700'000'000'000)};
};

const std::string k_password = "S3cr3t p@ss&word=%+\xc3\xa9";
struct Case {
  std::string name;
  std::string url;
  std::vector<Reply> replies;
  LogonOutcome outcome;
  std::optional<long> status;
  std::string cas_error_code;
  std::string fe_server;
  std::string be_server;
  std::size_t requests;
};

std::vector<Case> cases() {
  const std::string url = "https://mail.contoso.com/owa";
  const std::string cross_page =
      "<html><body onload=\"document.logonForm.submit()\">"
      "<form name=\"logonForm\" method=\"post\" "
      "action=\"https://legacy.contoso.com/owa/auth/owaauth.dll\">"
      "<input type=\"hidden\" name=\"destination\" value=\"https://legacy.contoso.com/owa/\">"
      "<input type=\"hidden\" name=\"flags\" value=\"4\">"
      "<input type=\"hidden\" name=\"username\" value=\"CONTOSO\\alice\">"
      "<input type=\"hidden\" name=\"password\" value=\"echoed\">"
      "</form></body></html>";
  const std::string logon_page =
      "<html><!-- {57A118C6-2DA9-419d-BE9A-F92B0F9A418B} --><form action=\"/owa/auth.owa\" "
      "name=\"logonForm\"><input type=\"password\" name=\"password\"></form></html>";
  return {
      {"ok", url, {accepted(), owa_page()}, LogonOutcome::ok, 200, "", "EX16A", "EX16B", 2},
      {"bad credentials",
       url,
       {logon_redirect(2)},
       LogonOutcome::bad_credentials,
       302,
       "",
       "",
       "",
       1},
      {"other reason is named",
       url,
       {logon_redirect(5)},
       LogonOutcome::http_error,
       302,
       "",
       "",
       "",
       1},
      {"proxy failure on the GET",
       url,
       {accepted(), proxy_500()},
       LogonOutcome::proxy_failure,
       500,
       "ServerNotFound",
       "EX16A",
       "ex2010.contoso.com",
       2},
      {"proxy failure on the POST",
       url,
       {proxy_500()},
       LogonOutcome::proxy_failure,
       500,
       "ServerNotFound",
       "EX16A",
       "ex2010.contoso.com",
       1},
      {"5xx without a CAS error code",
       url,
       {accepted(), response(503, {})},
       LogonOutcome::http_error,
       503,
       "",
       "EX16A",
       "",
       2},
      // X-DiagInfo names a server, not its version: no proof of Exchange 2010.
      {"X-DiagInfo names the 2010 CAS",
       url,
       {accepted(), response(200, {{"X-DiagInfo", "EX2010"}}, "<html>owa 2010</html>")},
       LogonOutcome::backend_not_proven,
       200,
       "",
       "EX16A",
       "EX2010",
       2},
      {"session bounced to the logon page",
       url,
       {accepted(), logon_redirect(0)},
       LogonOutcome::http_error,
       302,
       "",
       "EX16A",
       "",
       2},
      {"logon page served again",
       url,
       {accepted(), response(200, {}, logon_page)},
       LogonOutcome::http_error,
       200,
       "",
       "EX16A",
       "",
       2},
      {"440 login timeout",
       url,
       {accepted(), response(440, {})},
       LogonOutcome::http_error,
       440,
       "",
       "EX16A",
       "",
       2},
      {"400 to the POST", url, {response(400, {})}, LogonOutcome::http_error, 400, "", "", "", 1},
      {"302 without a session cookie",
       url,
       {response(302, {{"Location", "https://mail.contoso.com/owa/"}})},
       LogonOutcome::http_error,
       302,
       "",
       "",
       "",
       1},
      {"redirect after logon is followed",
       url,
       {accepted(), response(302, {{"Location", "/owa/#path=/mail"}}), owa_page()},
       LogonOutcome::ok,
       200,
       "",
       "EX16A",
       "EX16B",
       3},
      {"cross-site page on the GET is re-posted once",
       url,
       {accepted(), response(200, {{"X-OWA-FEError", "CasRedirect"}}, cross_page),
        response(302, {{"Location", "https://legacy.contoso.com/owa/"}, {"Set-Cookie", k_cadata}}),
        response(200, {{"X-DiagInfo", "EX2010"}, {"X-OWA-Version", "14.3.513.0"}},
                 "<html>owa</html>")},
       LogonOutcome::ok,
       200,
       "",
       "EX16A",
       "EX2010",
       4},
      {"cross-site page without the header",
       url,
       {response(200, {}, cross_page), accepted(), owa_page()},
       LogonOutcome::ok,
       200,
       "",
       "EX16A",
       "EX16B",
       3},
      {"cross-site 302 goes to owaauth.dll",
       url,
       {response(302, {{"X-OWA-FEError", "CasRedirect"},
                       {"Location", "https://legacy.contoso.com/owa"}}),
        accepted(), owa_page()},
       LogonOutcome::ok,
       200,
       "",
       "EX16A",
       "EX16B",
       3},
      {"a second cross-site page is not followed",
       url,
       {response(200, {}, cross_page),
        response(200, {{"X-OWA-FEError", "CasRedirect"}}, cross_page)},
       LogonOutcome::http_error,
       200,
       "",
       "",
       "",
       2},
      {"tls",
       url,
       {std::unexpected(HttpError{HttpFailure::tls, "certificate verify failed"})},
       LogonOutcome::tls_error,
       std::nullopt,
       "",
       "",
       "",
       1},
      {"timeout",
       url,
       {accepted(), std::unexpected(HttpError{HttpFailure::timeout, "timed out"})},
       LogonOutcome::timeout,
       302,
       "",
       "EX16A",
       "",
       2},
      {"refused",
       url,
       {std::unexpected(HttpError{HttpFailure::connect, "refused"})},
       LogonOutcome::connect_error,
       std::nullopt,
       "",
       "",
       "",
       1},
      {"other transport failure",
       url,
       {std::unexpected(HttpError{HttpFailure::other, "boom"})},
       LogonOutcome::http_error,
       std::nullopt,
       "",
       "",
       "",
       1},
      {"2010 owaauth.dll",
       "https://cas2010.contoso.com/owa/auth/owaauth.dll",
       {accepted(), owa_page()},
       LogonOutcome::ok,
       200,
       "",
       "EX16A",
       "EX16B",
       2},
      {"not a URL",
       "mail.contoso.com/owa",
       {},
       LogonOutcome::http_error,
       std::nullopt,
       "",
       "",
       "",
       0},
  };
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("owa_logon classifies every outcome", "[verify]") {
  for (const auto& c : cases()) {
    DYNAMIC_SECTION(c.name) {
      FakeSession session(c.replies);
      StepClock clock;
      const LogonRequest request{c.url, "EX16A", "CONTOSO\\alice", &k_password};
      const auto result = owa_logon(session, request, clock);
      CHECK(to_string(result.outcome) == to_string(c.outcome));
      CHECK(result.http_status == c.status);
      CHECK(result.cas_error_code == c.cas_error_code);
      CHECK(result.fe_server == c.fe_server);
      CHECK(result.be_server == c.be_server);
      CHECK(session.requests.size() == c.requests);
      CHECK(result.url == c.url);
      CHECK(result.via == "EX16A");
      CHECK(result.user == "CONTOSO\\alice");
      CHECK(result.elapsed_ms > 0);
      CHECK_FALSE(result.detail.empty());

      // The password only in POST bodies, never in a URL or header; never in the result.
      for (const auto& r : session.requests) {
        CHECK_FALSE(contains(r.url, k_password));
        for (const auto& [name, value] : r.headers) {
          CHECK_FALSE(contains(value, k_password));
          CHECK_FALSE(contains(value, "S3cr3t"));
        }
        if (r.method != "POST") CHECK_FALSE(contains(r.body, "S3cr3t"));
        CHECK_FALSE(contains(r.url, "S3cr3t"));
      }
      for (const auto* field : {&result.url, &result.via, &result.user, &result.cas_error_code,
                                &result.fe_server, &result.be_server, &result.detail}) {
        CHECK_FALSE(contains(*field, "S3cr3t"));
      }
    }
  }
}

TEST_CASE("the logon POST carries the form, correctly escaped", "[verify]") {
  FakeSession session({accepted(), owa_page()});
  StepClock clock;
  const LogonRequest request{"https://mail.contoso.com/owa/", "", "CONTOSO\\alice", &k_password};
  owa_logon(session, request, clock);
  REQUIRE(session.requests.size() == 2);
  const auto& post = session.requests[0];
  CHECK(post.method == "POST");
  CHECK(post.url == "https://mail.contoso.com/owa/auth.owa");
  CHECK(post.body ==
        "destination=https%3A%2F%2Fmail.contoso.com%2Fowa%2F&flags=4&forcedownlevel=0&"
        "username=CONTOSO%5Calice&password=S3cr3t+p%40ss%26word%3D%25%2B%C3%A9&passwordText=&"
        "isUtf8=1");
  bool form_type = false;
  for (const auto& [name, value] : post.headers) {
    form_type =
        form_type || (name == "Content-Type" && value == "application/x-www-form-urlencoded");
  }
  CHECK(form_type);
  CHECK(session.requests[1].method == "GET");
  CHECK(session.requests[1].url == "https://mail.contoso.com/owa/");
}

TEST_CASE("a 2010 URL posts the owaauth.dll form", "[verify]") {
  FakeSession session({accepted(), owa_page()});
  StepClock clock;
  const LogonRequest request{"https://cas2010.contoso.com/owa/auth/owaauth.dll", "",
                             "alice@contoso.com", &k_password};
  owa_logon(session, request, clock);
  REQUIRE_FALSE(session.requests.empty());
  CHECK(session.requests[0].url == "https://cas2010.contoso.com/owa/auth/owaauth.dll");
  CHECK(contains(session.requests[0].body,
                 "destination=https%3A%2F%2Fcas2010.contoso.com%2Fowa%2F&"));
  CHECK(contains(session.requests[0].body, "&trusted=4&"));
  CHECK(contains(session.requests[0].body, "username=alice%40contoso.com"));
}

TEST_CASE("the cross-site re-post sends our password, not the page's", "[verify]") {
  const std::string page =
      "<form name='logonForm' method='post' "
      "action='https://legacy.contoso.com/owa/auth/owaauth.dll'>"
      "<input type='hidden' name='destination' value='https://legacy.contoso.com/owa/'>"
      "<input type='hidden' name='password' value='echoed'></form>";
  FakeSession session(
      {response(200, {{"X-OWA-FEError", "CasRedirect"}}, page),
       response(302, {{"Location", "https://legacy.contoso.com/owa/"}, {"Set-Cookie", k_cadata}}),
       owa_page()});
  StepClock clock;
  const LogonRequest request{"https://mail.contoso.com/owa", "", "CONTOSO\\alice", &k_password};
  const auto result = owa_logon(session, request, clock);
  CHECK(result.outcome == LogonOutcome::ok);
  REQUIRE(session.requests.size() == 3);
  CHECK(session.requests[1].url == "https://legacy.contoso.com/owa/auth/owaauth.dll");
  CHECK(contains(session.requests[1].body, "password=S3cr3t"));
  CHECK_FALSE(contains(session.requests[1].body, "echoed"));
  CHECK(session.requests[2].url == "https://legacy.contoso.com/owa/");
  CHECK(contains(result.detail, "cross-site"));
}

TEST_CASE("an echoed password is scrubbed from the result", "[verify]") {
  FakeSession session(
      {response(500, {{"X-CasErrorCode", "Oops " + k_password}, {"X-FEServer", k_password}})});
  StepClock clock;
  const LogonRequest request{"https://mail.contoso.com/owa", "", "u", &k_password};
  const auto result = owa_logon(session, request, clock);
  CHECK(result.outcome == LogonOutcome::proxy_failure);
  CHECK_FALSE(contains(result.cas_error_code, k_password));
  CHECK_FALSE(contains(result.fe_server, k_password));
  CHECK_FALSE(contains(result.detail, k_password));
}

TEST_CASE("owa.logon-failed findings and the verify report", "[verify]") {
  std::vector<VerificationRecord> records;
  LogonResult ok;
  ok.url = "https://mail.contoso.com/owa";
  ok.via = "EX16B";
  ok.user = "CONTOSO\\alice";
  ok.outcome = LogonOutcome::ok;
  ok.http_status = 200;
  ok.elapsed_ms = 120;
  LogonResult failed = ok;
  failed.via = "EX16A";
  failed.outcome = LogonOutcome::proxy_failure;
  failed.http_status = 500;
  failed.cas_error_code = "ServerNotFound";
  failed.fe_server = "EX16A";
  failed.be_server = "ex2010.contoso.com";
  records.push_back(to_record(ok));
  records.push_back(to_record(failed));
  std::vector<Finding> findings;
  owa_logon_findings(records, findings);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].id == "owa.logon-failed");
  CHECK(findings[0].severity == Severity::critical);
  CHECK(findings[0].server == "EX16A");
  CHECK(findings[0].evidence["outcome"] == "proxy-failure");
  CHECK(findings[0].evidence["cas_error_code"] == "ServerNotFound");
  CHECK(verify_exit_code({ok, failed}) == ExitCode::critical);
  CHECK(verify_exit_code({ok}) == ExitCode::ok);

  Report report;
  report.command = "verify";
  report.tool_version = "test";
  report.status = Status::critical;
  report.verification = records;
  report.findings = findings;
  const auto json = nlohmann::json::parse(render(report, OutputFormat::json, {}));
  REQUIRE(json["verification"].size() == 2);
  CHECK(json["verification"][1]["outcome"] == "proxy-failure");
  CHECK(json["verification"][1]["cas_error_code"] == "ServerNotFound");
  CHECK(json["verification"][0]["cas_error_code"].is_null());
  CHECK(json["verification"][0]["via"] == "EX16B");
  test::keep_json_document("verify-report", render(report, OutputFormat::json, {}));
  const auto text = render(report, OutputFormat::text, {});
  CHECK(contains(text, "VERIFICATION (2)"));
  CHECK(contains(text, "ServerNotFound"));
  const auto markdown = render(report, OutputFormat::markdown, {});
  CHECK(contains(markdown, "## Verification"));
}

TEST_CASE("nothing reachable: the findings are unknown, exit 3", "[verify]") {
  LogonResult a;
  a.url = "https://mail.contoso.com/owa";
  a.via = "EX16A";
  a.outcome = LogonOutcome::connect_error;
  LogonResult b = a;
  b.via = "EX16B";
  b.outcome = LogonOutcome::timeout;
  std::vector<VerificationRecord> records{to_record(a), to_record(b)};
  std::vector<Finding> findings;
  owa_logon_findings(records, findings);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].severity == Severity::unknown);
  CHECK(verify_exit_code({a, b}) == ExitCode::unknown);
  LogonResult c = a;
  c.outcome = LogonOutcome::ok;
  CHECK(verify_exit_code({a, c}) == ExitCode::critical);
}

TEST_CASE("SecretString wipes and reads one line", "[verify]") {
  std::string source = "hunter2-long-enough-to-be-on-the-heap-and-more";
  SecretString secret(source);
  CHECK(source.empty());
  CHECK(secret.view() == "hunter2-long-enough-to-be-on-the-heap-and-more");
  SecretString moved(std::move(secret));
  CHECK(secret.empty());  // NOLINT(bugprone-use-after-move): the point of the test
  CHECK(moved.size() == 46);
  for (int i = 0; i < 100; ++i) moved.append("x");
  CHECK(moved.size() == 146);
  moved.clear();
  CHECK(moved.empty());

  CHECK(secret_from_line("pa ss\r\n").view() == "pa ss");
  CHECK(secret_from_line("pass\nsecond line").view() == "pass");
  CHECK(secret_from_line("pass").view() == "pass");

  std::string text = "abc";
  wipe(text);
  CHECK(text.empty());
}

TEST_CASE("the password comes from the environment once", "[verify]") {
  casdoctor::test::set_env("CASDOCTOR_TEST_SECRET", "from-env");
  auto secret = secret_from_env("CASDOCTOR_TEST_SECRET");
  REQUIRE(secret);
  CHECK(secret->view() == "from-env");
  CHECK(std::getenv("CASDOCTOR_TEST_SECRET") == nullptr);
  auto missing = secret_from_env("CASDOCTOR_TEST_SECRET");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ExitCode::usage);
}

}  // namespace casdoctor
