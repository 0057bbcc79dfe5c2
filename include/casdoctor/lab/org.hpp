#pragma once
// The org's rules: pure functions over the state with the time passed in.
//   - Set-ClientAccessServer -IsOutOfService changes AD and writes the admin
//     audit log; servers with the KB4294204 fix follow AD at once.
//   - A susceptible 2013/2016 server keeps two cached copies: the topology
//     service's (refreshed from AD when MSExchangeADTopology starts) and IIS's
//     (copied from the topology service when W3SVC starts). OWA uses IIS's,
//     so only topology-then-IIS brings it up to date.
//   - Restart-Service stops the running dependents first and needs -Force
//     for that; every start gives a new process and start time.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/catalog/catalog.hpp"
#include "casdoctor/lab/ps_error.hpp"
#include "casdoctor/lab/state.hpp"
#include "casdoctor/snapshot/names.hpp"

namespace casdoctor::lab {

inline constexpr std::string_view k_topology_service = "MSExchangeADTopology";
inline constexpr std::string_view k_iis_service = "W3SVC";

// Lab time: the system clock moved by the state's clock_offset_ms.
TimePoint lab_time(const LabState& state, TimePoint system_now);

// By name or FQDN, case-insensitively.
LabServer* find_server(LabState& state, std::string_view name_or_fqdn);
const LabServer* find_server(const LabState& state, std::string_view name_or_fqdn);
LabService* find_service(LabServer& server, std::string_view name);
const LabService* find_service(const LabServer& server, std::string_view name);

BuildNumber installed_build(const LabServer& server);  // ExSetup, else AdminDisplayVersion
Product product_of(const LabServer& server);
bool has_role(const LabServer& server, std::string_view role);
bool is_cas2010(const LabServer& server);
// Listed by Get-ClientAccessServer: the ClientAccess role, or 2013+ Mailbox.
bool is_client_access(const LabServer& server);
bool caches_topology(const LabServer& server);  // 2013, 2016, 2019, SE
bool follows_ad(const LabServer& server);       // caches, but has the KB4294204 fix

// Running services that depend on `service`, directly or not (what
// EnumDependentServices returns and Restart-Service -Force restarts).
std::vector<std::string> running_dependents(const LabServer& server, std::string_view service);

// AD's IsOutOfService for every 2010 CAS.
CachedView ad_view(const LabState& state);

// What OWA on `server` believes about the 2010 CAS `cas` (true: out of
// service, it will not proxy there).
bool cached_out_of_service(const LabState& state, const LabServer& server, std::string_view cas);

// Brings the views of every server with the fix in line with AD.
void sync_fixed_views(LabState& state);

// Set-ClientAccessServer -Identity <identity> -IsOutOfService <value>.
PsResult<void> set_out_of_service(LabState& state, std::string_view identity, bool value,
                                  TimePoint now);

// A restart in two steps so that a caller can let time pass (outside any
// lock) in between: begin marks what stops as StopPending and says what will
// start again; finish starts those.
struct Restart {
  std::string server;
  std::vector<std::string> services;  // the service itself first, then its dependents
};

// Restart-Service -Name <service> [-Force] on `server`.
PsResult<Restart> begin_restart_service(LabState& state, std::string_view server,
                                        std::string_view service, bool force);
// iisreset: IISADMIN, WAS and W3SVC (those present) and their dependents.
PsResult<Restart> begin_iisreset(LabState& state, std::string_view server);
void finish_restart(LabState& state, const Restart& restart, TimePoint now);

// Both steps at once.
PsResult<Restart> restart_service(LabState& state, std::string_view server,
                                  std::string_view service, bool force, TimePoint now);
PsResult<Restart> iisreset(LabState& state, std::string_view server, TimePoint now);

// IIS recycling an application pool (all of them when `pool` is empty): a
// new w3wp process. Recycling MSExchangeOWAAppPool gives the HTTP proxy a
// fresh copy of the topology service's view (iis_view). W3SVC is untouched.
// False when the server or pool is unknown.
bool recycle_app_pool(LabState& state, std::string_view server, std::string_view pool,
                      TimePoint now);

// Exchange's own refreshes between `from` and `to` (docs/exchange-behaviour.md):
// the topology service reads AD every 4 h after its start, and each w3wp's
// cache expires 24 h after it was filled, refilled from the topology
// service. Applied by `casdoctor-lab advance`. Susceptible servers only.
void apply_cache_timers(LabState& state, TimePoint from, TimePoint to);

// The OWA app pool's name: the w3wp whose cache OWA proxies by.
inline constexpr std::string_view k_owa_app_pool = "MSExchangeOWAAppPool";

}  // namespace casdoctor::lab
