// Windows service control as Restart-Service and iisreset drive it, and the
// two caches a service start refreshes on a 2013+ server.
#include <algorithm>

#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/org.hpp"

namespace casdoctor::lab {
namespace {

constexpr std::string_view k_iis_services[] = {"IISADMIN", "WAS", "W3SVC"};

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return iequals(n, name); });
}

}  // namespace

std::vector<std::string> running_dependents(const LabServer& server, std::string_view name) {
  std::vector<std::string> found;
  std::vector<std::string> queue{std::string(name)};
  while (!queue.empty()) {
    const auto current = queue.back();
    queue.pop_back();
    const auto* service = find_service(server, current);
    if (service == nullptr) continue;
    for (const auto& dependent : service->dependents) {
      const auto* d = find_service(server, dependent);
      if (d == nullptr || d->status != ServiceStatus::running || contains(found, d->name)) continue;
      found.push_back(d->name);
      queue.push_back(d->name);
    }
  }
  return found;
}

namespace {

int next_process_id(const LabState& state) {
  int highest = 4000;
  for (const auto& server : state.servers) {
    for (const auto& service : server.services) highest = std::max(highest, service.process_id);
    for (const auto& pool : server.app_pools) highest = std::max(highest, pool.process_id);
  }
  return highest + 4;  // Windows process ids are multiples of four
}

PsError no_such_service(std::string_view name) {
  PsError e;
  e.message = "Cannot find any service with service name '" + std::string(name) + "'.";
  e.category = "ObjectNotFound";
  e.target = name;
  e.target_type = "String";
  e.activity = "Restart-Service";
  e.reason = "ServiceCommandException";
  e.error_id = "NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.RestartServiceCommand";
  return e;
}

PsError has_dependents(const LabService& service) {
  PsError e;
  e.message = "Cannot stop service '" + service.display_name + " (" + service.name +
              ")' because it has dependent services. It can only be stopped if the Force flag "
              "is set.";
  e.category = "InvalidOperation";
  e.target = "System.ServiceProcess.ServiceController";
  e.target_type = "ServiceController";
  e.activity = "Restart-Service";
  e.reason = "ServiceCommandException";
  e.error_id = "ServiceHasDependentServices,Microsoft.PowerShell.Commands.RestartServiceCommand";
  return e;
}

PsError no_such_server(std::string_view name) {
  PsError e;
  e.message = "Cannot find the server '" + std::string(name) + "' in the lab.";
  e.category = "ObjectNotFound";
  e.target = name;
  e.target_type = "String";
  return e;
}

void mark_stopping(LabServer& server, const std::vector<std::string>& names) {
  for (const auto& name : names)
    if (auto* s = find_service(server, name); s && s->status == ServiceStatus::running)
      s->status = ServiceStatus::stop_pending;
}

// A start refreshes the caches: the topology service reads AD, IIS takes
// the topology service's copy. Topology first when both start together.
void refresh_views(const LabState& state, LabServer& server,
                   const std::vector<std::string>& names) {
  if (!caches_topology(server)) return;
  if (contains(names, k_topology_service)) server.topology_view = ad_view(state);
  if (contains(names, k_iis_service)) server.iis_view = server.topology_view;
}

}  // namespace

PsResult<Restart> begin_restart_service(LabState& state, std::string_view server_name,
                                        std::string_view service_name, bool force) {
  LabServer* server = find_server(state, server_name);
  if (server == nullptr) return ps_failure(no_such_server(server_name));
  LabService* service = find_service(*server, service_name);
  if (service == nullptr) return ps_failure(no_such_service(service_name));
  Restart restart{server->name, {service->name}};
  if (service->status != ServiceStatus::running) return restart;  // a stopped service just starts
  const auto dependents = running_dependents(*server, service->name);
  if (!dependents.empty() && !force) return ps_failure(has_dependents(*service));
  restart.services.insert(restart.services.end(), dependents.begin(), dependents.end());
  mark_stopping(*server, restart.services);
  return restart;
}

PsResult<Restart> begin_iisreset(LabState& state, std::string_view server_name) {
  LabServer* server = find_server(state, server_name);
  if (server == nullptr) return ps_failure(no_such_server(server_name));
  Restart restart{server->name, {}};
  for (auto iis : k_iis_services) {
    const auto* service = find_service(*server, iis);
    if (service == nullptr || contains(restart.services, service->name)) continue;
    restart.services.push_back(service->name);
    for (auto& dependent : running_dependents(*server, service->name))
      if (!contains(restart.services, dependent)) restart.services.push_back(dependent);
  }
  mark_stopping(*server, restart.services);
  return restart;
}

void finish_restart(LabState& state, const Restart& restart, TimePoint now) {
  int pid = next_process_id(state);
  LabServer* server = find_server(state, restart.server);
  if (server == nullptr) return;  // removed from the state meanwhile
  for (const auto& name : restart.services) {
    LabService* service = find_service(*server, name);
    if (service == nullptr) continue;
    service->status = ServiceStatus::running;
    service->start_time = now;
    service->process_id = pid;
    pid += 4;
  }
  // W3SVC starts the application pools anew (WAS starts their w3wp).
  if (contains(restart.services, k_iis_service)) {
    for (auto& pool : server->app_pools) {
      pool.start_time = now;
      pool.process_id = pid;
      pid += 4;
    }
  }
  refresh_views(state, *server, restart.services);
}

bool recycle_app_pool(LabState& state, std::string_view server_name, std::string_view pool,
                      TimePoint now) {
  LabServer* server = find_server(state, server_name);
  if (server == nullptr) return false;
  int pid = next_process_id(state);
  bool found = false;
  for (auto& p : server->app_pools) {
    if (!pool.empty() && !iequals(p.name, pool)) continue;
    found = true;
    p.start_time = now;
    p.process_id = pid;
    pid += 4;
    if (iequals(p.name, k_owa_app_pool) && caches_topology(*server))
      server->iis_view = server->topology_view;
  }
  return found;
}

PsResult<Restart> restart_service(LabState& state, std::string_view server,
                                  std::string_view service, bool force, TimePoint now) {
  auto restart = begin_restart_service(state, server, service, force);
  if (restart) finish_restart(state, *restart, now);
  return restart;
}

PsResult<Restart> iisreset(LabState& state, std::string_view server, TimePoint now) {
  auto restart = begin_iisreset(state, server);
  if (restart) finish_restart(state, *restart, now);
  return restart;
}

}  // namespace casdoctor::lab
