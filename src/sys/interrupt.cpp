// The console's interrupt: the one place that knows how Ctrl-C arrives
// (a signal on POSIX, a console control event on Windows). The handler only
// stores to a lock-free atomic, which is async-signal-safe.
#include "casdoctor/sys/interrupt.hpp"

#ifdef _WIN32
#include <windows.h>
#else
#include <csignal>
#endif

namespace casdoctor::sys {
namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

class ConsoleInterrupt final : public Interrupt {
 public:
  const std::atomic<bool>& flag() const override { return g_interrupted; }
};

#ifdef _WIN32

// Ctrl-C, Ctrl-Break and closing the console window. Returning TRUE keeps
// the default handler (ExitProcess) from running; for CTRL_CLOSE_EVENT
// Windows ends the process anyway after a few seconds.
BOOL WINAPI on_console_event(DWORD event) {
  switch (event) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
      g_interrupted.store(true);
      return TRUE;
    default:
      return FALSE;
  }
}

void install() {
  ::SetConsoleCtrlHandler(on_console_event, TRUE);
}

#else

void on_signal(int) {
  g_interrupted.store(true);
}

// SA_RESTART: a read or write that the signal interrupts is resumed rather
// than failing with EINTR in code that does not expect it.
void install() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

#endif

}  // namespace

Interrupt& console_interrupt() {
  static ConsoleInterrupt interrupt = [] {
    install();
    return ConsoleInterrupt{};
  }();
  return interrupt;
}

}  // namespace casdoctor::sys
