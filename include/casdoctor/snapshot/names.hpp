#pragma once
// Names of the enums a snapshot carries as numbers in Windows PowerShell 5.1
// output (ConvertTo-Json writes enums as their values there).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/snapshot/snapshot.hpp"

namespace casdoctor {

// A ServiceControllerStatus name ("Running"), compared without regard to
// case. (The other direction is to_string() in casdoctor/diagnose/evidence.hpp.)
std::optional<ServiceStatus> service_status_from_name(std::string_view name);

// "Running", "StopPending", ...: ServiceControllerStatus's own names.
std::string_view service_status_name(ServiceStatus status);

// A ServiceControllerStatus value 1-7.
std::optional<ServiceStatus> service_status_from_value(std::int64_t value);

// Microsoft.Exchange.Data.Directory.SystemConfiguration.ServerRole flags as
// role names in bit order ("Cafe", "Mailbox", "ClientAccess", ...). A set bit
// casdoctor has no name for becomes "Unknown(<bit value>)", e.g.
// "Unknown(256)"; 0 (None) gives no names.
std::vector<std::string> server_role_names(std::uint64_t flags);

// The bit of a role name (case-insensitive): "Mailbox" -> 2. "None" -> 0,
// "All" -> 16503 (the enum's own combined value). nullopt for other names.
std::optional<std::uint64_t> server_role_bits(std::string_view name);

}  // namespace casdoctor
