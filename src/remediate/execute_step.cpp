// One step: its command, then the check of the services it touched. The
// rule (docs/execution.md): a step succeeded when its command exited 0 AND
// the services are Running afterwards AND, for a restart, they started at
// or after the step began (by the server's own clock); no one fact is
// enough, because iisreset's exit code is unreliable, Restart-Service can
// "succeed" while a dependent fails to start, and a service that was never
// stopped is Running too. Every fact ends up in the output either way.
#include <string>
#include <utility>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/powershell/invocation.hpp"
#include "casdoctor/remediate/service_state.hpp"

#include "execute_detail.hpp"

namespace casdoctor::execute_detail {
namespace {

sys::ProcessRequest request_for(std::string_view script, std::chrono::milliseconds timeout,
                                const ExecuteOptions& options, const ExecuteServices& services) {
  PowerShellCommand command = powershell_command(options.powershell, script);
  sys::ProcessRequest request;
  request.program = std::move(command.program);
  request.args = std::move(command.args);
  request.stdin_data = std::move(command.stdin_data);
  request.timeout = timeout;
  request.cancel = &services.interrupt.flag();
  request.output_limit = options.process_output_limit;
  return request;
}

// Undecodable bytes are kept as they are: the output is evidence.
std::string decoded(const std::string& bytes) {
  Result<std::string> text = sys::decode_output(bytes);
  return text ? std::move(*text) : bytes;
}

std::string text_of(const sys::ProcessResult& result) {
  std::string text = decoded(result.stdout_bytes);
  const std::string errors = decoded(result.stderr_bytes);
  if (!errors.empty() && !text.empty() && text.back() != '\n') text.push_back('\n');
  return text.append(errors);
}

std::string seconds(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 != 0) return std::to_string(duration.count()).append(" ms");
  return std::to_string(duration.count() / 1000).append(" s");
}

// False when the command did not exit by itself; the step's status and a
// note then say why.
bool exited(const sys::ProcessResult& ran, const ExecuteOptions& options, StepResult& step) {
  switch (ran.outcome) {
    case sys::ProcessOutcome::exited:
      step.exit_code = ran.exit_code;
      return true;
    case sys::ProcessOutcome::cancelled:
      step.status = StepStatus::interrupted;
      note(step.output,
           "interrupted: the command was stopped before it finished; check the "
           "server's services by hand");
      return false;
    case sys::ProcessOutcome::timed_out:
      step.status = StepStatus::failed;
      note(step.output, cat("timed out after ", seconds(options.step_timeout),
                            " (--step-timeout): the command and everything it started were "
                            "stopped; services may be left stopping or starting"));
      return false;
    case sys::ProcessOutcome::too_much_output:
      step.status = StepStatus::failed;
      note(step.output,
           sys::too_much_output_message("the shell", ran, options.process_output_limit));
      return false;
    case sys::ProcessOutcome::signalled:
      step.status = StepStatus::failed;
      note(step.output, cat("the shell was ended by signal ", std::to_string(ran.exit_code)));
      return false;
  }
  return false;
}

// exit 0 AND no service problem; the note says which fact failed.
void judge(const std::vector<std::string>& problems, const std::vector<std::string>& names,
           bool restarted, StepResult& step) {
  const bool exit_ok = step.exit_code == 0;
  step.status = exit_ok && problems.empty() ? StepStatus::succeeded : StepStatus::failed;
  const std::string_view what = restarted ? "restarted and running" : "running";
  if (!problems.empty()) {
    note(step.output, cat(restarted ? "not restarted and running after the step: "
                                    : "not running after the step: ",
                          join(problems)));
  } else if (!exit_ok) {
    note(step.output,
         cat("the services are ", what, " (", join(names), "), but the command exited ",
             std::to_string(*step.exit_code), ": failed; read its output"));
  } else {
    note(step.output, cat(what, ": ", join(names)));
  }
}

// A restart's command prints the server's clock first: the services must
// have started at or after it (same clock, so no skew between hosts).
void judge_states(const std::vector<ServiceState>& states, const PlanStep& plan_step,
                  StepResult& step) {
  const std::vector<std::string> names = services_to_verify(plan_step);
  if (plan_step.action == StepAction::check_services) {
    judge(service_problems(states, names, std::nullopt), names, false, step);
    return;
  }
  const std::optional<TimePoint> began = step_began(step.output);
  if (!began) {
    step.status = StepStatus::failed;
    note(step.output,
         "cannot tell when the step began (no time on its first lines), so not whether the "
         "services restarted: failed");
    return;
  }
  judge(service_problems(states, names, began), names, true, step);
}

void judge_own_output(const PlanStep& plan_step, StepResult& step) {
  auto states = parse_service_states(step.output);
  if (!states) {
    step.status = StepStatus::failed;
    note(step.output, cat("cannot read the services' state: ", states.error().message));
    return;
  }
  judge_states(*states, plan_step, step);
}

// The follow-up query: one more PowerShell process, with its own timeout.
void judge_by_query(const PlanStep& plan_step, std::string_view computer,
                    const ExecuteOptions& options, const ExecuteServices& services,
                    StepResult& step) {
  const std::vector<std::string> names = services_to_verify(plan_step);
  auto ran = services.runner.run(
      request_for(service_query_script(names, computer), options.query_timeout, options, services));
  if (ran) step.duration_ms += ran->duration.count();
  if (ran && ran->outcome == sys::ProcessOutcome::cancelled) {
    step.status = StepStatus::interrupted;
    note(step.output, "interrupted before the services' state was read");
    return;
  }
  Result<std::vector<ServiceState>> states = make_error(ExitCode::unknown, "");
  if (!ran) {
    states = std::unexpected(ran.error());
  } else if (ran->outcome != sys::ProcessOutcome::exited || ran->exit_code != 0) {
    states = make_error(ExitCode::unknown, cat("the query did not succeed: ", text_of(*ran)));
  } else {
    states = parse_service_states(text_of(*ran));
  }
  if (!states) {
    step.status = StepStatus::failed;
    note(step.output, cat("cannot confirm the services' state: ", states.error().message));
    return;
  }
  judge_states(*states, plan_step, step);
}

}  // namespace

void note(std::string& output, std::string_view line) {
  if (!output.empty() && output.back() != '\n') output.push_back('\n');
  output.append("casdoctor: ").append(line).push_back('\n');
}

StepResult run_step(const PlanStep& step, std::string_view computer, const ExecuteOptions& options,
                    const ExecuteServices& services) {
  if (step.action == StepAction::verify_logon) return run_logon_step(step, options, services);
  StepResult result;
  auto ran =
      services.runner.run(request_for(step.command, options.step_timeout, options, services));
  if (!ran) {
    note(result.output, ran.error().message);
    return result;
  }
  result.duration_ms = ran->duration.count();
  result.output = text_of(*ran);
  if (!exited(*ran, options, result)) return result;
  if (step.action == StepAction::check_services)
    judge_own_output(step, result);
  else
    judge_by_query(step, computer, options, services, result);
  return result;
}

std::string keep_tail(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t start = text.size() - limit;
  // Not inside a UTF-8 sequence: continuation bytes are 10xxxxxx.
  while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
  std::string kept = cat("[casdoctor: the first ", std::to_string(start), " bytes are cut]\n");
  return kept.append(text, start);
}

}  // namespace casdoctor::execute_detail
