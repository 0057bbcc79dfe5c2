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
  connect_error
};
std::string_view to_string(LogonOutcome o);  // "ok", "bad-credentials", "proxy-failure", ...

struct LogonResult {
  std::string url;   // the namespace URL, e.g. https://mail.contoso.com/owa
  std::string via;   // the front end it went through; "" = the namespace
  std::string user;  // DOMAIN\name or UPN (never the password)
  LogonOutcome outcome = LogonOutcome::http_error;
  std::optional<long> http_status;
  std::string cas_error_code;  // X-CasErrorCode
  std::string fe_server;       // X-FEServer
  std::string be_server;       // X-BEServer, else X-CalculatedBETarget, else X-DiagInfo
  std::string detail;          // one line for people: the logon.aspx reason, the redirect, ...
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
// nowhere for a while; a rejected password stays rejected. A TLS failure may
// be a handshake cut by the restart, so it is waited for too.
bool may_recover(LogonOutcome outcome);

// One line for people: "proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound, ...".
std::string describe(const LogonResult& result);

}  // namespace casdoctor
