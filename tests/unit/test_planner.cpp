// build_plan: which servers, which steps in which order, the exact commands
// (local and remote), impact from the running dependents, and refusals.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/remediate/plan.hpp"

#include "../helpers/plan_cases.hpp"

using namespace casdoctor;
using test::k_evil_server;
using test::plan_for;
using test::plan_org;

namespace {

Plan plan_ok(const PlanOptions& options) {
  auto plan = plan_for(plan_org(), options);
  INFO("error: " << (plan ? std::string() : plan.error().message));
  REQUIRE(plan.has_value());
  return std::move(*plan);
}

std::vector<std::string> step_summary(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& s : plan.steps) out.push_back(s.server + ":" + std::string(to_string(s.action)));
  return out;
}

const PlanStep& step_of(const Plan& plan, const std::string& server, StepAction action) {
  for (const auto& s : plan.steps) {
    if (s.server == server && s.action == action) return s;
  }
  FAIL("no step " << to_string(action) << " for " << server);
  throw std::logic_error("unreachable");
}

PlanOptions explicit_servers(std::vector<std::string> servers, bool force = false) {
  PlanOptions o;
  o.servers = std::move(servers);
  o.force = force;
  return o;
}

}  // namespace

TEST_CASE("planner: targets by default are the stale servers only", "[remediate]") {
  const auto plan = plan_ok({});
  CHECK(plan.targets == std::vector<std::string>{"EX16A", k_evil_server});
  REQUIRE(plan.evidence.size() == 2);
  CHECK(plan.evidence[0].rfind("suspected stale (start times only", 0) == 0);
  CHECK_THAT(plan.evidence[0], Catch::Contains("): EX16A still caches EX2010 as out of service"));
  // EX13A: staleness undetermined, left out with a note that says how to include it.
  REQUIRE(plan.notes.size() == 1);
  CHECK(plan.notes[0].rfind("EX13A: staleness undetermined: ", 0) == 0);
  CHECK_THAT(plan.notes[0], Catch::Contains("--all-susceptible"));
  CHECK(plan.dry_run);
  CHECK(plan.created_at == test::plan_revert_time() + std::chrono::hours{24});
}

TEST_CASE("planner: --all-susceptible adds the undetermined servers", "[remediate]") {
  PlanOptions o;
  o.all_susceptible = true;
  const auto plan = plan_ok(o);
  CHECK(plan.targets == std::vector<std::string>{"EX16A", "EX13A", k_evil_server});
  CHECK(plan.evidence[1].rfind("staleness undetermined: ", 0) == 0);
  CHECK(plan.notes.empty());
}

TEST_CASE("planner: steps per server, in order", "[remediate]") {
  const auto plan = plan_ok({});
  CHECK(step_summary(plan) ==
        std::vector<std::string>{"EX16A:restart-topology", "EX16A:iisreset", "EX16A:check-services",
                                 k_evil_server + ":restart-topology", k_evil_server + ":iisreset",
                                 k_evil_server + ":check-services"});
  for (const auto& s : plan.steps) {
    CHECK(s.status == StepStatus::planned);
    CHECK_FALSE(s.exit_code);
    CHECK_FALSE(s.on_failure.empty());
  }
}

TEST_CASE("planner: remote commands, exact", "[remediate]") {
  const auto plan = plan_ok({});
  const std::string prefix =
      "Invoke-Command -ComputerName 'EX16A.contoso.com' -ErrorAction Stop -ScriptBlock { ";
  const std::string iisreset =
      "Get-Date -Format o; iisreset /noforce /timeout:120; if ($LASTEXITCODE -ne 0) { throw "
      "'iisreset failed: its exit code is not 0, see its output' }";
  const auto& restart = step_of(plan, "EX16A", StepAction::restart_topology);
  CHECK(restart.fqdn == "EX16A.contoso.com");
  CHECK(restart.command ==
        prefix + "Get-Date -Format o; Restart-Service -Name 'MSExchangeADTopology' -Force }");
  CHECK(step_of(plan, "EX16A", StepAction::iisreset).command == prefix + iisreset + " }");
  const auto& check = step_of(plan, "EX16A", StepAction::check_services);
  CHECK(check.expect_running == std::vector<std::string>{"MSExchangeADTopology", "W3SVC", "WAS",
                                                         "MSExchangeIS", "MSExchangeTransport",
                                                         "MSExchangeServiceHost"});
  CHECK(check.command ==
        prefix +
            "$services = @(Get-CimInstance -ClassName 'Win32_Service' -Filter 'Name = "
            "''MSExchangeADTopology'' OR Name = ''W3SVC'' OR Name = ''WAS'' OR Name = "
            "''MSExchangeIS'' OR Name = ''MSExchangeTransport'' OR Name = "
            "''MSExchangeServiceHost''' | Select-Object -Property 'Name', 'State', 'ProcessId'); "
            "$ids = @($services | Where-Object -Property 'ProcessId' -GT -Value 0 | Select-Object "
            "-ExpandProperty 'ProcessId'); $processes = @(); if ($ids) { $processes = "
            "@(Get-Process -Id $ids -ErrorAction SilentlyContinue | Select-Object -Property 'Id', "
            "'StartTime') }; "
            "[pscustomobject]@{ Services = $services; Processes = $processes } | ConvertTo-Json "
            "-Depth 4 -Compress }");
}

