#pragma once
// Reading Windows services' state after a remediation step: the script that
// asks for it and the reader of its answer (also of a check-services step's
// own output), and the rule that decides whether a step's services are
// what it promised: Running, and for a restart started at or after the step
// began (docs/execution.md, "When a step succeeded").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/result.hpp"
#include "casdoctor/core/time.hpp"
#include "casdoctor/report/plan_model.hpp"

namespace casdoctor {

struct ServiceState {
  std::string name;
  std::string status;  // "Running", "Stopped", "StopPending", ...; a number if unknown
  std::optional<TimePoint> start_time = std::nullopt;  // of its process; none when not known
};

// The services whose state decides a step: its expect_running when the plan
// gives them, else MSExchangeADTopology (restart-topology) or IISADMIN, WAS
// and W3SVC (iisreset, exchange-facts 6).
std::vector<std::string> services_to_verify(const PlanStep& step);

// Win32_Service (Name, State, ProcessId) for `names` and Get-Process
// (Id, StartTime) for their processes, as one compact JSON document
// {"Services": [...], "Processes": [...]}. `computer` "" = this server,
// else the query runs there through Invoke-Command (the JSON is made
// remotely, so dates keep 5.1's "\/Date(ms)\/" form). Every value goes
// through ps_quote.
std::string service_query_script(const std::vector<std::string>& names, std::string_view computer);

// Reads the query's answer, or the older list of Name/Status objects as
// Windows PowerShell 5.1 writes it: one object or an array (or
// {"value": [...]}), Status as a number (4) or a name ("Running"). Banner
// or warning lines may stand around the document. Linear in the output's
// size. ExitCode::unknown when no JSON document of services is found.
Result<std::vector<ServiceState>> parse_service_states(std::string_view output);

// When a restart step began on its server, by the server's own clock: the
// first line of the step's output that is a timestamp (its command starts
// with Get-Date -Format o). nullopt when there is none.
std::optional<TimePoint> step_began(std::string_view output);

// Each expected service that is not as the step needs it, as
// "W3SVC (Stopped)", "WAS (not found)", "W3SVC (start time unknown)" or
// "W3SVC (started 2018-06-18T09:00:00Z, before the step began at ...)".
// With `began` nullopt only Running is required. Names compare
// case-insensitively.
std::vector<std::string> service_problems(const std::vector<ServiceState>& states,
                                          const std::vector<std::string>& expected,
                                          std::optional<TimePoint> began);

// Each expected service that is not Running (service_problems without a
// start time).
std::vector<std::string> not_running(const std::vector<ServiceState>& states,
                                     const std::vector<std::string>& expected);

}  // namespace casdoctor
