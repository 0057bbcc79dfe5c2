// casdoctor collect: one PowerShell session -> a snapshot, or the script for
// an admin to run by hand.
#include <memory>

#include <CLI/CLI.hpp>

#include "casdoctor/cli/formats.hpp"
#include "casdoctor/core/concat.hpp"

#include "commands.hpp"
#include "live.hpp"

namespace casdoctor::cli {
namespace {

struct CollectCommandOptions {
  LiveOptions live;
  bool print_script = false;
};

// A snapshot is JSON and the script is PowerShell: another --format would
// otherwise be ignored without a word.
Result<void> check_format(const CollectCommandOptions& options, const CommonOptions& common) {
  if (!common.format_given) return {};
  if (options.print_script)
    return make_error(ExitCode::usage,
                      "--print-script writes a PowerShell script: --format does not apply");
  if (common.format == OutputFormat::json) return {};
  return make_error(
      ExitCode::usage,
      cat("collect writes a snapshot, which is JSON: --format ", format_name(common.format),
          " does not apply (for a report: casdoctor diagnose --snapshot FILE "
          "--format ",
          format_name(common.format), ")"));
}

int run_collect(const CollectCommandOptions& options, Context& context) {
  if (auto format = check_format(options, context.common); !format) return fail(format.error());
  std::string output;
  if (options.print_script) {
    auto script = collection_script(script_options(options.live));
    if (!script) return fail(script.error());
    output = std::move(*script);
  } else {
    auto collected = collect_live(options.live);
    if (!collected) return fail(collected.error());
    output = std::move(collected->document) + "\n";
  }
  if (auto written = emit_output(output, context.common); !written) return fail(written.error());
  return to_int(ExitCode::ok);
}

}  // namespace

Command add_collect_command(CLI::App& app) {
  auto options = std::make_shared<CollectCommandOptions>();
  auto* sub = app.add_subcommand(
      "collect",
      "Write a snapshot of the org, gathered in ONE PowerShell session with the Exchange shell");
  add_live_options(*sub, options->live);
  sub->add_flag(
      "--print-script", options->print_script,
      "Print the collection script instead, to run by hand in the Exchange Management Shell");
  return {sub, [options](Context& context) { return run_collect(*options, context); }};
}

}  // namespace casdoctor::cli