TEST_CASE("planner: the local server gets the bare commands", "[remediate]") {
  const auto local_as =
      GENERATE(as<std::string>{}, "EX16A", "ex16a", "EX16A.contoso.com", "ex16a.CONTOSO.com");
  PlanOptions o;
  o.local_server = local_as;
  const auto plan = plan_ok(o);
  CHECK(plan.local_server == local_as);
  const auto& restart = step_of(plan, "EX16A", StepAction::restart_topology);
  CHECK(restart.fqdn.empty());
  CHECK(restart.command ==
        "Get-Date -Format o; Restart-Service -Name 'MSExchangeADTopology' -Force");
  CHECK(step_of(plan, "EX16A", StepAction::iisreset).command ==
        "Get-Date -Format o; iisreset /noforce /timeout:120; if ($LASTEXITCODE -ne 0) { throw "
        "'iisreset failed: its exit code is not 0, see its output' }");
  CHECK(step_of(plan, "EX16A", StepAction::check_services)
            .command.rfind("$services = @(Get-CimInstance ", 0) == 0);
  // The other target stays remote.
  CHECK(step_of(plan, k_evil_server, StepAction::iisreset).command.rfind("Invoke-Command ", 0) ==
        0);
}

TEST_CASE("planner: impact from the running dependents", "[remediate]") {
  PlanOptions o;
  o.all_susceptible = true;
  const auto plan = plan_ok(o);
  CHECK(step_of(plan, "EX16A", StepAction::restart_topology).impact ==
        std::vector<std::string>{
            "restarts 3 dependent services: MSExchangeIS, MSExchangeTransport, "
            "MSExchangeServiceHost",
            "mailbox databases on EX16A dismount and mount again (MSExchangeIS restarts)",
            "mail flow on EX16A pauses while the transport services restart",
            "before the restart, move the active mailbox database copies off EX16A (a DAG "
            "member: Move-ActiveMailboxDatabase -Server 'EX16A', or put it into maintenance "
            "mode); without a DAG its mailboxes are offline until MSExchangeIS is back"});
  CHECK(step_of(plan, "EX16A", StepAction::iisreset).impact.at(0) ==
        "drops every OWA, EWS and ActiveSync session on EX16A");
  CHECK(step_of(plan, "EX16A", StepAction::check_services).impact.empty());

  // Nothing collected for EX13A: the list is unknown, the typical count cited.
  const auto& unknown = step_of(plan, "EX13A", StepAction::restart_topology).impact;
  REQUIRE(unknown.size() == 3);
  CHECK_THAT(unknown[0], Catch::Contains("was not collected") && Catch::Contains("about 26"));
  CHECK_THAT(unknown[1], Catch::Contains("if MSExchangeIS runs there"));
  CHECK_THAT(unknown[2], Catch::Contains("Move-ActiveMailboxDatabase -Server 'EX13A'"));
  CHECK(step_of(plan, "EX13A", StepAction::check_services).expect_running ==
        std::vector<std::string>{"MSExchangeADTopology", "W3SVC", "WAS"});
  // Without known dependents the rollback starts the automatic ones.
  CHECK_THAT(step_of(plan, "EX13A", StepAction::restart_topology).on_failure,
             Catch::Contains("Where-Object -Property StartType -EQ -Value 'Automatic'"));
}

