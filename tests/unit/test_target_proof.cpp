// Which logon outcomes prove a plan target stale (docs/logon-proof.md,
// "Proof before the plan"): only the stale cache's own failure proves; a
// mailbox opened from the 2010 back end says the logon works; everything
// else proves nothing either way.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/remediate/proof.hpp"

using namespace casdoctor;

namespace {

ServerView ex16a() {
  ServerView s;
  s.name = "EX16A";
  s.fqdn = "EX16A.contoso.com";
  return s;
}

struct ProofCase {
  const char* name;
  const char* outcome;
  std::optional<long> status;
  const char* cas_error_code;
  const char* owa_error;
  const char* fe_server;
  ProofState expected;
  const char* reason_part;
};

VerificationRecord record_of(const ProofCase& c) {
  VerificationRecord r;
  r.url = "https://mail.contoso.com/owa";
  r.via = "EX16A";
  r.user = "CONTOSO\\alice";
  r.outcome = c.outcome;
  r.http_status = c.status;
  r.cas_error_code = c.cas_error_code;
  r.owa_error = c.owa_error;
  r.fe_server = c.fe_server;
  if (r.outcome == "ok") {
    r.be_server = "ex2010.contoso.com";
    r.backend_version = "14.3.411.0";
  }
  return r;
}

}  // namespace

TEST_CASE("proof: which logon outcomes prove a target stale", "[remediate][proof]") {
  using enum ProofState;
  const char* nfe = "Microsoft.Exchange.HttpProxy.NoAvailableDownLevelBackEndException";
  const ProofCase cases[] = {
      {"500 ServerNotFound at the logon post", "proxy-failure", 500, "ServerNotFound", "", "EX16A",
       proven, "failed the way a stale cache fails"},
      {"ServerNotFound, header in another case", "proxy-failure", 500, "servernotfound", "", "",
       proven, "stale cache"},
      {"errorFE naming the exception (owa_error_page)", "error-page", 200, "", nfe, "EX16A", proven,
       "stale cache"},
      {"another X-CasErrorCode", "proxy-failure", 500, "MailboxGuidWithDomainNotFound", "", "EX16A",
       suspected, "is not the stale cache's ServerNotFound"},
      {"a 5xx without X-CasErrorCode", "proxy-failure", 502, "", "", "", suspected, "(none)"},
      {"NoLegacyCAS error page", "error-page", 200, "", "NoLegacyCAS", "EX16A", suspected,
       "a configuration problem"},
      {"CAS14WithNoWIA error page", "error-page", 200, "", "CAS14WithNoWIA", "EX16A", suspected,
       "a configuration problem"},
      {"NoFbaSSL error page", "error-page", 200, "", "NoFbaSSL", "EX16A", suspected,
       "a configuration problem"},
      {"bad credentials", "bad-credentials", 200, "", "", "EX16A", suspected,
       "never reached the proxy"},
      {"503 while IIS warms up", "http-error", 503, "", "", "EX16A", suspected,
       "not the stale cache's answer"},
      {"timeout", "timeout", std::nullopt, "", "", "", suspected, "no HTTP answer"},
      {"tls error", "tls-error", std::nullopt, "", "", "", suspected, "no HTTP answer"},
      {"connect error", "connect-error", std::nullopt, "", "", "", suspected, "no HTTP answer"},
      {"mailbox opened, 2010 not proven", "backend-not-proven", 200, "", "", "EX16A", suspected,
       "did not cross the 2010 proxy path"},
      {"mailbox opened from the 2010 back end", "ok", 200, "", "", "EX16A", logon_works,
       "routes to 2010 now"},
      {"answered by the FQDN of the server", "ok", 200, "", "", "ex16a.contoso.com", logon_works,
       "routes to 2010 now"},
      {"ServerNotFound, but from another front end", "proxy-failure", 500, "ServerNotFound", "",
       "EX16B", suspected, "answered by X-FEServer EX16B, not EX16A"},
      {"ok, but from another front end", "ok", 200, "", "", "EX13A", suspected,
       "answered by X-FEServer EX13A"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto proof = proof_from_logon(record_of(c), ex16a());
    CHECK(proof.state == c.expected);
    CHECK(proof.outcome == c.outcome);
    CHECK_THAT(proof.logon, Catch::StartsWith(c.outcome));
    CHECK_THAT(proof.reason, Catch::Contains(c.reason_part));
  }
}

TEST_CASE("proof: the logon line names what tells the cases apart", "[remediate][proof]") {
  const ProofCase c{"",      "proxy-failure",    500, "ServerNotFound", "",
                    "EX16A", ProofState::proven, ""};
  CHECK(proof_from_logon(record_of(c), ex16a()).logon ==
        "proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound, X-FEServer EX16A");
}

TEST_CASE("proof: no logon is suspected, with the reason", "[remediate][proof]") {
  const auto proof = proof_without_logon("--no-prove");
  CHECK(proof.state == ProofState::suspected);
  CHECK(proof.outcome.empty());
  CHECK(proof.logon.empty());
  CHECK(proof.reason == "--no-prove");
  CHECK(to_string(ProofState::logon_works) == "logon-works");
  CHECK(proof_state_from("proven") == ProofState::proven);
  CHECK_FALSE(proof_state_from("Proven").has_value());
}
