#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/diagnose.hpp"

using namespace casdoctor;
using namespace std::chrono_literals;

namespace {

// 2026-11-23 10:40 UTC: the revert of EX2010 to IsOutOfService $False.
const TimePoint k_revert{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 10h + 40min};
// An hour after the revert: well within the 24 h the w3wp cache lives.
const TimePoint k_now = k_revert + 1h;

// A KB4294204 org in code: the tests change one fact each.
struct OrgBuilder {
  Snapshot s;

  OrgBuilder& server(std::string name, BuildNumber build,
                     std::vector<std::string> roles = {"Mailbox"}) {
    s.exchange_servers.push_back({name, name + ".contoso.com", "Site1", std::move(roles), build});
    s.client_access_servers.push_back({name, false});
    return *this;
  }
  OrgBuilder& cas2010(std::string name = "EX2010", bool oos = false) {
    server(name, {14, 3, 123, 4}, {"Mailbox", "ClientAccess", "HubTransport"});
    s.client_access_servers.back().is_out_of_service = oos;
    return *this;
  }
  OrgBuilder& services(const std::string& name, std::optional<TimePoint> topology,
                       std::optional<TimePoint> iis,
                       ServiceStatus status = ServiceStatus::running) {
    s.services.push_back({name, "MSExchangeADTopology", status, topology});
    s.services.push_back({name, "W3SVC", ServiceStatus::running, iis});
    s.services.push_back({name, "WAS", ServiceStatus::running, iis});
    return *this;
  }
  OrgBuilder& change(std::string cas, bool value, TimePoint when, bool succeeded = true) {
    if (!s.audit) s.audit.emplace();
    AuditEntry e;
    e.run_date = when;
    e.caller = "contoso.com/Users/Administrator";
    e.cmdlet_name = "Set-ClientAccessServer";
    e.object_modified = cas;
    e.parameters = {{"Identity", cas}, {"IsOutOfService", value ? "True" : "False"}};
    e.succeeded = succeeded;
    s.audit->push_back(e);
    return *this;
  }
  OrgBuilder& empty_audit() {
    s.audit.emplace();
    return *this;
  }
  Diagnosis run() const { return diagnose(s, k_now); }
};

std::vector<std::string> ids_for(const Diagnosis& d, const std::string& server) {
  std::vector<std::string> ids;
  for (const auto& f : d.findings) {
    if (f.server == server && f.severity != Severity::info) ids.push_back(f.id);
  }
  return ids;
}

const Finding* find(const Diagnosis& d, const std::string& id, const std::string& server) {
  auto it = std::find_if(d.findings.begin(), d.findings.end(),
                         [&](const auto& f) { return f.id == id && f.server == server; });
  return it == d.findings.end() ? nullptr : &*it;
}

const ServerRecord& record(const Diagnosis& d, const std::string& name) {
  return *std::find_if(d.servers.begin(), d.servers.end(),
                       [&](const auto& r) { return r.name == name; });
}

OrgBuilder kb_story() {
  OrgBuilder b;
  b.cas2010()
      .server("EX16A", {15, 1, 1415, 2})
      .server("EX13A", {15, 0, 1367, 3}, {"Mailbox", "ClientAccess"})
      .server("EX16B", {15, 1, 1713, 5})
      // Restarted while EX2010 was out of service: they picked up True.
      .services("EX16A", k_revert - 80min, k_revert - 79min)
      .services("EX13A", k_revert + 15min, k_revert - 79min)
      .services("EX16B", k_revert - 500h, k_revert - 500h)
      .change("EX2010", true, k_revert - 88min)
      .change("EX2010", false, k_revert);
  return b;
}

}  // namespace

