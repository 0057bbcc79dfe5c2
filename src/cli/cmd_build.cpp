// casdoctor build: looks up build numbers in the catalogue.
#include <memory>

#include "casdoctor/core/text.hpp"
#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/diagnose.hpp"

#include "commands.hpp"

namespace casdoctor::cli {
namespace {

// "Version 14.3 (Build 123.4)" is how AdminDisplayVersion reads; for 2010 it
// names only the service pack, and the look-up should say so.
BuildSource source_of(std::string_view text) {
  const auto t = trim(text);
  return t.size() >= 7 && iequals(t.substr(0, 7), "version") ? BuildSource::admin_display_version
                                                             : BuildSource::user;
}

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

int run_build(const std::vector<std::string>& builds, Context& context) {
  auto report = new_report("build", context);
  std::vector<ServerView> views;
  for (const auto& text : builds) {
    auto number = parse_build_number(text);
    if (!number) return fail(number.error());
    const auto info = lookup_build(*number, source_of(text));
    report.servers.push_back(server_record(text, info));
    ServerView view;
    view.name = text;
    view.build = info;
    views.push_back(std::move(view));
  }
  report.findings = build_findings(views, report.generated_at);
  report.status = status_of(report.findings);
  if (auto written = emit_report(report, context.common); !written) return fail(written.error());
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
