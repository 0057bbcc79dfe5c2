// Finding servers and services, and what a server's build says about its
// cache: the catalogue decides who has the KB4294204 fix.
#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/org.hpp"

namespace casdoctor::lab {
namespace {

template <class State, class Server>
Server* find_in(State& state, std::string_view name_or_fqdn) {
  for (auto& server : state.servers) {
    if (iequals(server.name, name_or_fqdn) ||
        (!server.fqdn.empty() && iequals(server.fqdn, name_or_fqdn)))
      return &server;
  }
  return nullptr;
}

template <class Service, class Server>
Service* service_in(Server& server, std::string_view name) {
  for (auto& service : server.services)
    if (iequals(service.name, name)) return &service;
  return nullptr;
}

}  // namespace

TimePoint lab_time(const LabState& state, TimePoint system_now) {
  return system_now + std::chrono::milliseconds(state.clock_offset_ms);
}

LabServer* find_server(LabState& state, std::string_view name_or_fqdn) {
  return find_in<LabState, LabServer>(state, name_or_fqdn);
}
const LabServer* find_server(const LabState& state, std::string_view name_or_fqdn) {
  return find_in<const LabState, const LabServer>(state, name_or_fqdn);
}
LabService* find_service(LabServer& server, std::string_view name) {
  return service_in<LabService>(server, name);
}
const LabService* find_service(const LabServer& server, std::string_view name) {
  return service_in<const LabService>(server, name);
}

BuildNumber installed_build(const LabServer& server) {
  return server.exsetup.value_or(server.version);
}

Product product_of(const LabServer& server) {
  return casdoctor::product_of(installed_build(server));
}

bool has_role(const LabServer& server, std::string_view role) {
  for (const auto& r : server.roles)
    if (iequals(r, role)) return true;
  return false;
}

bool is_cas2010(const LabServer& server) {
  return product_of(server) == Product::exchange2010 && has_role(server, "ClientAccess");
}

bool is_client_access(const LabServer& server) {
  return has_role(server, "ClientAccess") ||
         (caches_topology(server) && has_role(server, "Mailbox"));
}

bool caches_topology(const LabServer& server) {
  const auto p = product_of(server);
  return p == Product::exchange2013 || p == Product::exchange2016 || p == Product::exchange2019 ||
         p == Product::exchange_se;
}

bool follows_ad(const LabServer& server) {
  return caches_topology(server) &&
         kb4294204_of_build(installed_build(server)) != Kb4294204::susceptible;
}

CachedView ad_view(const LabState& state) {
  CachedView view;
  for (const auto& server : state.servers)
    if (is_cas2010(server)) view[server.name] = server.is_out_of_service;
  return view;
}

bool cached_out_of_service(const LabState& state, const LabServer& server, std::string_view cas) {
  if (!caches_topology(server) || follows_ad(server)) {
    const auto* target = find_server(state, cas);
    return target != nullptr && target->is_out_of_service;
  }
  for (const auto& [name, oos] : server.iis_view)
    if (iequals(name, cas)) return oos;
  return false;  // never cached: the server has not heard of it being out of service
}

void sync_fixed_views(LabState& state) {
  const auto view = ad_view(state);
  for (auto& server : state.servers) {
    if (!follows_ad(server)) continue;
    server.topology_view = view;
    server.iis_view = view;
  }
}

}  // namespace casdoctor::lab
