// Restart-Service and iisreset as they unfold in time: the state is marked
// StopPending under the lock, the simulated restart time passes with the
// lock released (parallel restarts stay parallel), then the services start
// under the lock again. Restart-Service writes a WARNING for every two
// seconds it waits, as ServiceController polling does.
#include <optional>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

#include "session.hpp"

namespace casdoctor::lab::detail {
namespace {

constexpr std::chrono::milliseconds k_poll{2000};

struct Knobs {
  int delay_ms = 0;
  bool hang = false;
  IisresetFault iisreset = IisresetFault::none;
  std::string display;  // "Microsoft Exchange Active Directory Topology (MSExchangeADTopology)"
};

Knobs knobs_of(const LabState& state, std::string_view server, std::string_view service) {
  Knobs k;
  if (const auto* s = find_server(state, server)) {
    k.delay_ms = s->restart_delay_ms;
    k.hang = s->hang_restart;
    k.iisreset = s->iisreset_fault;
    if (const auto* svc = find_service(*s, service))
      k.display = cat(svc->display_name, " (", svc->name, ")");
  }
  return k;
}

// Waits `duration`, warning every two seconds that the service is not there yet.
void wait_with_warnings(Session& session, std::chrono::milliseconds duration,
                        std::string_view display, std::string_view what) {
  while (duration >= k_poll) {
    session.sleep(k_poll);
    duration -= k_poll;
    write_warning(session.host(), cat("Waiting for service '", display, "' to ", what, "..."));
  }
  if (duration.count() > 0) session.sleep(duration);
}

PsError cannot_open(const Knobs& knobs, std::string_view service) {
  PsError e;
  e.message = cat("Service '", knobs.display,
                  "' cannot be stopped due to the following error: ", "Cannot open ", service,
                  " service on computer '.'.");
  e.category = "CloseError";
  e.target = "System.ServiceProcess.ServiceController";
  e.target_type = "ServiceController";
  e.activity = "Restart-Service";
  e.reason = "ServiceCommandException";
  e.error_id = "CouldNotStopService,Microsoft.PowerShell.Commands.RestartServiceCommand";
  return e;
}

}  // namespace

PsResult<void> restart_service_flow(Session& session, const Where& where, std::string_view service,
                                    bool force) {
  auto knobs = knobs_of(session.initial(), where.server, service);
  if (!where.remote() && denied_locally(session, where.server) && !knobs.display.empty())
    return ps_failure(cannot_open(knobs, service));
  PsResult<Restart> restart = ps_failure(PsError{});
  session.update([&](LabState& state) {
    restart = begin_restart_service(state, where.server, service, force);
    knobs = knobs_of(state, where.server, service);
  });
  if (!restart) return ps_failure(restart.error());
  session.add_target(where.server);
  if (knobs.hang) {
    for (;;) wait_with_warnings(session, k_poll, knobs.display, "stop");
  }
  const std::chrono::milliseconds stopping{knobs.delay_ms / 2};
  wait_with_warnings(session, stopping, knobs.display, "stop");
  wait_with_warnings(session, std::chrono::milliseconds(knobs.delay_ms) - stopping, knobs.display,
                     "start");
  session.update([&](LabState& state) { finish_restart(state, *restart, session.now()); });
  return {};
}

namespace {

// The iisreset_fault knob's ways of not restarting IIS. no-restart: the
// usual four lines and exit 0, nothing restarted. stop-timeout: the worker
// processes do not stop in time; with /noforce iisreset gives up and leaves
// the services stopping (exit 1), without it it kills them and restarts.
std::optional<int> iisreset_fault(Session& session, const Knobs& knobs, bool noforce) {
  if (knobs.iisreset == IisresetFault::no_restart) {
    for (const auto* line : {"Attempting stop...", "Internet services successfully stopped",
                             "Attempting start...", "Internet services successfully restarted"})
      write_line(session.host(), line);
    return 0;
  }
  if (knobs.iisreset != IisresetFault::stop_timeout || !noforce) return std::nullopt;
  write_line(session.host(), "Attempting stop...");
  write_line(session.host(), "Restart attempt failed.");
  write_line(session.host(),
             "The IIS Admin Service or the World Wide Web Publishing Service, or a service "
             "dependent on them failed to stop.  /noforce was specified, so the services were "
             "not terminated.");
  return 1;
}

}  // namespace

int iisreset_flow(Session& session, const Where& where, bool noforce) {
  if (!where.remote() && denied_locally(session, where.server)) {
    write_line(session.host(),
               "Access denied, you must be an administrator of the remote computer to use this "
               "command. Either have your account added to the administrator local group of the "
               "remote computer or to the domain administrator global group.");
    return 1;
  }
  Knobs knobs = knobs_of(session.initial(), where.server, "W3SVC");
  if (knobs.iisreset == IisresetFault::no_restart) return *iisreset_fault(session, knobs, noforce);
  PsResult<Restart> restart = ps_failure(PsError{});
  session.update([&](LabState& state) {
    restart = begin_iisreset(state, where.server);
    knobs = knobs_of(state, where.server, "W3SVC");
  });
  if (!restart) return 1;
  session.add_target(where.server);
  if (const auto failed = iisreset_fault(session, knobs, noforce)) return *failed;
  write_line(session.host(), "Attempting stop...");
  if (knobs.hang) {
    for (;;) session.sleep(std::chrono::hours(1));
  }
  session.sleep(std::chrono::milliseconds(knobs.delay_ms / 2));
  write_line(session.host(), "Internet services successfully stopped");
  write_line(session.host(), "Attempting start...");
  session.sleep(std::chrono::milliseconds(knobs.delay_ms - knobs.delay_ms / 2));
  session.update([&](LabState& state) { finish_restart(state, *restart, session.now()); });
  write_line(session.host(), "Internet services successfully restarted");
  return 0;
}

}  // namespace casdoctor::lab::detail
