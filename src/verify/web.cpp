#include "web.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

namespace casdoctor::verify_detail {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Value of attribute `name` inside a tag's text, quoted or bare; nullopt if absent.
std::optional<std::string> attribute(std::string_view tag, std::string_view name) {
  const std::string low = to_lower_ascii(tag);
  std::size_t pos = 0;
  while ((pos = low.find(name, pos)) != std::string::npos) {
    const bool boundary = pos > 0 && (std::isspace(static_cast<unsigned char>(low[pos - 1])) != 0);
    std::size_t i = pos + name.size();
    while (i < low.size() && low[i] == ' ') ++i;
    if (!boundary || i >= low.size() || low[i] != '=') {
      pos += name.size();
      continue;
    }
    ++i;
    while (i < low.size() && low[i] == ' ') ++i;
    if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
      const char quote = tag[i];
      const auto end = tag.find(quote, i + 1);
      if (end == std::string_view::npos) return std::string(tag.substr(i + 1));
      return std::string(tag.substr(i + 1, end - i - 1));
    }
    std::size_t end = i;
    while (end < tag.size() && tag[end] != ' ' && tag[end] != '>' && tag[end] != '/') ++end;
    return std::string(tag.substr(i, end - i));
  }
  return std::nullopt;
}

// &#NNN; and &#xHH; (ASP.NET's HtmlEncode writes Latin-1 letters so) as UTF-8.
std::optional<std::string> numeric_entity(std::string_view entity) {
  if (entity.size() < 2 || entity[0] != '#') return std::nullopt;
  const bool hex = entity[1] == 'x' || entity[1] == 'X';
  const auto digits = entity.substr(hex ? 2 : 1);
  unsigned long code = 0;
  const auto [ptr, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty() || code == 0 ||
      code > 0x10FFFF)
    return std::nullopt;
  std::string out;
  const auto byte = [&out](unsigned long v) { out += static_cast<char>(v & 0xFFU); };
  if (code < 0x80) {
    byte(code);
  } else if (code < 0x800) {
    byte(0xC0 | (code >> 6));
    byte(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    byte(0xE0 | (code >> 12));
    byte(0x80 | ((code >> 6) & 0x3F));
    byte(0x80 | (code & 0x3F));
  } else {
    byte(0xF0 | (code >> 18));
    byte(0x80 | ((code >> 12) & 0x3F));
    byte(0x80 | ((code >> 6) & 0x3F));
    byte(0x80 | (code & 0x3F));
  }
  return out;
}

std::string html_unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      const auto semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        const auto entity = s.substr(i + 1, semi - i - 1);
        const char* repl = entity == "amp"    ? "&"
                           : entity == "lt"   ? "<"
                           : entity == "gt"   ? ">"
                           : entity == "quot" ? "\""
                           : entity == "apos" ? "'"
                                              : nullptr;
        if (repl != nullptr) {
          out += repl;
          i = semi;
          continue;
        }
        if (auto decoded = numeric_entity(entity)) {
          out += *decoded;
          i = semi;
          continue;
        }
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace

std::string Url::origin() const {
  return cat(scheme, "://", authority);
}

std::string Url::str() const {
  if (query.empty()) return cat(scheme, "://", authority, path);
  return cat(scheme, "://", authority, path, "?", query);
}

std::optional<Url> parse_url(std::string_view text) {
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  Url url;
  url.scheme = to_lower_ascii(text.substr(0, scheme_end));
  if (url.scheme != "https" && url.scheme != "http") return std::nullopt;
  auto rest = text.substr(scheme_end + 3);
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  const auto slash = rest.find_first_of("/?");
  url.authority = std::string(rest.substr(0, slash));
  if (url.authority.empty() || url.authority.find('@') != std::string::npos) return std::nullopt;
  rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  const auto q = rest.find('?');
  url.path = std::string(rest.substr(0, q));
  if (q != std::string_view::npos) url.query = std::string(rest.substr(q + 1));
  if (url.path.empty()) url.path.push_back('/');
  return url;
}

std::string resolve(const Url& base, std::string_view location) {
  if (location.find("://") != std::string_view::npos) return std::string(location);
  if (location.starts_with("//")) return cat(base.scheme, ":", location);
  if (location.starts_with("/")) return cat(base.scheme, "://", base.authority, location);
  const auto dir = base.path.substr(0, base.path.rfind('/') + 1);
  return cat(base.scheme, "://", base.authority, dir, location);
}

bool icontains(std::string_view haystack, std::string_view needle) {
  return to_lower_ascii(haystack).find(to_lower_ascii(needle)) != std::string::npos;
}

std::optional<std::string> header(const sys::HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::string form_encode(std::string_view value) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3);
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '*') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += k_hex[u >> 4];
      out += k_hex[u & 0x0F];
    }
  }
  return out;
}

