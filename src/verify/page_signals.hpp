#pragma once
// What an OWA answer says beyond its status (docs/logon-proof.md): an error
// page and the code it names, the manual cross-site page's link, and whether
// an Exchange 2010 back end served the mailbox. Pure functions.
#include <optional>
#include <string>
#include <string_view>

#include "casdoctor/sys/http.hpp"

namespace casdoctor::verify_detail {

// The value of `name` in a URL's query, form-decoded; nullopt when absent.
std::optional<std::string> query_value(std::string_view url, std::string_view name);

// /owa/auth/errorFE.aspx (2013+ front end) or …/auth/error.aspx (OWA 2010).
bool is_error_page_url(std::string_view url);

// A front end error code (exchange-facts 7.2: SSLCertificateProblem,
// CAS14WithNoWIA, NoFbaSSL, NoLegacyCAS) named in `text`; "" when none.
std::string fe_error_code_in(std::string_view text);

struct ErrorSignal {
  std::string code;    // "" when the page names none
  std::string source;  // where it was read: "X-OWA-Error", "errorFE.aspx?owaError", ...
};

// An answer that is an error page whatever its status: X-OWA-Error, an
// X-OWA-FEError other than CasRedirect, or a page at an error page URL (its
// code from the query or the body).
std::optional<ErrorSignal> error_signal(std::string_view url, const sys::HttpResponse& response);

// The manual cross-site page (errorFE with redirectType Manual): a link to
// the 2010 OWA and no form. Its href, resolved by the caller.
std::optional<std::string> manual_redirect_link(const sys::HttpResponse& response);

struct BackendProof {
  bool proven = false;
  std::string version;  // X-OWA-Version as sent; "" when absent
  std::string reason;   // one line for people
};

// Proof that Exchange 2010 served the mailbox: X-OWA-Version 14.x.
BackendProof backend_proof(const sys::HttpResponse& response);

}  // namespace casdoctor::verify_detail
