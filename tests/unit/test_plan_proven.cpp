// The plan says which targets a failed OWA logon proved stale and which are
// only suspected from start times, proven first and those a logon works
// through last; and asks for the databases to be moved before the topology
// service (and the Information Store) restarts.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/remediate/plan.hpp"
#include "casdoctor/remediate/plan_json.hpp"
#include "casdoctor/report/render.hpp"

#include "../helpers/plan_cases.hpp"
#include "report_samples.hpp"

using namespace casdoctor;
using test::k_evil_server;
using test::plan_org;

namespace {

VerificationRecord logon_through(std::string via, std::string outcome,
                                 std::string cas_error_code = "ServerNotFound") {
  VerificationRecord r;
  r.url = "https://mail.contoso.com/owa";
  r.user = "CONTOSO\\alice";
  r.via = std::move(via);
  r.outcome = std::move(outcome);
  r.http_status = r.outcome == "proxy-failure" ? 500 : 200;
  if (r.outcome == "proxy-failure") r.cas_error_code = std::move(cas_error_code);
  return r;
}

Plan plan_with(std::vector<VerificationRecord> logons, std::string no_proof_reason = "") {
  const auto org = plan_org().org();
  PlanOptions options;
  options.proof_logons = std::move(logons);
  options.no_proof_reason = std::move(no_proof_reason);
  auto plan = build_plan(org, diagnose(org), options, test::plan_revert_time());
  REQUIRE(plan.has_value());
  return std::move(*plan);
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

}  // namespace

TEST_CASE("plan: without logon evidence every target is only suspected", "[remediate]") {
  const auto plan = plan_with({}, "no OWA logon through it before planning (--no-prove)");
  REQUIRE(plan.evidence.size() == 2);
  REQUIRE(plan.proof.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(starts_with(plan.evidence[i],
                      "suspected stale (start times only; no OWA logon through "
                      "it before planning (--no-prove); prove it with "
                      "casdoctor verify --via"));
    CHECK(plan.proof[i].state == ProofState::suspected);
    CHECK(plan.proof[i].outcome.empty());
  }
}

TEST_CASE("plan: a ServerNotFound logon through a server proves it, and it goes first",
          "[remediate]") {
  const auto plan = plan_with({logon_through(k_evil_server, "proxy-failure")});
  REQUIRE(plan.targets == std::vector<std::string>{k_evil_server, "EX16A"});
  CHECK(starts_with(plan.evidence[0],
                    "proven stale (OWA logon through it: proxy-failure, HTTP 500, X-CasErrorCode "
                    "ServerNotFound)"));
  CHECK(plan.proof[0].state == ProofState::proven);
  CHECK(plan.proof[0].outcome == "proxy-failure");
  CHECK(starts_with(plan.evidence[1], "suspected stale"));
  CHECK(plan.proof[1].state == ProofState::suspected);
}

TEST_CASE("plan: a bad password or another proxy error proves nothing", "[remediate]") {
  const auto plan =
      plan_with({logon_through("EX16A", "bad-credentials"),
                 logon_through(k_evil_server, "proxy-failure", "ServerLocatorError")});
  CHECK(plan.targets == std::vector<std::string>{"EX16A", k_evil_server});
  CHECK(starts_with(plan.evidence[0],
                    "suspected stale (start times only; the OWA logon through "
                    "it proves nothing (bad-credentials)"));
  CHECK(plan.proof[0].outcome == "bad-credentials");
  CHECK(plan.proof[1].state == ProofState::suspected);
}

TEST_CASE("plan: a target a logon works through stays, last, and says so", "[remediate]") {
  auto works = logon_through("EX16A", "ok");
  works.be_server = "ex2010.contoso.com";
  works.backend_version = "14.3.411.0";
  const auto plan = plan_with({works});
  REQUIRE(plan.targets == std::vector<std::string>{k_evil_server, "EX16A"});
  CHECK(plan.proof[1].state == ProofState::logon_works);
  CHECK(starts_with(plan.evidence[1],
                    "suspected stale, but an OWA logon through it works (ok, "
                    "HTTP 200, back end ex2010.contoso.com 14.3.411.0"));
}

TEST_CASE("plan: a server named with --servers carries its logon too", "[remediate]") {
  const auto org = plan_org().org();
  PlanOptions options;
  options.servers = {"EX16FIX", "EX16A"};
  options.force = true;
  options.proof_logons = {logon_through("EX16FIX", "ok"), logon_through("EX16A", "proxy-failure")};
  const auto plan = build_plan(org, diagnose(org), options, test::plan_revert_time());
  REQUIRE(plan.has_value());
  REQUIRE(plan->targets == std::vector<std::string>{"EX16FIX", "EX16A"});  // as given
  CHECK(plan->proof[0].state == ProofState::logon_works);
  CHECK_THAT(plan->evidence[0],
             Catch::StartsWith("chosen with --servers (") &&
                 Catch::EndsWith("; an OWA logon through it works (ok, HTTP 200)"));
  CHECK(plan->proof[1].state == ProofState::proven);
}

TEST_CASE("plan: the proof is in the JSON plan and reads back", "[remediate]") {
  Report report = test::sample_report();
  report.command = "remediate";
  report.plan = plan_with({logon_through(k_evil_server, "proxy-failure")});
  const auto json = nlohmann::json::parse(render_json(report));
  CHECK(json["plan"]["proof"][0]["state"] == "proven");
  CHECK(json["plan"]["proof"][1]["outcome"].is_null());
  const auto back = plan_from_json(json);
  REQUIRE(back.has_value());
  CHECK(back->proof == report.plan->proof);

  auto edited = json;
  edited["plan"]["proof"][0]["state"] = "certain";
  const auto refused = plan_from_json(edited);
  REQUIRE_FALSE(refused.has_value());
  CHECK_THAT(refused.error().message, Catch::StartsWith("/plan/proof/0/state: unknown state"));

  auto older = json;
  older["plan"].erase("proof");
  const auto old_plan = plan_from_json(older);
  REQUIRE(old_plan.has_value());
  CHECK(old_plan->proof.size() == old_plan->targets.size());
}

TEST_CASE("plan: the candidates a proof logs on through", "[remediate]") {
  const auto org = plan_org().org();
  const auto diagnosis = diagnose(org);
  std::vector<std::string> names;
  for (const auto* s : proof_candidates(org, diagnosis, {})) names.push_back(s->name);
  // EX13A: its staleness is undetermined, so a logon could prove it.
  CHECK(names == std::vector<std::string>{"EX16A", "EX13A", k_evil_server});
  PlanOptions explicit_servers;
  explicit_servers.servers = {"EX16A", "EX2010", "nowhere"};
  names.clear();
  for (const auto* s : proof_candidates(org, diagnosis, explicit_servers)) names.push_back(s->name);
  CHECK(names == std::vector<std::string>{"EX16A"});
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
