// The journal's event lines (docs/execution.md). Members keep one order and
// one meaning in every line; a member that does not apply is null, never
// missing, so a reader can take any line as the same record.
#include <string>

#include "casdoctor/core/sha256.hpp"

#include "execute_detail.hpp"

namespace casdoctor::execute_detail {
namespace {

using JournalJson = nlohmann::ordered_json;

JournalJson base(const EventContext& context, std::string_view event) {
  return JournalJson{{"time", context.time}, {"event", event}, {"operator", context.operator_name}};
}

void add_step(JournalJson& line, const PlanStep& step) {
  line["server"] = step.server;
  line["action"] = to_string(step.action);
  line["command"] = step.command;
}

}  // namespace

JournalJson start_event(const EventContext& context, const Plan& plan,
                        const ExecuteOptions& options) {
  JournalJson line = base(context, "start");
  line["targets"] = plan.targets;
  line["steps"] = plan.steps.size();
  line["parallel"] = options.parallel;
  line["keep_going"] = options.keep_going;
  line["step_timeout_ms"] = options.step_timeout.count();
  return line;
}

JournalJson intent_event(const EventContext& context, const PlanStep& step) {
  JournalJson line = base(context, "intent");
  add_step(line, step);
  line["exit_code"] = nullptr;
  line["duration_ms"] = nullptr;
  line["status"] = to_string(StepStatus::planned);
  line["output_sha256"] = nullptr;
  return line;
}

// The digest is of the step's complete output, before the report cuts it
// to its last few kilobytes.
JournalJson outcome_event(const EventContext& context, const PlanStep& step,
                          const StepResult& result) {
  JournalJson line = base(context, "outcome");
  add_step(line, step);
  line["exit_code"] = result.exit_code ? JournalJson(*result.exit_code) : JournalJson(nullptr);
  line["duration_ms"] = result.duration_ms;
  line["status"] = to_string(result.status);
  line["output_sha256"] = sha256_hex(result.output);
  return line;
}

JournalJson end_event(const EventContext& context, const ExecutionSummary& summary) {
  JournalJson line = base(context, "end");
  line["status"] = summary.status == Status::ok ? "ok" : "critical";
  line["succeeded"] = summary.succeeded;
  line["failed"] = summary.failed;
  line["skipped"] = summary.skipped;
  line["interrupted"] = summary.interrupted;
  line["stopped_because"] = summary.stopped_because;
  return line;
}

}  // namespace casdoctor::execute_detail
