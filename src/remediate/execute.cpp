// The order and the stop rules of an execution (docs/execution.md): servers
// taken in plan order by `parallel` workers, a server's steps in order, a
// journal line before and after each step, and one stop flag that a failed
// server (unless keep_going), a journal error or Ctrl-C raise. A worker
// reads the flag before each step, so a server already running in parallel
// finishes the step it is in and skips the rest.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "casdoctor/core/text.hpp"
#include "casdoctor/remediate/progress.hpp"

#include "execute_detail.hpp"

namespace casdoctor {
namespace {

using namespace execute_detail;

// Step indexes per server, servers in the order of their first step.
std::vector<std::vector<std::size_t>> group_by_server(const Plan& plan) {
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const auto it = std::ranges::find_if(
        names, [&](const std::string& name) { return iequals(name, plan.steps[i].server); });
    const auto group = static_cast<std::size_t>(it - names.begin());
    if (group == names.size()) {
      names.push_back(plan.steps[i].server);
      groups.emplace_back();
    }
    groups[group].push_back(i);
  }
  return groups;
}

class Execution {
 public:
  Execution(Plan& plan, const ExecuteOptions& options, ExecuteServices& services)
      : plan_(plan), options_(options), services_(services), groups_(group_by_server(plan)) {
    for (const PlanStep& step : plan.steps)
      decided_before_.push_back(step.status != StepStatus::planned);
    logons_.resize(plan.steps.size());
  }

  ExecutionSummary run() {
    if (services_.observer != nullptr) services_.observer->run_started(plan_);
    if (journal(start_event(context(), plan_, options_))) {
      const std::size_t workers =
          std::min(std::max<std::size_t>(options_.parallel, 1), groups_.size());
      if (workers <= 1) {
        work();
      } else {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < workers; ++i) threads.emplace_back([this] { work(); });
      }  // the jthreads join here
    } else {
      for (std::size_t i = 0; i < plan_.steps.size(); ++i)
        if (!decided_before_[i]) skip(plan_.steps[i]);
    }
    ExecutionSummary summary = summarise();
    if (!summary.journal_error && !journal(end_event(context(), summary)))
      summary.journal_error = journal_error_;
    if (services_.observer != nullptr) services_.observer->run_finished(plan_);
    return summary;
  }

 private:
  void work() {
    while (const std::optional<std::size_t> group = take()) run_server(groups_[*group]);
  }

  std::optional<std::size_t> take() {
    const std::lock_guard lock(mutex_);
    if (next_ == groups_.size()) return std::nullopt;
    return next_++;
  }

  void run_server(const std::vector<std::size_t>& steps) {
    bool server_failed = false;
    for (const std::size_t index : steps) {
      PlanStep& step = plan_.steps[index];
      // Decided before execution (a recheck found the server fine): not run.
      if (decided_before_[index]) continue;
      if (server_failed && !stopping()) {
        skip(step, "an earlier step on " + step.server + " did not succeed");
        continue;
      }
      if (stopping()) {
        skip(step);
        continue;
      }
      if (!run_one(step)) server_failed = true;
    }
  }

  // False when the step did not succeed (and the rest of its server is skipped).
  bool run_one(PlanStep& step) {
    if (!journal(intent_event(context(), step))) {
      skip(step);
      return false;
    }
    if (services_.observer != nullptr) services_.observer->step_started(step);
    StepResult result = run_step(step, computer_of(step), options_, services_);
    const bool outcome_written = journal(outcome_event(context(), step, result));
    // Each step is one worker's: distinct elements, no lock needed.
    logons_[static_cast<std::size_t>(&step - plan_.steps.data())] = std::move(result.logon);
    record(step, std::move(result));
    if (services_.observer != nullptr) services_.observer->step_finished(step);
    if (step.status == StepStatus::succeeded) return outcome_written;
    if (step.status == StepStatus::interrupted)
      stop("interrupted");
    else if (!options_.keep_going)
      stop(std::string("step ")
               .append(to_string(step.action))
               .append(" failed on ")
               .append(step.server));
    return false;
  }

