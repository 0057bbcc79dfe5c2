#pragma once
// Ctrl-C as data: an Interrupt is a flag that long-running work polls and
// that the process runner watches (ProcessRequest::cancel) to stop the
// running child. The console handler (SIGINT/SIGTERM via sigaction on POSIX,
// SetConsoleCtrlHandler on Windows) lives in src/sys/interrupt.cpp only.
#include <atomic>
#include <chrono>

namespace casdoctor::sys {

class Interrupt {
 public:
  virtual ~Interrupt() = default;
  // Set once the user asked to stop; never cleared.
  virtual const std::atomic<bool>& flag() const = 0;
  bool requested() const { return flag().load(std::memory_order_relaxed); }
};

// The process-wide interrupt, its handler installed on the first call
// (later calls return the same object). After it is installed Ctrl-C no
// longer ends casdoctor at once: the code that polls decides, and must exit
// 130 (ExitCode::interrupted) once it has stopped. Install it after any
// confirmation prompt: a blocked terminal read is resumed after the signal,
// so Ctrl-C at the prompt would do nothing until Enter.
Interrupt& console_interrupt();

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
