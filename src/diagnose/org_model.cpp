#include "casdoctor/diagnose/org_model.hpp"

#include <algorithm>
#include <unordered_map>

#include "casdoctor/core/text.hpp"

namespace casdoctor {
namespace {

// The forms one server may be written in, most specific first: as given, as
// the last part of a canonical name or DN, and the host part of an FQDN.
std::vector<std::string> lookup_keys(std::string_view written) {
  std::vector<std::string> keys{to_lower_ascii(trim(written))};
  keys.push_back(to_lower_ascii(server_name_of_identity(written)));
  const auto& last = keys.back();
  if (auto dot = last.find('.'); dot != std::string::npos) keys.push_back(last.substr(0, dot));
  return keys;
}

bool has_role(const std::vector<std::string>& roles, std::string_view role) {
  return std::any_of(roles.begin(), roles.end(), [&](const auto& r) { return iequals(r, role); });
}

// Short-name and FQDN keys, lower case, so that entries written with either
// form (Invoke-Command returns PSComputerName as typed) find their server.
class ServerIndex {
 public:
  explicit ServerIndex(const std::vector<ServerView>& servers) {
    for (std::size_t i = 0; i < servers.size(); ++i) {
      keys_.emplace(to_lower_ascii(servers[i].name), i);
      if (!servers[i].fqdn.empty()) keys_.emplace(to_lower_ascii(servers[i].fqdn), i);
    }
  }
  std::optional<std::size_t> find(std::string_view name) const {
    for (const auto& key : lookup_keys(name)) {
      if (auto it = keys_.find(key); it != keys_.end()) return it->second;
    }
    return std::nullopt;
  }

 private:
  std::unordered_map<std::string, std::size_t> keys_;
};

ServerView view_of(const ExchangeServer& server) {
  ServerView view;
  view.name = server.name;
  view.fqdn = server.fqdn;
  view.site = server.site;
  view.roles = server.roles;
  view.admin_display_version = server.admin_display_version;
  view.is_client_access = has_role(server.roles, "ClientAccess");
  return view;
}

// ExSetup.exe's version is the installed build; AdminDisplayVersion misses
// security updates and, on 2010, the update rollup.
void resolve_build(ServerView& view) {
  if (view.exsetup_version) {
    view.build = lookup_build(*view.exsetup_version, BuildSource::exsetup);
  } else if (view.admin_display_version) {
    view.build = lookup_build(*view.admin_display_version, BuildSource::admin_display_version);
  }
}

// A susceptible build matters only where there is a 2010 CAS to proxy to.
Kb4294204 status_in_org(const ServerView& view, bool has_exchange2010_cas) {
  if (!view.build) return Kb4294204::unknown;
  const auto status = view.build->kb4294204;
  if (status == Kb4294204::susceptible && !has_exchange2010_cas) return Kb4294204::not_applicable;
  return status;
}

// True when the entry names IsOutOfService but its value cannot be read.
bool value_unreadable(const AuditEntry& entry) {
  return std::any_of(entry.parameters.begin(), entry.parameters.end(), [](const auto& p) {
    return iequals(p.name, "IsOutOfService") && !parse_ps_bool(p.value);
  });
}

std::optional<OutOfServiceChange> change_of(const AuditEntry& entry, const ServerIndex& index) {
  std::optional<bool> value;
  std::string identity;
  for (const auto& p : entry.parameters) {
    if (iequals(p.name, "IsOutOfService")) value = parse_ps_bool(p.value);
    if (iequals(p.name, "Identity")) identity = p.value;
  }
  if (!value) return std::nullopt;
  const auto& target = entry.object_modified.empty() ? identity : entry.object_modified;
  auto server = server_name_of_identity(target);
  auto server_index = index.find(server);
  return OutOfServiceChange{entry.run_date, std::move(server), server_index,
                            *value,         entry.caller,      entry.succeeded};
}

// A revert counts when it names a 2010 CAS that is not out of service again
// now (then the caches hold the right value). An entry for a server gone from
// the org still tells when the caches were last invalidated.
bool names_reverted_cas(const OrgModel& org, const OutOfServiceChange& change) {
  const auto* cas = org.server_of(change);
  return cas == nullptr ||
         (cas->product() == Product::exchange2010 && cas->is_out_of_service != true);
}

// Which CAS an entry is about: its server in the org, else its name.
std::string cas_key(const OutOfServiceChange& change) {
  if (!change.server_index) return to_lower_ascii(change.server);
  std::string key(1, '#');  // cannot collide with a server name
  return key.append(std::to_string(*change.server_index));
}

// A revert is a successful set to False that changed the value: setting False
// again on a CAS already in service invalidates no cache. Without an earlier
// entry in the window the previous value is unknown, and the entry counts
// (the set to True may lie before the window).
struct Revert {
  std::optional<OutOfServiceChange> change;
  std::optional<TimePoint> set_true;  // the set to True it undid, when in the window
};

Revert newest_revert(const OrgModel& org) {
  std::vector<std::pair<std::string, const OutOfServiceChange*>> history;
  for (const auto& change : *org.out_of_service_changes) {
    if (change.succeeded) history.emplace_back(cas_key(change), &change);
  }
  std::sort(history.begin(), history.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->run_date < b.second->run_date;
  });
  Revert newest;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const auto& change = *history[i].second;
    const bool same_cas_before = i > 0 && history[i - 1].first == history[i].first;
    const bool was_false = same_cas_before && !history[i - 1].second->value;
    if (change.value || was_false || !names_reverted_cas(org, change)) continue;
    if (!newest.change || change.run_date > newest.change->run_date) {
      newest.change = change;
      newest.set_true =
          same_cas_before ? std::optional(history[i - 1].second->run_date) : std::nullopt;
    }
  }
  return newest;
}

