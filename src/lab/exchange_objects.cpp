// The objects the Exchange cmdlets return, as they reach a script through
// the Exchange shell's implicit remoting: enums and versions as text.
#include <array>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

#include "session.hpp"

namespace casdoctor::lab::detail {
namespace {

// ServerRole flag names in bit order (how a [Flags] enum prints).
constexpr std::array<std::string_view, 11> k_role_order = {
    "Cafe",       "Mailbox",           "ClientAccess",  "UnifiedMessaging",  "HubTransport", "Edge",
    "Monitoring", "ProvisionedServer", "LanguagePacks", "FrontendTransport", "CafeArray"};

std::string version_text(const BuildNumber& b) {
  return cat("Version ", std::to_string(b.major), ".", std::to_string(b.minor), " (Build ",
             std::to_string(b.build), ".", std::to_string(b.revision), ")");
}

}  // namespace

std::string roles_text(const LabServer& server) {
  std::string out;
  for (auto role : k_role_order) {
    if (!has_role(server, role)) continue;
    if (!out.empty()) out += ", ";
    out += role;
  }
  return out.empty() ? "None" : out;
}

std::string site_text(const LabState& state, const LabServer& server) {
  return cat(state.domain, "/Configuration/Sites/", server.site);
}

PsValue exchange_server_object(const LabState& state, const LabServer& server) {
  const auto product = product_of(server);
  const bool e15 = product != Product::exchange2010 && product != Product::unknown;
  return PsValue::Object{
      {"Name", server.name},
      {"Fqdn", server.fqdn},
      {"Edition", server.edition},
      {"AdminDisplayVersion", version_text(server.version)},
      {"ServerRole", roles_text(server)},
      {"Site", site_text(state, server)},
      {"IsClientAccessServer", is_client_access(server)},
      {"IsMailboxServer", has_role(server, "Mailbox")},
      {"IsE14OrLater", true},
      {"IsE15OrLater", e15},
      {"Identity", server.name},
  };
}

PsValue client_access_server_object(const LabServer& server) {
  return PsValue::Object{
      {"Name", server.name},
      {"Fqdn", server.fqdn},
      {"IsOutOfService", server.is_out_of_service},
      {"Identity", server.name},
  };
}

PsValue audit_entry_object(const AuditEntry& entry) {
  PsValue::Array parameters;
  for (const auto& p : entry.parameters)
    parameters.push_back(PsValue::Object{{"Name", p.name}, {"Value", p.value}});
  return PsValue::Object{
      {"RunDate", entry.run_date},
      {"Caller", entry.caller},
      {"CmdletName", entry.cmdlet_name},
      {"ObjectModified", entry.object_modified},
      {"CmdletParameters", std::move(parameters)},
      {"Succeeded", entry.succeeded},
      {"Error", entry.succeeded ? PsValue(nullptr) : PsValue("The operation failed.")},
  };
}

}  // namespace casdoctor::lab::detail
