#include "casdoctor/powershell/collection_script.hpp"

#include <stdexcept>
#include <string_view>
#include <vector>

#include "casdoctor/core/text.hpp"
#include "casdoctor/diagnose/staleness.hpp"
#include "casdoctor/powershell/script_template.hpp"
#include "casdoctor/snapshot/snapshot.hpp"

// The marker lines the snapshot reader looks for: one definition for both.
#include "../snapshot/markers.hpp"
#include "collection_template.hpp"

namespace casdoctor {
namespace {

namespace text = collection_template;

constexpr int k_min_audit_days = 1;
constexpr int k_max_audit_days = 3650;
constexpr int k_min_throttle = 1;
constexpr int k_max_throttle = 256;

Result<void> check_range(std::string_view option, int value, int low, int high) {
  if (value >= low && value <= high) return {};
  return make_error(ExitCode::usage, std::string(option) + " must be between " +
                                         std::to_string(low) + " and " + std::to_string(high) +
                                         ", got " + std::to_string(value));
}

Result<void> check_options(const CollectOptions& options) {
  if (auto days =
          check_range("--audit-days", options.audit_days, k_min_audit_days, k_max_audit_days);
      !days) {
    return days;
  }
  if (auto throttle =
          check_range("--throttle", options.throttle_limit, k_min_throttle, k_max_throttle);
      !throttle) {
    return throttle;
  }
  if (options.ems == EmsMode::remote && options.ems_uri.empty()) {
    return make_error(ExitCode::usage,
                      "--ems remote needs --ems-uri, e.g. http://ex16a.contoso.com/PowerShell/");
  }
  // Checked even where it is not used (--ems local): a bad value is a mistake
  // worth saying, whatever the mode.
  if (!options.ems_uri.empty()) return check_ems_uri(options.ems_uri);
  return {};
}

bool tries_local(EmsMode mode) {
  return mode != EmsMode::remote;
}

bool tries_remote(const CollectOptions& options) {
  return options.ems == EmsMode::remote ||
         (options.ems == EmsMode::auto_detect && !options.ems_uri.empty());
}

std::string_view mode_description(const CollectOptions& options) {
  switch (options.ems) {
    case EmsMode::local:
      return text::k_mode_local;
    case EmsMode::remote:
      return text::k_mode_remote;
    case EmsMode::auto_detect:
      break;
  }
  return options.ems_uri.empty() ? text::k_mode_auto : text::k_mode_auto_remote;
}

std::size_t count_of(std::string_view line, std::string_view mark) {
  std::size_t n = 0;
  for (auto at = line.find(mark); at != std::string_view::npos; at = line.find(mark, at + 1)) ++n;
  return n;
}

// A part of the template without its comment lines, blank lines and
// indentation: the script must fit in -EncodedCommand (a Windows command
// line), and the commented source stays in collection_template.hpp. The
// template holds no quote character outside «...» (script_template.hpp), so
// no here-string; a «...» that spanned lines would be refused here.
std::string compact(std::string_view part) {
  std::string out;
  std::size_t at = 0;
  while (at < part.size()) {
    auto end = part.find('\n', at);
    if (end == std::string_view::npos) end = part.size();
    const auto line = trim(part.substr(at, end - at));
    at = end + 1;
    if (line.empty() || line.front() == '#') continue;
    // A literal that went on to the next line would lose what is trimmed.
    if (count_of(line, "\xC2\xAB") != count_of(line, "\xC2\xBB"))
      throw std::logic_error("collection template: a literal spans lines: " + std::string(line));
    out.append(line).push_back('\n');
  }
  return out;
}

// The template of the whole script for these options, in reading order.
// The title stays as written: it says what the script is to whoever reads
// `collect --print-script`.
std::string script_template(const CollectOptions& options) {
  std::string tpl;
  tpl.append(text::k_header);
  tpl.append(text::k_ems_begin);
  if (tries_local(options.ems)) tpl.append(text::k_ems_local);
  if (tries_remote(options)) tpl.append(text::k_ems_remote);
  tpl.append(text::k_ems_end);
  tpl.append(text::k_organisation).append(text::k_servers).append(text::k_audit);
  tpl.append(text::k_output).append(text::k_cleanup);
  return std::string(text::k_title).append(mode_description(options)).append(compact(tpl));
}

// Exchange 2010's snap-in is how its shell loads; the 2013+ one bypasses
// RBAC and is unsupported, so only on request (--ems-snapin).
std::vector<std::string> snap_ins(const CollectOptions& options) {
  std::vector<std::string> names;
  if (options.snapin) names.emplace_back(k_exchange15_snapin);
  names.emplace_back("Microsoft.Exchange.Management.PowerShell.E2010");
  return names;
}

ScriptValues script_values(const CollectOptions& options) {
  using Names = std::vector<std::string>;
  return {
      {"audit_days", std::int64_t{options.audit_days}},
      {"throttle_limit", std::int64_t{options.throttle_limit}},
      {"ems_uri", options.ems_uri},
      {"ems_failure_prefix", std::string("casdoctor: cannot load the Exchange Management Shell: ")},
      {"snap_ins", snap_ins(options)},
      {"ems_cmdlets", Names{"Get-ExchangeServer", "Get-ClientAccessServer"}},
      {"audit_cmdlet_name", std::string("Search-AdminAuditLog")},
      {"audit_rbac_problem",
       std::string("no Search-AdminAuditLog (RBAC): it needs the View-Only Audit Logs role")},
      {"audit_values_lost", std::string(k_audit_values_unavailable)},
      {"setup_key", std::string("HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup")},
      // w3wp.exe -ap "MSExchangeOWAAppPool" ...: \x22 is the double quote
      // (the script holds none).
      {"app_pool_pattern", std::string("-ap\\s+\\x22?(MSExchange\\w*AppPool)")},
      {"services", Names{std::string(k_topology_service), std::string(k_iis_service),
                         std::string(k_was_service)}},
      {"topology_service", std::string(k_topology_service)},
      {"audit_cmdlet", std::string("Set-ClientAccessServer")},
      {"audit_parameter", std::string("IsOutOfService")},
      {"schema", std::string(k_snapshot_schema)},
      {"begin_marker", std::string(snapshot_detail::k_begin_marker)},
      {"end_marker", std::string(snapshot_detail::k_end_marker)},
  };
}

}  // namespace

Result<std::string> collection_script(const CollectOptions& options) {
  if (auto valid = check_options(options); !valid) return std::unexpected(valid.error());
  return expand_script(script_template(options), script_values(options));
}

}  // namespace casdoctor
