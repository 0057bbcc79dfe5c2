// The OWA forms logon (docs: exchange facts 7.1, 7.4): POST the credentials
// to auth.owa (owaauth.dll on a 2010 CAS), then GET the destination with the
// session cookies, and classify what came back. Pure logic over HttpSession.
#include "casdoctor/verify/logon.hpp"

#include <spdlog/spdlog.h>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/secret.hpp"
#include "casdoctor/core/text.hpp"

#include "web.hpp"

namespace casdoctor {

using namespace verify_detail;

std::string_view to_string(LogonOutcome o) {
  switch (o) {
    case LogonOutcome::ok:
      return "ok";
    case LogonOutcome::bad_credentials:
      return "bad-credentials";
    case LogonOutcome::proxy_failure:
      return "proxy-failure";
    case LogonOutcome::http_error:
      return "http-error";
    case LogonOutcome::tls_error:
      return "tls-error";
    case LogonOutcome::timeout:
      return "timeout";
    case LogonOutcome::connect_error:
      return "connect-error";
  }
  return "http-error";
}

namespace {

constexpr int k_max_redirects = 5;

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && iequals(text.substr(text.size() - suffix.size()), suffix);
}

// Where to post and where to go afterwards, from the URL the user gave.
struct Endpoints {
  Url auth;
  std::string destination;
  bool legacy = false;  // Exchange 2010: owaauth.dll and its field set
};

std::optional<Endpoints> endpoints_of(std::string_view text) {
  auto url = parse_url(text);
  if (!url) return std::nullopt;
  url->query.clear();
  Endpoints e;
  std::string path = url->path;
  if (ends_with_ci(path, "owaauth.dll")) {
    e.legacy = true;
    e.auth = *url;
    std::string base = path.substr(0, path.size() - std::string_view("owaauth.dll").size());
    if (ends_with_ci(base, "/auth/")) base.resize(base.size() - 5);
    e.destination = cat(url->origin(), base);
    return e;
  }
  if (ends_with_ci(path, "auth.owa")) {
    e.auth = *url;
    e.destination = cat(url->origin(), path.substr(0, path.size() - 8));
    return e;
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path == "/") path.clear();
  e.auth = *url;
  e.auth.path = cat(path, "/auth.owa");
  e.destination = cat(url->origin(), path, "/");
  return e;
}

class Flow {
 public:
  Flow(sys::HttpSession& session, const LogonRequest& request, LogonResult& result)
      : session_(session), request_(request), result_(result) {}

  void run() {
    const auto endpoints = endpoints_of(request_.url);
    if (!endpoints) {
      finish(LogonOutcome::http_error, cat("not an http(s) URL: ", request_.url));
      return;
    }
    legacy_ = endpoints->legacy;
    destination_ = endpoints->destination;
    post_credentials(endpoints->auth.str(), credential_fields(destination_));
  }

 private:
  std::vector<std::pair<std::string, std::string>> credential_fields(
      const std::string& dest) const {
    const std::string& password = request_.password != nullptr ? *request_.password : empty_;
    if (legacy_) {
      return {{"destination", dest},
              {"flags", "4"},
              {"forcedownlevel", "0"},
              {"trusted", "4"},
              {"username", request_.user},
              {"password", password},
              {"isUtf8", "1"}};
    }
    return {{"destination", dest},   {"flags", "4"},
            {"forcedownlevel", "0"}, {"username", request_.user},
            {"password", password},  {"passwordText", ""},
            {"isUtf8", "1"}};
  }

  void finish(LogonOutcome outcome, std::string detail) {
    result_.outcome = outcome;
    result_.detail = std::move(detail);
  }

  void note(const sys::HttpResponse& r) {
    result_.http_status = r.status;
    if (auto v = header(r, "X-CasErrorCode")) result_.cas_error_code = *v;
    if (auto v = header(r, "X-FEServer")) result_.fe_server = *v;
    if (auto v = header(r, "X-BEServer")) {
      result_.be_server = *v;
    } else if (auto t = header(r, "X-CalculatedBETarget")) {
      result_.be_server = *t;
    } else if (auto d = header(r, "X-DiagInfo")) {
      if (result_.be_server.empty()) result_.be_server = *d;
    }
  }

