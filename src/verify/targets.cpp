#include "casdoctor/verify/targets.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

#include "web.hpp"

namespace casdoctor {
namespace {

bool plain_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || u >= 0x80;
  });
}

Result<sys::ConnectTo> parse_address(std::string_view text, std::string_view item) {
  sys::ConnectTo to;
  std::string_view host = text;
  std::string_view port;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      return make_error(ExitCode::usage, cat("--via ", item, ": unclosed '[' in the address"));
    }
    host = text.substr(1, close - 1);
    const auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) {
        return make_error(ExitCode::usage, cat("--via ", item, ": expected ':PORT' after ']'"));
      }
      port = rest.substr(1);
    }
    const bool ipv6 = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
    });
    if (!ipv6) return make_error(ExitCode::usage, cat("--via ", item, ": not an IPv6 address"));
  } else {
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos) {
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
    }
    if (!plain_name(host)) {
      return make_error(ExitCode::usage, cat("--via ", item, ": not a host name or address"));
    }
  }
  to.host = std::string(host);
  if (!port.empty() || (text.ends_with(':'))) {
    int value = 0;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || ptr != port.data() + port.size() || value < 1 || value > 65535) {
      return make_error(ExitCode::usage, cat("--via ", item, ": the port must be 1-65535"));
    }
    to.port = value;
  }
  return to;
}

}  // namespace

Result<std::vector<ViaTarget>> parse_via(const std::vector<std::string>& values) {
  std::vector<ViaTarget> out;
  for (const auto& value : values) {
    std::string_view rest = value;
    while (true) {
      const auto comma = rest.find(',');
      auto item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (item.empty()) {
        return make_error(ExitCode::usage, cat("--via '", value, "': an empty server name"));
      }
      ViaTarget target;
      const auto eq = item.find('=');
      const auto name = item.substr(0, eq);
      if (!plain_name(name)) {
        return make_error(ExitCode::usage,
                          cat("--via ", item, ": '", name, "' is not a server name"));
      }
      target.name = std::string(name);
      if (eq == std::string_view::npos) {
        target.connect.host = target.name;
      } else {
        auto address = parse_address(item.substr(eq + 1), item);
        if (!address) return std::unexpected(address.error());
        target.connect = std::move(*address);
      }
      const bool seen = std::any_of(
          out.begin(), out.end(), [&](const ViaTarget& t) { return iequals(t.name, target.name); });
      if (!seen) out.push_back(std::move(target));
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
  }
  return out;
}

Result<sys::ConnectTo> parse_logon_address(std::string_view address) {
  return parse_address(address, address);
}

ViaAll split_via_all(const std::vector<std::string>& values) {
  ViaAll out;
  for (const auto& value : values) {
    std::string_view rest = value;
    std::string kept;
    while (true) {
      const auto comma = rest.find(',');
      const auto item = trim(rest.substr(0, comma));
      if (iequals(item, "all")) {
        out.all = true;
      } else {
        kept.append(kept.empty() ? "" : ",").append(item);
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    if (!kept.empty()) out.others.push_back(std::move(kept));
  }
  return out;
}

std::vector<ViaTarget> owa_front_ends(const OrgModel& org) {
  std::vector<ViaTarget> out;
  for (const auto& server : org.servers) {
    if (!server.is_exchange15()) continue;
    const bool edge = std::any_of(server.roles.begin(), server.roles.end(),
                                  [](const auto& role) { return iequals(role, "Edge"); });
    if (edge) continue;
    if (server.product() == Product::exchange2013 && !server.is_client_access) continue;
    ViaTarget target;
    target.name = server.name;
    target.connect.host = server.fqdn.empty() ? server.name : server.fqdn;
    out.push_back(std::move(target));
  }
  return out;
}

Result<std::vector<ViaTarget>> with_addresses(std::vector<ViaTarget> front_ends,
                                              const std::vector<ViaTarget>& overrides) {
  for (const auto& given : overrides) {
    const auto it = std::find_if(front_ends.begin(), front_ends.end(),
                                 [&](const ViaTarget& t) { return iequals(t.name, given.name); });
    if (it == front_ends.end()) {
      return make_error(ExitCode::usage, cat("--via ", given.name,
                                             ": not an OWA front end of the org (2013 Client "
                                             "Access, 2016, 2019 or SE, not Edge)"));
    }
    it->connect = given.connect;
  }
  return front_ends;
}

std::string format_address(const sys::ConnectTo& to) {
  std::string out = to.host.find(':') == std::string::npos ? to.host : cat("[", to.host, "]");
  if (to.port != 0) out += cat(":", std::to_string(to.port));
  return out;
}

Result<void> check_owa_url(std::string_view url) {
  const auto parsed = verify_detail::parse_url(url);
  if (!parsed || url.find("://") == std::string_view::npos) {
    return make_error(ExitCode::usage,
                      cat("--url '", url, "': expected https://HOST/owa (an http(s) URL)"));
  }
  if (std::any_of(url.begin(), url.end(), [](char c) {
        return std::iscntrl(static_cast<unsigned char>(c)) != 0 || c == ' ';
      })) {
    return make_error(ExitCode::usage, "--url: spaces or control characters in the URL");
  }
  return {};
}

std::string url_host(std::string_view url) {
  const auto parsed = verify_detail::parse_url(url);
  if (!parsed) return {};
  auto host = parsed->authority;
  if (host.starts_with('[')) return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.rfind(':'));
}

VerificationRecord to_record(const LogonResult& r) {
  VerificationRecord out;
  out.url = r.url;
  out.via = r.via;
  out.user = r.user;
  out.outcome = std::string(to_string(r.outcome));
  out.http_status = r.http_status;
  out.cas_error_code = r.cas_error_code;
  out.fe_server = r.fe_server;
  out.be_server = r.be_server;
  out.owa_error = r.owa_error;
  out.backend_version = r.backend_version;
  out.detail = r.detail;
  out.elapsed_ms = r.elapsed_ms;
  return out;
}

ExitCode verify_exit_code(const std::vector<LogonResult>& results) {
  if (results.empty()) return ExitCode::unknown;
  const auto untested = [](const LogonResult& r) {
    return r.outcome == LogonOutcome::connect_error || r.outcome == LogonOutcome::timeout ||
           r.outcome == LogonOutcome::tls_error;
  };
  if (std::all_of(results.begin(), results.end(), untested)) return ExitCode::unknown;
  const auto failed = [](const LogonResult& r) {
    return r.outcome != LogonOutcome::ok && !is_unproven(r.outcome);
  };
  if (std::any_of(results.begin(), results.end(), failed)) return ExitCode::critical;
  const bool all_ok = std::all_of(results.begin(), results.end(), [](const LogonResult& r) {
    return r.outcome == LogonOutcome::ok;
  });
  return all_ok ? ExitCode::ok : ExitCode::warning;
}

}  // namespace casdoctor
