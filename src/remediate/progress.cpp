// Progress of an execution on stderr (remediate/progress.hpp). Lines start
// with "casdoctor: " like the log, so that a person reading a scheduled
// task's output can tell them from the report on stdout.
#include "casdoctor/remediate/progress.hpp"

#include <algorithm>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/duration.hpp"
#include "casdoctor/core/text.hpp"

namespace casdoctor {
namespace {

constexpr std::string_view k_prefix = "casdoctor: ";
// Carriage return, then erase to the end of the line: the status line is
// drawn over itself.
constexpr std::string_view k_clear_line = "\r\x1b[K";

std::string two_digits(long long n) {
  return n < 10 ? cat("0", std::to_string(n)) : std::to_string(n);
}

std::string outcome_word(StepStatus status) {
  switch (status) {
    case StepStatus::succeeded:
      return "done";
    case StepStatus::failed:
      return "FAILED";
    case StepStatus::interrupted:
      return "interrupted";
    case StepStatus::skipped:
      return "skipped";
    case StepStatus::planned:
      break;
  }
  return "not run";
}

std::size_t planned_steps(const Plan& plan) {
  return static_cast<std::size_t>(
      std::ranges::count(plan.steps, StepStatus::planned, &PlanStep::status));
}

}  // namespace

std::string elapsed_text(std::chrono::milliseconds elapsed) {
  const long long seconds = std::max<long long>(0, elapsed.count() / 1000);
  if (seconds < 60) return cat(std::to_string(seconds), "s");
  const long long minutes = seconds / 60;
  if (minutes < 60) return cat(std::to_string(minutes), "m ", two_digits(seconds % 60), "s");
  return cat(std::to_string(minutes / 60), "h ", two_digits(minutes % 60), "m");
}

ProgressPrinter::ProgressPrinter(Mode mode, const Clock& clock, Write write,
                                 std::chrono::milliseconds tick)
    : mode_(mode), clock_(clock), write_(std::move(write)) {
  if (mode_ != Mode::terminal || tick <= std::chrono::milliseconds::zero()) return;
  ticker_ = std::jthread([this, tick](const std::stop_token& stop) {
    std::unique_lock lock(mutex_);
    while (!tick_wait_.wait_for(lock, stop, tick, [] { return false; }) && !stop.stop_requested()) {
      if (!running_.empty()) redraw();
    }
  });
}

std::string ProgressPrinter::position(const PlanStep& step) const {
  const auto it = std::ranges::find_if(
      servers_, [&](const std::string& name) { return iequals(name, step.server); });
  if (it == servers_.end()) return cat("[", step.server, "]");
  return cat("[", std::to_string(it - servers_.begin() + 1), "/", std::to_string(servers_.size()),
             " ", step.server, "]");
}

void ProgressPrinter::emit_line(const std::string& line) {
  std::string out;
  if (status_line_shown_) out.append(k_clear_line);
  status_line_shown_ = false;
  write_(out.append(k_prefix).append(line).append("\n"));
}

// The status line: "[3/9 steps, 4m 10s] EX16A iisreset 12s | EX16B ...".
void ProgressPrinter::redraw() {
  if (mode_ != Mode::terminal) return;
  const TimePoint now = clock_.now();
  std::string line =
      cat(k_clear_line, k_prefix, "[", std::to_string(steps_done_), "/",
          std::to_string(steps_total_), " steps, ", elapsed_text(now - started_), "]");
  for (const auto& [step, running] : running_) {
    line += cat(" ", running.label, " ", elapsed_text(now - running.since));
    if (!running.state.empty()) line += cat(", ", running.state);
  }
  write_(line);
  status_line_shown_ = true;
}

void ProgressPrinter::run_started(const Plan& plan) {
  const std::lock_guard lock(mutex_);
  started_ = clock_.now();
  servers_ = plan.targets;
  steps_total_ = planned_steps(plan);
  steps_done_ = 0;
  emit_line(cat("running ", std::to_string(steps_total_), " steps on ",
                std::to_string(servers_.size()), servers_.size() == 1 ? " server" : " servers"));
  redraw();
}

void ProgressPrinter::step_started(const PlanStep& step) {
  const std::lock_guard lock(mutex_);
  const TimePoint now = clock_.now();
  running_[&step] = Running{now, cat(step.server, " ", to_string(step.action)), ""};
  if (mode_ == Mode::plain) {
    emit_line(cat(position(step), " ", to_string(step.action), ": started (",
                  elapsed_text(now - started_), " into the run)"));
  }
  redraw();
}

void ProgressPrinter::logon_waiting(const PlanStep& step, int attempt,
                                    std::chrono::milliseconds waited,
                                    std::chrono::milliseconds deadline) {
  const std::lock_guard lock(mutex_);
  const std::string state = cat("waiting for logon (attempt ", std::to_string(attempt), ", ",
                                elapsed_text(waited), " of ", format_duration(deadline), ")");
  if (auto it = running_.find(&step); it != running_.end()) it->second.state = state;
  if (mode_ == Mode::plain)
    emit_line(cat(position(step), " ", to_string(step.action), ": ", state));
  redraw();
}

void ProgressPrinter::step_finished(const PlanStep& step) {
  const std::lock_guard lock(mutex_);
  const TimePoint now = clock_.now();
  TimePoint since = now;
  if (auto it = running_.find(&step); it != running_.end()) {
    since = it->second.since;
    running_.erase(it);
  }
  ++steps_done_;
  emit_line(cat(position(step), " ", to_string(step.action), ": ", outcome_word(step.status),
                " after ", elapsed_text(now - since), " (step ", std::to_string(steps_done_), "/",
                std::to_string(steps_total_), ")"));
  redraw();
}

void ProgressPrinter::run_finished(const Plan& plan) {
  const std::lock_guard lock(mutex_);
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  for (const PlanStep& step : plan.steps) {
    succeeded += step.status == StepStatus::succeeded ? 1 : 0;
    failed += step.status == StepStatus::failed || step.status == StepStatus::interrupted ? 1 : 0;
  }
  emit_line(cat("finished after ", elapsed_text(clock_.now() - started_), ": ",
                std::to_string(succeeded), " of ", std::to_string(steps_total_),
                " steps succeeded, ", std::to_string(failed), " failed, ",
                std::to_string(steps_total_ - std::min(steps_total_, succeeded + failed)),
                " not run"));
}

}  // namespace casdoctor
