#pragma once
// Internals of execute_plan, split by concern: running one step
// (execute_step.cpp, execute_logon.cpp), the journal's event lines (execute_journal.cpp), the
// order and stop rules across servers (execute.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "casdoctor/remediate/execute.hpp"

namespace casdoctor::execute_detail {

struct StepResult {
  StepStatus status = StepStatus::failed;
  std::optional<int> exit_code;
  std::int64_t duration_ms = 0;      // the command plus its follow-up query
  std::string output;                // complete: decoded stdout, stderr, casdoctor's notes
  std::optional<LogonResult> logon;  // verify-logon: the last attempt
};

// Runs one step on `computer` ("" = locally) and decides its status.
StepResult run_step(const PlanStep& step, std::string_view computer, const ExecuteOptions& options,
                    const ExecuteServices& services);

// A verify-logon step (execute_logon.cpp): logons through the step's server
// until one works, one fails in a way waiting cannot fix, or the deadline.
StepResult run_logon_step(const PlanStep& step, const ExecuteOptions& options,
                          const ExecuteServices& services);

// casdoctor's own lines in a step's output, told apart by their prefix.
void note(std::string& output, std::string_view line);

// The last `limit` bytes of `text` (cut at a UTF-8 character boundary),
// after a line saying how much was cut.
std::string keep_tail(std::string text, std::size_t limit);

struct EventContext {
  std::string time;
  std::string operator_name;
};

nlohmann::ordered_json start_event(const EventContext& context, const Plan& plan,
                                   const ExecuteOptions& options);
nlohmann::ordered_json intent_event(const EventContext& context, const PlanStep& step);
nlohmann::ordered_json outcome_event(const EventContext& context, const PlanStep& step,
                                     const StepResult& result);
nlohmann::ordered_json end_event(const EventContext& context, const ExecutionSummary& summary);

}  // namespace casdoctor::execute_detail
