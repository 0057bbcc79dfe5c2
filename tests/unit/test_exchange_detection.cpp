// Detection as Exchange behaves (docs/exchange-behaviour.md): app pools and
// the PowerShell version in the snapshot (old snapshots still read), app
// pool times over W3SVC, the set to True, unreadable audit values, and the
// collection script's snap-in, install path, audit import and value checks.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/diagnose/diagnose.hpp"
#include "casdoctor/diagnose/staleness.hpp"
#include "casdoctor/powershell/collection_script.hpp"
#include "casdoctor/snapshot/reader.hpp"

using namespace casdoctor;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string script_for(const CollectOptions& options) {
  auto script = collection_script(options);
  REQUIRE(script.has_value());
  return *script;
}

const TimePoint k_revert{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 10h};

// EX16A (2016 CU8) with its topology service and W3SVC at `services`, the
// revert of EX2010 at k_revert, collected an hour later.
Snapshot org(TimePoint services) {
  Snapshot s;
  s.collected_at = k_revert + 1h;
  s.exchange_servers.push_back({"EX2010", "EX2010.contoso.com", "S", {"ClientAccess"}, {}});
  s.exsetup_versions.push_back({"EX2010", {14, 3, 411, 0}});
  s.client_access_servers.push_back({"EX2010", false});
  s.exchange_servers.push_back({"EX16A", "EX16A.contoso.com", "S", {"Mailbox"}, {}});
  s.exsetup_versions.push_back({"EX16A", {15, 1, 1415, 2}});
  for (const char* name : {"MSExchangeADTopology", "W3SVC", "WAS"})
    s.services.push_back({"EX16A", name, ServiceStatus::running, services});
  AuditEntry revert;
  revert.run_date = k_revert;
  revert.cmdlet_name = "Set-ClientAccessServer";
  revert.object_modified = "EX2010";
  revert.parameters = {{"Identity", "EX2010"}, {"IsOutOfService", "False"}};
  s.audit = std::vector<AuditEntry>{revert};
  return s;
}

StalenessResult staleness_of(const Snapshot& s) {
  const auto model = build_org_model(s, k_revert + 2h);
  return assess_staleness(model, *model.find_server("EX16A"));
}

}  // namespace

TEST_CASE("snapshot: app_pools and ps_version, and old snapshots without them", "[snapshot]") {
  const std::string with = R"({"schema":"casdoctor.snapshot/1","ps_version":"5.1.14393.693",
    "app_pools":[{"Server":"EX16A","Name":"MSExchangeOWAAppPool","ProcessId":"4242",
                  "StartTime":"2026-11-23T09:00:00.0000000Z"}]})";
  auto s = read_snapshot(with, "s.json");
  REQUIRE(s.has_value());
  CHECK(s->ps_version == "5.1.14393.693");
  REQUIRE(s->app_pools);
  REQUIRE(s->app_pools->size() == 1);
  CHECK(s->app_pools->front().name == "MSExchangeOWAAppPool");
  CHECK(s->app_pools->front().process_id == 4242);
  CHECK(s->app_pools->front().start_time == k_revert - 1h);

  auto version = read_snapshot(
      R"({"schema":"casdoctor.snapshot/1","ps_version":{"Major":3,"Minor":0,"Build":-1,"Revision":-1}})",
      "v.json");
  REQUIRE(version.has_value());
  CHECK(version->ps_version == "3.0");

  auto old = read_snapshot(R"({"schema":"casdoctor.snapshot/1"})", "old.json");
  REQUIRE(old.has_value());
  CHECK_FALSE(old->app_pools);
  CHECK(old->ps_version.empty());

  auto bad = read_snapshot(R"({"schema":"casdoctor.snapshot/1","app_pools":[{"Server":"EX16A"}]})",
                           "bad.json");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message == "bad.json: /app_pools/0: missing member \"Name\"");
}

