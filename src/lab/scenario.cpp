// The KB4294204 scenario, built through the same org rules the shell uses
// (set_out_of_service, restart_service, iisreset), so the story's state is
// what those rules produce.
#include "casdoctor/lab/scenario.hpp"

#include <cstdio>
#include <utility>

#include "casdoctor/lab/org.hpp"

namespace casdoctor::lab {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

struct ServiceSpec {
  const char* name;
  const char* display;
  bool running;
};

// Dependents of MSExchangeADTopology on an Exchange 2016 Mailbox server
// (exchange-facts 5.1); POP3/IMAP4 are Manual and stopped, as installed.
constexpr ServiceSpec k_dependents_2016[] = {
    {"MSExchangeAntispamUpdate", "Microsoft Exchange Anti-spam Update", true},
    {"MSComplianceAudit", "Microsoft Exchange Compliance Audit", true},
    {"MSExchangeCompliance", "Microsoft Exchange Compliance Service", true},
    {"MSExchangeDagMgmt", "Microsoft Exchange DAG Management", true},
    {"MSExchangeDelivery", "Microsoft Exchange Mailbox Transport Delivery", true},
    {"MSExchangeEdgeSync", "Microsoft Exchange EdgeSync", true},
    {"MSExchangeFastSearch", "Microsoft Exchange Search", true},
    {"MSExchangeFrontEndTransport", "Microsoft Exchange Frontend Transport", true},
    {"MSExchangeImap4", "Microsoft Exchange IMAP4", false},
    {"MSExchangeIMAP4BE", "Microsoft Exchange IMAP4 Backend", false},
    {"MSExchangeIS", "Microsoft Exchange Information Store", true},
    {"MSExchangeMailboxAssistants", "Microsoft Exchange Mailbox Assistants", true},
    {"MSExchangeMailboxReplication", "Microsoft Exchange Mailbox Replication", true},
    {"MSExchangeNotificationsBroker", "Microsoft Exchange Notifications Broker", true},
    {"MSExchangePop3", "Microsoft Exchange POP3", false},
    {"MSExchangePOP3BE", "Microsoft Exchange POP3 Backend", false},
    {"MSExchangeRepl", "Microsoft Exchange Replication", true},
    {"MSExchangeRPC", "Microsoft Exchange RPC Client Access", true},
    {"MSExchangeServiceHost", "Microsoft Exchange Service Host", true},
    {"MSExchangeSubmission", "Microsoft Exchange Mailbox Transport Submission", true},
    {"MSExchangeThrottling", "Microsoft Exchange Throttling", true},
    {"MSExchangeTransport", "Microsoft Exchange Transport", true},
    {"MSExchangeTransportLogSearch", "Microsoft Exchange Transport Log Search", true},
    {"MSExchangeUM", "Microsoft Exchange Unified Messaging", true},
    {"MSExchangeUMCR", "Microsoft Exchange Unified Messaging Call Router", true},
};

// Exchange 2013 (multi-role): fewer dependents.
constexpr ServiceSpec k_dependents_2013[] = {
    {"MSExchangeAntispamUpdate", "Microsoft Exchange Anti-spam Update", true},
    {"MSExchangeDelivery", "Microsoft Exchange Mailbox Transport Delivery", true},
    {"MSExchangeEdgeSync", "Microsoft Exchange EdgeSync", true},
    {"MSExchangeFastSearch", "Microsoft Exchange Search", true},
    {"MSExchangeFrontEndTransport", "Microsoft Exchange Frontend Transport", true},
    {"MSExchangeImap4", "Microsoft Exchange IMAP4", false},
    {"MSExchangeIS", "Microsoft Exchange Information Store", true},
    {"MSExchangeMailboxAssistants", "Microsoft Exchange Mailbox Assistants", true},
    {"MSExchangeMailboxReplication", "Microsoft Exchange Mailbox Replication", true},
    {"MSExchangePop3", "Microsoft Exchange POP3", false},
    {"MSExchangeRepl", "Microsoft Exchange Replication", true},
    {"MSExchangeRPC", "Microsoft Exchange RPC Client Access", true},
    {"MSExchangeServiceHost", "Microsoft Exchange Service Host", true},
    {"MSExchangeSubmission", "Microsoft Exchange Mailbox Transport Submission", true},
    {"MSExchangeThrottling", "Microsoft Exchange Throttling", true},
    {"MSExchangeTransport", "Microsoft Exchange Transport", true},
    {"MSExchangeTransportLogSearch", "Microsoft Exchange Transport Log Search", true},
    {"MSExchangeUM", "Microsoft Exchange Unified Messaging", true},
};

// Exchange 2010 (Mailbox, Client Access, Hub Transport).
constexpr ServiceSpec k_dependents_2010[] = {
    {"MSExchangeIS", "Microsoft Exchange Information Store", true},
    {"MSExchangeMailboxAssistants", "Microsoft Exchange Mailbox Assistants", true},
    {"MSExchangeMailboxReplication", "Microsoft Exchange Mailbox Replication", true},
    {"MSExchangeRPC", "Microsoft Exchange RPC Client Access", true},
    {"MSExchangeRepl", "Microsoft Exchange Replication Service", true},
    {"MSExchangeServiceHost", "Microsoft Exchange Service Host", true},
    {"MSExchangeTransport", "Microsoft Exchange Transport", true},
    {"MSExchangeEdgeSync", "Microsoft Exchange EdgeSync", true},
};

template <std::size_t N>
std::vector<LabService> services_with(const ServiceSpec (&dependents)[N], TimePoint started,
                                      int& pid) {
  std::vector<LabService> out;
  const auto add = [&](std::string name, std::string display, bool running,
                       std::vector<std::string> deps) {
    LabService s{std::move(name), std::move(display), ServiceStatus::stopped, std::nullopt, 0,
                 std::move(deps)};
    if (running) {
      s.status = ServiceStatus::running;
      s.start_time = started + minutes(static_cast<int>(out.size()) / 4);
      s.process_id = pid += 4;
    }
    out.push_back(std::move(s));
  };
  std::vector<std::string> names;
  for (const auto& d : dependents) names.emplace_back(d.name);
  add("MSExchangeADTopology", "Microsoft Exchange Active Directory Topology", true, names);
  for (const auto& d : dependents) add(d.name, d.display, d.running, {});
  add("IISADMIN", "IIS Admin Service", true, {});
  add("WAS", "Windows Process Activation Service", true, {"W3SVC"});
  add("W3SVC", "World Wide Web Publishing Service", true, {});
  add("MSExchangeHM", "Microsoft Exchange Health Manager", true, {});
  return out;
}

// The w3wp processes IIS started for Exchange's application pools, a
// minute after W3SVC (IIS starts a pool at its first request).
std::vector<LabAppPool> app_pools_of(const LabServer& server, int& pid) {
  std::vector<LabAppPool> pools;
  const auto* w3svc = find_service(server, k_iis_service);
  if (w3svc == nullptr || !w3svc->start_time) return pools;
  for (const char* name :
       {"MSExchangeOWAAppPool", "MSExchangeECPAppPool", "MSExchangeServicesAppPool"})
    pools.push_back({name, pid += 4, *w3svc->start_time + minutes(1)});
  return pools;
}

bool listed(const std::vector<std::string>& names, const std::string& name) {
  for (const auto& n : names)
    if (n == name) return true;
  return false;
}

LabServer server(std::string name, std::vector<std::string> roles, BuildNumber version,
                 std::optional<BuildNumber> exsetup) {
  LabServer s;
  s.name = name;
  s.fqdn = name + ".contoso.com";
  s.site = "Default-First-Site-Name";
  s.roles = std::move(roles);
  s.version = version;
  s.exsetup = exsetup;
  return s;
}

constexpr BuildNumber k_2010_sp3{14, 3, 123, 4};
constexpr BuildNumber k_2010_ru22{14, 3, 411, 0};
constexpr BuildNumber k_2016_cu8{15, 1, 1415, 2};
constexpr BuildNumber k_2016_cu12{15, 1, 1713, 5};
constexpr BuildNumber k_2013_cu20{15, 0, 1367, 3};

std::vector<LabServer> servers(const ScenarioOptions& o, int& pid) {
  std::vector<LabServer> out;
  out.push_back(
      server("EX2010", {"Mailbox", "ClientAccess", "HubTransport"}, k_2010_sp3, k_2010_ru22));
  out.back().services = services_with(k_dependents_2010, o.now - days(41) - hours(3), pid);
  out.push_back(server("EX16A", {"Mailbox"}, k_2016_cu8, k_2016_cu8));
  out.back().services = services_with(k_dependents_2016, o.now - days(12) - hours(5), pid);
  out.push_back(server("EX13A", {"Mailbox", "ClientAccess"}, k_2013_cu20, k_2013_cu20));
  out.back().services = services_with(k_dependents_2013, o.now - days(19) - hours(2), pid);
  out.push_back(server("EX16B", {"Mailbox"}, k_2016_cu12, k_2016_cu12));
  out.back().services = services_with(k_dependents_2016, o.now - days(6) - hours(7), pid);
  for (int i = 1; i <= o.extra_servers; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "EX16-%03d", i);
    const auto build = i % 2 == 1 ? k_2016_cu8 : k_2016_cu12;
    out.push_back(server(name, {"Mailbox"}, build, build));
    out.back().services =
        services_with(k_dependents_2016, o.now - days(8 + i % 5) - minutes(i), pid);
  }
  return out;
}

}  // namespace

