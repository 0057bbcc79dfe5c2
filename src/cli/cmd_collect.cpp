// casdoctor collect: one PowerShell session -> a snapshot, or the script for
// an admin to run by hand.
#include <memory>

#include "casdoctor/sys/console.hpp"

#include "commands.hpp"
#include "live.hpp"

namespace casdoctor::cli {
namespace {

struct CollectCommandOptions {
  LiveOptions live;
  bool print_script = false;
};

Result<void> write_output(const std::string& content, const CommonOptions& common) {
  if (common.output_file.empty()) {
    sys::write_stdout(content);
    return {};
  }
  return sys::write_file(common.output_file, content);
}

int run_collect(const CollectCommandOptions& options, Context& context) {
  if (context.common.format == OutputFormat::html) {
    return fail({ExitCode::usage,
                 "collect writes a snapshot (JSON) or a script, not a report: --format html does "
                 "not apply (casdoctor diagnose --snapshot FILE --format html renders one)"});
  }
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
  if (auto written = write_output(output, context.common); !written) return fail(written.error());
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
