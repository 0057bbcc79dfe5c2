#pragma once
// Live collection: ONE PowerShell session runs the collection script, and
// its output becomes a snapshot. Every way the session can go wrong ends as
// an ExitCode::unknown error saying what happened.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>

#include "casdoctor/core/result.hpp"
#include "casdoctor/powershell/collection_script.hpp"
#include "casdoctor/snapshot/snapshot.hpp"
#include "casdoctor/sys/process.hpp"

namespace casdoctor {

struct CollectRequest {
  std::filesystem::path powershell;
  CollectOptions script;
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};
  // Ctrl-C (sys::ProcessRequest::cancel): stops the session; nullptr = none.
  const std::atomic<bool>* cancel = nullptr;
};

struct Collected {
  std::string document;  // the snapshot JSON as the shell printed it (UTF-8)
  Snapshot snapshot;
};

// Runs the session (exactly one process) and interprets its output.
Result<Collected> collect_snapshot(sys::ProcessRunner& runner, const CollectRequest& request);

// Pure: what a finished session means.
//   timed out            -> "... did not finish within <timeout>; it was stopped"
//   no begin marker      -> the shell's own error text (stderr), or what was printed instead
//   garbled or truncated -> where the output broke (the reader's line:column / pointer)
Result<Collected> interpret_session(const sys::ProcessResult& result,
                                    std::chrono::milliseconds timeout);

// "10m", "90s", "1.5s": for messages.
std::string describe_duration(std::chrono::milliseconds d);

}  // namespace casdoctor
