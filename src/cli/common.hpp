#pragma once
// What every subcommand shares: the contract's common options, logging, and
// writing the report where it belongs.
#include <functional>
#include <memory>
#include <string>

#include "casdoctor/core/result.hpp"
#include "casdoctor/core/time.hpp"
#include "casdoctor/report/render.hpp"

#include "cli11_fwd.hpp"

namespace casdoctor::cli {

struct CommonOptions {
  OutputFormat format = OutputFormat::text;
  bool format_given = false;  // --format was on the command line or in --config
  std::string output_file;
  int verbosity = 0;
  bool quiet = false;
  std::string log_file;
  bool no_color = false;
};

// The services a command runs against; tests of the CLI could swap them.
struct Context {
  CommonOptions common;
  const Clock* clock = nullptr;
};

// A subcommand: its CLI11 app and what runs when it was chosen.
struct Command {
  CLI::App* app = nullptr;
  std::function<int(Context&)> run;
};

void add_common_options(CLI::App& app, CommonOptions& options);

// --format NAME, checked against the format table (casdoctor/cli/formats.hpp)
// with a one-line error listing the names (src/cli/format_option.cpp).
void add_format_option(CLI::App& app, CommonOptions& options);

// The common options as a help footer, so that `casdoctor X --help` shows them.
std::string common_options_help(const CLI::App& main_app);

Result<void> setup_logging(const CommonOptions& options);

// A report with the fields every command fills the same way.
Report new_report(std::string command, const Context& context);

// Renders in the chosen format to -o FILE or stdout; colour only for text on
// a terminal, never with --no-color or NO_COLOR.
Result<void> emit_report(const Report& report, const CommonOptions& options);
// The command's output (a report, a table, a snapshot, a script) to stdout
// or -o FILE; the one place either is written.
Result<void> emit_output(std::string_view content, const CommonOptions& options);

// Logs the error and returns its exit code.
int fail(const Error& error);

}  // namespace casdoctor::cli
