#pragma once
// Restart-Service and iisreset as they unfold on a lab server, behind the
// ExchangeLab module's `restart-service` and `iisreset` subcommands: the
// server's delay, hang and iisreset knobs, the access-denied fault, and the
// lines Windows prints on the way (written to a PsHost, so that the module
// relays them and the tests read them).
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/result.hpp"
#include "casdoctor/lab/org.hpp"
#include "casdoctor/lab/ps_host.hpp"
#include "casdoctor/lab/state_store.hpp"

namespace casdoctor::lab {

// What a flow needs from the world: the state file, where it writes, the
// system clock, and a way to let the simulated restart time pass.
struct FlowEnvironment {
  StateStore store;
  PsHost* host = nullptr;
  std::function<TimePoint()> system_now;
  std::function<void(std::chrono::milliseconds)> sleep;
};

// Where a flow runs: a lab server, locally or through Invoke-Command (the
// access-denied knob is about the local, non-elevated shell only).
struct FlowSite {
  std::string server;
  bool remote = false;
};

class ServiceFlows {
 public:
  ServiceFlows(const FlowEnvironment& env, LabState initial)
      : env_(env), initial_(std::move(initial)) {}

  // Restart-Service NAME [-Force]: the error record it fails with, if any;
  // an Error when the state file cannot be read or written.
  Result<std::optional<PsError>> restart_service(const FlowSite& site, std::string_view service,
                                                 bool force);
  // iisreset [/noforce]: its console lines; its exit code (0 or 1).
  // `noforce`: a stop that times out is then not forced.
  Result<int> iisreset(const FlowSite& site, bool noforce);

  // The servers where a restart began, for the call log.
  const std::vector<std::string>& targets() const { return targets_; }

 private:
  // A locked read-modify-write of the state file.
  Result<void> update(const std::function<void(LabState&)>& change) const;
  bool denied_locally(const FlowSite& site) const;
  void add_target(std::string_view server);
  void wait_with_warnings(std::chrono::milliseconds duration, std::string_view display,
                          std::string_view what) const;
  std::optional<int> iisreset_fault(IisresetFault fault, bool noforce) const;

  const FlowEnvironment& env_;
  LabState initial_;  // the state when the flow began: its knobs and faults
  std::vector<std::string> targets_;
};

}  // namespace casdoctor::lab
