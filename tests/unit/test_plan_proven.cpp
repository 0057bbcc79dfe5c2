// The plan says which targets a failed OWA logon proved stale and which are
// only suspected from start times, proven first; and asks for the databases
// to be moved before the topology service (and the Information Store) restarts.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/remediate/plan.hpp"

#include "../helpers/plan_cases.hpp"

using namespace casdoctor;
using test::k_evil_server;
using test::plan_org;

namespace {

VerificationRecord failed_through(std::string via, std::string outcome) {
  VerificationRecord r;
  r.url = "https://mail.contoso.com/owa";
  r.user = "CONTOSO\\alice";
  r.via = std::move(via);
  r.outcome = std::move(outcome);
  r.cas_error_code = "ServerNotFound";
  return r;
}

Plan plan_with(const std::vector<VerificationRecord>& logons) {
  const auto org = plan_org().org();
  auto plan = build_plan(org, diagnose(org, logons), {}, test::plan_revert_time());
  REQUIRE(plan.has_value());
  return std::move(*plan);
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

}  // namespace

TEST_CASE("plan: without logon evidence every target is only suspected", "[remediate]") {
  const auto plan = plan_with({});
  REQUIRE(plan.evidence.size() == 2);
  for (const auto& line : plan.evidence) {
    CHECK(starts_with(line, "suspected stale (start times only"));
    CHECK_THAT(line, Catch::Contains("casdoctor verify --via"));
  }
}

TEST_CASE("plan: a proxy failure through a server proves it, and it goes first", "[remediate]") {
  const auto plan = plan_with({failed_through(k_evil_server, "proxy-failure")});
  REQUIRE(plan.targets == std::vector<std::string>{k_evil_server, "EX16A"});
  CHECK(starts_with(plan.evidence[0], "proven stale (OWA logon for CONTOSO\\alice through"));
  CHECK(starts_with(plan.evidence[1], "suspected stale"));
}

TEST_CASE("plan: a bad password proves nothing", "[remediate]") {
  const auto plan = plan_with({failed_through("EX16A", "bad-credentials")});
  CHECK(plan.targets == std::vector<std::string>{"EX16A", k_evil_server});
  CHECK(starts_with(plan.evidence[0], "suspected stale"));
}

TEST_CASE("plan: the restart asks for the active database copies to move first", "[remediate]") {
  const auto plan = plan_with({});
  const auto restart = std::find_if(plan.steps.begin(), plan.steps.end(), [](const PlanStep& s) {
    return s.server == "EX16A" && s.action == StepAction::restart_topology;
  });
  REQUIRE(restart != plan.steps.end());
  const bool asks = std::any_of(restart->impact.begin(), restart->impact.end(), [](const auto& l) {
    return l.find("Move-ActiveMailboxDatabase -Server 'EX16A'") != std::string::npos;
  });
  CHECK(asks);
}
