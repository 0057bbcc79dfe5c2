// build_plan: targets (targets.cpp), then per target, in this order, the
// KB's workaround, its check and (remediate --verify) the KB's logon test. Topology first: IIS
// refreshes its copy from the topology service when it starts, so the reverse order keeps the stale
// value (exchange-facts.md 5.2).
#include <algorithm>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/diagnose/staleness.hpp"
#include "casdoctor/remediate/plan.hpp"
#include "casdoctor/verify/targets.hpp"

#include "impact.hpp"
#include "targets.hpp"

namespace casdoctor {
namespace {

using remediate_detail::computer_of;
using remediate_detail::Target;

// The three services the KB needs, then every dependent that ran before.
std::vector<std::string> expected_running(const ServerView& server) {
  std::vector<std::string> names{std::string(k_topology_service), std::string(k_iis_service),
                                 std::string(k_was_service)};
  for (const auto& dependent : server.running_dependents) {
    const bool known = std::any_of(names.begin(), names.end(),
                                   [&](const auto& n) { return iequals(n, dependent); });
    if (!known) names.push_back(dependent);
  }
  return names;
}

PlanStep step(const ServerView& server, const std::string& computer, StepAction action) {
  PlanStep s;
  s.server = server.name;
  s.fqdn = computer;
  s.action = action;
  return s;
}

// Where the logon reaches the server: --via's address, else its FQDN, else
// its name. The FQDN comes from the org, so it is checked as a saved plan's
// address is read back (plan_from_json): a plan that cannot be run is not written.
Result<std::string> logon_address(const ServerView& server, const VerifyStepOptions& verify) {
  for (const auto& [name, address] : verify.addresses) {
    if (iequals(name, server.name)) return address;
  }
  auto address = server.fqdn.empty() ? server.name : server.fqdn;
  if (!parse_logon_address(address)) {
    return make_error(ExitCode::bad_input,
                      cat(server.name, "'s FQDN '", address,
                          "' is not a host name the logon step can connect to: give the "
                          "server's address with --via ",
                          server.name, "=HOST[:PORT]"));
  }
  return address;
}

Result<PlanStep> logon_step(const ServerView& server, const std::string& computer,
                            const VerifyStepOptions& verify) {
  auto address = logon_address(server, verify);
  if (!address) return std::unexpected(address.error());
  auto logon = step(server, computer, StepAction::verify_logon);
  logon.logon =
      LogonCheck{verify.url, verify.user, std::move(*address), verify.deadline, verify.interval};
  logon.command = logon_command(server.name, *logon.logon);
  logon.on_failure = remediate_detail::logon_on_failure(server, *logon.logon);
  return logon;
}

Result<void> add_steps(const ServerView& server, std::string_view local,
                       const std::optional<VerifyStepOptions>& verify, std::vector<PlanStep>& out) {
  using namespace remediate_detail;
  const auto computer = computer_of(server, local);

  auto restart = step(server, computer, StepAction::restart_topology);
  restart.command = step_command(restart.action, computer, {});
  restart.impact = restart_impact(server);
  restart.on_failure = restart_on_failure(server, computer);
  out.push_back(std::move(restart));

  auto iis = step(server, computer, StepAction::iisreset);
  iis.command = step_command(iis.action, computer, {});
  iis.impact = iisreset_impact(server);
  iis.on_failure = iisreset_on_failure(server, computer);
  out.push_back(std::move(iis));

  auto check = step(server, computer, StepAction::check_services);
  check.expect_running = expected_running(server);
  check.command = step_command(check.action, computer, check.expect_running);
  check.on_failure = check_on_failure(server, computer, check.expect_running);
  out.push_back(std::move(check));

  if (verify) {
    auto logon = logon_step(server, computer, *verify);
    if (!logon) return std::unexpected(logon.error());
    out.push_back(std::move(*logon));
  }
  return {};
}

// The options the verify-logon command line carries (core/ps_quote.hpp);
// the org's names were checked when the snapshot was read.
Result<void> check_verify_values(const VerifyStepOptions& verify) {
  if (auto url = check_ps_value("--url", verify.url, ps_limit::url, ExitCode::usage); !url) {
    return url;
  }
  if (auto user = check_ps_value("--user", verify.user, ps_limit::user, ExitCode::usage); !user) {
    return user;
  }
  for (const auto& server_address : verify.addresses) {
    if (auto via =
            check_ps_value("--via", server_address.second, ps_limit::address, ExitCode::usage);
        !via) {
      return via;
    }
  }
  return {};
}

}  // namespace

Result<Plan> build_plan(const OrgModel& org, const Diagnosis& diagnosis, const PlanOptions& options,
                        TimePoint now) {
  if (options.verify) {
    if (auto fit = check_verify_values(*options.verify); !fit) return std::unexpected(fit.error());
  }
  auto targets = remediate_detail::select_targets(org, diagnosis, options);
  if (!targets) return std::unexpected(targets.error());
  Plan plan;
  plan.created_at = now;
  plan.local_server = options.local_server;
  plan.notes = std::move(targets->notes);
  for (const Target& target : targets->chosen) {
    plan.targets.push_back(target.server->name);
    plan.evidence.push_back(target.evidence);
    plan.proof.push_back(target.proof);
    if (auto added = add_steps(*target.server, options.local_server, options.verify, plan.steps);
        !added) {
      return std::unexpected(added.error());
    }
  }
  return plan;
}

}  // namespace casdoctor
