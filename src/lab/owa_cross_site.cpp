// A 2013+ front end's answer to a logon for a mailbox on Exchange 2010 in
// another site whose in-service 2010 CAS publishes an OWA URL
// (docs/logon-proof.md; exchange-facts 7.1, 7.2): single sign-on when both
// sides use forms logon (over https only: NoFbaSSL otherwise), a plain 302
// when the target does not, the manual link page when the front end's OWA
// virtual directory says LegacyRedirectType Manual.
#include "casdoctor/core/concat.hpp"

#include "owa_parts.hpp"

namespace casdoctor::lab::owa_detail {
namespace {

// A hidden field in single quotes, its value encoded as the front end does.
std::string hidden(std::string_view name, std::string_view value) {
  return cat("<input type='hidden' name='", name, "' value='", html_text(value), "'>");
}

// "https://host:port/owa" -> "https://host:port"; "" when it is not a URL.
std::string origin_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  return std::string(url.substr(0, url.find('/', scheme + 3)));
}

// The auto-submitting page: single-quoted attributes, the fields in the
// front end's order, posting to the target's owaauth.dll.
OwaResponse sso_page(const LabServer& fe, std::string_view url, const Form& form) {
  auto origin = origin_of(url);
  std::string path(url.substr(origin.size()));
  if (path.empty()) path = "/owa";
  auto r = answer(200, "OK", fe);
  r.headers.emplace_back("X-OWA-FEError", "CasRedirect");
  r.headers.emplace_back("Set-Cookie", "PBack=1; path=/");
  r.body =
      cat("<html><noscript>JavaScript is off: select Continue.</noscript><head><title>Continue"
          "</title><script type='text/javascript'>function DoSubmit(){document.logonForm.submit();}"
          "</script></head><body onload='javascript:DoSubmit();'>"
          "<form name='logonForm' id='logonForm' action='",
          html_text(cat(origin, "/owa/auth/owaauth.dll")), "' method='post' target='_top'>",
          hidden("destination", cat(origin, path)), hidden("username", form.at("username")),
          hidden("flags", form.at("flags")), hidden("password", form.at("password")),
          "</form></body></html>");
  finish(r, fe);
  return r;
}

}  // namespace

OwaResponse cross_site_redirect(const LabServer& fe, const LabServer& cas, const Form& form) {
  const auto& url = cas.owa_external_url;
  if (cas.owa_authentication != "forms") {
    auto r = redirect(fe, url);
    finish(r, fe);
    return r;
  }
  if (fe.owa_legacy_redirect_type == "manual") return error_fe_manual_redirect(fe, url);
  if (!url.starts_with("https://")) return error_fe_transfer(fe, "NoFbaSSL");
  return sso_page(fe, url, form);
}

}  // namespace casdoctor::lab::owa_detail