TEST_CASE("the KB story: stale servers are critical, the fixed one is fine", "[diagnose]") {
  const auto d = kb_story().run();
  CHECK(d.status == Status::critical);
  CHECK(ids_for(d, "EX16A") ==
        std::vector<std::string>{"kb4294204.stale-topology", "kb4294204.susceptible"});
  CHECK(ids_for(d, "EX13A") ==
        std::vector<std::string>{"kb4294204.stale-topology", "kb4294204.susceptible"});
  CHECK(ids_for(d, "EX16B").empty());
  CHECK(ids_for(d, "EX2010").empty());

  const auto* stale = find(d, "kb4294204.stale-topology", "EX13A");
  REQUIRE(stale != nullptr);
  CHECK(stale->evidence["started_before_revert"] == nlohmann::ordered_json::array({"W3SVC"}));
  CHECK(stale->evidence["revert"]["server"] == "EX2010");
  CHECK(stale->evidence["revert"]["run_date"] == "2026-11-23T10:40:00Z");
  CHECK(stale->remedy.find("PS> Invoke-Command -ComputerName 'EX13A.contoso.com'") !=
        std::string::npos);
  CHECK(stale->remedy.find("Exchange Server 2013 CU21") != std::string::npos);

  CHECK(record(d, "EX16A").kb4294204 == "susceptible");
  CHECK(record(d, "EX16B").kb4294204 == "fixed");
  CHECK(record(d, "EX2010").kb4294204 == "not-applicable");
  CHECK(record(d, "EX2010").is_out_of_service == false);
  CHECK(record(d, "EX2010").update == "SP3");
}

TEST_CASE("every server of the snapshot is in servers, in order", "[diagnose]") {
  const auto d = kb_story().run();
  std::vector<std::string> names;
  for (const auto& r : d.servers) names.push_back(r.name);
  CHECK(names == std::vector<std::string>{"EX2010", "EX16A", "EX13A", "EX16B"});
}

TEST_CASE("staleness follows the service start times against the newest revert", "[diagnose]") {
  struct Case {
    const char* what;
    std::optional<TimePoint> topology;
    std::optional<TimePoint> iis;
    bool stale;
  };
  const Case cases[] = {
      {"both before", k_revert - 1h, k_revert - 1h, true},
      {"topology before", k_revert - 1min, k_revert + 1min, true},
      {"iis before", k_revert + 1min, k_revert - 1ms, true},
      {"both after", k_revert + 1min, k_revert + 2min, false},
      {"both at the revert", k_revert, k_revert, false},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    OrgBuilder b;
    b.cas2010()
        .server("EX16A", {15, 1, 1415, 2})
        .services("EX16A", c.topology, c.iis)
        .change("EX2010", false, k_revert);
    const auto d = b.run();
    CHECK((find(d, "kb4294204.stale-topology", "EX16A") != nullptr) == c.stale);
    CHECK(d.status == (c.stale ? Status::critical : Status::warning));
  }
}

TEST_CASE("the newest successful revert counts", "[diagnose]") {
  OrgBuilder b;
  b.cas2010()
      .server("EX16A", {15, 1, 1415, 2})
      .services("EX16A", k_revert - 80min, k_revert - 80min)
      .change("EX2010", false, k_revert - 3h)
      .change("EX2010", false, k_revert, /*succeeded=*/false);
  const auto before = b.run();
  CHECK(find(before, "kb4294204.stale-topology", "EX16A") == nullptr);
  b.change("EX2010", true, k_revert - 90min).change("EX2010", false, k_revert - 1h);
  const auto after = b.run();
  CHECK(find(after, "kb4294204.stale-topology", "EX16A") != nullptr);
}

TEST_CASE("a CAS out of service again now is reported, not a stale cache", "[diagnose]") {
  OrgBuilder b;
  b.cas2010("EX2010", /*oos=*/true)
      .server("EX16A", {15, 1, 1415, 2})
      .services("EX16A", k_revert - 5h, k_revert - 5h)
      .change("EX2010", false, k_revert - 2h)
      .change("EX2010", true, k_revert);
  const auto d = b.run();
  CHECK(find(d, "kb4294204.stale-topology", "EX16A") == nullptr);
  const auto* oos = find(d, "cas2010.out-of-service", "EX2010");
  REQUIRE(oos != nullptr);
  CHECK(oos->severity == Severity::warning);
  CHECK(oos->evidence["set_by"]["run_date"] == "2026-11-23T10:40:00Z");
  CHECK(oos->remedy.find("PS> Set-ClientAccessServer -Identity 'EX2010' -IsOutOfService $false") !=
        std::string::npos);
  CHECK(d.status == Status::warning);
}

