// casdoctor diagnose: findings from a snapshot.
#include <memory>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/diagnose.hpp"
#include "casdoctor/report/check_list.hpp"
#include "casdoctor/snapshot/reader.hpp"
#include "casdoctor/sys/console.hpp"

#include "commands.hpp"
#include "live.hpp"
#include "verifier.hpp"

namespace casdoctor::cli {
namespace {

struct DiagnoseOptions {
  std::string snapshot;
  bool list_checks = false;
  LiveOptions live;
  VerifierOptions verifier;  // --url: OWA logons too (owa.logon-failed)
};

Result<Snapshot> collect_live_snapshot(const LiveOptions& live) {
  auto collected = collect_live(live);
  if (!collected) return std::unexpected(collected.error());
  return std::move(collected->snapshot);
}

// The password is read (and its variable removed) before PowerShell starts.
struct PendingLogons {
  VerifierPlan plan;  // with --via all: the addresses given beside it
  SecretString password;
  bool all_front_ends = false;
};

Result<std::optional<PendingLogons>> prepare_logons(DiagnoseOptions& options) {
  auto& v = options.verifier;
  if (v.url.empty() && !v.password_given) {
    if (!v.user.empty() || !v.via.empty()) {
      return make_error(ExitCode::usage, "--user and --via check an OWA logon: give --url too");
    }
    return std::optional<PendingLogons>();
  }
  if (v.password_stdin && options.snapshot == "-") {
    return make_error(ExitCode::usage, "--password-stdin and --snapshot - both want stdin");
  }
  PendingLogons pending;
  auto split = split_via_all(v.via);
  pending.all_front_ends = split.all;
  // The other items of `--via all,...` name addresses: checked here, applied
  // once the org's front ends are known.
  split.others.swap(v.via);
  auto plan = verifier_plan(v);
  split.others.swap(v.via);
  if (!plan) return std::unexpected(plan.error());
  auto password = read_password(v);
  if (!password) return std::unexpected(password.error());
  pending.plan = std::move(*plan);
  pending.password = std::move(*password);
  return std::optional<PendingLogons>(std::move(pending));
}

Result<std::vector<VerificationRecord>> run_diagnose_logons(DiagnoseOptions& options,
                                                            PendingLogons& pending,
                                                            const Snapshot& snapshot,
                                                            const Context& context) {
  if (pending.all_front_ends) {
    auto all = owa_front_ends(build_org_model(snapshot, context.clock->now()));
    if (all.empty()) {
      return make_error(ExitCode::unknown,
                        "--via all: the snapshot has no 2013/2016/2019 front end");
    }
    auto targets = with_addresses(std::move(all), pending.plan.via);
    if (!targets) return std::unexpected(targets.error());
    pending.plan.via = std::move(*targets);
  }
  auto client = sys::make_http_client();
  const auto results =
      run_logons(*client, options.verifier, pending.plan, pending.password, *context.clock);
  pending.password.clear();
  std::vector<VerificationRecord> records;
  for (const auto& r : results) records.push_back(to_record(r));
  return records;
}

int run_diagnose(DiagnoseOptions& options, Context& context) {
  if (options.list_checks) {
    if (auto written =
            emit_output(render_check_list(all_checks(), context.common.format), context.common);
        !written)
      return fail(written.error());
    return to_int(ExitCode::ok);
  }
  auto logons = prepare_logons(options);
  if (!logons) return fail(logons.error());
  auto snapshot = options.snapshot.empty() ? collect_live_snapshot(options.live)
                                           : load_snapshot(options.snapshot);
  if (!snapshot) return fail(snapshot.error());
  auto report = new_report("diagnose", context);
  if (*logons) {
    auto verified = run_diagnose_logons(options, **logons, *snapshot, context);
    if (!verified) return fail(verified.error());
    report.verification = std::move(*verified);
  }
  auto diagnosis = diagnose(*snapshot, report.generated_at, report.verification);
  spdlog::info("{} servers, {} findings, status {}", diagnosis.servers.size(),
               diagnosis.findings.size(), to_string(diagnosis.status));
  report.status = diagnosis.status;
  report.servers = std::move(diagnosis.servers);
  report.findings = std::move(diagnosis.findings);
  if (auto written = emit_report(report, context.common); !written) return fail(written.error());
  return to_int(exit_code_of(report.status));
}

}  // namespace

Command add_diagnose_command(CLI::App& app) {
  auto options = std::make_shared<DiagnoseOptions>();
  auto* sub = app.add_subcommand("diagnose",
                                 "Find exposed and already-hit servers, live or from a snapshot");
  sub->add_option("--snapshot", options->snapshot,
                  "Snapshot written by 'casdoctor collect' or its script ('-' reads stdin); "
                  "without it, collect live")
      ->option_text("FILE");
  add_live_options(*sub, options->live);
  add_verifier_options(*sub, options->verifier, false,
                       "Front ends to log on through: SERVER[=HOST[:PORT]][,...], or all[,...] "
                       "(every 2013/2016/2019 front end by FQDN, unless an address is given)");
  sub->add_flag("--list-checks", options->list_checks, "List the checks and their finding ids");
  return {sub, [options](Context& context) { return run_diagnose(*options, context); }};
}

}  // namespace casdoctor::cli
