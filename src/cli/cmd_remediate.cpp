// casdoctor remediate: the plan that fixes the findings, its dry run (a
// change ticket), and its execution.
#include <algorithm>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "casdoctor/core/duration.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/diagnose.hpp"
#include "casdoctor/powershell/invocation.hpp"
#include "casdoctor/remediate/after_state.hpp"
#include "casdoctor/remediate/execute.hpp"
#include "casdoctor/remediate/journal.hpp"
#include "casdoctor/remediate/plan.hpp"
#include "casdoctor/remediate/plan_json.hpp"
#include "casdoctor/snapshot/reader.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/interrupt.hpp"
#include "casdoctor/sys/path.hpp"
#include "casdoctor/sys/prompt.hpp"
#include "casdoctor/sys/user_files.hpp"

#include "commands.hpp"
#include "live.hpp"
#include "progress_output.hpp"
#include "remediate_prove.hpp"
#include "remediate_verify.hpp"

namespace casdoctor::cli {
namespace {

struct RemediateOptions {
  std::string snapshot;
  LiveOptions live;
  bool dry_run = false;
  bool all_susceptible = false;
  std::vector<std::string> servers;
  bool force = false;
  std::string plan_file;
  std::string max_age = "24h";
  bool no_recheck = false;
  bool yes = false;
  std::size_t parallel = 1;
  bool keep_going = false;
  std::string step_timeout = "10m";
  std::string journal;
  RemediateVerifyOptions logon;  // --verify and the verifier's options
  // Given on the command line (options with a default, so not visible in their value).
  bool audit_days_given = false;
  bool max_age_given = false;
};

// What the options may combine to. A saved plan was approved as it is, so
// nothing that chooses targets may come with it; a snapshot is not the org
// as it is now, so it only plans: a step runs on live data or not at all.
Result<void> check_combination(const RemediateOptions& options) {
  const bool saved = !options.plan_file.empty();
  if (saved && (!options.servers.empty() || options.all_susceptible || options.audit_days_given)) {
    return make_error(ExitCode::usage,
                      "--plan runs the approved plan as it is: --servers, --all-susceptible and "
                      "--audit-days choose targets, so make a new plan with remediate --dry-run");
  }
  if (!saved && (options.no_recheck || options.max_age_given)) {
    return make_error(ExitCode::usage, "--no-recheck and --max-age are for --plan FILE");
  }
  if (!options.snapshot.empty() && !options.dry_run) {
    return make_error(
        ExitCode::usage,
        std::string("--snapshot plans only: a file is not the org as it is now, so nothing runs "
                    "from it. Add --dry-run to review") +
            (saved ? " the plan against it" : " the plan (save it with --format json)") +
            "; to run, leave out --snapshot: casdoctor collects the org live first");
  }
  return {};
}

// The org as it is now: from --snapshot, or one live session. `local_server`
// is where commands run without Invoke-Command: the server a live session
// ran on; for a snapshot (offline analysis) none.
struct OrgNow {
  Snapshot snapshot;
  std::string local_server;
};

Result<OrgNow> org_now(const RemediateOptions& options) {
  if (!options.snapshot.empty()) {
    auto snapshot = load_snapshot(options.snapshot);
    if (!snapshot) return std::unexpected(snapshot.error());
    return OrgNow{std::move(*snapshot), ""};
  }
  auto collected = collect_live(options.live);
  if (!collected) return std::unexpected(collected.error());
  auto local = collected->snapshot.collected_on;
  return OrgNow{std::move(collected->snapshot), std::move(local)};
}

PlanOptions plan_options(const RemediateOptions& options, const OrgNow& now,
                         std::optional<VerifyStepOptions> verify) {
  PlanOptions plan_options;
  plan_options.verify = std::move(verify);
  plan_options.all_susceptible = options.all_susceptible;
  plan_options.servers = options.servers;
  plan_options.force = options.force;
  plan_options.local_server = now.local_server;
  return plan_options;
}

// A new plan, proven first: one OWA logon through each candidate (with
// --verify's logon), whose outcomes go into the diagnosis (owa.logon-failed)
// and tell the planner which targets are proven stale.
struct FreshPlan {
  Plan plan;
  Diagnosis diagnosis;
  LogonSetup proved;  // what the proof logons read: the plan's logon steps reuse it
};

Result<FreshPlan> fresh_plan(RemediateOptions& options, const OrgNow& now, Diagnosis diagnosis,
                             TimePoint time, std::optional<VerifyStepOptions> verify,
                             const Clock& clock) {
  auto planning = plan_options(options, now, std::move(verify));
  const auto org = build_org_model(now.snapshot, time);
  auto proof = prove_before_planning(options.logon, proof_candidates(org, diagnosis, planning),
                                     options.dry_run, clock);
  if (!proof) return std::unexpected(proof.error());
  if (!proof->logons.empty()) diagnosis = diagnose(now.snapshot, time, proof->logons);
  planning.proof_logons = std::move(proof->logons);
  planning.no_proof_reason = std::move(proof->no_proof_reason);
  auto plan = build_plan(org, diagnosis, planning, time);
  if (!plan) return std::unexpected(plan.error());
  return FreshPlan{std::move(*plan), std::move(diagnosis), std::move(proof->setup)};
}

Result<Plan> read_plan_file(const std::string& path) {
  auto bytes =
      path == "-" ? sys::read_stdin_bytes() : sys::read_file_bytes(sys::path_from_utf8(path));
  if (!bytes) return std::unexpected(bytes.error());
  auto text = decode_text(*bytes);
  if (!text) return make_error(ExitCode::bad_input, path + ": " + text.error().message);
  const auto json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded()) return make_error(ExitCode::bad_input, path + ": not a JSON report");
  auto plan = plan_from_json(json);
  if (!plan) return make_error(ExitCode::bad_input, path + ": " + plan.error().message);
  return plan;
}

bool proven_in_plan(const Plan& plan, std::string_view server) {
  for (std::size_t i = 0; i < plan.targets.size() && i < plan.proof.size(); ++i)
    if (iequals(plan.targets[i], server)) return plan.proof[i].state == ProofState::proven;
  return false;
}

// An approved plan runs only while it is fresh, on servers that still
// exist and (unless --no-recheck) still need it: a target that no longer
// does has its steps skipped, with the reason as their output.
Result<void> confirm_plan_still_applies(Plan& plan, const RemediateOptions& options,
                                        const OrgNow& now, const Diagnosis& diagnosis,
                                        TimePoint time) {
  auto max_age = parse_duration(options.max_age);
  if (!max_age) return std::unexpected(max_age.error());
  if (time - plan.created_at > *max_age) {
    return make_error(ExitCode::bad_input,
                      "the plan was made at " + format_iso8601(plan.created_at) + ", more than " +
                          options.max_age + " ago (--max-age): make a new dry run");
  }
  // A snapshot only reviews a plan (--dry-run): nothing runs here, so its
  // commands are judged from where the plan was made.
  const PlanCheckOptions check{options.snapshot.empty() ? now.local_server : plan.local_server,
                               options.force};
  if (auto ok = check_plan_against_org(plan, build_org_model(now.snapshot, time), check); !ok) {
    return ok;
  }
  if (options.no_recheck) return {};
  for (auto& step : plan.steps) {
    // A target a logon proved stale counts while its start times still say
    // "probably refreshed" (nothing restarted since): the proof outweighs
    // the timers' guess.
    const bool proven = proven_in_plan(plan, step.server);
    const bool still_stale =
        std::any_of(diagnosis.findings.begin(), diagnosis.findings.end(), [&](const auto& f) {
          return iequals(f.server, step.server) &&
                 (f.id == "kb4294204.stale-topology" ||
                  (proven && f.id == "kb4294204.probably-refreshed"));
        });
    if (!still_stale && step.status == StepStatus::planned) {
      step.status = StepStatus::skipped;
      step.output = "not run: " + step.server + " no longer holds a stale value (recheck)";
    }
  }
  return {};
}

bool approved(const Report& report, const RemediateOptions& options) {
  if (options.yes) return true;
  std::cerr << render(report, OutputFormat::text, TextStyle{});
  return sys::ask_yes_no("Run these steps now?");
}

Result<std::filesystem::path> journal_path(const RemediateOptions& options) {
  if (!options.journal.empty()) return sys::path_from_utf8(options.journal);
  return default_journal_path();
}

// Each verify-logon step's last logon, and a finding for each that failed.
void add_logons(Report& report, const std::vector<LogonResult>& logons) {
  std::vector<VerificationRecord> records;
  for (const auto& logon : logons) records.push_back(to_record(logon));
  owa_logon_findings(records, report.findings);
  report.verification.insert(report.verification.end(), records.begin(), records.end());
}

// The org after the run (docs/execution.md, "Guarantee: acting only on what
// was approved"): collected
// again once a step has run, unless Ctrl-C asked to stop; an error says why
// the state is not known.
Result<Diagnosis> state_after(const Report& report, const ExecutionSummary& summary,
                              const RemediateOptions& options, Context& context) {
  if (summary.interrupted) {
    return make_error(ExitCode::interrupted, "interrupted before the org was collected again");
  }
  if (!any_step_ran(*report.plan)) {
    return Diagnosis{report.servers, report.findings, report.status};  // nothing changed
  }
  spdlog::info("collecting the org again: the report shows the state after the run");
  auto collected = collect_live(options.live);
  if (!collected) {
    if (collected.error().code == ExitCode::interrupted) return std::unexpected(collected.error());
    return make_error(ExitCode::unknown, "collecting the org again after the run failed: " +
                                             collected.error().message);
  }
  return diagnose(collected->snapshot, context.clock->now());
}

int execute(Report& report, const RemediateOptions& options, Context& context,
            const LogonSetup& logons) {
  auto step_timeout = parse_duration(options.step_timeout);
  if (!step_timeout) return fail(step_timeout.error());
  auto request = live_request(options.live);
  if (!request) return fail(request.error());
  auto path = journal_path(options);
  if (!path) return fail(path.error());
  auto journal = FileJournal::open(*path);
  if (!journal) return fail(journal.error());
  spdlog::info("journal: {}", path->string());

  ExecuteOptions execute_options;
  execute_options.powershell = request->powershell;
  execute_options.parallel = options.parallel;
  execute_options.step_timeout = *step_timeout;
  execute_options.keep_going = options.keep_going;
  execute_options.operator_name = sys::operator_name();
  execute_options.http = logons.http;
  execute_options.password = logons.password.empty() ? nullptr : &logons.password.view();
  auto runner = sys::make_process_runner();
  // libcurl is set up only when a step needs it.
  auto http = report.plan->has_logon_steps() ? sys::make_http_client() : nullptr;
  ExecuteServices services{*runner, **journal, *context.clock, sys::console_interrupt()};
  services.http = http.get();
  const auto progress = progress_printer(context);
  services.observer = progress.get();
  const auto summary = execute_plan(*report.plan, execute_options, services);
  if (!summary.stopped_because.empty()) spdlog::error("{}", summary.stopped_because);
  const auto after = state_after(report, summary, options, context);
  if (!after) spdlog::error("the state after the run is not known: {}", after.error().message);
  apply_after_state(report, summary.status, after);
  add_logons(report, summary.logons);
  report.status = worst(report.status, status_of(report.findings));
  if (auto written = emit_report(report, context.common); !written) return fail(written.error());
  if (summary.interrupted || sys::console_interrupt().requested())
    return to_int(ExitCode::interrupted);
  return to_int(exit_code_of(report.status));
}

// What a dry run writes, --plan reads back: a plan that would be refused
// later is refused now, with the reader's reason.
Result<void> reads_back(const Report& report) {
  const auto json = nlohmann::json::parse(to_json(report).dump());
  if (auto plan = plan_from_json(json); !plan) {
    return make_error(ExitCode::bad_input,
                      "the plan would not read back with --plan: " + plan.error().message);
  }
  return {};
}

int run_remediate(RemediateOptions& options, Context& context) {
  if (auto ok = check_combination(options); !ok) return fail(ok.error());
  if (!options.dry_run && !options.yes && !sys::stdin_is_terminal()) {
    return fail(
        {ExitCode::usage,
         "remediate runs nothing without a terminal to confirm on: add --yes, or --dry-run"});
  }
  auto verify = verify_step_options(options.logon, !options.plan_file.empty());
  if (!verify) return fail(verify.error());
  auto now = org_now(options);
  if (!now) return fail(now.error());
  auto report = new_report("remediate", context);
  auto diagnosis = diagnose(now->snapshot, report.generated_at);
  LogonSetup proved;
  Result<Plan> plan;
  if (options.plan_file.empty()) {
    auto fresh = fresh_plan(options, *now, std::move(diagnosis), report.generated_at,
                            std::move(*verify), *context.clock);
    if (!fresh) return fail(fresh.error());
    plan = std::move(fresh->plan);
    diagnosis = std::move(fresh->diagnosis);
    proved = std::move(fresh->proved);
  } else {
    plan = read_plan_file(options.plan_file);
    if (!plan) return fail(plan.error());
    if (auto ok = confirm_plan_still_applies(*plan, options, *now, diagnosis, report.generated_at);
        !ok) {
      return fail(ok.error());
    }
  }
  report.servers = diagnosis.servers;
  report.findings = diagnosis.findings;
  report.status = diagnosis.status;
  plan->dry_run = true;
  report.plan = std::move(*plan);
  const bool nothing_to_do = report.plan->steps.empty();
  if (options.plan_file.empty()) {
    if (auto ok = reads_back(report); !ok) return fail(ok.error());
  }
  if (options.dry_run || nothing_to_do) {
    if (auto written = emit_report(report, context.common); !written) return fail(written.error());
    return nothing_to_do ? to_int(ExitCode::ok) : to_int(exit_code_of(report.status));
  }
  // Before the question: a missing password must not surface after the approval.
  auto logons =
      logon_setup(options.logon, *report.plan, options.plan_file == "-", std::move(proved));
  if (!logons) return fail(logons.error());
  if (!approved(report, options)) {
    spdlog::warn("not confirmed: nothing was run");
    return to_int(exit_code_of(report.status));
  }
  return execute(report, options, context, *logons);
}

}  // namespace