TEST_CASE("without a 2010 CAS a susceptible build is not applicable", "[diagnose]") {
  OrgBuilder b;
  b.server("EX16A", {15, 1, 1415, 2})
      .server("EX19A", {15, 2, 1544, 4})
      .services("EX16A", k_revert - 5h, k_revert - 5h)
      .change("EX2010", false, k_revert);
  const auto d = b.run();
  CHECK(record(d, "EX16A").kb4294204 == "not-applicable");
  CHECK(ids_for(d, "EX16A").empty());
  CHECK(d.status == Status::ok);  // build.unsupported for 2016 is info only
  const auto* unsupported = find(d, "build.unsupported", "EX16A");
  REQUIRE(unsupported != nullptr);
  CHECK(unsupported->evidence["end_of_support"] == "2025-10-14");
}

TEST_CASE("missing data makes staleness undetermined, never guessed", "[diagnose]") {
  SECTION("audit log not collected") {
    OrgBuilder b;
    b.cas2010().server("EX16A", {15, 1, 1415, 2}).services("EX16A", k_revert - 5h, k_revert - 5h);
    const auto d = b.run();
    CHECK(find(d, "kb4294204.stale-topology", "EX16A") == nullptr);
    const auto* partial = find(d, "collect.partial", "EX16A");
    REQUIRE(partial != nullptr);
    CHECK(partial->evidence["missing"][0] == "the admin audit log (Search-AdminAuditLog)");
    CHECK(d.status == Status::unknown);
  }
  SECTION("a start time missing") {
    OrgBuilder b;
    b.cas2010().server("EX16A", {15, 1, 1415, 2}).services("EX16A", k_revert + 5min, std::nullopt);
    b.change("EX2010", false, k_revert);
    const auto d = b.run();
    const auto* partial = find(d, "collect.partial", "EX16A");
    REQUIRE(partial != nullptr);
    CHECK(partial->evidence["missing"] == nlohmann::ordered_json::array({"W3SVC start time"}));
    CHECK(d.status == Status::unknown);
  }
  SECTION("no service entries at all") {
    OrgBuilder b;
    b.cas2010().server("EX16A", {15, 1, 1415, 2}).change("EX2010", false, k_revert);
    const auto d = b.run();
    const auto* partial = find(d, "collect.partial", "EX16A");
    REQUIRE(partial != nullptr);
    CHECK(partial->evidence["missing"].size() == 2);
  }
  SECTION("one service before the revert is proof enough") {
    OrgBuilder b;
    b.cas2010().server("EX16A", {15, 1, 1415, 2}).services("EX16A", k_revert - 5min, std::nullopt);
    b.change("EX2010", false, k_revert);
    const auto d = b.run();
    CHECK(find(d, "kb4294204.stale-topology", "EX16A") != nullptr);
    CHECK(find(d, "collect.partial", "EX16A") == nullptr);
  }
}

TEST_CASE("no revert in the audit window: exposed but not hit", "[diagnose]") {
  OrgBuilder b;
  b.cas2010()
      .server("EX16A", {15, 1, 1415, 2})
      .services("EX16A", k_revert - 5h, k_revert - 5h)
      .empty_audit();
  const auto d = b.run();
  CHECK(ids_for(d, "EX16A") == std::vector<std::string>{"kb4294204.susceptible"});
  CHECK(d.status == Status::warning);
}

TEST_CASE("a stopped topology, IIS or WAS service is critical", "[diagnose]") {
  OrgBuilder b;
  b.cas2010()
      .server("EX19A", {15, 2, 1544, 4})
      .services("EX19A", std::nullopt, k_revert, ServiceStatus::stopped);
  const auto d = b.run();
  const auto* f = find(d, "service.not-running", "EX19A");
  REQUIRE(f != nullptr);
  CHECK(f->evidence["service"]["name"] == "MSExchangeADTopology");
  CHECK(f->evidence["service"]["status"] == "Stopped");
  CHECK(d.status == Status::critical);
}

