#pragma once
// The PowerShell the plan carries, all of it made by expand_script so that
// every server and service name ends up inside a single-quoted literal.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casdoctor::remediate_detail {

// iisreset /timeout: seconds to wait for the IIS services to stop. The
// default, 20 s, is short for a front end with many requests in flight;
// two minutes stays well inside --step-timeout's default of 10 min.
inline constexpr std::int64_t k_iisreset_timeout_s = 120;

// `script` as it is when `computer` is "", else wrapped in
// Invoke-Command -ComputerName '<computer>' -ScriptBlock { ... }.
std::string run_on(std::string_view computer, std::string_view script);

// Start-Service of the topology service and `dependents` (the ones that ran
// before); with no dependents known, the topology service's automatic ones.
std::string start_topology_command(std::string_view computer,
                                   const std::vector<std::string>& dependents);
std::string iis_start_command(std::string_view computer);
std::string iis_state_command(std::string_view computer);
std::string start_services_command(std::string_view computer,
                                   const std::vector<std::string>& services);

}  // namespace casdoctor::remediate_detail
