#pragma once
// Small pieces of HTTP the logon flow needs: URLs, form bodies, cookies, the
// logon page and the cross-site re-posting form. Pure functions.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casdoctor/sys/http.hpp"

namespace casdoctor::verify_detail {

struct Url {
  std::string scheme;     // "https"
  std::string authority;  // "mail.contoso.com[:port]"
  std::string path;       // "/owa" (never empty: "/" at least), no query
  std::string query;      // after '?', without it
  std::string origin() const;
  std::string str() const;
};

std::optional<Url> parse_url(std::string_view text);
// `location` (absolute, absolute-path or relative) against `base`.
std::string resolve(const Url& base, std::string_view location);

bool icontains(std::string_view haystack, std::string_view needle);
std::optional<std::string> header(const sys::HttpResponse& response, std::string_view name);

// application/x-www-form-urlencoded: unreserved bytes kept, ' ' as '+', the rest %XX.
std::string form_encode(std::string_view value);
std::string form_decode(std::string_view value);
std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields);

// A Set-Cookie of the cadata family with a value (not a deletion).
bool sets_session_cookie(const sys::HttpResponse& response);

// A Location on the OWA logon page (…/auth/logon.aspx), and its reason=N.
bool is_logon_page_location(std::string_view location);
std::optional<int> reason_of(std::string_view location);
std::string reason_name(int reason);

// An HTML form: its name/id, action and inputs (name, value) in order.
struct HtmlForm {
  std::string name;
  std::string action;
  std::vector<std::pair<std::string, std::string>> inputs;
  bool has_password_input = false;
};
std::vector<HtmlForm> html_forms(std::string_view html);
// The href of every <a> element, entities decoded, in order.
std::vector<std::string> html_links(std::string_view html);

// The OWA logon page itself (Microsoft's marker, or a form posting a
// password to auth.owa / owaauth.dll).
bool is_logon_page_body(std::string_view html);

}  // namespace casdoctor::verify_detail
