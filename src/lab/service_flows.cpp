// Restart-Service and iisreset as they unfold in time: the state is marked
// StopPending under the lock, the simulated restart time passes with the
// lock released (parallel restarts stay parallel), then the services start
// under the lock again. Restart-Service writes a WARNING for every two
// seconds it waits, as ServiceController polling does.
#include "casdoctor/lab/service_flows.hpp"

#include <algorithm>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

namespace casdoctor::lab {
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

Result<void> ServiceFlows::update(const std::function<void(LabState&)>& change) const {
  return env_.store.update([&](LabState& state) -> Result<void> {
    change(state);
    return {};
  });
}

// The shell is not elevated on a server in `access_denied`; through
// Invoke-Command the same knob is WinRM's "Access is denied" instead, which
// the module answers before a flow starts.
bool ServiceFlows::denied_locally(const FlowSite& site) const {
  const auto* s = find_server(initial_, site.server);
  if (site.remote || s == nullptr) return false;
  const auto& denied = initial_.faults.access_denied;
  return std::any_of(denied.begin(), denied.end(), [&](const std::string& n) {
    return iequals(n, s->name) || iequals(n, s->fqdn);
  });
}

void ServiceFlows::add_target(std::string_view server) {
  for (const auto& t : targets_)
    if (iequals(t, server)) return;
  targets_.emplace_back(server);
}

// Waits `duration`, warning every two seconds that the service is not there yet.
void ServiceFlows::wait_with_warnings(std::chrono::milliseconds duration, std::string_view display,
                                      std::string_view what) const {
  while (duration >= k_poll) {
    env_.sleep(k_poll);
    duration -= k_poll;
    write_warning(*env_.host, cat("Waiting for service '", display, "' to ", what, "..."));
  }
  if (duration.count() > 0) env_.sleep(duration);
}

Result<std::optional<PsError>> ServiceFlows::restart_service(const FlowSite& site,
                                                             std::string_view service, bool force) {
  auto knobs = knobs_of(initial_, site.server, service);
  if (denied_locally(site) && !knobs.display.empty()) return cannot_open(knobs, service);
  PsResult<Restart> restart = ps_failure(PsError{});
  auto begun = update([&](LabState& state) {
    restart = begin_restart_service(state, site.server, service, force);
    knobs = knobs_of(state, site.server, service);
  });
  if (!begun) return std::unexpected(begun.error());
  if (!restart) return restart.error();
  add_target(site.server);
  if (knobs.hang) {
    for (;;) wait_with_warnings(k_poll, knobs.display, "stop");
  }
  const std::chrono::milliseconds stopping{knobs.delay_ms / 2};
  wait_with_warnings(stopping, knobs.display, "stop");
  wait_with_warnings(std::chrono::milliseconds(knobs.delay_ms) - stopping, knobs.display, "start");
  auto finished = update([&](LabState& state) {
    finish_restart(state, *restart, lab_time(initial_, env_.system_now()));
  });
  if (!finished) return std::unexpected(finished.error());
  return std::nullopt;
}

// The iisreset_fault knob's ways of not restarting IIS. no-restart: the
// usual four lines and exit 0, nothing restarted. stop-timeout: the worker
// processes do not stop in time; with /noforce iisreset gives up and leaves
// the services stopping (exit 1), without it it kills them and restarts.
std::optional<int> ServiceFlows::iisreset_fault(IisresetFault fault, bool noforce) const {
  auto& host = *env_.host;
  if (fault == IisresetFault::no_restart) {
    for (const auto* line : {"Attempting stop...", "Internet services successfully stopped",
                             "Attempting start...", "Internet services successfully restarted"})
      write_line(host, line);
    return 0;
  }
  if (fault != IisresetFault::stop_timeout || !noforce) return std::nullopt;
  write_line(host, "Attempting stop...");
  write_line(host, "Restart attempt failed.");
  write_line(host,
             "The IIS Admin Service or the World Wide Web Publishing Service, or a service "
             "dependent on them failed to stop.  /noforce was specified, so the services were "
             "not terminated.");
  return 1;
}

Result<int> ServiceFlows::iisreset(const FlowSite& site, bool noforce) {
  auto& host = *env_.host;
  if (denied_locally(site)) {
    write_line(host,
               "Access denied, you must be an administrator of the remote computer to use this "
               "command. Either have your account added to the administrator local group of the "
               "remote computer or to the domain administrator global group.");
    return 1;
  }
  Knobs knobs = knobs_of(initial_, site.server, "W3SVC");
  if (knobs.iisreset == IisresetFault::no_restart) return *iisreset_fault(knobs.iisreset, noforce);
  PsResult<Restart> restart = ps_failure(PsError{});
  auto begun = update([&](LabState& state) {
    restart = begin_iisreset(state, site.server);
    knobs = knobs_of(state, site.server, "W3SVC");
  });
  if (!begun) return std::unexpected(begun.error());
  if (!restart) return 1;
  add_target(site.server);
  if (const auto failed = iisreset_fault(knobs.iisreset, noforce)) return *failed;
  write_line(host, "Attempting stop...");
  if (knobs.hang) {
    for (;;) env_.sleep(std::chrono::hours(1));
  }
  env_.sleep(std::chrono::milliseconds(knobs.delay_ms / 2));
  write_line(host, "Internet services successfully stopped");
  write_line(host, "Attempting start...");
  env_.sleep(std::chrono::milliseconds(knobs.delay_ms - knobs.delay_ms / 2));
  auto finished = update([&](LabState& state) {
    finish_restart(state, *restart, lab_time(initial_, env_.system_now()));
  });
  if (!finished) return std::unexpected(finished.error());
  write_line(host, "Internet services successfully restarted");
  return 0;
}

}  // namespace casdoctor::lab
