#pragma once
// Internals of the lab's OWA (include/casdoctor/lab/owa.hpp), shared by the
// 2013+ front end (owa.cpp) and the 2010 Client Access server
// (owa_legacy.cpp).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "casdoctor/lab/owa.hpp"
#include "casdoctor/lab/state.hpp"

namespace casdoctor::lab::owa_detail {

using Form = std::map<std::string, std::string>;

std::optional<std::string> request_header(const OwaRequest& r, std::string_view name);
// The headers every answer from IIS on an Exchange server starts with.
OwaResponse answer(int status, std::string reason, const LabServer& server);
// The headers IIS and Exchange end it with: Server, X-FEServer (2013+) or
// X-DiagInfo (2010), Content-Type when there is a body.
void finish(OwaResponse& r, const LabServer& server,
            std::string content_type = "text/html; charset=utf-8");
OwaResponse redirect(const LabServer& server, const std::string& location);
std::string logon_url(std::string_view destination, int reason);
std::string path_of(std::string_view target);
const LabMailbox* find_mailbox(const LabState& state, std::string_view username);
OwaResponse logon_page(const LabServer& server);

// A form post's checks: 400 for a missing field or a bad destination, a
// logon.aspx?reason=2 bounce for wrong credentials, else the mailbox.
struct CheckedLogon {
  Form form;
  const LabMailbox* mailbox = nullptr;
  std::optional<OwaResponse> refused;
};
CheckedLogon check_logon(const LabState& state, const LabServer& server, const OwaRequest& request);
// 302 to the destination with the cadata cookies of a new session.
OwaResponse accepted_logon(const LabServer& server, const LabMailbox& mailbox, const Form& form,
                           OwaSessions& sessions);

std::string mailbox_page(const LabMailbox& m, std::string_view served_by);
// Text inside an HTML attribute of either quote style, or between tags.
std::string html_text(std::string_view text);
std::string lower_fqdn(const LabServer& s);
const LabMailbox* session_mailbox(const LabState& state, const OwaRequest& request,
                                  const OwaSessions& sessions);
bool is_logon_post(std::string_view path);
// HTTP.sys's own answer when no application pool takes the request.
OwaResponse http_sys_unavailable();

// What differs between the versions: the logon post and the mailbox.
struct Handlers {
  OwaResponse (*logon_post)(const LabState&, const LabServer&, const OwaRequest&, OwaSessions&);
  OwaResponse (*mailbox_get)(const LabState&, const LabServer&, const LabMailbox&);
};
// The paths of /owa: the logon post, the logon page, a request with a
// session, 440 for other methods without one, else the logon page redirect.
OwaResponse route(const LabState& state, const LabServer& server, const OwaRequest& request,
                  OwaSessions& sessions, const Handlers& handlers);

// errorFE.aspx (owa_error.cpp; exchange-facts 7.2). The page itself for a
// GET of /owa/auth/errorFE.aspx?...: 200 "Something went wrong" echoing
// owaError, owaVer, fe and be as X-OWA-Error, X-OWA-Version, X-FEServer,
// X-BEServer, and the CafeError code in the page.
OwaResponse error_fe_page(const LabServer& fe, std::string_view target);
// Server.Transfer to errorFE with a front end error code (NoLegacyCAS,
// NoFbaSSL, ...): the page at the URL that failed, 200, naming the code.
OwaResponse error_fe_transfer(const LabServer& fe, std::string_view fe_error_code);
// The manual cross-site page: errorFE rendering a link to `url`.
OwaResponse error_fe_manual_redirect(const LabServer& fe, std::string_view url);
// A routing failure (ServerNotFound): the bare 500 with X-CasErrorCode, or
// with the front end's owa_error_page knob a 302 to errorFE.aspx naming the
// exception.
OwaResponse routing_failure(const LabServer& fe, std::string_view exception, std::string_view why);

// The cross-site answers of a 2013+ front end for a mailbox in another
// site's 2010 CAS (owa_cross_site.cpp): the single sign-on form page, a
// plain 302 when the target does not use forms logon, the manual link page,
// NoFbaSSL when the target URL is not https.
OwaResponse cross_site_redirect(const LabServer& fe, const LabServer& cas, const Form& form);

// A 2010 Client Access server's own OWA (owa_legacy.cpp).
OwaResponse handle_owa2010(const LabState& state, const LabServer& cas, const OwaRequest& request,
                           OwaSessions& sessions);

}  // namespace casdoctor::lab::owa_detail
