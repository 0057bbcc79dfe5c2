// check_plan_against_org: a saved plan is input that may have been edited
// on its way through a ticket system, so every server it acts on is checked
// against the org as it is now, exactly as --servers names are, and every
// step must go where build_plan would send it now.
#include <algorithm>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/remediate/plan.hpp"

#include "targets.hpp"

namespace casdoctor {
namespace {

using remediate_detail::computer_of;

constexpr std::string_view k_new_plan =
    " (was the file edited? make a new plan with remediate --dry-run)";

// "" when the step goes where it should; else why not.
std::string misdirected(const PlanStep& step, const ServerView& server, std::string_view local) {
  const auto expected = computer_of(server, local);
  if (step.fqdn.empty()) {
    if (expected.empty()) return {};
    if (local.empty()) {
      return cat(
          "runs on the server casdoctor runs on, which is not known here, so not "
          "necessarily ",
          server.name, k_new_plan);
    }
    return cat("runs on the server casdoctor runs on, which is now '", local, "', not ",
               server.name, ": make a new plan where it will run");
  }
  const auto remote = server.fqdn.empty() ? server.name : server.fqdn;
  if (iequals(step.fqdn, remote)) return {};
  return cat("'", step.fqdn, "' is not where ", server.name, " is reached (the org knows it as '",
             remote, "')", k_new_plan);
}

}  // namespace

Result<void> check_plan_against_org(const Plan& plan, const OrgModel& org,
                                    const PlanCheckOptions& options) {
  for (const auto& target : plan.targets) {
    const ServerView* server = org.find_server(target);
    auto refused =
        remediate_detail::target_refusal(server, target, "the plan's target", options.force);
    if (!refused.empty()) return make_error(ExitCode::bad_input, std::move(refused));
  }
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep& step = plan.steps[i];
    const ServerView* server = org.find_server(step.server);
    const auto pointer = cat("/plan/steps/", std::to_string(i));
    const bool a_target = std::any_of(plan.targets.begin(), plan.targets.end(),
                                      [&](const auto& t) { return iequals(t, step.server); });
    if (server == nullptr || !a_target) {
      return make_error(ExitCode::bad_input,
                        cat(pointer, "/server: '", step.server, "' is not a target of the plan"));
    }
    if (auto why = misdirected(step, *server, options.local_server); !why.empty()) {
      return make_error(ExitCode::bad_input, cat(pointer, "/fqdn: ", why));
    }
  }
  return {};
}

}  // namespace casdoctor
