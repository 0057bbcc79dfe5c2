// WinRM as Invoke-Command -ComputerName meets it: an unknown name, a
// server behind the `unreachable` knob, or one behind `access_denied`.
// Message texts are those of Windows PowerShell 5.1 (docs/lab.md).
#include <algorithm>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

#include "session.hpp"

namespace casdoctor::lab::detail {
namespace {

bool listed(const std::vector<std::string>& names, const LabServer& server) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) {
    return iequals(n, server.name) || iequals(n, server.fqdn);
  });
}

PsError transport_error(std::string_view computer, std::string_view detail, std::string_view id) {
  PsError e;
  e.message = cat("Connecting to remote server ", computer,
                  " failed with the following error message : ", detail,
                  " For more information, see the about_Remote_Troubleshooting Help topic.");
  e.category = "OpenError";
  e.target = computer;
  e.target_type = "String";
  e.reason = "PSRemotingTransportException";
  e.error_id = cat(id, ",PSSessionStateBroken");
  return e;
}

}  // namespace

std::optional<PsError> connection_error(const Session& session, std::string_view computer,
                                        const LabServer* server) {
  if (server == nullptr) {
    return transport_error(
        computer,
        cat("WinRM cannot process the request. The following error occurred while using "
            "Kerberos authentication: Cannot find the computer ",
            computer,
            ". Verify that the computer exists on the network and that the name provided is "
            "spelled correctly."),
        "NetworkPathNotFound");
  }
  if (listed(session.faults().unreachable, *server)) {
    return transport_error(
        computer,
        "WinRM cannot complete the operation. Verify that the specified computer name is valid, "
        "that the computer is accessible over the network, and that a firewall exception for the "
        "WinRM service is enabled and allows access from this computer. By default, the WinRM "
        "firewall exception for public profiles limits access to remote computers within the "
        "same local subnet.",
        "WinRMOperationTimeout");
  }
  if (listed(session.faults().access_denied, *server))
    return transport_error(computer, "Access is denied.", "AccessDenied");
  return std::nullopt;
}

bool denied_locally(const Session& session, std::string_view server) {
  const auto* s = find_server(session.initial(), server);
  return s != nullptr && listed(session.faults().access_denied, *s);
}

}  // namespace casdoctor::lab::detail
