#include "live.hpp"

#include <cstdlib>
#include <map>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "casdoctor/core/duration.hpp"
#include "casdoctor/powershell/invocation.hpp"
#include "casdoctor/report/failure.hpp"
#include "casdoctor/snapshot/reader.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/interrupt.hpp"
#include "casdoctor/sys/path.hpp"

namespace casdoctor::cli {
namespace {

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

// "could not collect: ..." (report/failure.hpp): the failure's report calls
// it collect.failed. Usage errors (a bad --timeout) keep their words.
Error collection_error(Error error) {
  if (error.code == ExitCode::unknown) error.message.insert(0, k_could_not_collect);
  return error;
}

}  // namespace

void add_live_options(CLI::App& app, LiveOptions& options) {
  const std::map<std::string, EmsMode> modes{
      {"auto", EmsMode::auto_detect}, {"local", EmsMode::local}, {"remote", EmsMode::remote}};
  app.add_option("--powershell", options.powershell,
                 "PowerShell executable (default: CASDOCTOR_POWERSHELL, else powershell.exe on "
                 "Windows, pwsh elsewhere)")
      ->option_text("PATH");
  app.add_option("--ems", options.ems, "How to load the Exchange Management Shell")
      ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case))
      ->option_text("auto|local|remote");
  app.add_option("--ems-uri", options.ems_uri, "Remote EMS endpoint, e.g. http://ex16a/PowerShell/")
      ->option_text("URI");
  app.add_flag("--ems-snapin", options.snapin,
               "If RemoteExchange.ps1 cannot connect, load the Exchange 2013+ snap-in "
               "(unsupported by Microsoft, bypasses RBAC; off by default)");
  app.add_option("--audit-days", options.audit_days,
                 "Days of admin audit log to search (default 30)")
      ->check(CLI::Range(1, 3650))
      ->option_text("N");
  app.add_option("--throttle", options.throttle_limit,
                 "Servers queried at once through Invoke-Command (default 16)")
      ->check(CLI::Range(1, 256))
      ->option_text("N");
  app.add_option("--timeout", options.timeout, "Bound on the PowerShell session (default 10m)")
      ->option_text("DURATION");
}

CollectOptions script_options(const LiveOptions& options) {
  CollectOptions script;
  script.ems = options.ems;
  script.ems_uri = options.ems_uri;
  script.audit_days = options.audit_days;
  script.throttle_limit = options.throttle_limit;
  script.snapin = options.snapin;
  return script;
}

Result<CollectRequest> live_request(const LiveOptions& options) {
  auto timeout = parse_duration(options.timeout);
  if (!timeout) return std::unexpected(timeout.error());
  const auto option = options.powershell.empty() ? std::nullopt : std::optional(options.powershell);
  auto powershell = resolve_powershell(option, environment("CASDOCTOR_POWERSHELL"));
  if (!powershell) return std::unexpected(powershell.error());
  return CollectRequest{*powershell, script_options(options), *timeout};
}

Result<Snapshot> load_snapshot(const std::string& path) {
  const bool from_stdin = path == "-";
  auto bytes =
      from_stdin ? sys::read_stdin_bytes() : sys::read_file_bytes(sys::path_from_utf8(path));
  if (!bytes) return std::unexpected(bytes.error());
  spdlog::debug("read {} bytes from {}", bytes->size(), from_stdin ? "stdin" : path);
  return read_snapshot(*bytes, from_stdin ? "<stdin>" : path);
}

// A terminating signal during the session kills it and everything it
// started; one that comes after it ended still stops the command (the user
// asked to stop). Outside the scope, at remediate's prompt, it ends
// casdoctor at once as usual.
Result<Collected> collect_live(const LiveOptions& options) {
  auto request = live_request(options);
  if (!request) return std::unexpected(collection_error(request.error()));
  const sys::InterruptScope catching;
  request->cancel = &catching.interrupt().flag();
  auto runner = sys::make_process_runner();
  auto collected = collect_snapshot(*runner, *request);
  if (catching.interrupt().requested()) {
    const std::string cause = sys::interrupt_cause();
    return make_error(ExitCode::interrupted,
                      "interrupted" + (cause.empty() ? std::string() : " by " + cause) +
                          ": the PowerShell session and everything it started were stopped");
  }
  if (!collected) return std::unexpected(collection_error(collected.error()));
  if (collected) {
    for (const auto& error : collected->snapshot.errors) {
      spdlog::warn("not collected: {} on {}: {}", error.step,
                   error.server.empty() ? "the org" : error.server, error.message);
    }
  }
  return collected;
}

}  // namespace casdoctor::cli
