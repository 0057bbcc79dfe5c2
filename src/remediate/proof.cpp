// The proof a logon gives (docs/logon-proof.md, "Proof before the plan").
// Only the failure a stale IsOutOfService causes proves a stale cache: the
// front end finds no Exchange 2010 CAS in service for the mailbox
// (NoAvailableDownLevelBackEndException, a ServerNotFoundException) and
// answers the logon post 500 with X-CasErrorCode ServerNotFound, or ends on
// errorFE naming the exception (exchange-facts 7.3). Anything else is about
// the network, the account or the configuration, not the cache.
#include "casdoctor/remediate/proof.hpp"

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

namespace casdoctor {
namespace {

constexpr std::string_view k_server_not_found = "ServerNotFound";
constexpr std::string_view k_no_downlevel = "NoAvailableDownLevelBackEnd";

bool contains_nocase(std::string_view text, std::string_view part) {
  return to_lower_ascii(text).find(to_lower_ascii(part)) != std::string::npos;
}

// The one line the report shows for the logon: its outcome and the headers
// that tell the cases apart.
std::string logon_line(const VerificationRecord& r) {
  std::string line = r.outcome;
  if (r.http_status) line += cat(", HTTP ", std::to_string(*r.http_status));
  if (!r.cas_error_code.empty()) line += cat(", X-CasErrorCode ", r.cas_error_code);
  if (!r.owa_error.empty()) line += cat(", error ", r.owa_error);
  if (!r.fe_server.empty()) line += cat(", X-FEServer ", r.fe_server);
  if (!r.be_server.empty()) line += cat(", back end ", r.be_server);
  if (!r.backend_version.empty()) line += cat(" ", r.backend_version);
  return line;
}

bool stale_signature(const VerificationRecord& r) {
  if (r.outcome == "proxy-failure") return iequals(r.cas_error_code, k_server_not_found);
  if (r.outcome == "error-page")
    return contains_nocase(r.owa_error, k_no_downlevel) ||
           contains_nocase(r.owa_error, k_server_not_found);
  return false;
}

// Why an outcome that is neither the stale signature nor a 2010 mailbox
// opened proves nothing about the cache.
std::string inconclusive_reason(const VerificationRecord& r) {
  if (r.outcome == "proxy-failure")
    return cat("X-CasErrorCode ", r.cas_error_code.empty() ? "(none)" : r.cas_error_code,
               " is not the stale cache's ServerNotFound");
  if (r.outcome == "error-page")
    return cat("the error page names ", r.owa_error.empty() ? "no code" : r.owa_error,
               ", a configuration problem, not the stale cache's NoAvailableDownLevelBackEnd");
  if (r.outcome == "backend-not-proven")
    return "the mailbox opened, but nothing shows an Exchange 2010 back end: the logon did not "
           "cross the 2010 proxy path";
  if (r.outcome == "bad-credentials")
    return "the password was refused: the logon never reached the proxy";
  if (r.outcome == "http-error")
    return "an HTTP error is not the stale cache's answer (503 while IIS warms up, a proxy in "
           "between)";
  return "no HTTP answer from the front end";  // tls-error, timeout, connect-error
}

}  // namespace

bool names_server(std::string_view written, const ServerView& server) {
  if (written.empty()) return false;
  const auto host = written.substr(0, written.find('.'));
  return iequals(written, server.name) || iequals(host, server.name) ||
         (!server.fqdn.empty() && iequals(written, server.fqdn));
}

TargetProof proof_from_logon(const VerificationRecord& record, const ServerView& server) {
  TargetProof proof{ProofState::suspected, record.outcome, logon_line(record), {}};
  // A load balancer's address, or a --via address of another server: the
  // answer says nothing about this one.
  if (!record.fe_server.empty() && !names_server(record.fe_server, server)) {
    proof.reason = cat("the OWA logon through it proves nothing (answered by X-FEServer ",
                       record.fe_server, ", not ", server.name, ")");
  } else if (stale_signature(record)) {
    proof.state = ProofState::proven;
    proof.reason =
        cat("the logon through ", server.name,
            " failed the way a stale cache fails: no Exchange 2010 CAS in service for the mailbox");
  } else if (record.outcome == "ok") {
    proof.state = ProofState::logon_works;
    proof.reason = cat("the mailbox opened through ", server.name,
                       " from its Exchange 2010 back end: OWA's app pool there routes to 2010 now");
  } else {
    proof.reason = cat("the OWA logon through it proves nothing (", record.outcome,
                       "): ", inconclusive_reason(record));
  }
  return proof;
}

TargetProof proof_without_logon(std::string why) {
  return {ProofState::suspected, {}, {}, std::move(why)};
}

}  // namespace casdoctor
