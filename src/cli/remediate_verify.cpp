#include "remediate_verify.hpp"

#include <CLI/CLI.hpp>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/duration.hpp"
#include "casdoctor/core/secret.hpp"
#include "casdoctor/verify/targets.hpp"

namespace casdoctor::cli {
namespace {

Result<void> check_combination(const RemediateVerifyOptions& options, bool saved_plan) {
  const VerifierOptions& v = options.verifier;
  const bool logon_named = !v.url.empty() || !v.user.empty() || !v.via.empty();
  if (saved_plan && (options.verify || logon_named || options.no_prove)) {
    return make_error(ExitCode::usage,
                      "--plan runs the approved plan as it is, with its own logon steps: "
                      "--verify, --url, --user, --via and --no-prove change the plan, so make a "
                      "new one with remediate --dry-run");
  }
  if (!options.verify && logon_named) {
    return make_error(ExitCode::usage, "--url, --user and --via are for --verify: add --verify");
  }
  if (!options.verify && options.no_prove) {
    return make_error(ExitCode::usage,
                      "--no-prove is for --verify: without it no logon is made before planning");
  }
  if (split_via_all(v.via).all) {
    return make_error(ExitCode::usage,
                      "--via all: remediate --verify already logs on through every server it "
                      "restarts; --via only says where to reach one (SERVER=HOST[:PORT])");
  }
  return {};
}

}  // namespace

void add_remediate_verify_options(CLI::App& app, RemediateVerifyOptions& options) {
  app.add_flag("--verify", options.verify,
               "After each server's restart, log on to OWA through it until it works; before "
               "planning, log on once through each candidate to prove it stale (needs --url and "
               "--user)");
  app.add_option("--verify-deadline", options.deadline,
                 cat("With --verify: fail the step if the logon does not work within (default ",
                     k_logon_retry_deadline, ")"))
      ->option_text("DURATION");
  app.add_option(
         "--verify-interval", options.interval,
         cat("With --verify: wait between logon attempts (default ", k_logon_retry_interval, ")"))
      ->option_text("DURATION");
  app.add_flag("--no-prove", options.no_prove,
               "With --verify: do not log on through the candidate servers before planning (the "
               "plan then says every target is only suspected)");
  add_verifier_options(app, options.verifier, false,
                       "With --verify: where to reach a server, SERVER=HOST[:PORT][,...] "
                       "(default its FQDN)");
}

Result<std::optional<VerifyStepOptions>> verify_step_options(RemediateVerifyOptions& options,
                                                             bool saved_plan) {
  // A password on the command line is refused whatever else was asked.
  if (options.verifier.password_given)
    return std::unexpected(http_options(options.verifier).error());
  // remediate collects before it knows whether a plan needs the password:
  // out of the environment now, so that no PowerShell inherits it.
  if (!options.verifier.password_stdin) hold_secret_env(options.verifier.password_env);
  if (auto ok = check_combination(options, saved_plan); !ok) return std::unexpected(ok.error());
  if (!options.verify) return std::optional<VerifyStepOptions>();
  if (options.verifier.url.empty() || options.verifier.user.empty()) {
    return make_error(ExitCode::usage, "--verify needs --url and --user (the test mailbox)");
  }
  // The checks of verifier_plan, without its --insecure warning: that comes
  // once, when the logons are set up.
  if (auto ok = check_owa_url(options.verifier.url); !ok) return std::unexpected(ok.error());
  if (auto ok = parse_duration(options.verifier.timeout); !ok) return std::unexpected(ok.error());
  auto via = parse_via(options.verifier.via);
  if (!via) return std::unexpected(via.error());
  VerifyStepOptions out;
  out.url = options.verifier.url;
  out.user = options.verifier.user;
  auto deadline = parse_duration(options.deadline);
  if (!deadline) return std::unexpected(deadline.error());
  auto interval = parse_duration(options.interval);
  if (!interval) return std::unexpected(interval.error());
  out.deadline = *deadline;
  out.interval = *interval;
  for (const ViaTarget& target : *via)
    out.addresses.emplace_back(target.name, format_address(target.connect));
  return std::optional<VerifyStepOptions>(std::move(out));
}

Result<LogonSetup> logon_setup(RemediateVerifyOptions& options, const Plan& plan,
                               bool plan_from_stdin, LogonSetup proved) {
  LogonSetup setup;
  if (!plan.has_logon_steps()) return setup;
  if (!proved.password.empty()) return proved;
  auto http = http_options(options.verifier);
  if (!http) return std::unexpected(http.error());
  setup.http = std::move(*http);
  if (options.verifier.password_stdin && plan_from_stdin) {
    return make_error(ExitCode::usage,
                      "--password-stdin and --plan -: stdin cannot carry both; give the password "
                      "with --password-env NAME");
  }
  auto password = read_password(options.verifier);
  if (!password) return std::unexpected(password.error());
  setup.password = std::move(*password);
  return setup;
}

}  // namespace casdoctor::cli
