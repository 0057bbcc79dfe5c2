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
constexpr std::string_view k_logon_failed_id = "owa.logon-failed";

const Finding* stale_finding(const Diagnosis& diagnosis, const ServerView& server) {
  auto it = std::find_if(diagnosis.findings.begin(), diagnosis.findings.end(), [&](const auto& f) {
    return f.id == k_stale_id && iequals(f.server, server.name);
  });
  return it == diagnosis.findings.end() ? nullptr : &*it;
}

bool names_server(std::string_view written, const ServerView& server) {
  if (written.empty()) return false;
  const auto host = written.substr(0, written.find('.'));
  return iequals(written, server.name) || iequals(host, server.name) ||
         (!server.fqdn.empty() && iequals(written, server.fqdn));
}

// The proof the KB asks for: an OWA logon through the server that its proxy
// failed (a front end without an in-service 2010 CAS answers ServerNotFound).
const Finding* failed_logon(const Diagnosis& diagnosis, const ServerView& server) {
  for (const auto& f : diagnosis.findings) {
    if (f.id != k_logon_failed_id || f.evidence.value("outcome", "") != "proxy-failure") continue;
    if (names_server(f.server, server) || names_server(f.evidence.value("fe_server", ""), server))
      return &f;
  }
  return nullptr;
}

// A stale-topology target: proven by a failed logon through it, else only
// suspected from its start times; a restart takes some 26 services down
// with it, so the plan says which.
std::string stale_line(const Diagnosis& diagnosis, const ServerView& server, const Finding& stale) {
  if (const auto* logon = failed_logon(diagnosis, server))
    return "proven stale (" + logon->summary + "): " + stale.summary;
  return "suspected stale (start times only; no failed OWA logon through it in the planning "
         "input, prove it with casdoctor verify --via " +
         server.name + "): " + stale.summary;
}

// Edge Transport servers serve no OWA, and casdoctor collects nothing there.
bool is_edge(const ServerView& server) {
  return std::any_of(server.roles.begin(), server.roles.end(),
                     [](const auto& role) { return iequals(role, "Edge"); });
}

std::string undetermined_line(const StalenessResult& staleness) {
  std::string line = "staleness undetermined: ";
  return line.append(staleness.missing.empty() ? "not enough data" : join(staleness.missing));
}

// Why a server is a target, in one line (Plan::evidence stands beside
// Plan::targets, so the line does not repeat the name).
std::string evidence_of(const OrgModel& org, const Diagnosis& diagnosis, const ServerView& server) {
  if (const auto* finding = stale_finding(diagnosis, server))
    return stale_line(diagnosis, server, *finding);
  const auto staleness = assess_staleness(org, server);
  if (staleness.verdict == Staleness::undetermined) return undetermined_line(staleness);
  std::string line = "chosen with --servers (";
  if (staleness.verdict == Staleness::probably_refreshed)
    return line.append("probably refreshed since the revert; confirm with an OWA logon)");
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
      out.chosen.push_back({&server, stale_line(diagnosis, server, *finding),
                            failed_logon(diagnosis, server) != nullptr});
      continue;
    }
    const auto staleness = assess_staleness(org, server);
    if (staleness.verdict != Staleness::undetermined &&
        staleness.verdict != Staleness::probably_refreshed)
      continue;
    auto line = staleness.verdict == Staleness::probably_refreshed
                    ? std::string(
                          "probably refreshed by the 24 h cache expiry since the revert; "
                          "confirm with an OWA logon through it")
                    : undetermined_line(staleness);
    if (all_susceptible) {
      out.chosen.push_back({&server, std::move(line), false});
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
  if (options.servers.empty()) {
    auto targets = default_targets(org, diagnosis, options.all_susceptible);
    // Proven first: if the window closes early, those were worth it.
    if (targets)
      std::stable_partition(targets->chosen.begin(), targets->chosen.end(),
                            [](const Target& t) { return t.proven; });
    return targets;
  }
  Targets out;
  for (const auto& name : options.servers) {
    const auto* server = org.find_server(name);
    if (auto refused = target_refusal(server, name, "--servers", options.force); !refused.empty()) {
      return make_error(ExitCode::usage, std::move(refused));
    }
    const bool again = std::any_of(out.chosen.begin(), out.chosen.end(),
                                   [&](const Target& t) { return t.server == server; });
    if (!again)
      out.chosen.push_back({server, evidence_of(org, diagnosis, *server),
                            failed_logon(diagnosis, *server) != nullptr});
  }
  return out;
}

}  // namespace casdoctor::remediate_detail
