// A verify-logon step: KB4294204's own test through the server just
// restarted. IIS needs a while after IISReset before OWA answers, so one
// failed logon proves nothing; the step logs on every interval until it
// works, until it fails in a way waiting cannot fix (bad credentials), or
// until the deadline. Each attempt is a line of the step's output.
#include <chrono>
#include <memory>
#include <string>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/duration.hpp"
#include "casdoctor/remediate/progress.hpp"
#include "casdoctor/verify/targets.hpp"

#include "execute_detail.hpp"

namespace casdoctor::execute_detail {
namespace {

std::string attempts_text(int attempts) {
  return cat(std::to_string(attempts), attempts == 1 ? " attempt" : " attempts");
}

// The outcome's note: what happened and, on failure, which rule ended it.
void conclude(const PlanStep& step, RetryEnd end, int attempts, StepResult& result) {
  const LogonCheck& check = *step.logon;
  const LogonResult& last = *result.logon;
  if (end == RetryEnd::interrupted) {
    result.status = StepStatus::interrupted;
    note(result.output, "interrupted while waiting for the logon to work");
  } else if (last.outcome == LogonOutcome::ok) {
    result.status = StepStatus::succeeded;
    note(result.output,
         cat("the logon through ", step.server, " works (", attempts_text(attempts), ")"));
  } else if (is_unproven(last.outcome)) {
    // OWA works through the server; only the proof of the 2010 path is
    // missing (docs/logon-proof.md). That is no reason to stop the plan:
    // the report carries it as an owa.backend-not-proven warning.
    result.status = StepStatus::succeeded;
    note(result.output,
         cat("the logon through ", step.server, " opened the mailbox (", attempts_text(attempts),
             ") but did not prove an Exchange 2010 back "
             "end: ",
             last.detail));
  } else if (!may_recover(last.outcome)) {
    result.status = StepStatus::failed;
    note(result.output, cat(to_string(last.outcome), " through ", step.server,
                            ": waiting cannot fix this; check the test account"));
  } else {
    result.status = StepStatus::failed;
    note(result.output, cat("the logon through ", step.server, " did not work within ",
                            format_duration(check.deadline), " (--verify-deadline, ",
                            attempts_text(attempts), "); last: ", describe(last)));
  }
}

}  // namespace

StepResult run_logon_step(const PlanStep& step, const ExecuteOptions& options,
                          const ExecuteServices& services) {
  StepResult result;
  if (!step.logon || services.http == nullptr || options.password == nullptr) {
    note(result.output, "cannot log on: no logon, HTTP client or password was given for it");
    return result;
  }
  const LogonCheck& check = *step.logon;
  auto via = parse_via({cat(step.server, "=", check.address)});
  if (!via || via->empty()) {
    note(result.output, cat("cannot reach ", step.server, " at '", check.address, "'"));
    return result;
  }
  sys::HttpOptions http = options.http;
  http.connect_to = via->front().connect;
  const LogonRequest request{check.url, step.server, check.user, options.password};
  const TimePoint start = services.clock.now();
  int attempts = 0;
  const RetryAttempt attempt = [&](int number) {
    attempts = number;
    const std::unique_ptr<sys::HttpSession> session = services.http->open_session(http);
    result.logon = owa_logon(*session, request, services.clock);
    result.output += cat("attempt ", std::to_string(number), " at ",
                         format_iso8601(services.clock.now()), ": ", describe(*result.logon), "\n");
    return !may_recover(result.logon->outcome);
  };
  const RetryWait wait = services.wait ? services.wait : [&](std::chrono::milliseconds pause) {
    return sys::sleep_unless_interrupted(pause, services.interrupt);
  };
  const RetryNotice waiting = [&](int number, std::chrono::milliseconds) {
    if (services.observer == nullptr) return;
    services.observer->logon_waiting(step, number, services.clock.now() - start, check.deadline);
  };
  const RetryEnd end =
      retry_until(attempt, {check.deadline, check.interval}, services.clock, wait, waiting);
  result.duration_ms = (services.clock.now() - start).count();
  conclude(step, end, attempts, result);
  return result;
}

}  // namespace casdoctor::execute_detail