TEST_CASE("staleness: the app pools' start, not W3SVC's", "[diagnose]") {
  // W3SVC and the topology service from before the revert...
  auto s = org(k_revert - 3h);
  CHECK(staleness_of(s).verdict == Staleness::stale);
  // ...but the topology service restarted after it and the app pools
  // recycled since: current, whatever W3SVC says.
  s.services[0].start_time = k_revert + 10min;
  s.app_pools = std::vector<AppPoolProcess>{
      {"EX16A", "MSExchangeOWAAppPool", 4000, k_revert + 20min},
      {"EX16A", "MSExchangeECPAppPool", 4004, k_revert + 21min},
      {"EX16A", "MSExchangeServicesAppPool", 4008, k_revert - 3h}};  // not OWA/ECP
  CHECK(staleness_of(s).verdict == Staleness::current);
  // One OWA/ECP pool left from before the revert holds the old value.
  (*s.app_pools)[1].start_time = k_revert - 1h;
  const auto stale = staleness_of(s);
  CHECK(stale.verdict == Staleness::stale);
  CHECK(stale.started_before == std::vector<std::string>{"MSExchangeECPAppPool"});
  CHECK(stale.cache_source == "MSExchangeECPAppPool");
  // A server whose app pools failed to collect falls back to W3SVC.
  s.errors.push_back({"EX16A", "app_pools", "Access denied"});
  CHECK(staleness_of(s).cache_source == "W3SVC");
}

TEST_CASE("staleness: caches filled before the set to True never held it", "[diagnose]") {
  auto s = org(k_revert - 3h);
  AuditEntry set_true = s.audit->front();
  set_true.run_date = k_revert - 2h;
  set_true.parameters[1].value = "True";
  s.audit->insert(s.audit->begin(), set_true);
  CHECK(staleness_of(s).verdict == Staleness::current);
  CHECK(staleness_of(s).cache == CacheState::never_held_true);
  s.services[0].start_time = k_revert - 90min;  // the topology service restarted in the True period
  s.services[1].start_time = k_revert - 89min;
  CHECK(staleness_of(s).verdict == Staleness::stale);
}

TEST_CASE("staleness: audit values lost to remote EMS are not 'no revert'", "[diagnose]") {
  auto s = org(k_revert - 3h);
  s.audit->front().parameters = {{"Identity", ""}, {"IsOutOfService", ""}};
  const auto result = staleness_of(s);
  CHECK(result.verdict == Staleness::undetermined);
  REQUIRE(result.missing.size() == 1);
  CHECK(contains(result.missing.front(), "audit parameter values unavailable"));
}

TEST_CASE("collection script: the 2013+ snap-in only with --ems-snapin", "[powershell]") {
  const std::string snapin = "'Microsoft.Exchange.Management.PowerShell.SnapIn'";
  CHECK_FALSE(contains(script_for({}), snapin));
  CHECK(contains(script_for({}), "'Microsoft.Exchange.Management.PowerShell.E2010'"));
  CollectOptions asked;
  asked.snapin = true;
  CHECK(contains(script_for(asked), "foreach ($snapIn in @(" + snapin));
}

TEST_CASE("collection script: app pools, install path, PSVersion, audit", "[powershell]") {
  CollectOptions remote;
  remote.ems = EmsMode::remote;
  remote.ems_uri = "http://ex16a.contoso.com/PowerShell/";
  const auto script = script_for(remote);
  CHECK(
      contains(script, "Get-CimInstance -ClassName 'Win32_Process' -Filter 'Name = ''w3wp.exe'''"));
  CHECK(contains(script, "-match '-ap\\s+\\x22?(MSExchange\\w*AppPool)'"));
  CHECK(contains(script,
                 "Get-ItemProperty -LiteralPath "
                 "'HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup'"));
  CHECK(contains(script, ").MsiInstallPath }"));
  CHECK(contains(script, "ps_version            = $PSVersionTable.PSVersion.ToString()"));
  CHECK(contains(script, "-CommandName 'Get-ExchangeServer', 'Get-ClientAccessServer' "));
  CHECK(contains(script, "-CommandName 'Search-AdminAuditLog' "));
  CHECK(contains(script, "$auditImport = Get-OneLine $_"));
  CHECK(contains(script, "the View-Only Audit Logs role"));
  CHECK(contains(script, "Where-Object { $_ -is [string] }).Count -gt 0) {"));
  CHECK(contains(script, "Add-Problem '' 'audit' 'audit parameter values unavailable ("));
}
