// Reading Exchange's error pages and version headers (exchange-facts 7.2,
// 7.3; docs/logon-proof.md). An error page may come with any status: the
// review behind issue 12 saw errorFE.aspx answer 200, the 2016 code answers
// the httpCode it was given, so nothing here looks at the status.
#include "page_signals.hpp"

#include <charconv>

#include "casdoctor/core/text.hpp"

#include "web.hpp"

namespace casdoctor::verify_detail {
namespace {

// ErrorFE.FEErrorCodes without Unknown and CasRedirect (not errors).
constexpr std::string_view k_fe_error_codes[] = {"SSLCertificateProblem", "CAS14WithNoWIA",
                                                 "NoFbaSSL", "NoLegacyCAS"};

std::string_view path_of(std::string_view url) {
  auto path = url.substr(0, url.find_first_of("?#"));
  if (const auto scheme = path.find("://"); scheme != std::string_view::npos) {
    path = path.substr(scheme + 3);
    const auto slash = path.find('/');
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  return path;
}

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && iequals(text.substr(text.size() - suffix.size()), suffix);
}

}  // namespace

std::optional<std::string> query_value(std::string_view url, std::string_view name) {
  const auto q = url.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  auto rest = url.substr(q + 1);
  rest = rest.substr(0, rest.find('#'));
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    if (iequals(form_decode(pair.substr(0, eq)), name)) {
      return eq == std::string_view::npos ? std::string() : form_decode(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

bool is_error_page_url(std::string_view url) {
  const auto path = path_of(url);
  return ends_with_ci(path, "/auth/errorFE.aspx") || ends_with_ci(path, "/auth/error.aspx");
}

std::string fe_error_code_in(std::string_view text) {
  for (const auto code : k_fe_error_codes) {
    if (icontains(text, code)) return std::string(code);
  }
  return {};
}

std::optional<ErrorSignal> error_signal(std::string_view url, const sys::HttpResponse& response) {
  if (auto v = header(response, "X-OWA-Error"); v && !v->empty()) {
    return ErrorSignal{*v, "X-OWA-Error"};
  }
  if (auto v = header(response, "X-OWA-FEError"); v && !v->empty()) {
    // CasRedirect: errorFE's manual cross-site page, a way on, not an error.
    if (iequals(*v, "CasRedirect")) return std::nullopt;
    return ErrorSignal{*v, "X-OWA-FEError"};
  }
  if (!is_error_page_url(url)) return std::nullopt;
  for (const char* key : {"CafeError", "owaError", "authError", "redirError"}) {
    if (auto v = query_value(url, key); v && !v->empty()) {
      return ErrorSignal{*v, std::string("error page URL ").append(key)};
    }
  }
  if (auto code = fe_error_code_in(response.body); !code.empty()) {
    return ErrorSignal{code, "error page"};
  }
  return ErrorSignal{"", "error page"};
}

std::optional<std::string> manual_redirect_link(const sys::HttpResponse& response) {
  const auto fe_error = header(response, "X-OWA-FEError");
  if (!fe_error || !iequals(*fe_error, "CasRedirect")) return std::nullopt;
  for (const auto& form : html_forms(response.body)) {
    if (!form.action.empty()) return std::nullopt;  // the SSO page, not the manual one
  }
  for (const auto& link : html_links(response.body)) {
    if (link.starts_with("https://") || link.starts_with("http://")) return link;
  }
  return std::nullopt;
}

BackendProof backend_proof(const sys::HttpResponse& response) {
  BackendProof proof;
  const auto version = header(response, "X-OWA-Version");
  if (!version || version->empty()) {
    proof.reason = "no X-OWA-Version on the mailbox page: nothing shows an Exchange 2010 back end";
    return proof;
  }
  proof.version = *version;
  int major = 0;
  const auto* begin = version->data();
  const auto [ptr, ec] = std::from_chars(begin, begin + version->size(), major);
  if (ec != std::errc() || ptr == begin) {
    proof.reason = "X-OWA-Version " + *version + " is not a version number";
    return proof;
  }
  if (major == 14) {
    proof.proven = true;
    proof.reason = "Exchange 2010 back end (X-OWA-Version " + *version + ")";
    return proof;
  }
  proof.reason = "the back end is Exchange " + *version +
                 ", not 2010: this logon does not test the path KB4294204 breaks";
  return proof;
}

}  // namespace casdoctor::verify_detail
