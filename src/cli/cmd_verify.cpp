// casdoctor verify: the OWA forms logon of KB4294204's own test, through the
// namespace or through each named front end, optionally until it works.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/duration.hpp"
#include "casdoctor/core/retry.hpp"
#include "casdoctor/core/visible_text.hpp"
#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/diagnose.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/interrupt.hpp"
#include "casdoctor/verify/retry_defaults.hpp"

#include "commands.hpp"
#include "verifier.hpp"

namespace casdoctor::cli {
namespace {

struct VerifyOptions {
  VerifierOptions verifier;
  bool until_ok = false;
  std::string deadline{k_logon_retry_deadline};
  std::string interval{k_logon_retry_interval};
};

std::string failed_summary(const std::vector<LogonResult>& results) {
  std::string names;
  std::size_t failed = 0;
  for (const auto& r : results) {
    if (r.outcome == LogonOutcome::ok || is_unproven(r.outcome)) continue;
    ++failed;
    if (!names.empty()) names += ", ";
    names += cat(r.via.empty() ? std::string("namespace") : r.via, " ", to_string(r.outcome));
  }
  return cat(std::to_string(failed), " of ", std::to_string(results.size()), " logons failed (",
             names, ")");
}

// A line on stderr for a person watching; the log otherwise.
void progress(const Context& context, const std::string& line) {
  if (sys::stderr_is_terminal() && !context.common.quiet) {
    std::cerr << "casdoctor: " << escape_invisible(line) << "\n" << std::flush;
  } else {
    spdlog::info("{}", line);
  }
}

int run_verify(VerifyOptions& options, Context& context) {
  if (split_via_all(options.verifier.via).all) {
    return fail(
        {ExitCode::usage,
         "--via all needs the org's servers: use 'casdoctor diagnose --url ... --via all'"});
  }
  auto plan = verifier_plan(options.verifier);
  if (!plan) return fail(plan.error());
  std::chrono::milliseconds deadline{0};
  std::chrono::milliseconds interval{0};
  if (options.until_ok) {
    auto d = parse_duration(options.deadline);
    if (!d) return fail(d.error());
    auto i = parse_duration(options.interval);
    if (!i) return fail(i.error());
    deadline = *d;
    interval = *i;
  }
  auto password = read_password(options.verifier);
  if (!password) return fail(password.error());

  auto client = sys::make_http_client();
  const Clock& clock = *context.clock;
  const auto& interrupt = sys::console_interrupt();
  std::vector<LogonResult> results;
  const RetryEnd end = retry_until(
      [&](int) {
        results = run_logons(*client, options.verifier, *plan, *password, clock);
        // Done when no logon could still change by waiting (ok, a rejected
        // password, a mailbox opened without proof of its 2010 back end).
        return !options.until_ok ||
               std::none_of(results.begin(), results.end(),
                            [](const LogonResult& r) { return may_recover(r.outcome); });
      },
      {deadline, interval}, clock,
      [&](std::chrono::milliseconds pause) {
        return sys::sleep_unless_interrupted(pause, interrupt);
      },
      [&](int attempt, std::chrono::milliseconds pause) {
        progress(context, cat("attempt ", std::to_string(attempt), ": ", failed_summary(results),
                              "; next try in ", format_duration(pause)));
      });
  if (end == RetryEnd::interrupted) {
    password->clear();
    spdlog::error("interrupted");
    return to_int(ExitCode::interrupted);
  }
  if (end == RetryEnd::deadline) {
    progress(context, cat(failed_summary(results), "; deadline reached (--deadline ",
                          format_duration(deadline), ")"));
  }
  password->clear();

  auto report = new_report("verify", context);
  for (const auto& r : results) report.verification.push_back(to_record(r));
  owa_logon_findings(report.verification, report.findings);
  report.status = status_of(report.findings);
  if (auto written = emit_report(report, context.common); !written) return fail(written.error());
  return to_int(exit_code_of(report.status));
}

}  // namespace

Command add_verify_command(CLI::App& app) {
  auto options = std::make_shared<VerifyOptions>();
  auto* sub = app.add_subcommand(
      "verify", "Log on to OWA (forms) through the namespace or each named front end");
  add_verifier_options(*sub, options->verifier, true,
                       "Front ends to log on through: SERVER[=HOST[:PORT]][,...] (the URL's host "
                       "stays for TLS and Host)");
  sub->add_flag("--until-ok", options->until_ok, "Repeat the logons until all work or --deadline");
  sub->add_option("--deadline", options->deadline,
                  cat("With --until-ok: give up after (default ", k_logon_retry_deadline, ")"))
      ->option_text("DURATION");
  sub->add_option("--interval", options->interval,
                  cat("With --until-ok: wait between tries (default ", k_logon_retry_interval, ")"))
      ->option_text("DURATION");
  return {sub, [options](Context& context) { return run_verify(*options, context); }};
}

}  // namespace casdoctor::cli
