#include "casdoctor/diagnose/evidence.hpp"

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/diagnose/staleness.hpp"
#include "casdoctor/snapshot/names.hpp"

namespace casdoctor {

nlohmann::ordered_json service_evidence(const ServiceView& service) {
  nlohmann::ordered_json e;
  e["name"] = service.name;
  e["status"] = service_status_name(service.status);
  e["start_time"] = service.start_time ? nlohmann::ordered_json(format_iso8601(*service.start_time))
                                       : nlohmann::ordered_json(nullptr);
  return e;
}

namespace {

nlohmann::ordered_json time_or_null(const std::optional<TimePoint>& t) {
  return t ? nlohmann::ordered_json(format_iso8601(*t)) : nlohmann::ordered_json(nullptr);
}

}  // namespace

void add_staleness_evidence(const ServerView& server, const StalenessResult& result,
                            nlohmann::ordered_json& evidence) {
  evidence["revert"] = change_evidence(*result.revert);
  evidence["started_before_revert"] = result.started_before;
  if (result.refreshed_at) evidence["refreshed_at"] = format_iso8601(*result.refreshed_at);
  if (result.set_true) evidence["set_true"] = format_iso8601(*result.set_true);
  if (!result.cache_source.empty()) evidence["cache_source"] = result.cache_source;
  auto services = nlohmann::ordered_json::array();
  for (const auto& s : server.services) services.push_back(service_evidence(s));
  evidence["services"] = services;
  if (server.app_pools) {
    auto pools = nlohmann::ordered_json::array();
    for (const auto& pool : *server.app_pools)
      pools.push_back({{"name", pool.name}, {"start_time", time_or_null(pool.start_time)}});
    evidence["app_pools"] = pools;
  }
  evidence["build"] = build_evidence(server);
}

nlohmann::ordered_json build_evidence(const ServerView& server) {
  nlohmann::ordered_json e;
  if (server.exsetup_version) e["exsetup_version"] = to_short_form(*server.exsetup_version);
  if (server.admin_display_version) {
    e["admin_display_version"] = to_short_form(*server.admin_display_version);
  }
  if (server.build) {
    e["product"] = product_name(server.build->product);
    e["update"] = server.build->update;
    e["match"] = to_string(server.build->match);
  }
  return e;
}

nlohmann::ordered_json change_evidence(const OutOfServiceChange& change) {
  nlohmann::ordered_json e;
  e["server"] = change.server;
  e["is_out_of_service"] = change.value;
  e["run_date"] = format_iso8601(change.run_date);
  e["caller"] = change.caller;
  return e;
}

std::string fix_level_of(Product product) {
  switch (product) {
    case Product::exchange2013:
      return "Exchange Server 2013 CU21 (15.0.1395.4)";
    case Product::exchange2016:
      return "Exchange Server 2016 CU10 (15.1.1531.3)";
    default:
      return "a current cumulative update";
  }
}

std::string workaround_commands(const ServerView& server) {
  const auto target = ps_quote(server.fqdn.empty() ? server.name : server.fqdn);
  return "PS> Invoke-Command -ComputerName " + target +
         " -ScriptBlock { Restart-Service -Name 'MSExchangeADTopology' -Force }\n"
         "PS> Invoke-Command -ComputerName " +
         target + " -ScriptBlock { iisreset /noforce }";
}

}  // namespace casdoctor
