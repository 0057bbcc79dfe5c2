// Set-ClientAccessServer -IsOutOfService: the AD flag, the admin audit log
// entry it leaves, and the servers that see the change at once.
#include "casdoctor/lab/org.hpp"

namespace casdoctor::lab {
namespace {

std::string domain_controller(const LabState& state) {
  return "DC01." + state.domain;
}

PsError object_not_found(const LabState& state, std::string_view identity) {
  PsError e;
  e.message = "The operation couldn't be performed because object '" + std::string(identity) +
              "' couldn't be found on '" + domain_controller(state) + "'.";
  e.activity = "Set-ClientAccessServer";
  e.reason = "ManagementObjectNotFoundException";
  e.error_id =
      "[Server=" + state.local_server +
      "] [FailureCategory=Cmdlet-ManagementObjectNotFoundException] "
      "9D5EE2E7,Microsoft.Exchange.Management.SystemConfigurationTasks.SetClientAccessServer";
  return e;
}

AuditEntry audit_entry(const LabState& state, const LabServer& server, bool value, TimePoint now) {
  AuditEntry entry;
  entry.run_date = now;
  entry.caller = state.caller;
  entry.cmdlet_name = "Set-ClientAccessServer";
  entry.object_modified = server.name;
  entry.parameters = {{"Identity", server.name}, {"IsOutOfService", value ? "True" : "False"}};
  entry.succeeded = true;
  return entry;
}

}  // namespace

PsResult<void> set_out_of_service(LabState& state, std::string_view identity, bool value,
                                  TimePoint now) {
  LabServer* server = find_server(state, identity);
  if (server == nullptr || !is_client_access(*server))
    return ps_failure(object_not_found(state, identity));
  server->is_out_of_service = value;
  state.audit_log.push_back(audit_entry(state, *server, value, now));
  sync_fixed_views(state);
  return {};
}

}  // namespace casdoctor::lab
