// The OWA forms logon (docs: exchange facts 7.1, 7.4): POST the credentials
// to auth.owa (owaauth.dll on a 2010 CAS), then GET the destination with the
// session cookies, and classify what came back. Pure logic over HttpSession.
#include "casdoctor/verify/logon.hpp"

#include <spdlog/spdlog.h>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/secret.hpp"
#include "casdoctor/core/text.hpp"

#include "page_signals.hpp"
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
    case LogonOutcome::error_page:
      return "error-page";
    case LogonOutcome::backend_not_proven:
      return "backend-not-proven";
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
    stage_ = "the logon post";
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

  // The cross-site SSO page, manual link page or redirect: log on at the
  // target once, as a browser (or its user) would.
  void follow_cross_site(const sys::HttpResponse& r) {
    followed_cross_site_ = true;
    const auto base = parse_url(current_).value_or(Url{});
    for (const auto& form : html_forms(r.body)) {
      if (!form.action.empty()) return repost_form(form, resolve(base, form.action));
    }
    auto target = header(r, "Location");
    std::string how = "cross-site redirect";
    if (!target || target->empty()) {
      target = manual_redirect_link(r);
      how = "cross-site link";
    }
    if (!target || target->empty()) {
      return finish(LogonOutcome::http_error, "cross-site redirect without a target");
    }
    log_on_at(resolve(base, *target), how);
  }

  // The SSO page's auto-submitting form: its fields with our credentials.
  void repost_form(const HtmlForm& form, const std::string& target) {
    if (!safe_target(target, "cross-site redirect")) return;
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& [name, value] : form.inputs) {
      if (iequals(name, "password") || iequals(name, "username")) continue;  // ours, not echoes
      if (iequals(name, "destination")) destination_ = value;
      fields.emplace_back(name, value);
    }
    fields.emplace_back("username", request_.user);
    fields.emplace_back("password", request_.password != nullptr ? *request_.password : empty_);
    result_.detail = cat("cross-site redirect to ", target);
    legacy_ = icontains(target, "owaauth.dll");
    post_credentials(target, std::move(fields));
  }

  // A plain redirect or a link to another CAS's OWA: its logon form there
  // (owaauth.dll for a 2010 OWA URL).
  void log_on_at(const std::string& target, std::string_view how) {
    auto endpoints = endpoints_of(target);
    if (!endpoints) return finish(LogonOutcome::http_error, cat(how, " to ", target));
    if (!safe_target(target, how)) return;
    if (!ends_with_ci(endpoints->auth.path, "owaauth.dll") &&
        !icontains(parse_url(target)->path, "auth.owa")) {
      auto path = endpoints->auth.path;
      path.resize(path.size() - std::string_view("auth.owa").size());
      endpoints->auth.path = cat(path, "auth/owaauth.dll");
      endpoints->legacy = true;
    }
    legacy_ = endpoints->legacy;
    destination_ = endpoints->destination;
    result_.detail = cat(how, " to ", endpoints->auth.str());
    post_credentials(endpoints->auth.str(), credential_fields(destination_));
  }

  // The password goes on only over TLS (Exchange itself refuses SSO
  // without it: NoFbaSSL).
  bool safe_target(const std::string& target, std::string_view how) {
    const auto url = parse_url(target);
    if (url && url->scheme == "https") return true;
    finish(LogonOutcome::http_error,
           cat(how, " to ", target, " not followed: the password is only sent over https"));
    return false;
  }

  bool proxy_failed(const sys::HttpResponse& r, std::string_view stage) {
    if (r.status < 500 || r.status > 599) return false;
    auto code = header(r, "X-CasErrorCode");
    if (!code || code->empty()) return false;
    finish(LogonOutcome::proxy_failure,
           cat("the front end could not proxy the ", stage, " (X-CasErrorCode: ", *code, ")"));
    return true;
  }

  // errorFE.aspx and friends, whatever their status: never a working logon.
  bool error_page(const sys::HttpResponse& r) {
    auto signal = error_signal(current_, r);
    if (!signal) return false;
    result_.owa_error = signal->code;
    const auto named = signal->code.empty() ? std::string("no error code named")
                                            : cat(signal->source, ": ", signal->code);
    finish(LogonOutcome::error_page, cat(stage_, " ended on an error page, HTTP ",
                                         std::to_string(r.status), " (", named, ") at ", current_));
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

  // The first answers a logon post gets that are not a session.
  bool post_refused(const sys::HttpResponse& r) {
    if (error_page(r)) return true;
    if (is_cross_site(r) && !followed_cross_site_) {
      follow_cross_site(r);
      return true;
    }
    return proxy_failed(r, "logon post");
  }

  void after_post(const sys::HttpResponse& r) {
    if (post_refused(r)) return;
    const auto location = header(r, "Location").value_or("");
    const auto base = parse_url(current_).value_or(Url{});
    if (r.status >= 300 && r.status < 400) return after_post_redirect(r, resolve(base, location));
    if (r.status >= 200 && r.status < 300 && sets_session_cookie(r))
      return open_mailbox(destination_);
    if (r.status >= 200 && r.status < 300 && is_logon_page_body(r.body)) {
      return finish(LogonOutcome::http_error, "the logon page came back without a session");
    }
    if (auto code = fe_error_code_in(r.body); r.status == 200 && !code.empty()) {
      result_.owa_error = code;
      return finish(LogonOutcome::error_page,
                    cat("the logon post ended on the front end's error page (", code, ")"));
    }
    if (r.status == 440) return finish(LogonOutcome::http_error, "440 Login Timeout");
    finish(LogonOutcome::http_error,
           cat("unexpected HTTP ", std::to_string(r.status), " to the logon"));
  }

  void after_post_redirect(const sys::HttpResponse& r, const std::string& location) {
    if (is_logon_page_location(location)) return logon_page(location, "credentials rejected");
    if (is_error_page_url(location)) return get(location, 0);
    if (sets_session_cookie(r)) return open_mailbox(location.empty() ? destination_ : location);
    const auto target = parse_url(location);
    const auto here = parse_url(current_);
    if (!followed_cross_site_ && target && here && !iequals(target->authority, here->authority)) {
      // A plain 302 to a 2010 CAS's OWA, without cadata: the front end's
      // cross-site redirect when the target does not do FBA like itself.
      followed_cross_site_ = true;
      return log_on_at(location, "cross-site redirect (plain 302)");
    }
    finish(LogonOutcome::http_error, cat("redirect to ", location, " without a session cookie"));
  }

  void after_get(const sys::HttpResponse& r, int hops) {
    if (error_page(r)) return;
    if (is_cross_site(r) && !followed_cross_site_) return follow_cross_site(r);
    if (proxy_failed(r, "mailbox request")) return;
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
      return mailbox_opened(r);
    }
    if (r.status == 440) {
      return finish(LogonOutcome::http_error, "session rejected (440 Login Timeout)");
    }
    finish(LogonOutcome::http_error, cat("HTTP ", std::to_string(r.status), " for ", current_));
  }

  void open_mailbox(const std::string& url) {
    stage_ = "the mailbox request";
    get(url, 0);
  }

  // `ok` only with proof that Exchange 2010 served the mailbox.
  void mailbox_opened(const sys::HttpResponse& r) {
    const auto proof = backend_proof(r);
    // errorFE by Server.Transfer keeps the mailbox's URL; without a 2010
    // version to show for itself, a page naming an FE error code is that.
    if (auto code = fe_error_code_in(r.body); !proof.proven && !code.empty()) {
      result_.owa_error = code;
      return finish(LogonOutcome::error_page,
                    cat(stage_, " ended on the front end's error page (", code, ") at ", current_));
    }
    result_.backend_version = proof.version;
    std::string detail = cat("mailbox opened; ", proof.reason);
    if (!result_.detail.empty()) detail = cat(result_.detail, "; ", detail);
    finish(proof.proven ? LogonOutcome::ok : LogonOutcome::backend_not_proven, std::move(detail));
  }

  sys::HttpSession& session_;
  const LogonRequest& request_;
  LogonResult& result_;
  const std::string empty_;
  bool legacy_ = false;
  bool followed_cross_site_ = false;
  std::string destination_;
  std::string current_;
  std::string stage_ = "the logon post";
};

// Belt and braces: nothing a server echoed may carry the password out.
void scrub(std::string& text, const std::string* password) {
  if (password == nullptr || password->empty()) return;
  std::string encoded = form_encode(*password);
  mask_secrets(text, {*password, encoded});
  wipe(encoded);
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
  for (auto* field : {&result.detail, &result.cas_error_code, &result.fe_server, &result.be_server,
                      &result.owa_error, &result.backend_version}) {
    scrub(*field, request.password);
  }
  return result;
}

}  // namespace casdoctor
