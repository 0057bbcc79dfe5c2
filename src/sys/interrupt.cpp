// The console's interrupt: the one place that knows how a request to stop
// arrives (a signal on POSIX, a console control event on Windows). The
// handler only touches lock-free atomics (async-signal-safe), or, outside
// every InterruptScope, puts the default action back and re-raises.
#include "casdoctor/sys/interrupt.hpp"

#ifdef _WIN32
#include <windows.h>
#else
#include <csignal>
#include <iterator>
#endif

namespace casdoctor::sys {
namespace {

std::atomic<bool> g_interrupted{false};
// How many reasons there are to catch: live InterruptScopes, plus one for
// good once console_interrupt() was called.
std::atomic<int> g_catching{0};
// What raised the flag first: a string literal.
std::atomic<const char*> g_cause{nullptr};
static_assert(std::atomic<bool>::is_always_lock_free);
static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<const char*>::is_always_lock_free);

class ConsoleInterrupt final : public Interrupt {
 public:
  const std::atomic<bool>& flag() const override { return g_interrupted; }
};

ConsoleInterrupt g_console;

void record(const char* cause) {
  const char* none = nullptr;
  g_cause.compare_exchange_strong(none, cause);
  g_interrupted.store(true);
}

#ifdef _WIN32

// Windows ends the process once the handler returns for these (after at most
// about 5 s for closing the window): the handler waits so that the main
// thread can kill the running child's job and journal the step; casdoctor
// exiting ends the wait. The job objects kill on close anyway.
constexpr DWORD k_close_grace_ms = 4500;

const char* event_name(DWORD event) {
  switch (event) {
    case CTRL_C_EVENT:
      return "Ctrl-C";
    case CTRL_BREAK_EVENT:
      return "Ctrl-Break";
    case CTRL_CLOSE_EVENT:
      return "the console closing";
    case CTRL_LOGOFF_EVENT:
      return "logoff";
    case CTRL_SHUTDOWN_EVENT:
      return "shutdown";
    default:
      return nullptr;
  }
}

// FALSE hands the event to the default handler (ExitProcess), as if casdoctor
// had none.
BOOL WINAPI on_console_event(DWORD event) {
  const char* name = event_name(event);
  if (name == nullptr || g_catching.load() == 0) return FALSE;
  record(name);
  if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT) ::Sleep(k_close_grace_ms);
  return TRUE;
}

void install() {
  ::SetConsoleCtrlHandler(on_console_event, TRUE);
}

#else

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "SIGHUP";
  }
}

constexpr int k_signals[] = {SIGINT, SIGTERM, SIGHUP};

// Per signal of k_signals: ignored before casdoctor installed its handler.
std::atomic<bool> g_was_ignored[std::size(k_signals)];

bool was_ignored(int signal) {
  for (std::size_t i = 0; i < std::size(k_signals); ++i)
    if (k_signals[i] == signal) return g_was_ignored[i].load();
  return false;
}

// Outside every scope the signal does what it did before the handler came:
// nothing when it was ignored, else its default action (signal() and raise()
// are async-signal-safe; the re-raised signal waits until this handler
// returns, then ends casdoctor as if it had never been caught).
void on_signal(int signal) {
  if (g_catching.load() == 0) {
    if (was_ignored(signal)) return;
    ::signal(signal, SIG_DFL);
    ::raise(signal);
    return;
  }
  record(signal_name(signal));
}

// SA_RESTART: a read or write that the signal interrupts is resumed rather
// than failing with EINTR in code that does not expect it. SIGHUP ignored
// when casdoctor started stays ignored: nohup asked for a run that outlives
// the terminal.
void install() {
  for (std::size_t i = 0; i < std::size(k_signals); ++i) {
    const int signal = k_signals[i];
    struct sigaction previous {};
    const bool ignored =
        ::sigaction(signal, nullptr, &previous) == 0 && previous.sa_handler == SIG_IGN;
    g_was_ignored[i].store(ignored);
    if (ignored && signal == SIGHUP) continue;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(signal, &action, nullptr);
  }
}

#endif

void install_once() {
  static const bool installed = [] {
    install();
    return true;
  }();
  (void)installed;
}

}  // namespace

Interrupt& console_interrupt() {
  static const bool caught_for_good = [] {
    install_once();
    g_catching.fetch_add(1);
    return true;
  }();
  (void)caught_for_good;
  return g_console;
}

InterruptScope::InterruptScope() {
  install_once();
  g_catching.fetch_add(1);
}

InterruptScope::~InterruptScope() {
  g_catching.fetch_sub(1);
}

const Interrupt& InterruptScope::interrupt() const {
  return g_console;
}

std::string interrupt_cause() {
  const char* cause = g_cause.load();
  return cause == nullptr ? std::string() : std::string(cause);
}

}  // namespace casdoctor::sys