  // The transport failed: no HTTP answer at all.
  void transport_failure(const sys::HttpError& error, const std::string& url) {
    const auto outcome = error.kind == sys::HttpFailure::tls       ? LogonOutcome::tls_error
                         : error.kind == sys::HttpFailure::timeout ? LogonOutcome::timeout
                         : error.kind == sys::HttpFailure::connect ? LogonOutcome::connect_error
                                                                   : LogonOutcome::http_error;
    finish(outcome, cat(url, ": ", error.message));
  }

  std::string via_note() const {
    return request_.via.empty() ? std::string() : cat(" via ", request_.via);
  }

  std::optional<sys::HttpResponse> send(sys::HttpRequest& request) {
    spdlog::debug("verify: {} {}{}", request.method, request.url,
                  request_.via.empty() ? std::string() : cat(" via ", request_.via));
    auto response = session_.send(request);
    wipe(request.body);
    if (!response) {
      spdlog::debug("verify: {}{} failed: {}", request.url, via_note(), response.error().message);
      transport_failure(response.error(), request.url);
      return std::nullopt;
    }
    spdlog::debug("verify: {}{} -> {}", request.url, via_note(), response->status);
    note(*response);
    return std::move(*response);
  }

  void post_credentials(const std::string& url,
                        std::vector<std::pair<std::string, std::string>> fields) {
    sys::HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Cookie", "PBack=0"}};
    request.body = form_body(fields);
    for (auto& [name, value] : fields) wipe(value);
    current_ = url;
    auto response = send(request);
    if (response) after_post(*response);
  }

  void get(const std::string& url, int hops) {
    sys::HttpRequest request;
    request.method = "GET";
    request.url = url;
    current_ = url;
    auto response = send(request);
    if (response) after_get(*response, hops);
  }

  bool is_cross_site(const sys::HttpResponse& r) const {
    if (auto v = header(r, "X-OWA-FEError"); v && icontains(*v, "CasRedirect")) return true;
    if (r.status != 200) return false;
    for (const auto& form : html_forms(r.body)) {
      if (!iequals(form.name, "logonForm") || form.has_password_input) continue;
      for (const auto& input : form.inputs) {
        if (iequals(input.first, "destination") && !input.second.empty()) return true;
      }
    }
    return header(r, "X-OWA-Destination").has_value() && !is_logon_page_body(r.body);
  }

  // The cross-site SSO page or redirect: post to the target once, as a browser would.
  void follow_cross_site(const sys::HttpResponse& r) {
    followed_cross_site_ = true;
    const auto base = parse_url(current_).value_or(Url{});
    for (const auto& form : html_forms(r.body)) {
      if (form.action.empty()) continue;
      std::vector<std::pair<std::string, std::string>> fields;
      for (const auto& [name, value] : form.inputs) {
        if (iequals(name, "password")) continue;  // ours, not an echo of it
        if (iequals(name, "username")) continue;
        fields.emplace_back(name, value);
      }
      fields.emplace_back("username", request_.user);
      fields.emplace_back("password", request_.password != nullptr ? *request_.password : empty_);
      for (const auto& [name, value] : form.inputs) {
        if (iequals(name, "destination")) destination_ = value;
      }
      const auto target = resolve(base, form.action);
      result_.detail = cat("cross-site redirect to ", target);
      legacy_ = icontains(target, "owaauth.dll");
      post_credentials(target, std::move(fields));
      return;
    }
    const auto location = header(r, "Location");
    if (!location || location->empty()) {
      finish(LogonOutcome::http_error, "cross-site redirect without a target");
      return;
    }
    const auto target = resolve(base, *location);
    auto endpoints = endpoints_of(target);
    if (!endpoints) {
      finish(LogonOutcome::http_error, cat("cross-site redirect to ", target));
      return;
    }
    if (!ends_with_ci(endpoints->auth.path, "owaauth.dll") &&
        !icontains(parse_url(target)->path, "auth.owa")) {
      // A plain redirect to another CAS's OWA: the 2010 logon form there.
      auto path = endpoints->auth.path;
      path.resize(path.size() - std::string_view("auth.owa").size());
      endpoints->auth.path = cat(path, "auth/owaauth.dll");
      endpoints->legacy = true;
    }
    legacy_ = endpoints->legacy;
    destination_ = endpoints->destination;
    post_credentials(endpoints->auth.str(), credential_fields(destination_));
  }

