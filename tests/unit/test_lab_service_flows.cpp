// The lab's Restart-Service and iisreset flows (behind the ExchangeLab
// module's restart-service and iisreset subcommands) in-process: simulated
// time that passes at once, the lines Windows prints, the fault knobs, and
// the state they leave.
#include <filesystem>

#include <catch2/catch.hpp>

#include "casdoctor/lab/org.hpp"
#include "casdoctor/lab/service_flows.hpp"

#include "lab_test_support.hpp"

using namespace casdoctor;
using namespace casdoctor::lab;
using test::TempState;

namespace {

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// One flow run on a state file: lab time stands still at story_now() plus
// whatever the flow "slept".
struct FlowHarness {
  explicit FlowHarness(const TempState& file)
      : env{file.store(), &host,
            [this] { return test::story_now() - std::chrono::milliseconds(offset_ms) + slept; },
            [this](std::chrono::milliseconds d) { slept += d; }},
        offset_ms(file.read().clock_offset_ms),
        flows(env, file.read()) {}

  BufferHost host;
  std::chrono::milliseconds slept{0};
  FlowEnvironment env;
  std::int64_t offset_ms;
  ServiceFlows flows;
};

const FlowSite k_ex16a{"EX16A", true};
const FlowSite k_ex16a_local{"EX16A", false};

std::optional<TimePoint> topology_start(const LabState& state, std::string_view server) {
  return find_service(*find_server(state, server), "MSExchangeADTopology")->start_time;
}

}  // namespace

TEST_CASE("lab flows: a restart takes the server's time and warns every 2 s", "[lab]") {
  auto state = test::story();
  find_server(state, "EX16A")->restart_delay_ms = 9000;
  TempState file(state);
  FlowHarness run(file);
  const auto failed = run.flows.restart_service(k_ex16a, "MSExchangeADTopology", true);
  REQUIRE(failed.has_value());
  CHECK_FALSE(failed->has_value());
  CHECK(run.slept == std::chrono::milliseconds(9000));
  CHECK(count(run.host.out,
              "WARNING: Waiting for service 'Microsoft Exchange Active Directory Topology "
              "(MSExchangeADTopology)' to stop...\r\n") == 2);
  CHECK(count(run.host.out, "to start...\r\n") == 2);
  CHECK(topology_start(file.read(), "EX16A") ==
        test::story_now() + std::chrono::milliseconds(9000));
  CHECK(run.flows.targets() == std::vector<std::string>{"EX16A"});
}

TEST_CASE("lab flows: the KB workaround clears the stale cache, in that order only", "[lab]") {
  const auto stale = [](const TempState& file, std::string_view server) {
    const auto s = file.read();
    return cached_out_of_service(s, *find_server(s, server), "EX2010");
  };
  SECTION("topology first, then IIS") {
    TempState file(test::story());
    REQUIRE(FlowHarness(file).flows.restart_service(k_ex16a, "MSExchangeADTopology", true));
    FlowHarness reset(file);
    CHECK(reset.flows.iisreset(k_ex16a, true) == 0);
    CHECK(reset.host.out ==
          "Attempting stop...\r\nInternet services successfully stopped\r\nAttempting "
          "start...\r\nInternet services successfully restarted\r\n");
    CHECK_FALSE(stale(file, "EX16A"));
    CHECK(stale(file, "EX13A"));  // not touched
  }
  SECTION("IIS first: it reloads the stale topology, and stays stale") {
    TempState file(test::story());
    CHECK(FlowHarness(file).flows.iisreset(k_ex16a, false) == 0);
    REQUIRE(FlowHarness(file).flows.restart_service(k_ex16a, "MSExchangeADTopology", true));
    CHECK(stale(file, "EX16A"));
  }
}

TEST_CASE("lab flows: Restart-Service fails as the cmdlet does", "[lab]") {
  auto state = test::story();
  state.faults.access_denied = {"ex16a.contoso.com"};
  TempState file(state);
  struct Case {
    const char* what;
    FlowSite site;
    const char* service;
    bool force;
    const char* error_id;  // "" = it restarts
  };
  const Case cases[] = {
      {"dependents run, no -Force", k_ex16a, "MSExchangeADTopology", false,
       "ServiceHasDependentServices,Microsoft.PowerShell.Commands.RestartServiceCommand"},
      {"no such service", k_ex16a, "NoSuchSvc", true,
       "NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.RestartServiceCommand"},
      {"access denied in the local shell (by FQDN)", k_ex16a_local, "MSExchangeADTopology", true,
       "CouldNotStopService,Microsoft.PowerShell.Commands.RestartServiceCommand"},
      {"the same server through remoting", k_ex16a, "MSExchangeADTopology", true, ""},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const auto before = topology_start(file.read(), "EX16A");
    FlowHarness run(file);
    const auto failed = run.flows.restart_service(c.site, c.service, c.force);
    REQUIRE(failed.has_value());
    if (*c.error_id == '\0') {
      CHECK_FALSE(failed->has_value());
      CHECK(topology_start(file.read(), "EX16A") != before);
      continue;
    }
    REQUIRE(failed->has_value());
    CHECK((*failed)->error_id == c.error_id);
    CHECK(run.flows.targets().empty());
    CHECK(topology_start(file.read(), "EX16A") == before);
  }
}

TEST_CASE("lab flows: iisreset's fault knobs and access denied", "[lab]") {
  struct Case {
    const char* what;
    IisresetFault fault;
    bool noforce;
    bool denied;
    int exit_code;
    const char* last_line;
    bool restarted;
  };
  const Case cases[] = {
      {"plain", IisresetFault::none, false, false, 0, "Internet services successfully restarted",
       true},
      {"no-restart: says it did, did not", IisresetFault::no_restart, false, false, 0,
       "Internet services successfully restarted", false},
      {"stop-timeout with /noforce gives up", IisresetFault::stop_timeout, true, false, 1,
       "/noforce was specified, so the services were not terminated.", false},
      {"stop-timeout without /noforce forces it", IisresetFault::stop_timeout, false, false, 0,
       "Internet services successfully restarted", true},
      {"not elevated", IisresetFault::none, false, true, 1,
       "or to the domain administrator global group.", false},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto state = test::story();
    find_server(state, "EX16A")->iisreset_fault = c.fault;
    if (c.denied) state.faults.access_denied = {"EX16A"};
    TempState file(state);
    const auto w3svc_before = find_service(*find_server(state, "EX16A"), "W3SVC")->start_time;
    FlowHarness run(file);
    CHECK(run.flows.iisreset(k_ex16a_local, c.noforce) == c.exit_code);
    CHECK(run.host.out.ends_with(std::string(c.last_line) + "\r\n"));
    const auto after = file.read();
    const auto w3svc_after = find_service(*find_server(after, "EX16A"), "W3SVC")->start_time;
    CHECK((w3svc_after != w3svc_before) == c.restarted);
  }
}

TEST_CASE("lab flows: a state file that vanished is an error, not a guess", "[lab]") {
  auto file = std::make_unique<TempState>(test::story());
  FlowHarness run(*file);
  file.reset();  // removes the file and its lock
  const auto failed = run.flows.restart_service(k_ex16a, "MSExchangeADTopology", true);
  REQUIRE_FALSE(failed.has_value());
  CHECK_FALSE(failed.error().message.empty());
  CHECK_FALSE(run.flows.iisreset(k_ex16a, false).has_value());
  std::error_code ec;  // the failed updates took the lock, which made its file again
  std::filesystem::remove(run.env.store.path().string() + ".lock", ec);
}