TEST_CASE("unknown builds, collection errors and missing versions", "[diagnose]") {
  OrgBuilder b;
  b.server("EX16X", {15, 1, 9999, 1}).empty_audit();
  b.s.exchange_servers.push_back({"EX16Y", "", "", {"Mailbox"}, std::nullopt});
  b.s.errors.push_back({"EX16Z", "services", "WinRM cannot complete the operation."});
  const auto d = b.run();
  CHECK(find(d, "build.unknown", "EX16X") != nullptr);
  CHECK(record(d, "EX16X").product == "Exchange Server 2016");
  CHECK(find(d, "collect.partial", "EX16Y") != nullptr);
  CHECK(record(d, "EX16Y").kb4294204 == "unknown");
  const auto* err = find(d, "collect.partial", "EX16Z");
  REQUIRE(err != nullptr);
  CHECK(err->evidence["message"] == "WinRM cannot complete the operation.");
  CHECK(d.status == Status::unknown);
}

TEST_CASE("status is the worst severity: info never raises it", "[diagnose]") {
  auto f = [](Severity s) { return Finding{"x", s, "", "", {}, ""}; };
  CHECK(status_of(std::vector<Finding>{}) == Status::ok);
  CHECK(status_of({f(Severity::info)}) == Status::ok);
  CHECK(status_of({f(Severity::info), f(Severity::warning)}) == Status::warning);
  CHECK(status_of({f(Severity::unknown), f(Severity::warning)}) == Status::unknown);
  CHECK(status_of({f(Severity::unknown), f(Severity::critical)}) == Status::critical);
}

TEST_CASE("the checks have unique ids and the contract's severities", "[diagnose]") {
  const std::vector<std::pair<std::string, Severity>> expected{
      {"kb4294204.stale-topology", Severity::critical},
      {"owa.logon-failed", Severity::critical},
      {"service.not-running", Severity::critical},
      {"kb4294204.probably-refreshed", Severity::warning},
      {"cas2010.out-of-service", Severity::warning},
      {"kb4294204.susceptible", Severity::warning},
      {"owa.backend-not-proven", Severity::warning},  // docs/logon-proof.md
      {"build.unknown", Severity::warning},
      {"build.unsupported", Severity::info},
      {"collect.partial", Severity::unknown}};
  const auto checks = all_checks();
  REQUIRE(checks.size() == expected.size());
  for (std::size_t i = 0; i < checks.size(); ++i) {
    CHECK(checks[i].info.id == expected[i].first);
    CHECK(checks[i].info.severity == expected[i].second);
    CHECK_FALSE(checks[i].info.title.empty());
    CHECK_FALSE(checks[i].info.explanation.empty());
  }
}

TEST_CASE("setting False on a CAS already in service is no revert", "[diagnose]") {
  OrgBuilder b;
  b.cas2010()
      .server("EX16A", {15, 1, 1415, 2})
      .services("EX16A", k_revert - 1h, k_revert - 1h)
      .change("EX2010", true, k_revert - 3h)
      .change("EX2010", false, k_revert - 2h)
      .change("EX2010", false, k_revert);  // redundant: the value was False already
  const auto d = b.run();
  CHECK(find(d, "kb4294204.stale-topology", "EX16A") == nullptr);
  CHECK(d.status == Status::warning);
}

TEST_CASE("a revert without an earlier entry in the window counts", "[diagnose]") {
  OrgBuilder b;
  b.cas2010().server("EX16A", {15, 1, 1415, 2}).services("EX16A", k_revert - 1h, k_revert - 1h);
  b.change("EX2010", false, k_revert);
  const auto d = b.run();
  CHECK(find(d, "kb4294204.stale-topology", "EX16A") != nullptr);
}