TEST_CASE("planner: on_failure says what to do, with commands", "[remediate]") {
  const auto plan = plan_ok({});
  CHECK(step_of(plan, "EX16A", StepAction::restart_topology).on_failure ==
        "Check the System event log on EX16A (Service Control Manager events 7022, 7031, 7034) "
        "for the service that did not stop or start. There is no undo for a restart: start "
        "MSExchangeADTopology and the dependents that ran before:\n"
        "PS> Invoke-Command -ComputerName 'EX16A.contoso.com' -ErrorAction Stop -ScriptBlock { "
        "Start-Service -Name 'MSExchangeADTopology', 'MSExchangeIS', 'MSExchangeTransport', "
        "'MSExchangeServiceHost' }");
  CHECK_THAT(
      step_of(plan, "EX16A", StepAction::iisreset).on_failure,
      Catch::Contains("PS> Invoke-Command -ComputerName 'EX16A.contoso.com' -ErrorAction "
                      "Stop -ScriptBlock { iisreset /start; if ($LASTEXITCODE -ne 0) { "
                      "throw 'iisreset failed: its exit code is not 0, see its output' } }"));
}

TEST_CASE("planner: names cannot leave their literal", "[remediate]") {
  for (const auto* local : {"", "EX16A"}) {
    auto o = explicit_servers({k_evil_server});
    o.local_server = local;
    const auto plan = plan_ok(o);
    const auto& restart = step_of(plan, k_evil_server, StepAction::restart_topology);
    CHECK(restart.command ==
          "Invoke-Command -ComputerName 'EX1''; Remove-Item C:\\ -Recurse; ''.contoso.com' "
          "-ErrorAction Stop -ScriptBlock { Get-Date -Format o; Restart-Service -Name "
          "'MSExchangeADTopology' -Force }");
    const auto& check = step_of(plan, k_evil_server, StepAction::check_services);
    CHECK_THAT(check.command,
               Catch::Contains("OR Name = ''WAS'' OR Name = ''Svc\\''; Stop-Computer; \\''''' |"));
  }
  // Run locally: the name appears in no command at all.
  auto o = explicit_servers({k_evil_server});
  o.local_server = k_evil_server;
  const auto plan = plan_ok(o);
  CHECK(step_of(plan, k_evil_server, StepAction::iisreset)
            .command.starts_with("Get-Date -Format o; iisreset /noforce"));
}

TEST_CASE("planner: --servers chooses exactly, by name or FQDN", "[remediate]") {
  const auto plan = plan_ok(explicit_servers({"ex13a.contoso.com", "EX16A", "ex16a"}));
  CHECK(plan.targets == std::vector<std::string>{"EX13A", "EX16A"});
  CHECK(plan.evidence[0].rfind("staleness undetermined: ", 0) == 0);
  CHECK_THAT(plan.evidence[1], Catch::Contains("): EX16A still caches"));
  CHECK(plan.notes.empty());

  const auto current = plan_ok(explicit_servers({"EX16B"}));
  CHECK(current.evidence ==
        std::vector<std::string>{"chosen with --servers (its caches are current)"});
  const auto forced = plan_ok(explicit_servers({"EX16FIX"}, true));
  CHECK(forced.targets == std::vector<std::string>{"EX16FIX"});
}

TEST_CASE("planner: --servers refusals are usage errors naming the server", "[remediate]") {
  struct Case {
    std::vector<std::string> servers;
    bool force;
    std::string message;
  };
  const std::vector<Case> cases{
      {{"EX16A", "NOPE"}, false, "--servers: 'NOPE' is not an Exchange server of this org"},
      {{"EX2010"}, false, "--servers: 'EX2010' is an Exchange 2010 server"},
      {{"EX2010"}, true, "--servers: 'EX2010' is an Exchange 2010 server"},
      {{"EX19"},
       false,
       "--servers: 'EX19' runs Exchange Server 2019, which KB4294204 does not affect"},
      {{"EX19"}, true, "--servers: 'EX19' runs Exchange Server 2019"},
      {{"EX16FIX"}, false, "--servers: 'EX16FIX' has the fix (Exchange Server 2016 CU10"},
      {{"EDGE16"}, true, "--servers: 'EDGE16' is an Edge Transport server"},
  };
  for (const auto& c : cases) {
    INFO(c.servers.back() << " force=" << c.force);
    const auto plan = plan_for(plan_org(), explicit_servers(c.servers, c.force));
    REQUIRE_FALSE(plan.has_value());
    CHECK(plan.error().code == ExitCode::usage);
    CHECK(plan.error().message.rfind(c.message, 0) == 0);
  }
}

