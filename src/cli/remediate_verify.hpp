#pragma once
// remediate --verify: the options that add a verify-logon step per target,
// and what executing such steps needs (TLS options, the password).
#include <optional>
#include <string>

#include "casdoctor/core/secret.hpp"
#include "casdoctor/remediate/plan.hpp"
#include "casdoctor/sys/http.hpp"
#include "casdoctor/verify/retry_defaults.hpp"

#include "cli11_fwd.hpp"
#include "verifier.hpp"

namespace casdoctor::cli {

struct RemediateVerifyOptions {
  bool verify = false;
  VerifierOptions verifier;
  std::string deadline{k_logon_retry_deadline};
  std::string interval{k_logon_retry_interval};
  bool no_prove = false;  // --no-prove: no logon through the candidates before planning
};

// --verify, --verify-deadline, --verify-interval, --no-prove and the verifier's options
// (--url, --user, --password-env, --password-stdin, --via, --ca-file,
// --insecure, --http-timeout).
void add_remediate_verify_options(CLI::App& app, RemediateVerifyOptions& options);

// The planner's verify options: none without --verify. Takes the password's
// environment variable out of the environment (hold_secret_env) before the
// collection starts PowerShell. Usage errors: --url,
// --user or --via without --verify; --verify without --url or --user;
// --via all; any of them with a saved plan (`saved_plan`), which carries its
// own logon steps.
Result<std::optional<VerifyStepOptions>> verify_step_options(RemediateVerifyOptions& options,
                                                             bool saved_plan);

// What the executor needs for a plan's verify-logon steps.
struct LogonSetup {
  sys::HttpOptions http;
  SecretString password;  // empty when the plan has no verify-logon step
};

// Reads the password only when `plan` has verify-logon steps; not from
// stdin when the plan itself came from there. `proved` is what the proof
// logons before planning already read (remediate_prove.hpp): used as it is
// when it holds the password.
Result<LogonSetup> logon_setup(RemediateVerifyOptions& options, const Plan& plan,
                               bool plan_from_stdin, LogonSetup proved);

}  // namespace casdoctor::cli
