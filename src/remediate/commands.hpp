#pragma once
// The PowerShell the plan carries, all of it made by expand_script so that
// every server and service name ends up inside a single-quoted literal.
#include <string>
#include <string_view>
#include <vector>

namespace casdoctor::remediate_detail {

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