// A server whose collection failed there has no app pool list: W3SVC
// stands in for it, as for a snapshot from before app pools were collected.
bool app_pools_failed(const OrgModel& org, const ServerView& server) {
  return std::any_of(org.errors.begin(), org.errors.end(), [&](const CollectError& e) {
    return (e.step == "app_pools" || e.step == "remote") &&
           (iequals(e.server, server.name) || iequals(e.server, server.fqdn));
  });
}

void add_app_pools(OrgModel& org, const std::vector<AppPoolProcess>& pools,
                   const ServerIndex& index) {
  for (auto& view : org.servers)
    if (!app_pools_failed(org, view)) view.app_pools.emplace();
  for (const auto& pool : pools) {
    auto i = index.find(pool.server);
    if (i && org.servers[*i].app_pools)
      org.servers[*i].app_pools->push_back({pool.name, pool.start_time});
  }
}

}  // namespace

bool ServerView::is_exchange15() const {
  const auto p = product();
  return p == Product::exchange2013 || p == Product::exchange2016 || p == Product::exchange2019 ||
         p == Product::exchange_se;
}

const ServiceView* ServerView::service(std::string_view service_name) const {
  auto it = std::find_if(services.begin(), services.end(),
                         [&](const auto& s) { return iequals(s.name, service_name); });
  return it == services.end() ? nullptr : &*it;
}

const ServerView* OrgModel::find_server(std::string_view name_or_fqdn) const {
  for (const auto& key : lookup_keys(name_or_fqdn)) {
    auto it = std::find_if(servers.begin(), servers.end(), [&](const auto& s) {
      return iequals(s.name, key) || (!s.fqdn.empty() && iequals(s.fqdn, key));
    });
    if (it != servers.end()) return &*it;
  }
  return nullptr;
}

OrgModel build_org_model(const Snapshot& snapshot, TimePoint now) {
  OrgModel org;
  org.now = now;
  org.collected_at = snapshot.collected_at;
  org.errors = snapshot.errors;
  for (const auto& server : snapshot.exchange_servers) org.servers.push_back(view_of(server));

  const ServerIndex index(org.servers);
  for (const auto& v : snapshot.exsetup_versions) {
    if (auto i = index.find(v.server)) org.servers[*i].exsetup_version = v.file_version;
  }
  for (const auto& cas : snapshot.client_access_servers) {
    if (auto i = index.find(cas.name)) {
      org.servers[*i].is_out_of_service = cas.is_out_of_service;
      org.servers[*i].is_client_access = true;
    }
  }
  for (const auto& s : snapshot.services) {
    if (auto i = index.find(s.server))
      org.servers[*i].services.push_back({s.name, s.status, s.start_time});
  }
  if (snapshot.app_pools) add_app_pools(org, *snapshot.app_pools, index);
  for (const auto& d : snapshot.dependent_services) {
    auto i = index.find(d.server);
    if (i && d.status == ServiceStatus::running)
      org.servers[*i].running_dependents.push_back(d.name);
  }
  for (auto& view : org.servers) resolve_build(view);
  org.has_exchange2010_cas = std::any_of(org.servers.begin(), org.servers.end(),
                                         [](const auto& s) { return s.is_exchange2010_cas(); });
  for (auto& view : org.servers) view.kb4294204 = status_in_org(view, org.has_exchange2010_cas);

  if (snapshot.audit) {
    org.out_of_service_changes.emplace();
    for (const auto& entry : *snapshot.audit) {
      if (auto change = change_of(entry, index)) org.out_of_service_changes->push_back(*change);
      if (value_unreadable(entry)) ++org.unreadable_audit_values;
    }
    auto revert = newest_revert(org);
    org.latest_revert = std::move(revert.change);
    org.latest_set_true = revert.set_true;
  }
  return org;
}

std::string server_name_of_identity(std::string_view identity) {
  identity = trim(identity);
  if (identity.size() > 3 && iequals(identity.substr(0, 3), "CN=")) {
    identity.remove_prefix(3);
    return std::string(identity.substr(0, identity.find(',')));
  }
  if (auto slash = identity.find_last_of("/\\"); slash != std::string_view::npos) {
    identity.remove_prefix(slash + 1);
  }
  return std::string(identity);
}

std::optional<bool> parse_ps_bool(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '$') text.remove_prefix(1);
  if (iequals(text, "true") || text == "1") return true;
  if (iequals(text, "false") || text == "0") return false;
  return std::nullopt;
}

}  // namespace casdoctor
