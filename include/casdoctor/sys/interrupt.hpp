#pragma once
// Ctrl-C as data: an Interrupt is a flag that long-running work polls and
// that the process runner watches (ProcessRequest::cancel) to stop the
// running child. The console handler (SIGINT, SIGTERM and SIGHUP via
// sigaction on POSIX; Ctrl-C, Ctrl-Break, closing the console, logoff and
// shutdown via SetConsoleCtrlHandler on Windows) lives in
// src/sys/interrupt.cpp only.
#include <atomic>
#include <chrono>
#include <string>

namespace casdoctor::sys {

class Interrupt {
 public:
  virtual ~Interrupt() = default;
  // Set once the user asked to stop; never cleared.
  virtual const std::atomic<bool>& flag() const = 0;
  bool requested() const { return flag().load(std::memory_order_relaxed); }
};

// The process-wide interrupt, its handler installed and caught for good on
// the first call (later calls return the same object). After it is installed
// a terminating signal no longer ends casdoctor at once: the code that polls
// decides, and must exit 130 (ExitCode::interrupted) once it has stopped.
// Install it after any confirmation prompt: a blocked terminal read is
// resumed after the signal, so Ctrl-C at the prompt would do nothing until
// Enter. Before that, use an InterruptScope.
Interrupt& console_interrupt();

// Catches the terminating signals while it lives (scopes nest), raising
// console_interrupt()'s flag instead of ending casdoctor; outside every scope
// (and before console_interrupt() is called) they end casdoctor as if no
// handler were installed. For work that runs a child before a prompt (the
// collection of `remediate`): a signal then stops the child, and at the
// prompt that follows Ctrl-C still ends casdoctor at once.
class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
  const Interrupt& interrupt() const;
};

// Which signal raised the console interrupt ("SIGTERM", "Ctrl-C", ...), for
// messages; "" while none has.
std::string interrupt_cause();

// Sleeps `duration`, waking early when `interrupt` is raised: false then.
bool sleep_unless_interrupted(std::chrono::milliseconds duration, const Interrupt& interrupt);

// An interrupt the caller raises itself: tests, and code with no console.
class ManualInterrupt final : public Interrupt {
 public:
  const std::atomic<bool>& flag() const override { return flag_; }
  void raise() { flag_.store(true); }

 private:
  std::atomic<bool> flag_{false};
};

}  // namespace casdoctor::sys
