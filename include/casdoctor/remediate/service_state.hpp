#pragma once
// Reading Windows services' state after a remediation step: the script that
// asks for it and the reader of its answer (also of a check-services step's
// own output). The answer is ConvertTo-Json of Name/Status objects as
// Windows PowerShell 5.1 writes it: one object or an array (or
// {"value": [...]}), Status as a number (4) or a name ("Running"), possibly
// with banner or warning lines around the document.
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/result.hpp"
#include "casdoctor/report/plan_model.hpp"

namespace casdoctor {

struct ServiceState {
  std::string name;
  std::string status;  // "Running", "Stopped", "StopPending", ...; a number if unknown
};

// The services whose state decides a step: its expect_running when the plan
// gives them, else MSExchangeADTopology (restart-topology) or IISADMIN, WAS
// and W3SVC (iisreset, exchange-facts 6).
std::vector<std::string> services_to_verify(const PlanStep& step);

// Get-Service for `names` as compact JSON. `computer` "" = this server,
// else the query runs there through Invoke-Command (JSON built remotely, so
// Status keeps its number and survives deserialisation). Every value goes
// through ps_quote.
std::string service_query_script(const std::vector<std::string>& names, std::string_view computer);

// ExitCode::unknown when no JSON document of services is found.
Result<std::vector<ServiceState>> parse_service_states(std::string_view output);

// Each expected service that is not Running, as "W3SVC (Stopped)" or
// "WAS (not found)"; names compare case-insensitively.
std::vector<std::string> not_running(const std::vector<ServiceState>& states,
                                     const std::vector<std::string>& expected);

}  // namespace casdoctor