  // "" = this server: no remoting for the follow-up query.
  std::string computer_of(const PlanStep& step) const {
    if (step.fqdn.empty() || iequals(step.server, plan_.local_server)) return "";
    return step.fqdn;
  }

  void record(PlanStep& step, StepResult result) const {
    step.status = result.status;
    step.exit_code = result.exit_code;
    step.duration_ms = result.duration_ms;
    step.output = keep_tail(std::move(result.output), options_.output_limit);
  }

  // The output says why, so that the report explains every step not run.
  void skip(PlanStep& step) {
    const std::lock_guard lock(mutex_);
    skip(step, stop_reason_);
  }
  static void skip(PlanStep& step, const std::string& reason) {
    step.status = StepStatus::skipped;
    if (!reason.empty()) step.output = "not run: " + reason;
  }

  bool stopping() {
    if (services_.interrupt.requested()) stop("interrupted");
    return stop_.load();
  }

  // The first reason wins: later ones are consequences.
  void stop(const std::string& reason) {
    const std::lock_guard lock(mutex_);
    if (stop_reason_.empty()) stop_reason_ = reason;
    stop_.store(true);
  }

  // Journal writes are serialised here so that a Journal need not be
  // thread-safe. A failure stops everything that has not started.
  bool journal(const nlohmann::ordered_json& event) {
    std::unique_lock lock(mutex_);
    if (journal_error_) return false;
    auto written = services_.journal.write(event);
    if (written) return true;
    journal_error_ = written.error();
    lock.unlock();
    stop("the journal could not be written: " + written.error().message);
    return false;
  }

  EventContext context() const {
    return {format_iso8601(services_.clock.now()), options_.operator_name};
  }

  ExecutionSummary summarise() const {
    ExecutionSummary summary;
    for (std::size_t i = 0; i < plan_.steps.size(); ++i) {
      const PlanStep& step = plan_.steps[i];
      if (decided_before_[i]) continue;
      summary.succeeded += step.status == StepStatus::succeeded ? 1 : 0;
      summary.failed += step.status == StepStatus::failed ? 1 : 0;
      summary.skipped += step.status == StepStatus::skipped ? 1 : 0;
      summary.interrupted_steps += step.status == StepStatus::interrupted ? 1 : 0;
    }
    summary.interrupted = services_.interrupt.requested() || summary.interrupted_steps > 0;
    const auto decided = static_cast<std::size_t>(std::ranges::count(decided_before_, true));
    summary.status =
        summary.succeeded + decided == plan_.steps.size() ? Status::ok : Status::critical;
    for (const auto& logon : logons_) {
      if (logon) summary.logons.push_back(*logon);
    }
    summary.stopped_because = stop_reason_;
    summary.journal_error = journal_error_;
    return summary;
  }

  Plan& plan_;
  const ExecuteOptions& options_;
  ExecuteServices& services_;
  const std::vector<std::vector<std::size_t>> groups_;
  std::vector<bool> decided_before_;                // per step: not `planned` when execution began
  std::vector<std::optional<LogonResult>> logons_;  // per step: a verify-logon's last logon
  std::mutex mutex_;  // next_, stop_reason_, journal_error_ and the journal itself
  std::size_t next_ = 0;
  std::atomic<bool> stop_{false};
  std::string stop_reason_;
  std::optional<Error> journal_error_;
};

}  // namespace

ExitCode ExecutionSummary::exit_code() const {
  if (interrupted) return ExitCode::interrupted;
  return status == Status::ok ? ExitCode::ok : ExitCode::critical;
}

ExecutionSummary execute_plan(Plan& plan, const ExecuteOptions& options,
                              ExecuteServices& services) {
  plan.dry_run = false;
  return Execution(plan, options, services).run();
}

std::size_t process_count(const Plan& plan) {
  std::size_t count = 0;
  for (const PlanStep& step : plan.steps) {
    if (step.action == StepAction::verify_logon) continue;  // HTTP, in process
    count += step.action == StepAction::check_services ? 1 : 2;
  }
  return count;
}

}  // namespace casdoctor
