// The members each list entry is read from. Required members are the ones
// a finding cannot do without; everything else may be missing or null
// (PowerShell writes null for an unset property) and gets a neutral value.
#include "sections.hpp"

#include "values.hpp"

namespace casdoctor::snapshot_detail {
namespace {

std::vector<AuditParameter> audit_parameters(const Json& list, const Place& at) {
  std::vector<AuditParameter> parameters;
  for_each_list_element(list, at, [&](const Json& element, const Place& element_at) {
    const ObjectView parameter(element, element_at, "an object with Name and Value");
    parameters.push_back({parameter.required("Name", as_text),
                          parameter.optional("Value", as_parameter_text, std::string())});
  });
  return parameters;
}

}  // namespace

ExchangeServer to_exchange_server(const Json& element, const Place& at) {
  const ObjectView server(element, at, "an object (a Get-ExchangeServer entry)");
  ExchangeServer out;
  out.name = server.required("Name", as_name);
  out.fqdn = server.optional("Fqdn", as_text, std::string());
  out.site = server.optional("Site", as_site, std::string());
  out.roles = server.optional("ServerRole", as_server_roles, std::vector<std::string>());
  out.admin_display_version = server.optional("AdminDisplayVersion", as_admin_display_version,
                                              std::optional<BuildNumber>());
  return out;
}

ClientAccessServer to_client_access_server(const Json& element, const Place& at) {
  const ObjectView server(element, at, "an object (a Get-ClientAccessServer entry)");
  ClientAccessServer out;
  out.name = server.required("Name", as_name);
  out.is_out_of_service = server.optional(
      "IsOutOfService",
      [](const Json& value, const Place& place) { return std::optional(as_bool(value, place)); },
      std::optional<bool>());
  return out;
}

ServiceEntry to_service_entry(const Json& element, const Place& at) {
  const ObjectView service(element, at, "an object with Server, Name, Status and StartTime");
  ServiceEntry out;
  out.server = service.required("Server", as_name);
  out.name = service.required("Name", as_name);
  out.status = service.required("Status", as_service_status);
  out.start_time = service.optional("StartTime", as_optional_timestamp, std::optional<TimePoint>());
  return out;
}

// The collection script lists only running dependents; Status is read anyway
// so that an entry saying otherwise is not taken for a running one.
DependentService to_dependent_service(const Json& element, const Place& at) {
  const ObjectView service(element, at, "an object with Server, Name and Status");
  DependentService out;
  out.server = service.required("Server", as_name);
  out.name = service.required("Name", as_name);
  out.status = service.required("Status", as_service_status);
  return out;
}

AppPoolProcess to_app_pool_process(const Json& element, const Place& at) {
  const ObjectView process(element, at, "an object with Server, Name, ProcessId and StartTime");
  AppPoolProcess out;
  out.server = process.required("Server", as_name);
  out.name = process.required("Name", as_name);
  out.process_id = process.optional(
      "ProcessId",
      [](const Json& value, const Place& place) {
        const auto id = integer_of(value);
        if (!id || *id < 0) fail_expected(place, "a process id", value);
        return *id;
      },
      std::int64_t{0});
  out.start_time = process.optional("StartTime", as_optional_timestamp, std::optional<TimePoint>());
  return out;
}

ExSetupVersion to_exsetup_version(const Json& element, const Place& at) {
  const ObjectView version(element, at, "an object with Server and FileVersion");
  ExSetupVersion out;
  out.server = version.required("Server", as_name);
  out.file_version = version.required("FileVersion", as_file_version);
  return out;
}

AuditEntry to_audit_entry(const Json& element, const Place& at) {
  const ObjectView entry(element, at, "an object (a Search-AdminAuditLog entry)");
  AuditEntry out;
  out.run_date = entry.required("RunDate", as_timestamp);
  out.caller = entry.optional("Caller", as_text, std::string());
  out.cmdlet_name = entry.optional("CmdletName", as_text, std::string());
  out.object_modified = entry.optional("ObjectModified", as_text, std::string());
  out.parameters =
      entry.optional("CmdletParameters", audit_parameters, std::vector<AuditParameter>());
  out.succeeded = entry.optional("Succeeded", as_bool, true);
  return out;
}

CollectError to_collect_error(const Json& element, const Place& at) {
  const ObjectView error(element, at, "an object with Server, Step and Message");
  CollectError out;
  out.server = error.optional("Server", as_text, std::string());
  out.step = error.optional("Step", as_text, std::string());
  out.message = error.optional("Message", as_text, std::string());
  return out;
}

}  // namespace casdoctor::snapshot_detail
