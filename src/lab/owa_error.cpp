// The lab's errorFE.aspx (docs/logon-proof.md; exchange-facts 7.2): where
// a 2013+ front end ends what it cannot do. Its status is 200 here, as the
// review behind issue 12 saw it ("Something went wrong"); casdoctor must not
// take such a page for a mailbox.
#include "casdoctor/core/concat.hpp"

#include "owa_parts.hpp"

namespace casdoctor::lab::owa_detail {
namespace {

constexpr std::string_view k_error_path = "/owa/auth/errorFE.aspx";

std::string page(std::string_view details) {
  return cat("<!DOCTYPE html>\r\n<html><head><title>Outlook</title></head><body>\r\n",
             "<div id=\"errMsg\">Something went wrong</div>\r\n", details, "</body></html>\r\n");
}

}  // namespace

OwaResponse error_fe_page(const LabServer& fe, std::string_view target) {
  const auto q = target.find('?');
  const auto query = parse_form(q == std::string_view::npos ? "" : target.substr(q + 1));
  const auto value = [&query](const char* key) {
    const auto it = query.find(key);
    return it == query.end() ? std::string() : it->second;
  };
  auto r = answer(200, "OK", fe);
  for (const auto& [key, name] :
       {std::pair{"owaError", "X-OWA-Error"}, std::pair{"authError", "X-Auth-Error"},
        std::pair{"owaVer", "X-OWA-Version"}, std::pair{"be", "X-BEServer"}})
    if (!value(key).empty()) r.headers.emplace_back(name, value(key));
  std::string details;
  if (!value("CafeError").empty())
    details = cat("<div id=\"errDetails\">", html_text(value("CafeError")), "</div>\r\n");
  if (!value("owaError").empty())
    details +=
        cat("<div id=\"diagnosticInfo\">X-OWA-Error: ", html_text(value("owaError")), "</div>\r\n");
  r.body = page(details);
  finish(r, fe);
  return r;
}

OwaResponse error_fe_transfer(const LabServer& fe, std::string_view fe_error_code) {
  auto r = answer(200, "OK", fe);
  r.body = page(cat("<div id=\"errDetails\">500:", html_text(fe_error_code), "</div>\r\n"));
  finish(r, fe);
  return r;
}

OwaResponse error_fe_manual_redirect(const LabServer& fe, std::string_view url) {
  auto r = answer(200, "OK", fe);
  r.headers.emplace_back("X-OWA-FEError", "CasRedirect");
  const auto link = html_text(url);
  r.body =
      page(cat("<div id=\"errDetails\">Use the following link to open this mailbox with the "
               "best performance:<br/><a href=\"",
               link, "\">", link, "</a></div>\r\n"));
  finish(r, fe);
  return r;
}

OwaResponse routing_failure(const LabServer& fe, std::string_view exception, std::string_view why) {
  if (fe.owa_error_page) {
    auto r = redirect(fe, cat(k_error_path, "?httpCode=500&owaError=", url_encode(exception),
                              "&fe=", url_encode(fe.name)));
    finish(r, fe);
    return r;
  }
  auto r = answer(500, "Internal Server Error", fe);
  r.headers.emplace_back("X-CasErrorCode", "ServerNotFound");
  r.body = cat("<HTML><BODY>500 Internal Server Error: ", why, "</BODY></HTML>\r\n");
  finish(r, fe);
  return r;
}

}  // namespace casdoctor::lab::owa_detail
