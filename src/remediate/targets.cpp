// Target selection. By default only servers with proof of a stale cache: a
// restart of the topology service takes the mailbox databases down with it,
// so "maybe" is not enough without --all-susceptible or --servers.
#include "targets.hpp"

#include <algorithm>

#include "casdoctor/core/text.hpp"
#include "casdoctor/diagnose/evidence.hpp"
#include "casdoctor/diagnose/staleness.hpp"

namespace casdoctor::remediate_detail {
namespace {

constexpr std::string_view k_stale_id = "kb4294204.stale-topology";

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out.append(", ");
    out.append(item);
  }
  return out;
}

const Finding* stale_finding(const Diagnosis& diagnosis, const ServerView& server) {
  auto it = std::find_if(diagnosis.findings.begin(), diagnosis.findings.end(), [&](const auto& f) {
    return f.id == k_stale_id && iequals(f.server, server.name);
  });
  return it == diagnosis.findings.end() ? nullptr : &*it;
}

// Edge Transport servers serve no OWA, and casdoctor collects nothing there.
bool is_edge(const ServerView& server) {
  return std::any_of(server.roles.begin(), server.roles.end(),
                     [](const auto& role) { return iequals(role, "Edge"); });
}

std::string undetermined_line(const StalenessResult& staleness) {
  std::string line = "staleness undetermined: ";
  return line.append(staleness.missing.empty() ? "not enough data" : joined(staleness.missing));
}

// Why a server is a target, in one line (Plan::evidence stands beside
// Plan::targets, so the line does not repeat the name).
std::string evidence_of(const OrgModel& org, const Diagnosis& diagnosis, const ServerView& server) {
  if (const auto* finding = stale_finding(diagnosis, server)) return finding->summary;
  const auto staleness = assess_staleness(org, server);
  if (staleness.verdict == Staleness::undetermined) return undetermined_line(staleness);
  std::string line = "chosen with --servers (";
  line.append(staleness.verdict == Staleness::current      ? "its caches are current"
              : server.kb4294204 == Kb4294204::susceptible ? "no IsOutOfService revert to act on"
                                                           : "not susceptible");
  return line.append(")");
}

}  // namespace

std::string target_refusal(const ServerView* server, std::string_view name, std::string_view source,
                           bool force) {
  const auto quoted = [source](std::string_view n) {
    return std::string(source).append(source == "--servers" ? ": '" : " '").append(n).append("'");
  };
  if (server == nullptr) return quoted(name).append(" is not an Exchange server of this org");
  const auto product = server->product();
  if (product == Product::exchange2010) {
    return quoted(name).append(
        " is an Exchange 2010 server: the workaround runs on the 2013/2016 servers that proxy "
        "to it, never on a 2010 server");
  }
  if (product == Product::exchange2019 || product == Product::exchange_se) {
    return quoted(name)
        .append(" runs ")
        .append(product_name(product))
        .append(", which KB4294204 does not affect");
  }
  if (product == Product::unknown) {
    return quoted(name).append(
        ": its version was not collected, so it cannot be confirmed as a 2013/2016 server");
  }
  if (is_edge(*server))
    return quoted(name).append(" is an Edge Transport server: no OWA runs there");
  if (force) return {};
  if (server->kb4294204 == Kb4294204::fixed) {
    return quoted(name)
        .append(" has the fix (")
        .append(fix_level_of(product))
        .append(" or later); add --force to restart it anyway");
  }
  if (server->kb4294204 == Kb4294204::not_applicable) {
    return quoted(name).append(
        " is not affected in this org (no Exchange 2010 Client Access server); add --force to "
        "restart it anyway");
  }
  return {};
}

std::string computer_of(const ServerView& server, std::string_view local) {
  if (!local.empty()) {
    const auto host = local.substr(0, local.find('.'));
    const bool here = iequals(local, server.name) ||
                      (!server.fqdn.empty() && iequals(local, server.fqdn)) ||
                      iequals(host, server.name);
    if (here) return {};
  }
  return server.fqdn.empty() ? server.name : server.fqdn;
}

namespace {

Result<Targets> default_targets(const OrgModel& org, const Diagnosis& diagnosis,
                                bool all_susceptible) {
  Targets out;
  for (const auto& server : org.servers) {
    if (!server.is_exchange15() || server.kb4294204 != Kb4294204::susceptible) continue;
    if (is_edge(server)) continue;
    if (const auto* finding = stale_finding(diagnosis, server)) {
      out.chosen.push_back({&server, finding->summary});
      continue;
    }
    const auto staleness = assess_staleness(org, server);
    if (staleness.verdict != Staleness::undetermined) continue;
    auto line = undetermined_line(staleness);
    if (all_susceptible) {
      out.chosen.push_back({&server, std::move(line)});
    } else {
      out.notes.push_back(server.name + ": " +
                          line.append(" (left out; --all-susceptible or --servers includes it)"));
    }
  }
  return out;
}

}  // namespace

Result<Targets> select_targets(const OrgModel& org, const Diagnosis& diagnosis,
                               const PlanOptions& options) {
  if (options.servers.empty()) return default_targets(org, diagnosis, options.all_susceptible);
  Targets out;
  for (const auto& name : options.servers) {
    const auto* server = org.find_server(name);
    if (auto refused = target_refusal(server, name, "--servers", options.force); !refused.empty()) {
      return make_error(ExitCode::usage, std::move(refused));
    }
    const bool again = std::any_of(out.chosen.begin(), out.chosen.end(),
                                   [&](const Target& t) { return t.server == server; });
    if (!again) out.chosen.push_back({server, evidence_of(org, diagnosis, *server)});
  }
  return out;
}

}  // namespace casdoctor::remediate_detail
