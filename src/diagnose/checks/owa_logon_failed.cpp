#include <algorithm>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/diagnose/checks.hpp"

namespace casdoctor {
namespace {

// No HTTP answer at all: the logon could not be tried.
bool untested(const VerificationRecord& r) {
  return r.outcome == "connect-error" || r.outcome == "timeout" || r.outcome == "tls-error";
}

std::string remedy_for(const VerificationRecord& r) {
  if (r.outcome == "bad-credentials") {
    return "Check the user name (DOMAIN\\name or UPN) and the password, and that the account is "
           "neither locked out nor expired; then run the logon again.";
  }
  if (r.outcome == "proxy-failure") {
    return cat(
        "The front end could not route the logon to the mailbox's server (X-CasErrorCode ",
        r.cas_error_code.empty() ? std::string("-") : r.cas_error_code,
        "). For a mailbox on Exchange 2010 this is the KB4294204 symptom: a 2013/2016 server "
        "still holds an old IsOutOfService value. Run 'casdoctor diagnose' and "
        "'casdoctor remediate --dry-run' to find and fix the stale servers, then verify again.");
  }
  if (r.outcome == "error-page") {
    return cat(
        "The logon ended on Exchange's error page (", r.owa_error.empty() ? "no code" : r.owa_error,
        "). NoAvailableDownLevelBackEnd/ServerNotFound for a mailbox on Exchange 2010 is the "
        "KB4294204 symptom (run 'casdoctor diagnose'); NoLegacyCAS: no 2010 CAS with an OWA URL "
        "in the mailbox's site; NoFbaSSL: that URL is not https; CAS14WithNoWIA: the 2010 OWA "
        "virtual directory needs Integrated Windows authentication (docs/logon-proof.md).");
  }
  if (r.outcome == "backend-not-proven") {
    return "Use a test mailbox hosted on Exchange 2010, and make sure nothing between the client "
           "and OWA (a reverse proxy, an IIS outbound rule) removes X-OWA-Version; or verify "
           "against the 2010 CAS's own URL (--url https://CAS2010/owa/auth/owaauth.dll).";
  }
  if (r.outcome == "tls-error") {
    return "The TLS handshake or certificate check failed: give the issuing CA with --ca-file, "
           "or check the certificate bound to the web site.";
  }
  if (r.outcome == "connect-error" || r.outcome == "timeout") {
    return "The server could not be reached: check the name or address (--via), the port, "
           "firewalls and that IIS (W3SVC) runs on it.";
  }
  return "Look at the HTTP status and the front end's HttpProxy log "
         "(%ExchangeInstallPath%Logging\\HttpProxy\\Owa) for this request.";
}

void find_owa_logon_failed(const OrgModel&, std::vector<Finding>&) {}

}  // namespace

void owa_logon_findings(std::span<const VerificationRecord> logons, std::vector<Finding>& out) {
  const auto& info = k_check_owa_logon_failed.info;
  const bool nothing_tested =
      !logons.empty() && std::all_of(logons.begin(), logons.end(), untested);
  for (const auto& r : logons) {
    if (r.outcome == "ok") continue;
    const std::string through = r.via.empty() ? std::string("the namespace") : r.via;
    const std::string code = !r.cas_error_code.empty() ? r.cas_error_code : r.owa_error;
    const bool unproven = r.outcome == "backend-not-proven";
    auto finding = make_finding(
        unproven ? k_check_owa_backend_not_proven.info : info, r.via,
        unproven ? cat("OWA logon for ", r.user, " through ", through,
                       " opened a mailbox but did not prove an Exchange 2010 back end",
                       r.backend_version.empty() ? std::string()
                                                 : cat(" (X-OWA-Version ", r.backend_version, ")"))
                 : cat("OWA logon for ", r.user, " through ", through, " failed: ", r.outcome,
                       code.empty() ? std::string() : cat(" (", code, ")")));
    if (nothing_tested) finding.severity = Severity::unknown;
    auto& e = finding.evidence;
    e["outcome"] = r.outcome;
    e["url"] = r.url;
    e["via"] = r.via;
    e["user"] = r.user;
    if (r.http_status) e["http_status"] = *r.http_status;
    if (!r.cas_error_code.empty()) e["cas_error_code"] = r.cas_error_code;
    if (!r.fe_server.empty()) e["fe_server"] = r.fe_server;
    if (!r.be_server.empty()) e["be_server"] = r.be_server;
    if (!r.owa_error.empty()) e["owa_error"] = r.owa_error;
    if (!r.backend_version.empty()) e["backend_version"] = r.backend_version;
    if (!r.detail.empty()) e["detail"] = r.detail;
    finding.remedy = remedy_for(r);
    out.push_back(std::move(finding));
  }
}

const Check k_check_owa_logon_failed{
    {"owa.logon-failed", Severity::critical, "OWA logon failed",
     "The verifier's OWA forms logon (casdoctor verify, or diagnose --url) failed through a front "
     "end or the namespace; the finding carries the classification (bad-credentials, "
     "proxy-failure, error-page, http-error, tls-error, timeout, connect-error). When no logon got "
     "an HTTP "
     "answer at all the findings are 'unknown': nothing could be tested."},
    &find_owa_logon_failed};

const Check k_check_owa_backend_not_proven{
    {"owa.backend-not-proven", Severity::warning, "OWA logon did not prove a 2010 back end",
     "The verifier's OWA logon opened a mailbox, but the page carried no X-OWA-Version 14.x: "
     "nothing shows that an Exchange 2010 back end served it, so the logon does not test the "
     "proxy path KB4294204 breaks (a test mailbox on a later version, or a proxy that strips "
     "the header). Not a failure, not a proof: a warning. Fed by the logons, like "
     "owa.logon-failed."},
    &find_owa_logon_failed};

}  // namespace casdoctor
