#pragma once
// What an admin watching `remediate` sees while it runs: the executor tells
// an observer when a step starts, while a verify-logon step waits, and when
// a step ends; the CLI prints that on stderr (docs/execution.md, "Progress").
// A run takes minutes per server, so silence until the end looks like a hang.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "casdoctor/core/time.hpp"
#include "casdoctor/report/plan_model.hpp"

namespace casdoctor {

// Called by execute_plan from its worker threads (--parallel N): an
// implementation must be thread-safe. `step` is the plan's own element.
class ExecutionObserver {
 public:
  virtual ~ExecutionObserver() = default;
  virtual void run_started(const Plan& plan) = 0;
  virtual void step_started(const PlanStep& step) = 0;
  // A verify-logon attempt failed in a way waiting may fix; the next one
  // follows after a pause. `waited` counts from the step's first attempt.
  virtual void logon_waiting(const PlanStep& step, int attempt, std::chrono::milliseconds waited,
                             std::chrono::milliseconds deadline) = 0;
  // The step's status and duration_ms are filled in.
  virtual void step_finished(const PlanStep& step) = 0;
  virtual void run_finished(const Plan& plan) = 0;
};

// "42s", "3m 05s", "1h 02m": elapsed times for people, whole seconds.
std::string elapsed_text(std::chrono::milliseconds elapsed);

// Prints progress through `write` (the CLI: stderr). Plain: one line per
// event, for logs and pipes. Terminal: finished steps as lines, and one
// status line (steps done of all, what runs now and for how long) redrawn
// in place with '\r'.
class ProgressPrinter final : public ExecutionObserver {
 public:
  enum class Mode { plain, terminal };
  using Write = std::function<void(std::string_view)>;

  // `tick` > 0 (terminal mode): the status line is also redrawn that often,
  // so that the elapsed time of a five-minute restart keeps counting.
  ProgressPrinter(Mode mode, const Clock& clock, Write write, std::chrono::milliseconds tick = {});

  void run_started(const Plan& plan) override;
  void step_started(const PlanStep& step) override;
  void logon_waiting(const PlanStep& step, int attempt, std::chrono::milliseconds waited,
                     std::chrono::milliseconds deadline) override;
  void step_finished(const PlanStep& step) override;
  void run_finished(const Plan& plan) override;

 private:
  struct Running {
    TimePoint since;
    std::string label;  // "EX16A iisreset"
    std::string state;  // "" or "waiting for logon (attempt 2, 40s of 10m)"
  };

  std::string position(const PlanStep& step) const;  // "[2/3 EX16A]"
  void emit_line(const std::string& line);           // locked by the caller
  void redraw();                                     // locked by the caller

  Mode mode_;
  const Clock& clock_;
  Write write_;
  std::mutex mutex_;
  TimePoint started_{};
  std::vector<std::string> servers_;  // plan.targets, for "[i/n SERVER]"
  std::size_t steps_total_ = 0;
  std::size_t steps_done_ = 0;
  std::map<const PlanStep*, Running> running_;
  bool status_line_shown_ = false;
  std::condition_variable_any tick_wait_;
  std::jthread ticker_;  // last: stopped and joined before the rest goes
};

}  // namespace casdoctor
