#include "verifier.hpp"

#include <future>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/duration.hpp"

namespace casdoctor::cli {

void add_verifier_options(CLI::App& app, VerifierOptions& options, bool own_timeout,
                          const std::string& via_help) {
  app.add_option("--url", options.url,
                 "OWA URL of the namespace, e.g. https://mail.contoso.com/owa")
      ->option_text("URL");
  app.add_option("--user", options.user, "The mailbox's user: DOMAIN\\name or UPN")
      ->option_text("USER");
  app.add_option("--password-env", options.password_env,
                 "Environment variable holding the password (default CASDOCTOR_PASSWORD)")
      ->option_text("NAME");
  app.add_flag("--password-stdin", options.password_stdin,
               "Read the password from stdin (one line)");
  // Never a password in argv: the option exists only to refuse it without
  // echoing its value the way an unknown argument would be echoed.
  app.add_option("--password", options.refused_password)
      ->group("")
      ->each([&options](const std::string&) { options.password_given = true; });
  app.add_option("--via", options.via, via_help)->option_text("LIST");
  app.add_option("--ca-file", options.ca_file, "Trust the CA certificates in FILE (PEM)")
      ->option_text("FILE");
  app.add_flag("--insecure", options.insecure, "Do not check the server's certificate (a warning)");
  if (own_timeout) {
    app.add_option("--timeout", options.timeout, "Each HTTP exchange (default 30s)")
        ->option_text("DURATION");
  } else {
    app.add_option("--http-timeout", options.timeout,
                   "Each HTTP exchange of the logon (default 30s)")
        ->option_text("DURATION");
  }
}

Result<SecretString> read_password(VerifierOptions& options) {
  if (options.password_stdin) return secret_from_stdin();
  return secret_from_env(options.password_env);
}

Result<sys::HttpOptions> http_options(VerifierOptions& options) {
  if (options.password_given) {
    wipe(options.refused_password);
    return make_error(ExitCode::usage,
                      "--password is not accepted: a password on the command line is visible to "
                      "every user of the machine; use --password-env NAME or --password-stdin");
  }
  sys::HttpOptions http;
  auto timeout = parse_duration(options.timeout);
  if (!timeout) return std::unexpected(timeout.error());
  http.timeout = *timeout;
  http.ca_file = options.ca_file;
  http.insecure = options.insecure;
  if (options.insecure) {
    spdlog::warn(
        "--insecure: the server's certificate is not checked; the password could go to "
        "anyone in the middle");
  }
  return http;
}

Result<VerifierPlan> verifier_plan(VerifierOptions& options) {
  if (options.password_given) return std::unexpected(http_options(options).error());
  if (options.url.empty()) return make_error(ExitCode::usage, "--url is required");
  if (auto ok = check_owa_url(options.url); !ok) return std::unexpected(ok.error());
  if (options.user.empty()) return make_error(ExitCode::usage, "--user is required");
  auto via = parse_via(options.via);
  if (!via) return std::unexpected(via.error());
  auto http = http_options(options);
  if (!http) return std::unexpected(http.error());
  return VerifierPlan{std::move(*via), std::move(*http)};
}

std::vector<LogonResult> run_logons(sys::HttpClient& client, const VerifierOptions& options,
                                    const VerifierPlan& plan, const SecretString& password,
                                    const Clock& clock) {
  std::vector<std::optional<ViaTarget>> targets;
  if (plan.via.empty()) targets.emplace_back();
  for (const auto& via : plan.via) targets.emplace_back(via);
  std::vector<std::future<LogonResult>> futures;
  for (const auto& target : targets) {
    auto http = plan.http;
    if (target) http.connect_to = target->connect;
    // Sessions are opened here, one per thread, each used by its thread only.
    std::shared_ptr<sys::HttpSession> session = client.open_session(http);
    LogonRequest request{options.url, target ? target->name : std::string(), options.user,
                         &password.view()};
    futures.push_back(std::async(std::launch::async, [session, request, &clock] {
      return owa_logon(*session, request, clock);
    }));
  }
  std::vector<LogonResult> results;
  for (auto& future : futures) {
    results.push_back(future.get());
    const auto& r = results.back();
    spdlog::info("logon for {} via {}: {}{}", r.user, r.via.empty() ? "the namespace" : r.via,
                 to_string(r.outcome), r.detail.empty() ? std::string() : cat(" (", r.detail, ")"));
  }
  return results;
}

}  // namespace casdoctor::cli