LabState kb4294204_scenario(const ScenarioOptions& options) {
  LabState state;
  state.local_server = "EX16B";
  state.faults.shell_load_delay_ms = options.shell_load_delay_ms;
  int pid = 1000;
  state.servers = servers(options, pid);
  for (auto& s : state.servers)
    if (caches_topology(s)) s.app_pools = app_pools_of(s, pid);
  // Before the story every cache agrees with AD (nothing out of service).
  for (auto& s : state.servers) {
    if (!caches_topology(s)) continue;
    s.topology_view = ad_view(state);
    s.iis_view = s.topology_view;
  }
  const auto t = options.now;
  (void)set_out_of_service(state, "EX2010", true, t - hours(2));
  // The KB's note: restart the topology service and IIS to make "out of
  // service" take effect at once. Done on the susceptible servers only.
  for (auto& s : state.servers) {
    if (!caches_topology(s) || follows_ad(s) || listed(options.never_picked_up, s.name)) continue;
    (void)restart_service(state, s.name, k_topology_service, true, t - hours(2) + minutes(5));
    (void)iisreset(state, s.name, t - hours(2) + minutes(6));
  }
  (void)set_out_of_service(state, "EX2010", false, t - hours(1));
  // OWA users for `casdoctor-lab serve` (docs/lab.md: lab passwords).
  state.mailboxes = {{"CONTOSO\\alice", "alice@contoso.com", "Alice-Lab-2010!", "EX2010"},
                     {"CONTOSO\\bob", "bob@contoso.com", "Bob-Lab-2016!", "EX16B"}};
  return state;
}

}  // namespace casdoctor::lab
