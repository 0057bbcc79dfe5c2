#include "casdoctor/diagnose/evidence.hpp"

#include "casdoctor/core/ps_quote.hpp"
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
