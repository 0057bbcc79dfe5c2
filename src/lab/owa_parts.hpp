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

// A 2010 Client Access server's own OWA (owa_legacy.cpp).
OwaResponse handle_owa2010(const LabState& state, const LabServer& cas, const OwaRequest& request,
                           OwaSessions& sessions);

}  // namespace casdoctor::lab::owa_detail