TEST_CASE("planner: never a 2010 server, whatever the options", "[remediate]") {
  for (const bool all : {false, true}) {
    PlanOptions o;
    o.all_susceptible = all;
    for (const auto& s : plan_ok(o).steps) CHECK(s.server != "EX2010");
  }
}

TEST_CASE("planner: nothing stale, nothing to do", "[remediate]") {
  auto org = plan_org();
  org.snapshot.exchange_servers.erase(org.snapshot.exchange_servers.begin() + 1);  // EX16A
  org.snapshot.exchange_servers.pop_back();                                        // the evil one
  const auto plan = plan_for(org, {});
  REQUIRE(plan.has_value());
  CHECK(plan->steps.empty());
  CHECK(plan->targets.empty());
  CHECK(plan->notes.size() == 1);  // EX13A, undetermined
}

TEST_CASE("planner: step_command is what the plan carries", "[remediate]") {
  for (const auto& s : plan_ok({}).steps) {
    CHECK(step_command(s.action, s.fqdn, s.expect_running) == s.command);
  }
}

TEST_CASE("planner: every plan's commands are what step_command makes", "[remediate][logon]") {
  for (const auto& c : test::plan_cases()) {
    INFO(c.name);
    for (const auto& s : plan_ok(c.options).steps) CHECK(step_command(s) == s.command);
  }
}

TEST_CASE("planner: without --verify there is no logon step", "[remediate][logon]") {
  for (const auto& s : plan_ok({}).steps) {
    CHECK(s.action != StepAction::verify_logon);
    CHECK_FALSE(s.logon.has_value());
  }
}

TEST_CASE("planner: --verify ends each target with a logon through it", "[remediate][logon]") {
  PlanOptions options;
  options.verify = test::evil_verify();
  const auto plan = plan_ok(options);
  CHECK(step_summary(plan) ==
        std::vector<std::string>{"EX16A:restart-topology", "EX16A:iisreset", "EX16A:check-services",
                                 "EX16A:verify-logon", k_evil_server + ":restart-topology",
                                 k_evil_server + ":iisreset", k_evil_server + ":check-services",
                                 k_evil_server + ":verify-logon"});
  const auto& logon = step_of(plan, "EX16A", StepAction::verify_logon);
  REQUIRE(logon.logon.has_value());
  CHECK(logon.logon->url == options.verify->url);
  CHECK(logon.logon->user == "CONTOSO\\o'brien");
  CHECK(logon.logon->address == "127.0.0.1:4431");  // --via
  CHECK(logon.logon->deadline == std::chrono::minutes(5));
  CHECK(logon.impact.empty());
  CHECK(logon.command ==
        "casdoctor verify --url 'https://mail.contoso.com/owa''+$(Stop-Computer)+''' --user "
        "'CONTOSO\\o''brien' --via 'EX16A=127.0.0.1:4431' --until-ok --deadline '5m' "
        "--interval '1500ms'");
  CHECK(step_of(plan, k_evil_server, StepAction::verify_logon)
            .command.find("--via 'EX1''; Remove-Item C:\\ -Recurse; ''=[::1]:4432'") !=
        std::string::npos);
  CHECK_THAT(logon.on_failure, Catch::Contains("did not work within 5m"));
  CHECK_THAT(logon.on_failure, Catch::Contains("PS> casdoctor verify --url"));
}

TEST_CASE("planner: a logon reaches a server by FQDN unless --via names an address",
          "[remediate][logon]") {
  PlanOptions options;
  options.verify = test::evil_verify();
  options.verify->addresses = {{"ex16a", "10.0.0.16"}};  // names compare case-insensitively
  // Not the evil server: its FQDN is no address (test_remediate_approval.cpp).
  options.servers = {"EX16A", "EX13A"};
  const auto plan = plan_ok(options);
  CHECK(step_of(plan, "EX16A", StepAction::verify_logon).logon->address == "10.0.0.16");
  CHECK(step_of(plan, "EX13A", StepAction::verify_logon).logon->address == "EX13A.contoso.com");
}
