// OWA's forms logon and the 2013+ front end's proxying decision, as
// exchange-facts §7 describes them: auth.owa / owaauth.dll posts, cadata
// cookies, logon.aspx redirects with reason codes, and for a mailbox on
// Exchange 2010 a 2010 CAS in its site that IIS's cached view says is in
// service, else 500 with X-CasErrorCode: ServerNotFound.
#include "casdoctor/lab/owa.hpp"

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/org.hpp"

namespace casdoctor::lab {
namespace {

constexpr std::string_view k_logon_marker = "{57A118C6-2DA9-419d-BE9A-F92B0F9A418B}";
constexpr const char* k_cookie_names[] = {"cadata", "cadataTTL", "cadataKey", "cadataIV",
                                          "cadataSig"};

std::optional<std::string> request_header(const OwaRequest& r, std::string_view name) {
  for (const auto& [n, v] : r.headers)
    if (iequals(n, name)) return v;
  return std::nullopt;
}

// The headers every answer from IIS on an Exchange front end starts with.
OwaResponse answer(int status, std::string reason, const LabServer& fe) {
  OwaResponse r;
  r.status = status;
  r.reason = std::move(reason);
  r.delay_ms = fe.owa_delay_ms;
  r.headers = {{"Cache-Control", "no-cache, no-store"}, {"Pragma", "no-cache"}};
  return r;
}

void finish(OwaResponse& r, const LabServer& fe,
            std::string content_type = "text/html; charset=utf-8") {
  r.headers.emplace_back("Server", "Microsoft-IIS/10.0");
  r.headers.emplace_back("X-FEServer", fe.name);
  r.headers.emplace_back("X-Powered-By", "ASP.NET");
  if (!r.body.empty()) r.headers.emplace_back("Content-Type", std::move(content_type));
}

OwaResponse redirect(const LabServer& fe, const std::string& location) {
  auto r = answer(302, "Found", fe);
  r.headers.emplace_back("Location", location);
  return r;
}

std::string logon_url(std::string_view destination, int reason) {
  return cat("/owa/auth/logon.aspx?url=", url_encode(destination),
             "&reason=", std::to_string(reason));
}

std::string path_of(std::string_view target) {
  return std::string(target.substr(0, target.find('?')));
}

const LabMailbox* find_mailbox(const LabState& state, std::string_view username) {
  for (const auto& m : state.mailboxes)
    if ((!m.user.empty() && iequals(m.user, username)) ||
        (!m.upn.empty() && iequals(m.upn, username)))
      return &m;
  return nullptr;
}

OwaResponse logon_page(const LabServer& fe) {
  auto r = answer(200, "OK", fe);
  r.body = cat(
      "<!DOCTYPE html>\r\n<html><head><title>Outlook</title></head><body>\r\n<!-- ", k_logon_marker,
      " -->\r\n<form action=\"/owa/auth.owa\" method=\"POST\" name=\"logonForm\">"
      "<input type=\"hidden\" name=\"destination\" value=\"\"><input type=\"hidden\" "
      "name=\"flags\" value=\"4\"><input type=\"hidden\" name=\"forcedownlevel\" value=\"0\">"
      "<input name=\"username\"><input type=\"password\" name=\"password\">"
      "<input type=\"hidden\" name=\"passwordText\" value=\"\"><input type=\"hidden\" "
      "name=\"isUtf8\" value=\"1\"></form>\r\n</body></html>\r\n");
  finish(r, fe);
  return r;
}

OwaResponse logon_post(const LabState& state, const LabServer& fe, const OwaRequest& request,
                       OwaSessions& sessions) {
  const auto form = parse_form(request.body);
  for (const char* field : {"destination", "flags", "username", "password"}) {
    if (form.contains(field)) continue;
    auto r = answer(400, "Bad Request", fe);
    r.body = "<HTML><BODY>400 Bad Request</BODY></HTML>";
    finish(r, fe);
    return r;
  }
  const auto& destination = form.at("destination");
  if (!destination.starts_with("https://") && !destination.starts_with("http://") &&
      !destination.starts_with("/")) {
    auto r = answer(400, "Bad Request", fe);
    r.body = "<HTML><BODY>400 Bad Request</BODY></HTML>";
    finish(r, fe);
    return r;
  }
  const auto* mailbox = find_mailbox(state, form.at("username"));
  if (mailbox == nullptr || mailbox->password != form.at("password")) {
    auto r = redirect(fe, logon_url(destination, 2));
    for (const char* name : k_cookie_names)
      r.headers.emplace_back("Set-Cookie",
                             cat(name, "=; expires=Thu, 01-Jan-1970 00:00:00 GMT; path=/"));
    finish(r, fe);
    return r;
  }
  auto r = redirect(fe, destination);
  const auto token = sessions.open(mailbox->upn.empty() ? mailbox->user : mailbox->upn);
  const std::string values[] = {token, "NfFoX1Lb", sessions.open(""), sessions.open(""),
                                sessions.open("")};
  for (std::size_t i = 0; i < std::size(k_cookie_names); ++i)
    r.headers.emplace_back("Set-Cookie",
                           cat(k_cookie_names[i], "=", values[i], "; HttpOnly; secure; path=/"));
  if (!(form.contains("flags") && form.at("flags").find('4') != std::string::npos))
    r.headers.emplace_back("X-LogonType", "Public");
  finish(r, fe);
  return r;
}

std::string mailbox_page(const LabMailbox& m, std::string_view served_by) {
  return cat("<!DOCTYPE html>\r\n<html><head><title>Outlook</title></head><body>\r\n",
             "<div id=\"casdoctor-lab-owa\">Outlook on the web: ", m.upn, " (", m.user,
             ") served by ", served_by, "</div>\r\n</body></html>\r\n");
}

std::string lower_fqdn(const LabServer& s) {
  return to_lower_ascii(s.fqdn.empty() ? s.name : s.fqdn);
}

OwaResponse server_not_found(const LabServer& fe, std::string_view why) {
  auto r = answer(500, "Internal Server Error", fe);
  r.headers.emplace_back("X-CasErrorCode", "ServerNotFound");
  r.body = cat("<HTML><BODY>500 Internal Server Error: ", why, "</BODY></HTML>\r\n");
  finish(r, fe);
  return r;
}

// A 2010 Client Access server in `site` that `fe`'s IIS believes (and AD
// agrees) is in service.
const LabServer* downlevel_cas(const LabState& state, const LabServer& fe, std::string_view site) {
  for (const auto& s : state.servers)
    if (is_cas2010(s) && iequals(s.site, site) && !s.is_out_of_service &&
        !cached_out_of_service(state, fe, s.name))
      return &s;
  return nullptr;
}

OwaResponse mailbox_get(const LabState& state, const LabServer& fe, const LabMailbox& m) {
  const auto* home = find_server(state, m.home_server);
  if (home == nullptr)
    return server_not_found(fe, cat("the mailbox server ", m.home_server, " was not found"));
  if (product_of(*home) != Product::exchange2010) {
    auto r = answer(200, "OK", fe);
    r.body = mailbox_page(m, home->name);
    r.headers.emplace_back("X-CalculatedBETarget", lower_fqdn(*home));
    r.headers.emplace_back("X-OWA-Version", to_short_form(installed_build(*home)));
    r.headers.emplace_back("X-BEServer", home->name);
    finish(r, fe);
    return r;
  }
  const auto* cas = downlevel_cas(state, fe, home->site);
  if (cas == nullptr)
    return server_not_found(
        fe, cat("NoAvailableDownLevelBackEndException: no Exchange 2010 Client Access server in "
                "service in site ",
                home->site));
  auto r = answer(200, "OK", fe);
  r.body = mailbox_page(m, cas->name);
  r.headers.emplace_back("X-CalculatedBETarget", lower_fqdn(*cas));
  r.headers.emplace_back("X-OWA-Version", to_short_form(installed_build(*cas)));
  r.headers.emplace_back("X-DiagInfo", cas->name);
  finish(r, fe);
  return r;
}

const LabMailbox* session_mailbox(const LabState& state, const OwaRequest& request,
                                  const OwaSessions& sessions) {
  const auto header = request_header(request, "Cookie");
  if (!header) return nullptr;
  const auto cookies = parse_cookies(*header);
  const auto it = cookies.find("cadata");
  if (it == cookies.end() || it->second.empty()) return nullptr;
  const auto user = sessions.user_of(it->second);
  return user && !user->empty() ? find_mailbox(state, *user) : nullptr;
}

bool is_logon_post(std::string_view path) {
  return iequals(path, "/owa/auth.owa") || iequals(path, "/owa/auth/owaauth.dll") ||
         iequals(path, "/owa/owaauth.dll");
}

// HTTP.sys's own answer when no application pool takes the request.
OwaResponse http_sys_unavailable() {
  OwaResponse r;
  r.status = 503;
  r.reason = "Service Unavailable";
  r.body = "<HTML><BODY>Service Unavailable</BODY></HTML>";
  r.headers = {{"Content-Type", "text/html"}, {"Server", "Microsoft-HTTPAPI/2.0"}};
  return r;
}

// IIS is up and, owa_warmup_ms after W3SVC started, its application pools
// take requests (the knob stands in for the pools' start after IISReset).
bool serving(const LabServer& fe, TimePoint now) {
  const auto* w3svc = find_service(fe, "W3SVC");
  if (w3svc == nullptr) return true;
  if (w3svc->status != ServiceStatus::running) return false;
  if (fe.owa_warmup_ms == 0 || !w3svc->start_time) return true;
  return now >= *w3svc->start_time + std::chrono::milliseconds(fe.owa_warmup_ms);
}

}  // namespace

OwaResponse handle_owa(const LabState& state, std::string_view front_end, const OwaRequest& request,
                       OwaSessions& sessions) {
  const auto* fe = find_server(state, front_end);
  if (fe == nullptr) return http_sys_unavailable();
  if (!serving(*fe, request.now)) return http_sys_unavailable();
  const auto path = path_of(request.target);
  const auto lower = to_lower_ascii(path);
  if (request.method == "POST" && is_logon_post(path))
    return logon_post(state, *fe, request, sessions);
  if (request.method == "GET" && lower == "/owa/auth/logon.aspx") return logon_page(*fe);
  if (lower != "/owa" && !lower.starts_with("/owa/")) {
    auto r = answer(404, "Not Found", *fe);
    r.body = "<HTML><BODY>404 Not Found</BODY></HTML>";
    finish(r, *fe);
    return r;
  }
  const auto* mailbox = session_mailbox(state, request, sessions);
  if (mailbox != nullptr) return mailbox_get(state, *fe, *mailbox);
  if (request.method != "GET") {
    auto r = answer(440, "Login Timeout", *fe);
    r.body =
        "<HTML><HEAD><TITLE>440 Login Timeout</TITLE></HEAD><BODY>440 Login Timeout</BODY></HTML>";
    finish(r, *fe);
    return r;
  }
  const auto host = request_header(request, "Host").value_or(state.namespace_host);
  const auto bare_host = host.substr(0, host.find(':'));
  auto r = redirect(*fe, logon_url(cat("https://", bare_host, request.target), 0));
  finish(r, *fe);
  return r;
}

}  // namespace casdoctor::lab
