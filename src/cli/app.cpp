#include "casdoctor/cli/app.hpp"

#include <exception>
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "casdoctor/cli/output_target.hpp"
#include "casdoctor/core/version.hpp"
#include "casdoctor/sys/path.hpp"

#include "commands.hpp"
#include "failure_output.hpp"
#include "usage_errors.hpp"

namespace casdoctor::cli {
namespace {

constexpr const char* k_examples = R"EX(Examples:
  casdoctor diagnose                          (live: one Exchange shell session)
  casdoctor diagnose --snapshot org.json
  casdoctor collect -o org.json
  casdoctor collect --print-script > collect.ps1
  casdoctor diagnose --snapshot org.json --format markdown -o ticket.md
  Get-Content org.json -Raw | casdoctor diagnose --snapshot - --format json
  casdoctor build 15.1.1415.2 "Version 15.0 (Build 1395.4)" 15.01.2507.006
  casdoctor diagnose --list-checks
  casdoctor remediate --dry-run --format markdown -o change.md
  casdoctor remediate --dry-run --format json -o plan.json
  casdoctor remediate --plan plan.json --yes
  casdoctor verify --url https://mail.contoso.com/owa --user 'CONTOSO\alice' --via EX16A,EX16B

Exit codes: 0 ok, 1 warning, 2 critical, 3 unknown, 64 usage, 65 bad input, 130 interrupted.)EX";

// One line naming the problem and a hint where to look: an admin under
// pressure should not have to scroll through the whole usage text.
int usage_error(const CLI::App& app, const std::string& message) {
  const CLI::App* where = &app;
  for (const auto* sub : app.get_subcommands()) where = sub;
  std::cerr << "casdoctor: " << message << "\n"
            << "Run '"
            << (where == &app ? std::string("casdoctor") : "casdoctor " + where->get_name())
            << " --help' for usage.\n";
  return to_int(ExitCode::usage);
}

int run_chosen(const std::vector<Command>& commands, Context& context) {
  if (auto logging = setup_logging(context.common); !logging) {
    std::cerr << "casdoctor: " << logging.error().message << "\n";
    return to_int(logging.error().code);
  }
  // Before any work: a collection must not end in "cannot write".
  if (auto target = check_output_target(sys::path_from_utf8(context.common.output_file)); !target)
    return fail(target.error());
  for (const auto& command : commands) {
    if (command.app->parsed()) {
      return report_if_silent(command.run(context), command.app->get_name(), context);
    }
  }
  return to_int(ExitCode::usage);
}

int run_app(int argc, const char* const* argv) {
  CLI::App app{
      "casdoctor: finds and fixes Exchange 2013/2016 servers holding a stale "
      "IsOutOfService value of an Exchange 2010 CAS (KB4294204).",
      "casdoctor"};
  app.set_version_flag("--version", version_line());
  app.set_config("--config", "", "Read option values from a TOML/INI FILE")->option_text("FILE");
  // A key no option takes, or one in the wrong section, is an error: ignored,
  // it would leave the admin believing it applied.
  app.allow_config_extras(CLI::config_extras_mode::error);
  app.require_subcommand(1, 1);
  app.footer(k_examples);
  Context context;
  SystemClock clock;
  context.clock = &clock;
  add_common_options(app, context.common);

  std::vector<Command> commands{add_collect_command(app), add_diagnose_command(app),
                                add_remediate_command(app), add_build_command(app),
                                add_verify_command(app)};
  for (auto& command : commands) {
    command.app->fallthrough();
    command.app->footer(common_options_help(app));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ConfigError& e) {
    return usage_error(app, explain_config_error(app, e));
  } catch (const CLI::ParseError& e) {
    return usage_error(app, explain_parse_error(app, e));
  }
  return run_chosen(commands, context);
}

}  // namespace

int run(int argc, const char* const* argv) {
  try {
    return run_app(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "casdoctor: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "casdoctor: internal error\n";
  }
  return to_int(ExitCode::unknown);
}

}  // namespace casdoctor::cli
