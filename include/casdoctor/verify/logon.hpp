#pragma once
// The OWA forms logon of KB4294204's own test, through one front end:
// POST <url>/auth.owa, then GET the destination with the cookies.
#include <chrono>
#include <optional>
#include <string>

#include "casdoctor/core/time.hpp"
#include "casdoctor/sys/http.hpp"

namespace casdoctor {

enum class LogonOutcome {
  ok,
  bad_credentials,
  proxy_failure,
  http_error,
  tls_error,
  timeout,
  connect_error,
  error_page,          // OWA's or the front end's error page (errorFE.aspx, X-OWA-Error, ...)
  backend_not_proven,  // the mailbox opened, but nothing shows an Exchange 2010 back end served it
};
std::string_view to_string(LogonOutcome o);  // "ok", "bad-credentials", "proxy-failure", ...

struct LogonResult {
  std::string url;   // the namespace URL, e.g. https://mail.contoso.com/owa
  std::string via;   // the front end it went through; "" = the namespace
  std::string user;  // DOMAIN\name or UPN (never the password)
  LogonOutcome outcome = LogonOutcome::http_error;
  std::optional<long> http_status;
  std::string cas_error_code;   // X-CasErrorCode
  std::string fe_server;        // X-FEServer
  std::string be_server;        // X-BEServer, else X-CalculatedBETarget, else X-DiagInfo
  std::string owa_error;        // the code an error page names (X-OWA-Error, NoLegacyCAS, ...)
  std::string backend_version;  // X-OWA-Version of the page that opened the mailbox
  std::string detail;           // one line for people: the logon.aspx reason, the redirect, ...
  std::int64_t elapsed_ms = 0;
};

struct LogonRequest {
  std::string url;  // https://host/owa (a 2010 CAS URL uses owaauth.dll)
  std::string via;
  std::string user;
  const std::string* password = nullptr;  // owned and wiped by the caller
};

LogonResult owa_logon(sys::HttpSession& session, const LogonRequest& request, const Clock& clock);

// Whether waiting can make a failed logon work: a front end that is
// restarting refuses connections, times out, answers 503 or still proxies to
// nowhere for a while; a rejected password stays rejected, and a mailbox that
// opened without proof of a 2010 back end will open the same way again. A
// TLS failure may be a handshake cut by the restart, so it is waited for too.
bool may_recover(LogonOutcome outcome);

// A logon that worked but does not prove the 2010 path: the status it
// carries is a warning, not ok (docs/logon-proof.md).
bool is_unproven(LogonOutcome outcome);

// One line for people: "proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound, ...".
std::string describe(const LogonResult& result);

}  // namespace casdoctor
