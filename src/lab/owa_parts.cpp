// What the lab's 2013+ front ends and 2010 Client Access servers answer
// alike (exchange-facts 7.1, 7.4): IIS's headers, the logon page, the form
// post's checks, the cadata cookies, the routes without a session.
#include "owa_parts.hpp"

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/org.hpp"

namespace casdoctor::lab::owa_detail {
namespace {

constexpr std::string_view k_logon_marker = "{57A118C6-2DA9-419d-BE9A-F92B0F9A418B}";
constexpr const char* k_cookie_names[] = {"cadata", "cadataTTL", "cadataKey", "cadataIV",
                                          "cadataSig"};

OwaResponse bad_request(const LabServer& fe) {
  auto r = answer(400, "Bad Request", fe);
  r.body = "<HTML><BODY>400 Bad Request</BODY></HTML>";
  finish(r, fe);
  return r;
}

}  // namespace

std::optional<std::string> request_header(const OwaRequest& r, std::string_view name) {
  for (const auto& [n, v] : r.headers)
    if (iequals(n, name)) return v;
  return std::nullopt;
}

OwaResponse answer(int status, std::string reason, const LabServer& fe) {
  OwaResponse r;
  r.status = status;
  r.reason = std::move(reason);
  r.delay_ms = fe.owa_delay_ms;
  r.headers = {{"Cache-Control", "no-cache, no-store"}, {"Pragma", "no-cache"}};
  return r;
}

void finish(OwaResponse& r, const LabServer& server, std::string content_type) {
  const bool legacy = product_of(server) == Product::exchange2010;
  if (server.owa_strips_version)  // an outbound rule, as hardening guides suggest
    std::erase_if(r.headers, [](const auto& h) { return iequals(h.first, "X-OWA-Version"); });
  r.headers.emplace_back("Server", legacy ? "Microsoft-IIS/7.5" : "Microsoft-IIS/10.0");
  r.headers.emplace_back(legacy ? "X-DiagInfo" : "X-FEServer", server.name);
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

CheckedLogon check_logon(const LabState& state, const LabServer& fe, const OwaRequest& request) {
  CheckedLogon out;
  out.form = parse_form(request.body);
  const auto& form = out.form;
  for (const char* field : {"destination", "flags", "username", "password"}) {
    if (form.contains(field)) continue;
    out.refused = bad_request(fe);
    return out;
  }
  const auto& destination = form.at("destination");
  if (!destination.starts_with("https://") && !destination.starts_with("http://") &&
      !destination.starts_with("/")) {
    out.refused = bad_request(fe);
    return out;
  }
  const auto* mailbox = find_mailbox(state, form.at("username"));
  if (mailbox == nullptr || mailbox->password != form.at("password")) {
    auto r = redirect(fe, logon_url(destination, 2));
    for (const char* name : k_cookie_names)
      r.headers.emplace_back("Set-Cookie",
                             cat(name, "=; expires=Thu, 01-Jan-1970 00:00:00 GMT; path=/"));
    finish(r, fe);
    out.refused = std::move(r);
    return out;
  }
  out.mailbox = mailbox;
  return out;
}

OwaResponse accepted_logon(const LabServer& fe, const LabMailbox& mailbox, const Form& form,
                           OwaSessions& sessions) {
  const auto& destination = form.at("destination");
  auto r = redirect(fe, destination);
  const auto token = sessions.open(mailbox.upn.empty() ? mailbox.user : mailbox.upn);
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

std::string html_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else if (c == '\'')
      out += "&#39;";
    else
      out += c;
  }
  return out;
}

std::string lower_fqdn(const LabServer& s) {
  return to_lower_ascii(s.fqdn.empty() ? s.name : s.fqdn);
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

OwaResponse http_sys_unavailable() {
  OwaResponse r;
  r.status = 503;
  r.reason = "Service Unavailable";
  r.body = "<HTML><BODY>Service Unavailable</BODY></HTML>";
  r.headers = {{"Content-Type", "text/html"}, {"Server", "Microsoft-HTTPAPI/2.0"}};
  return r;
}

OwaResponse route(const LabState& state, const LabServer& server, const OwaRequest& request,
                  OwaSessions& sessions, const Handlers& handlers) {
  const auto path = path_of(request.target);
  const auto lower = to_lower_ascii(path);
  if (request.method == "POST" && is_logon_post(path))
    return handlers.logon_post(state, server, request, sessions);
  if (request.method == "GET" && lower == "/owa/auth/logon.aspx") return logon_page(server);
  if (request.method == "GET" && lower == "/owa/auth/errorfe.aspx" &&
      product_of(server) != Product::exchange2010)
    return error_fe_page(server, request.target);
  if (lower != "/owa" && !lower.starts_with("/owa/")) {
    auto r = answer(404, "Not Found", server);
    r.body = "<HTML><BODY>404 Not Found</BODY></HTML>";
    finish(r, server);
    return r;
  }
  // owa_rejects_sessions: the cookie cannot be read here (the logon loop).
  const auto* mailbox =
      server.owa_rejects_sessions ? nullptr : session_mailbox(state, request, sessions);
  if (mailbox != nullptr) return handlers.mailbox_get(state, server, *mailbox);
  if (request.method != "GET") {
    auto r = answer(440, "Login Timeout", server);
    r.body =
        "<HTML><HEAD><TITLE>440 Login Timeout</TITLE></HEAD><BODY>440 Login Timeout</BODY></HTML>";
    finish(r, server);
    return r;
  }
  const auto host = request_header(request, "Host").value_or(state.namespace_host);
  const auto bare_host = host.substr(0, host.find(':'));
  auto r = redirect(server, logon_url(cat("https://", bare_host, request.target), 0));
  finish(r, server);
  return r;
}

}  // namespace casdoctor::lab::owa_detail