Command add_remediate_command(CLI::App& app) {
  auto o = std::make_shared<RemediateOptions>();
  auto* sub = app.add_subcommand(
      "remediate", "Plan the KB4294204 workaround for exactly the affected servers, and run it");
  sub->add_option("--snapshot", o->snapshot, "Plan from a snapshot instead of a live collection")
      ->option_text("FILE");
  add_live_options(*sub, o->live);
  sub->add_flag("--dry-run,--what-if", o->dry_run,
                "Run nothing: report the plan (a change ticket with --format markdown)");
  sub->add_flag("--all-susceptible", o->all_susceptible,
                "Also target susceptible servers whose staleness could not be determined");
  sub->add_option("--servers", o->servers, "Exactly these 2013/2016 servers")
      ->delimiter(',')
      ->option_text("A,B");
  sub->add_flag("--force", o->force, "Allow fixed servers among --servers");
  sub->add_option("--plan", o->plan_file, "Run exactly the plan of a JSON dry-run report")
      ->option_text("FILE");
  sub->add_option("--max-age", o->max_age, "Refuse a --plan older than this (default 24h)")
      ->option_text("DURATION");
  sub->add_flag("--no-recheck", o->no_recheck,
                "With --plan: run every step even where a target no longer needs it (the org is "
                "still collected, to refuse servers that are gone)");
  sub->add_flag("--yes", o->yes, "Do not ask (required without a terminal)");
  sub->add_option("--parallel", o->parallel, "Servers at a time (default 1: rolling)")
      ->check(CLI::Range(1, 64))
      ->option_text("N");
  sub->add_flag("--keep-going", o->keep_going, "Go on with the other servers after a failed one");
  sub->add_option("--step-timeout", o->step_timeout, "Bound on each step (default 10m)")
      ->option_text("DURATION");
  auto default_journal = default_journal_path();
  sub->add_option("--journal", o->journal,
                  "Journal of every step, one JSON line per event (default " +
                      (default_journal ? default_journal->string()
                                       : std::string("the user's state directory")) +
                      ")")
      ->option_text("FILE");
  add_remediate_verify_options(*sub, o->logon);
  return {sub, [o, sub](Context& context) {
            o->audit_days_given = sub->count("--audit-days") > 0;
            o->max_age_given = sub->count("--max-age") > 0;
            return run_remediate(*o, context);
          }};
}

}  // namespace casdoctor::cli
