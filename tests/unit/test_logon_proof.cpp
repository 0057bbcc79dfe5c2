// The logon proof (docs/logon-proof.md): error pages are failures whatever
// their status, `ok` needs an Exchange 2010 back end, the cross-site
// variants, the POST-time routing failure. Table-driven over the pure page
// signals and over the flow against scripted answers.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/verify/logon.hpp"
#include "casdoctor/verify/targets.hpp"

#include "../../src/verify/page_signals.hpp"
#include "../../src/verify/web.hpp"
#include "fake_http.hpp"

namespace casdoctor {
namespace {

using test::accepted;
using test::FakeSession;
using test::k_cadata;
using test::owa_page;
using test::Reply;
using test::response;
using namespace verify_detail;

class TickClock final : public Clock {
 public:
  TimePoint now() const override {
    t_ += std::chrono::milliseconds(10);
    return t_;
  }

 private:
  mutable TimePoint t_{};
};

const std::string k_password = "pa'ss&w\xc3\xa9rd";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The SSO page as the 2013 front end writes it: single quotes, the password
// encoded for a single-quoted attribute, no forcedownlevel/trusted/isUtf8.
const std::string k_sso_page =
    "<html><noscript>...</noscript><head><title>Continue</title><script "
    "type='text/javascript'>function DoSubmit(){document.logonForm.submit();}</script></head>"
    "<body onload='javascript:DoSubmit();'><form name='logonForm' id='logonForm' "
    "action='https://legacy.contoso.com/owa/auth/owaauth.dll' method='post' target='_top'>"
    "<input type='hidden' name='destination' value='https://legacy.contoso.com/owa'>"
    "<input type='hidden' name='username' value='CONTOSO\\J&#233;r&#244;me'>"
    "<input type='hidden' name='flags' value='4'>"
    "<input type='hidden' name='password' value='pa&#39;ss&amp;w'></form></body></html>";

const std::string k_manual_page =
    "<html><body><div>Use the following link to open this mailbox with the best performance:"
    "<br/><a href=\"https://legacy.contoso.com/owa\">https://legacy.contoso.com/owa</a></div>"
    "</body></html>";

sys::HttpResponse mailbox_2010() {
  return response(200, {{"X-DiagInfo", "EX2010P"}, {"X-OWA-Version", "14.3.513.0"}},
                  "<html>Outlook</html>");
}

struct FlowCase {
  std::string name;
  std::vector<Reply> replies;
  LogonOutcome outcome;
  std::string owa_error;
  std::vector<std::string> urls;  // every request's URL, in order
  std::string detail_part;
};

std::vector<FlowCase> flow_cases() {
  const std::string fe = "https://mail.contoso.com/owa/";
  const std::string post = "https://mail.contoso.com/owa/auth.owa";
  const std::string legacy_post = "https://legacy.contoso.com/owa/auth/owaauth.dll";
  const std::string error_fe =
      "/owa/auth/errorFE.aspx?httpCode=500&owaError=Microsoft.Exchange.HttpProxy."
      "NoAvailableDownLevelBackEndException&fe=EX16A";
  return {
      {"errorFE 200 after the logon is an error page, not ok",
       {accepted(), response(302, {{"Location", error_fe}}),
        response(
            200,
            {{"X-OWA-Error", "Microsoft.Exchange.HttpProxy.NoAvailableDownLevelBackEndException"},
             {"X-OWA-Version", "14.3.513.0"}},
            "<html>Something went wrong</html>")},
       LogonOutcome::error_page,
       "Microsoft.Exchange.HttpProxy.NoAvailableDownLevelBackEndException",
       {post, fe, "https://mail.contoso.com" + error_fe},
       "the mailbox request ended on an error page, HTTP 200"},
      {"X-OWA-Error on a 200 mailbox page",
       {accepted(), response(200,
                             {{"X-OWA-Error",
                               "Microsoft.Exchange.Data.Storage."
                               "WrongServerException"}},
                             "<html>Outlook</html>")},
       LogonOutcome::error_page,
       "Microsoft.Exchange.Data.Storage.WrongServerException",
       {post, fe},
       "X-OWA-Error"},
      {"OWA 2010's error.aspx without a code",
       {accepted(), response(302, {{"Location", "/owa/auth/error.aspx"}}),
        response(200, {}, "<html>error</html>")},
       LogonOutcome::error_page,
       "",
       {post, fe, "https://mail.contoso.com/owa/auth/error.aspx"},
       "no error code named"},
      {"the logon post redirected to errorFE (the stale case, error page variant)",
       {response(302, {{"Location", error_fe}}),
        response(200,
                 {{"X-OWA-Error",
                   "Microsoft.Exchange.HttpProxy."
                   "NoAvailableDownLevelBackEndException"}},
                 "<html>Something went wrong</html>")},
       LogonOutcome::error_page,
       "Microsoft.Exchange.HttpProxy.NoAvailableDownLevelBackEndException",
       {post, "https://mail.contoso.com" + error_fe},
       "the logon post ended on an error page"},
      {"500 ServerNotFound at the logon post, before any cookie",
       {response(500, {{"X-CasErrorCode", "ServerNotFound"}, {"X-FEServer", "EX16A"}})},
       LogonOutcome::proxy_failure,
       "",
       {post},
       "could not proxy the logon post (X-CasErrorCode: ServerNotFound)"},
      {"NoLegacyCAS transferred at the logon post",
       {response(200, {{"X-FEServer", "EX16A"}}, "<div>Something went wrong</div>500:NoLegacyCAS")},
       LogonOutcome::error_page,
       "NoLegacyCAS",
       {post},
       "NoLegacyCAS"},
      {"NoFbaSSL transferred at the logon post",
       {response(200, {}, "<div>Something went wrong</div><div>500:NoFbaSSL</div>")},
       LogonOutcome::error_page,
       "NoFbaSSL",
       {post},
       "NoFbaSSL"},
      {"single-quoted SSO page is re-posted to the 2010 CAS",
       {response(200, {{"X-OWA-FEError", "CasRedirect"}}, k_sso_page),
        response(302, {{"Location", "https://legacy.contoso.com/owa"}, {"Set-Cookie", k_cadata}}),
        mailbox_2010()},
       LogonOutcome::ok,
       "",
       {post, legacy_post, "https://legacy.contoso.com/owa"},
       "cross-site redirect to " + legacy_post},
      {"plain 302 to the 2010 OWA URL without cadata is followed to its owaauth.dll",
       {response(302, {{"Location", "https://legacy.contoso.com/owa"}}), accepted(),
        mailbox_2010()},
       LogonOutcome::ok,
       "",
       {post, legacy_post, fe},
       "cross-site redirect (plain 302) to " + legacy_post},
      {"plain 302 to http is not followed",
       {response(302, {{"Location", "http://legacy.contoso.com/owa"}})},
       LogonOutcome::http_error,
       "",
       {post},
       "only sent over https"},
      {"manual CasRedirect link page is followed once",
       {response(200, {{"X-OWA-FEError", "CasRedirect"}}, k_manual_page), accepted(),
        mailbox_2010()},
       LogonOutcome::ok,
       "",
       {post, legacy_post, fe},
       "cross-site link to " + legacy_post},
      {"manual page without a link",
       {response(200, {{"X-OWA-FEError", "CasRedirect"}}, "<html>no link</html>")},
       LogonOutcome::http_error,
       "",
       {post},
       "without a target"},
      {"CAS14WithNoWIA transferred at the mailbox request (200 at /owa/)",
       {accepted(), response(200, {{"X-FEServer", "EX16A"}},
                             "<div>Something went wrong</div>500:CAS14WithNoWIA")},
       LogonOutcome::error_page,
       "CAS14WithNoWIA",
       {post, fe},
       "the mailbox request ended on the front end's error page (CAS14WithNoWIA)"},
      {"a 2010 mailbox page that mentions a code stays ok",
       {accepted(), response(200, {{"X-OWA-Version", "14.3.513.0"}}, "<td>NoLegacyCAS</td>")},
       LogonOutcome::ok,
       "",
       {post, fe},
       "Exchange 2010 back end"},
      {"mailbox page without X-OWA-Version: not proven",
       {accepted(), response(200, {{"X-FEServer", "EX16A"}}, "<html>Outlook</html>")},
       LogonOutcome::backend_not_proven,
       "",
       {post, fe},
       "no X-OWA-Version"},
      {"mailbox on 2016: not proven",
       {accepted(), response(200, {{"X-OWA-Version", "15.1.2507.6"}}, "<html>Outlook</html>")},
       LogonOutcome::backend_not_proven,
       "",
       {post, fe},
       "the back end is Exchange 15.1.2507.6, not 2010"},
      {"mailbox on 2010: ok",
       {accepted(), owa_page()},
       LogonOutcome::ok,
       "",
       {post, fe},
       "Exchange 2010 back end (X-OWA-Version 14.3.513.0)"},
  };
}

}  // namespace

TEST_CASE("the logon proof: outcomes of the flow", "[verify][logon-proof]") {
  for (const auto& c : flow_cases()) {
    DYNAMIC_SECTION(c.name) {
      FakeSession session(c.replies);
      TickClock clock;
      const LogonRequest request{"https://mail.contoso.com/owa", "EX16A", "CONTOSO\\alice",
                                 &k_password};
      const auto result = owa_logon(session, request, clock);
      CHECK(to_string(result.outcome) == to_string(c.outcome));
      CHECK(result.owa_error == c.owa_error);
      std::vector<std::string> urls;
      for (const auto& r : session.requests) urls.push_back(r.url);
      CHECK(urls == c.urls);
      INFO(result.detail);
      CHECK(contains(result.detail, c.detail_part));
      for (std::size_t i = 1; i < session.requests.size(); ++i) {
        // Our password, never an echo of the page's, and only to https.
        if (session.requests[i].method != "POST") continue;
        CHECK(contains(session.requests[i].body, "password=pa%27ss%26w%C3%A9rd"));
        CHECK(session.requests[i].url.starts_with("https://"));
      }
    }
  }
}

TEST_CASE("the SSO page's single-quoted markup", "[verify][logon-proof]") {
  const auto forms = html_forms(k_sso_page);
  REQUIRE(forms.size() == 1);
  CHECK(forms[0].name == "logonForm");
  CHECK(forms[0].action == "https://legacy.contoso.com/owa/auth/owaauth.dll");
  const std::vector<std::pair<std::string, std::string>> inputs{
      {"destination", "https://legacy.contoso.com/owa"},
      {"username", "CONTOSO\\J\xc3\xa9r\xc3\xb4me"},
      {"flags", "4"},
      {"password", "pa'ss&w"}};
  CHECK(forms[0].inputs == inputs);
}

TEST_CASE("error signals", "[verify][logon-proof]") {
  struct Case {
    std::string name;
    std::string url;
    sys::HttpResponse response;
    bool error;
    std::string code;
  };
  const std::vector<Case> cases{
      {"X-OWA-Error", "https://m/owa/", response(200, {{"X-OWA-Error", "E.X"}}), true, "E.X"},
      {"X-OWA-FEError NoLegacyCAS", "https://m/owa/auth.owa",
       response(200, {{"X-OWA-FEError", "NoLegacyCAS"}}), true, "NoLegacyCAS"},
      {"X-OWA-FEError CasRedirect is a way on", "https://m/owa/auth/errorFE.aspx",
       response(200, {{"X-OWA-FEError", "CasRedirect"}}), false, ""},
      {"errorFE query owaError", "https://m/owa/auth/errorFE.aspx?httpCode=500&owaError=A.B%2BC",
       response(200, {}), true, "A.B+C"},
      {"errorFE query CafeError first", "https://m/owa/auth/errorFE.aspx?CafeError=NoFbaSSL",
       response(500, {}), true, "NoFbaSSL"},
      {"errorFE body code", "https://m/owa/auth/ErrorFE.aspx",
       response(200, {}, "500:CAS14WithNoWIA"), true, "CAS14WithNoWIA"},
      {"error.aspx", "https://m/owa/auth/error.aspx#x", response(200, {}), true, ""},
      {"a mailbox page", "https://m/owa/", response(200, {}, "<html>NoLegacyCAS</html>"), false,
       ""},
      {"a path that only ends like it", "https://m/owa/auth/myerrorFE.aspx.html", response(200, {}),
       false, ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto signal = error_signal(c.url, c.response);
      CHECK(signal.has_value() == c.error);
      if (signal) CHECK(signal->code == c.code);
    }
  }
}

TEST_CASE("backend proof", "[verify][logon-proof]") {
  struct Case {
    std::string version;
    bool proven;
  };
  for (const auto& c : std::vector<Case>{{"14.3.513.0", true},
                                         {"14.0.639.21", true},
                                         {"15.1.2507.6", false},
                                         {"15.0.1497.2", false},
                                         {"x14", false},
                                         {"", false}}) {
    DYNAMIC_SECTION(c.version) {
      const auto r =
          c.version.empty() ? response(200, {}) : response(200, {{"x-owa-version", c.version}});
      const auto proof = backend_proof(r);
      CHECK(proof.proven == c.proven);
      CHECK(proof.version == c.version);
      CHECK_FALSE(proof.reason.empty());
    }
  }
}

TEST_CASE("manual redirect link", "[verify][logon-proof]") {
  CHECK(manual_redirect_link(response(200, {{"X-OWA-FEError", "CasRedirect"}}, k_manual_page)) ==
        "https://legacy.contoso.com/owa");
  CHECK_FALSE(manual_redirect_link(response(200, {}, k_manual_page)));
  CHECK_FALSE(manual_redirect_link(response(200, {{"X-OWA-FEError", "CasRedirect"}}, k_sso_page)));
  CHECK(manual_redirect_link(response(200, {{"X-OWA-FEError", "CasRedirect"}},
                                      "<A class=x HREF='https://l/owa?a=1&amp;b=2'>go</A>")) ==
        "https://l/owa?a=1&b=2");
}

TEST_CASE("not proven is a warning, not ok and not a failure", "[verify][logon-proof]") {
  LogonResult ok;
  ok.url = "https://mail.contoso.com/owa";
  ok.via = "EX16B";
  ok.user = "CONTOSO\\bob";
  ok.outcome = LogonOutcome::ok;
  LogonResult unproven = ok;
  unproven.via = "EX16A";
  unproven.outcome = LogonOutcome::backend_not_proven;
  unproven.backend_version = "15.1.2507.6";
  LogonResult error = ok;
  error.outcome = LogonOutcome::error_page;
  error.owa_error = "NoLegacyCAS";

  CHECK(verify_exit_code({ok, unproven}) == ExitCode::warning);
  CHECK(verify_exit_code({unproven}) == ExitCode::warning);
  CHECK(verify_exit_code({unproven, error}) == ExitCode::critical);
  CHECK_FALSE(may_recover(LogonOutcome::backend_not_proven));
  CHECK(may_recover(LogonOutcome::error_page));

  std::vector<VerificationRecord> records{to_record(ok), to_record(unproven), to_record(error)};
  std::vector<Finding> findings;
  owa_logon_findings(records, findings);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].id == "owa.backend-not-proven");
  CHECK(findings[0].severity == Severity::warning);
  CHECK(findings[0].evidence["backend_version"] == "15.1.2507.6");
  CHECK(findings[1].id == "owa.logon-failed");
  CHECK(findings[1].severity == Severity::critical);
  CHECK(findings[1].evidence["owa_error"] == "NoLegacyCAS");
  CHECK(contains(findings[1].summary, "(NoLegacyCAS)"));
  CHECK(contains(describe(error), "error NoLegacyCAS"));
}

}  // namespace casdoctor
