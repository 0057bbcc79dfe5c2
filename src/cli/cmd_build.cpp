// casdoctor build: looks up build numbers in the catalogue. A person gets a
// look-up table (text, markdown); a script gets the report (json), whose
// findings (build.unknown, build.unsupported) set the exit code either way.
#include <memory>

#include <CLI/CLI.hpp>

#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/diagnose.hpp"
#include "casdoctor/report/build_table.hpp"

#include "commands.hpp"

namespace casdoctor::cli {
namespace {

// The catalogue checks reused: build.unknown and build.unsupported.
std::vector<Finding> build_findings(const std::vector<ServerView>& views, TimePoint now) {
  OrgModel org;
  org.now = now;
  org.servers = views;
  std::vector<Finding> findings;
  k_check_build_unknown.run(org, findings);
  k_check_build_unsupported.run(org, findings);
  return findings;
}

Report build_report(std::span<const BuildLookup> rows, const Context& context) {
  auto report = new_report("build", context);
  std::vector<ServerView> views;
  for (const auto& row : rows) {
    if (!row.info) continue;
    report.servers.push_back(server_record(row.given, *row.info));
    ServerView view;
    view.name = row.given;
    view.build = *row.info;
    views.push_back(std::move(view));
  }
  report.findings = build_findings(views, report.generated_at);
  report.status = status_of(report.findings);
  return report;
}

Result<void> write_table(std::span<const BuildLookup> rows, const Report& report,
                         const CommonOptions& options) {
  const std::string table = options.format == OutputFormat::markdown
                                ? render_build_table_markdown(rows, report.generated_at)
                                : render_build_table_text(rows, report.generated_at);
  return emit_output(table, options);
}

int run_build(const std::vector<std::string>& values, Context& context) {
  const auto rows = look_up_builds(values);
  const auto report = build_report(rows, context);
  // json and html carry the report (html: a page of the servers' builds);
  // text and markdown the look-up table.
  const bool as_report =
      context.common.format == OutputFormat::json || context.common.format == OutputFormat::html;
  const auto written =
      as_report ? emit_report(report, context.common) : write_table(rows, report, context.common);
  if (!written) return fail(written.error());
  // Every value that is no build number, each named; then exit 65.
  bool unreadable = false;
  for (const auto& row : rows) {
    if (row.info) continue;
    unreadable = true;
    fail({ExitCode::bad_input, row.error});
  }
  if (unreadable) return to_int(ExitCode::bad_input);
  return to_int(exit_code_of(report.status));
}

}  // namespace

Command add_build_command(CLI::App& app) {
  auto builds = std::make_shared<std::vector<std::string>>();
  auto* sub = app.add_subcommand("build", "Look up Exchange build numbers in the catalogue");
  sub->add_option("builds", *builds,
                  "Build numbers: 15.1.1531.3, 15.01.1531.003 or \"Version 15.1 (Build 1531.3)\"")
      ->required()
      ->option_text("BUILD...");
  return {sub, [builds](Context& context) { return run_build(*builds, context); }};
}

}  // namespace casdoctor::cli
