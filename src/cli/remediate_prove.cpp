// The proof logons: read-only HTTP, one OWA logon per candidate, all at
// once (the verifier's run_logons), before anything is planned.
#include "remediate_prove.hpp"

#include <spdlog/spdlog.h>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/verify/targets.hpp"

namespace casdoctor::cli {
namespace {

// Where to reach each candidate: --via's address, else its FQDN (else its
// name). One whose FQDN is no host name gets no logon here; planning names
// the problem (logon_address).
std::vector<ViaTarget> proof_targets(const std::vector<const ServerView*>& candidates,
                                     const std::vector<ViaTarget>& overrides) {
  std::vector<ViaTarget> out;
  for (const auto* server : candidates) {
    auto given = std::find_if(overrides.begin(), overrides.end(),
                              [&](const ViaTarget& v) { return iequals(v.name, server->name); });
    if (given != overrides.end()) {
      out.push_back({server->name, given->connect});
      continue;
    }
    auto address = parse_logon_address(server->fqdn.empty() ? server->name : server->fqdn);
    if (address) out.push_back({server->name, *address});
  }
  return out;
}

std::string no_logon(std::string_view why) {
  return cat("no OWA logon through it before planning (", why, ")");
}

}  // namespace

Result<ProofRun> prove_before_planning(RemediateVerifyOptions& options,
                                       const std::vector<const ServerView*>& candidates,
                                       bool dry_run, const Clock& clock) {
  ProofRun run;
  if (!options.verify) {
    run.no_proof_reason = no_logon("remediate --verify --url URL --user USER logs on first");
    return run;
  }
  if (options.no_prove) {
    run.no_proof_reason = no_logon("--no-prove");
    return run;
  }
  if (candidates.empty()) return run;
  auto password = read_password(options.verifier);
  if (!password) {
    if (!dry_run) return std::unexpected(password.error());
    spdlog::warn("no proof logons before planning, the targets stay suspected: {}",
                 password.error().message);
    run.no_proof_reason = no_logon("no password");
    return run;
  }
  auto http = http_options(options.verifier);
  if (!http) return std::unexpected(http.error());
  auto overrides = parse_via(options.verifier.via);
  if (!overrides) return std::unexpected(overrides.error());
  const VerifierPlan plan{proof_targets(candidates, *overrides), *http};
  spdlog::info("proving before planning: one OWA logon through each of {} server(s)",
               plan.via.size());
  if (!plan.via.empty()) {
    auto client = sys::make_http_client();
    for (const auto& result : run_logons(*client, options.verifier, plan, *password, clock))
      run.logons.push_back(to_record(result));
  }
  run.setup.http = std::move(*http);
  run.setup.password = std::move(*password);
  return run;
}

}  // namespace casdoctor::cli