  bool proxy_failed(const sys::HttpResponse& r) {
    if (r.status < 500 || r.status > 599) return false;
    auto code = header(r, "X-CasErrorCode");
    if (!code || code->empty()) return false;
    finish(LogonOutcome::proxy_failure,
           cat("the front end could not proxy the request (X-CasErrorCode: ", *code, ")"));
    return true;
  }

  void logon_page(std::string_view location, std::string_view what) {
    const auto reason = reason_of(location);
    const auto name = reason ? cat("reason=", std::to_string(*reason), " ", reason_name(*reason))
                             : std::string("no reason given");
    if (reason && *reason == 2) {
      finish(LogonOutcome::bad_credentials,
             cat(what, ": back to the logon page (", name, "): user name or password rejected"));
      return;
    }
    finish(LogonOutcome::http_error, cat(what, ": back to the logon page (", name, ")"));
  }

  void after_post(const sys::HttpResponse& r) {
    if (is_cross_site(r) && !followed_cross_site_) return follow_cross_site(r);
    if (proxy_failed(r)) return;
    const auto location = header(r, "Location").value_or("");
    const auto base = parse_url(current_).value_or(Url{});
    if (r.status >= 300 && r.status < 400) {
      if (is_logon_page_location(location)) return logon_page(location, "credentials rejected");
      if (!sets_session_cookie(r)) {
        return finish(LogonOutcome::http_error,
                      cat("redirect to ", location, " without a session cookie"));
      }
      return get(location.empty() ? destination_ : resolve(base, location), 0);
    }
    if (r.status >= 200 && r.status < 300 && sets_session_cookie(r)) return get(destination_, 0);
    if (r.status >= 200 && r.status < 300 && is_logon_page_body(r.body)) {
      return finish(LogonOutcome::http_error, "the logon page came back without a session");
    }
    if (r.status == 440) return finish(LogonOutcome::http_error, "440 Login Timeout");
    finish(LogonOutcome::http_error,
           cat("unexpected HTTP ", std::to_string(r.status), " to the logon"));
  }

  void after_get(const sys::HttpResponse& r, int hops) {
    if (is_cross_site(r) && !followed_cross_site_) return follow_cross_site(r);
    if (proxy_failed(r)) return;
    const auto location = header(r, "Location").value_or("");
    if (r.status >= 300 && r.status < 400) {
      if (is_logon_page_location(location)) return logon_page(location, "session rejected");
      if (location.empty() || hops >= k_max_redirects) {
        return finish(LogonOutcome::http_error, cat("redirect to ", location));
      }
      return get(resolve(parse_url(current_).value_or(Url{}), location), hops + 1);
    }
    if (r.status == 200) {
      if (is_logon_page_body(r.body)) {
        return finish(LogonOutcome::http_error, "session rejected: the logon page came back");
      }
      std::string detail = result_.detail.empty() ? std::string("mailbox opened")
                                                  : cat(result_.detail, "; mailbox opened");
      return finish(LogonOutcome::ok, std::move(detail));
    }
    if (r.status == 440) {
      return finish(LogonOutcome::http_error, "session rejected (440 Login Timeout)");
    }
    finish(LogonOutcome::http_error, cat("HTTP ", std::to_string(r.status), " for ", current_));
  }

  sys::HttpSession& session_;
  const LogonRequest& request_;
  LogonResult& result_;
  const std::string empty_;
  bool legacy_ = false;
  bool followed_cross_site_ = false;
  std::string destination_;
  std::string current_;
};

// Belt and braces: nothing a server echoed may carry the password out.
void scrub(std::string& text, const std::string* password) {
  if (password == nullptr || password->empty()) return;
  for (const auto& needle : {*password, form_encode(*password)}) {
    // Past the mark: a password of '*' would otherwise find itself in it forever.
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 3)) {
      text.replace(pos, needle.size(), "***");
    }
  }
}

}  // namespace

LogonResult owa_logon(sys::HttpSession& session, const LogonRequest& request, const Clock& clock) {
  const auto start = clock.now();
  LogonResult result;
  result.url = request.url;
  result.via = request.via;
  result.user = request.user;
  Flow(session, request, result).run();
  result.elapsed_ms = (clock.now() - start).count();
  for (auto* field :
       {&result.detail, &result.cas_error_code, &result.fe_server, &result.be_server}) {
    scrub(*field, request.password);
  }
  return result;
}

}  // namespace casdoctor
