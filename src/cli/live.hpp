#pragma once
// The options of a live collection, shared by `collect` and `diagnose`.
#include <atomic>
#include <optional>
#include <string>

#include "casdoctor/collect/collect.hpp"

#include "cli11_fwd.hpp"

namespace casdoctor::cli {

struct LiveOptions {
  std::string powershell;
  EmsMode ems = EmsMode::auto_detect;
  std::string ems_uri;
  int audit_days = 30;
  int throttle_limit = 16;
  bool snapin = false;  // --ems-snapin
  std::string timeout = "10m";
};

void add_live_options(CLI::App& app, LiveOptions& options);

// The script options alone (for --print-script, which needs no PowerShell).
CollectOptions script_options(const LiveOptions& options);

// Resolves PowerShell (--powershell, CASDOCTOR_POWERSHELL, the platform
// default) and the timeout.
Result<CollectRequest> live_request(const LiveOptions& options);

// A snapshot from a file, or from stdin for "-" (the name errors start with).
Result<Snapshot> load_snapshot(const std::string& path);

// One session through the real process runner; a terminating signal
// (sys::InterruptScope) stops it and everything it started.
Result<Collected> collect_live(const LiveOptions& options);

}  // namespace casdoctor::cli
