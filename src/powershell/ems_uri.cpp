// --ems-uri ends up in the collection script as a ps_quote'd literal, so even
// a hostile value could not run as code; it is checked anyway so that a typo
// or a pasted value with quotes, spaces or a line break is named at once
// instead of failing later inside PowerShell.
#include <cstdio>
#include <string>
#include <string_view>

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/powershell/collection_script.hpp"

namespace casdoctor {
namespace {

constexpr std::string_view k_option = "--ems-uri";
constexpr std::size_t k_max_port_digits = 5;
constexpr unsigned k_max_port = 65535;

std::unexpected<Error> bad_uri(const std::string& reason) {
  return make_error(ExitCode::usage, std::string(k_option) + ": " + reason);
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 3986 unreserved, reserved and '%', less the single quote.
bool is_url_char(char c) {
  return is_alnum(c) ||
         std::string_view("-._~:/?#[]@!$&()*+,;=%").find(c) != std::string_view::npos;
}

std::string position(std::size_t index) {
  return " at position " + std::to_string(index + 1);
}

// The first character a URL may not hold, described without echoing
// anything unprintable.
Result<void> check_characters(std::string_view uri) {
  for (std::size_t i = 0; i < uri.size(); ++i) {
    const auto byte = static_cast<unsigned char>(uri[i]);
    const char c = uri[i];
    if (byte >= 0x80) {
      return bad_uri("contains a non-ASCII character" + position(i) +
                     " (write an internationalised host name in its xn-- form)");
    }
    if (byte < 0x20 || byte == 0x7F) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", byte);
      return bad_uri("contains a control character (" + std::string(code) + ")" + position(i));
    }
    if (c == ' ') return bad_uri("contains white space" + position(i));
    if (c == '\'' || c == '"' || c == '`') {
      return bad_uri("contains a quote (" + std::string(1, c) + ")" + position(i));
    }
    if (!is_url_char(c)) {
      return bad_uri("contains '" + std::string(1, c) + "'" + position(i) +
                     ", which a URL may not hold");
    }
  }
  return {};
}

bool is_dns_name(std::string_view host) {
  if (host.empty() || host.front() == '.' || host.front() == '-' || host.back() == '-')
    return false;
  for (char c : host) {
    if (!is_alnum(c) && c != '-' && c != '.') return false;
  }
  return host.find("..") == std::string_view::npos;
}

bool is_ipv6_literal(std::string_view host) {
  if (host.find(':') == std::string_view::npos) return false;
  for (char c : host) {
    if (!is_hex(c) && c != ':' && c != '.') return false;
  }
  return true;
}

bool is_port(std::string_view port) {
  if (port.empty() || port.size() > k_max_port_digits) return false;
  unsigned value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value >= 1 && value <= k_max_port;
}

Result<void> check_authority(std::string_view authority) {
  if (authority.empty()) return bad_uri("has no host after the scheme");
  if (authority.find('@') != std::string_view::npos) {
    return bad_uri("a user name or password (user@host) does not belong in the URL");
  }
  std::string_view host = authority;
  std::string_view port;
  bool has_port = false;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad_uri("an IPv6 address without its closing ]");
    host = authority.substr(1, close - 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return bad_uri("text after the IPv6 address");
    has_port = !rest.empty();
    if (has_port) port = rest.substr(1);
    if (!is_ipv6_literal(host)) return bad_uri("the host is not an IPv6 address");
  } else {
    const auto colon = authority.find(':');
    has_port = colon != std::string_view::npos;
    host = authority.substr(0, colon);
    if (has_port) port = authority.substr(colon + 1);
    if (!is_dns_name(host)) return bad_uri("the host is not a DNS name or an IP address");
  }
  if (has_port && !is_port(port)) return bad_uri("the port is not a number from 1 to 65535");
  return {};
}

}  // namespace

Result<void> check_ems_uri(std::string_view uri) {
  if (uri.empty()) return bad_uri("empty");
  if (uri.size() > ps_limit::url) {
    return bad_uri("is " + std::to_string(uri.size()) + " characters long, more than " +
                   std::to_string(ps_limit::url));
  }
  if (auto chars = check_characters(uri); !chars) return chars;
  const auto lower = to_lower_ascii(uri);
  std::size_t rest = 0;
  if (lower.starts_with("http://")) {
    rest = 7;
  } else if (lower.starts_with("https://")) {
    rest = 8;
  } else {
    return bad_uri(
        "must start with http:// or https:// (e.g. http://ex16a.contoso.com/PowerShell/)");
  }
  const auto after = uri.substr(rest);
  return check_authority(after.substr(0, after.find_first_of("/?#")));
}

}  // namespace casdoctor
