#pragma once
// The verifier's options and the concurrent logons, shared by `verify` and
// `diagnose --url`.
#include <optional>
#include <string>
#include <vector>

#include "casdoctor/core/secret.hpp"
#include "casdoctor/sys/http.hpp"
#include "casdoctor/verify/targets.hpp"

#include "cli11_fwd.hpp"
#include "common.hpp"

namespace casdoctor::cli {

struct VerifierOptions {
  std::string url;
  std::string user;
  std::string password_env = "CASDOCTOR_PASSWORD";
  bool password_stdin = false;
  std::vector<std::string> via;
  std::string ca_file;
  bool insecure = false;
  std::string timeout = "30s";
  // A --password on the command line: refused, its value wiped at once.
  std::string refused_password;
  bool password_given = false;
};

// --url, --user, --password-env, --password-stdin, --via, --ca-file, --insecure
// and (unless the command has its own) --http-timeout / --timeout. `via_help`
// says what --via means to the command.
void add_verifier_options(CLI::App& app, VerifierOptions& options, bool own_timeout,
                          const std::string& via_help);

struct VerifierPlan {
  std::vector<ViaTarget> via;  // empty: through the namespace
  sys::HttpOptions http;
};

// Checks the options (usage errors): --password refused, --url and --user
// required, --via read.
Result<VerifierPlan> verifier_plan(VerifierOptions& options);
// --http-timeout / --timeout, --ca-file, --insecure (with its warning); a
// refused --password first.
Result<sys::HttpOptions> http_options(VerifierOptions& options);
// Reads the password, wiping and removing its environment variable.
Result<SecretString> read_password(VerifierOptions& options);

// One logon per front end (or one through the namespace), concurrently.
std::vector<LogonResult> run_logons(sys::HttpClient& client, const VerifierOptions& options,
                                    const VerifierPlan& plan, const SecretString& password,
                                    const Clock& clock);

}  // namespace casdoctor::cli