std::string form_decode(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '+') {
      out += ' ';
    } else if (value[i] == '%' && i + 2 < value.size() + 0 && hex_value(value[i + 1]) >= 0 &&
               hex_value(value[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(value[i + 1]) * 16 + hex_value(value[i + 2]));
      i += 2;
    } else {
      out += value[i];
    }
  }
  return out;
}

std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += form_encode(name);
    body += '=';
    body += form_encode(value);
  }
  return body;
}

bool sets_session_cookie(const sys::HttpResponse& response) {
  for (const auto& [key, value] : response.headers) {
    if (!iequals(key, "Set-Cookie")) continue;
    const std::string_view cookie(value);
    const auto eq = cookie.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = cookie.substr(0, eq);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    const auto end = cookie.find(';', eq);
    const auto val = cookie.substr(eq + 1, end == std::string_view::npos ? end : end - eq - 1);
    if (to_lower_ascii(name).starts_with("cadata") && !val.empty()) return true;
  }
  return false;
}

bool is_logon_page_location(std::string_view location) {
  return icontains(location, "/auth/logon.aspx");
}

std::optional<int> reason_of(std::string_view location) {
  const std::string low = to_lower_ascii(location);
  for (std::size_t pos = low.find("reason="); pos != std::string::npos;
       pos = low.find("reason=", pos + 1)) {
    if (pos > 0 && low[pos - 1] != '?' && low[pos - 1] != '&') continue;
    int value = 0;
    const char* begin = low.data() + pos + 7;
    const auto [ptr, ec] = std::from_chars(begin, low.data() + low.size(), value);
    if (ec == std::errc() && ptr != begin) return value;
  }
  return std::nullopt;
}

std::string reason_name(int reason) {
  switch (reason) {
    case 0:
      return "None";
    case 1:
      return "Logoff";
    case 2:
      return "InvalidCredentials";
    case 3:
      return "Timeout";
    case 4:
      return "ChangePasswordLogoff";
    case 5:
      return "BlockedByClientAccessRules";
    case 6:
      return "EACBlockedByClientAccessRules";
    default:
      return "unknown reason";
  }
}

std::vector<HtmlForm> html_forms(std::string_view html) {
  std::vector<HtmlForm> forms;
  const std::string low = to_lower_ascii(html);
  std::size_t pos = 0;
  while ((pos = low.find("<form", pos)) != std::string::npos) {
    const auto tag_end = low.find('>', pos);
    if (tag_end == std::string::npos) break;
    HtmlForm form;
    const auto tag = html.substr(pos, tag_end - pos);
    form.name = attribute(tag, "name").value_or(attribute(tag, "id").value_or(""));
    form.action = html_unescape(attribute(tag, "action").value_or(""));
    auto form_end = low.find("</form", tag_end);
    if (form_end == std::string::npos) form_end = low.size();
    for (std::size_t in = low.find("<input", tag_end); in != std::string::npos && in < form_end;
         in = low.find("<input", in + 1)) {
      const auto in_end = low.find('>', in);
      if (in_end == std::string::npos) break;
      const auto input = html.substr(in, in_end - in);
      const auto type = to_lower_ascii(attribute(input, "type").value_or("text"));
      const auto name = attribute(input, "name");
      if (type == "password") form.has_password_input = true;
      if (!name || name->empty() || type == "submit" || type == "button") continue;
      form.inputs.emplace_back(html_unescape(*name),
                               html_unescape(attribute(input, "value").value_or("")));
    }
    forms.push_back(std::move(form));
    pos = tag_end;
  }
  return forms;
}

std::vector<std::string> html_links(std::string_view html) {
  std::vector<std::string> links;
  const std::string low = to_lower_ascii(html);
  for (std::size_t pos = low.find("<a"); pos != std::string::npos; pos = low.find("<a", pos + 2)) {
    if (pos + 2 >= low.size() || std::isspace(static_cast<unsigned char>(low[pos + 2])) == 0)
      continue;
    const auto tag_end = low.find('>', pos);
    if (tag_end == std::string::npos) break;
    if (auto href = attribute(html.substr(pos, tag_end - pos), "href"))
      links.push_back(html_unescape(*href));
  }
  return links;
}

bool is_logon_page_body(std::string_view html) {
  if (icontains(html, "{57A118C6-2DA9-419d-BE9A-F92B0F9A418B}")) return true;
  for (const auto& form : html_forms(html)) {
    if (form.has_password_input &&
        (icontains(form.action, "auth.owa") || icontains(form.action, "owaauth.dll"))) {
      return true;
    }
  }
  return false;
}

}  // namespace casdoctor::verify_detail
