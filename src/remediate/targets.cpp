// Target selection. By default only servers whose start times say stale,
// or that a logon through them proved stale: a restart of the topology
// service takes the mailbox databases down with it, so "maybe" is not
// enough without --all-susceptible or --servers.
#include "targets.hpp"

#include <algorithm>
#include <optional>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/diagnose/evidence.hpp"
#include "casdoctor/diagnose/staleness.hpp"
#include "casdoctor/remediate/proof.hpp"

namespace casdoctor::remediate_detail {
namespace {

constexpr std::string_view k_stale_id = "kb4294204.stale-topology";

const Finding* stale_finding(const Diagnosis& diagnosis, const ServerView& server) {
  auto it = std::find_if(diagnosis.findings.begin(), diagnosis.findings.end(), [&](const auto& f) {
    return f.id == k_stale_id && iequals(f.server, server.name);
  });
  return it == diagnosis.findings.end() ? nullptr : &*it;
}

// The proof of `server`: the logon through it before planning, judged
// (proof.cpp), or why there is none.
TargetProof proof_of(const PlanOptions& options, const ServerView& server) {
  for (const auto& record : options.proof_logons)
    if (names_server(record.via, server)) return proof_from_logon(record, server);
  const std::string why = options.no_proof_reason.empty()
                              ? std::string("no OWA logon through it before planning")
                              : options.no_proof_reason;
  return proof_without_logon(cat(why, "; prove it with casdoctor verify --via ", server.name));
}

// The start of a target's evidence line: proven, suspected, or suspected
// with a logon that works; a restart takes some 26 services down with it,
// so the plan says which (docs/exchange-behaviour.md).
std::string proof_prefix(const TargetProof& proof) {
  switch (proof.state) {
    case ProofState::proven:
      return cat("proven stale (OWA logon through it: ", proof.logon, ")");
    case ProofState::logon_works:
      return cat("suspected stale, but an OWA logon through it works (", proof.logon,
                 "; its topology service or another app pool may still hold the old value)");
    case ProofState::suspected:
      break;
  }
  return cat("suspected stale (start times only; ", proof.reason, ")");
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

// What a logon said about a server the start times are unsure of.
std::string proof_note(const TargetProof& proof) {
  if (proof.state == ProofState::logon_works)
    return cat("; an OWA logon through it works (", proof.logon, ")");
  return cat("; ", proof.reason);
}

// Why a server is a target, in one line (Plan::evidence stands beside
// Plan::targets, so the line does not repeat the name).
std::string evidence_of(const OrgModel& org, const Diagnosis& diagnosis, const ServerView& server,
                        const TargetProof& proof) {
  if (const auto* finding = stale_finding(diagnosis, server))
    return cat(proof_prefix(proof), ": ", finding->summary);
  if (proof.state == ProofState::proven) return cat(proof_prefix(proof), ": chosen with --servers");
  // A logon that worked or proved nothing is said after the start times' verdict.
  const auto logon = proof.outcome.empty() ? std::string() : proof_note(proof);
  const auto staleness = assess_staleness(org, server);
  if (staleness.verdict == Staleness::undetermined) return cat(undetermined_line(staleness), logon);
  std::string line = "chosen with --servers (";
  if (staleness.verdict == Staleness::probably_refreshed)
    return cat(line, "probably refreshed since the revert; confirm with an OWA logon)", logon);
  line.append(staleness.verdict == Staleness::current      ? "its caches are current"
              : server.kb4294204 == Kb4294204::susceptible ? "no IsOutOfService revert to act on"
                                                           : "not susceptible");
  return cat(line, ")", logon);
}

// Not stale by the start times, or undetermined: a candidate the default
// plan leaves out unless --all-susceptible, or a proof logon proves it stale.
std::optional<std::string> unsure_line(const OrgModel& org, const ServerView& server) {
  const auto staleness = assess_staleness(org, server);
  if (staleness.verdict == Staleness::probably_refreshed)
    return std::string("probably refreshed by the 24 h cache expiry since the revert");
  if (staleness.verdict == Staleness::undetermined) return undetermined_line(staleness);
  return std::nullopt;
}

bool default_candidate(const ServerView& server) {
  return server.is_exchange15() && server.kb4294204 == Kb4294204::susceptible && !is_edge(server);
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

// Proven first, then suspected, then those a logon works through: if the
// window closes early, the first were worth it.
int rank(const Target& target) {
  switch (target.proof.state) {
    case ProofState::proven:
      return 0;
    case ProofState::suspected:
      return 1;
    case ProofState::logon_works:
      break;
  }
  return 2;
}

Targets default_targets(const OrgModel& org, const Diagnosis& diagnosis,
                        const PlanOptions& options) {
  Targets out;
  for (const auto& server : org.servers) {
    if (!default_candidate(server)) continue;
    auto proof = proof_of(options, server);
    if (const auto* finding = stale_finding(diagnosis, server)) {
      auto line = cat(proof_prefix(proof), ": ", finding->summary);
      out.chosen.push_back({&server, std::move(line), std::move(proof)});
      continue;
    }
    auto unsure = unsure_line(org, server);
    if (!unsure) continue;
    // The start times said "maybe"; a failed logon says "yes".
    if (proof.state == ProofState::proven || options.all_susceptible) {
      auto line = proof.state == ProofState::proven
                      ? cat(proof_prefix(proof), ": the start times said ", *unsure,
                            ", but the logon shows the stale value")
                      : cat(*unsure, proof_note(proof));
      out.chosen.push_back({&server, std::move(line), std::move(proof)});
      continue;
    }
    out.notes.push_back(cat(server.name, ": ", *unsure, proof_note(proof),
                            " (left out; --all-susceptible or --servers includes it)"));
  }
  std::stable_sort(out.chosen.begin(), out.chosen.end(),
                   [](const Target& a, const Target& b) { return rank(a) < rank(b); });
  return out;
}

}  // namespace

Result<Targets> select_targets(const OrgModel& org, const Diagnosis& diagnosis,
                               const PlanOptions& options) {
  if (options.servers.empty()) return default_targets(org, diagnosis, options);
  Targets out;
  for (const auto& name : options.servers) {
    const auto* server = org.find_server(name);
    if (auto refused = target_refusal(server, name, "--servers", options.force); !refused.empty()) {
      return make_error(ExitCode::usage, std::move(refused));
    }
    const bool again = std::any_of(out.chosen.begin(), out.chosen.end(),
                                   [&](const Target& t) { return t.server == server; });
    if (again) continue;
    auto proof = proof_of(options, *server);
    auto line = evidence_of(org, diagnosis, *server, proof);
    out.chosen.push_back({server, std::move(line), std::move(proof)});
  }
  return out;
}

}  // namespace casdoctor::remediate_detail

namespace casdoctor {

std::vector<const ServerView*> proof_candidates(const OrgModel& org, const Diagnosis& diagnosis,
                                                const PlanOptions& options) {
  using namespace remediate_detail;
  std::vector<const ServerView*> out;
  for (const auto& server : org.servers) {
    if (!options.servers.empty()) {
      const bool named = std::any_of(options.servers.begin(), options.servers.end(),
                                     [&](const auto& n) { return org.find_server(n) == &server; });
      if (named && target_refusal(&server, server.name, "--servers", options.force).empty())
        out.push_back(&server);
    } else if (default_candidate(server) &&
               (stale_finding(diagnosis, server) != nullptr || unsure_line(org, server))) {
      out.push_back(&server);
    }
  }
  return out;
}

}  // namespace casdoctor
