// casdoctor diagnose: findings from a snapshot.
#include <memory>

#include <spdlog/spdlog.h>

#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/diagnose.hpp"
#include "casdoctor/report/text_table.hpp"
#include "casdoctor/snapshot/reader.hpp"
#include "casdoctor/sys/console.hpp"

#include "commands.hpp"
#include "live.hpp"

namespace casdoctor::cli {
namespace {

struct DiagnoseOptions {
  std::string snapshot;
  bool list_checks = false;
  LiveOptions live;
};

Result<Snapshot> load_snapshot(const std::string& path) {
  const bool from_stdin = path == "-";
  auto bytes = from_stdin ? sys::read_stdin_bytes() : sys::read_file_bytes(path);
  if (!bytes) return std::unexpected(bytes.error());
  spdlog::debug("read {} bytes from {}", bytes->size(), from_stdin ? "stdin" : path);
  return read_snapshot(*bytes, from_stdin ? "<stdin>" : path);
}

Result<Snapshot> collect_live_snapshot(const LiveOptions& live) {
  auto collected = collect_live(live);
  if (!collected) return std::unexpected(collected.error());
  return std::move(collected->snapshot);
}

std::string render_check_list(OutputFormat format) {
  if (format == OutputFormat::json) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& check : all_checks()) {
      list.push_back({{"id", check.info.id},
                      {"severity", to_string(check.info.severity)},
                      {"title", check.info.title},
                      {"explanation", check.info.explanation}});
    }
    return nlohmann::ordered_json{{"checks", list}}.dump(2) + "\n";
  }
  TextTable table({"ID", "SEVERITY", "TITLE"});
  for (const auto& check : all_checks()) {
    table.add_row({std::string(check.info.id), std::string(to_string(check.info.severity)),
                   std::string(check.info.title)});
  }
  std::string out =
      format == OutputFormat::markdown ? table.render_markdown() : table.render_text();
  out += "\n";
  for (const auto& check : all_checks()) {
    out += (format == OutputFormat::markdown ? "- **" : "") + std::string(check.info.id) +
           (format == OutputFormat::markdown ? "**: " : ": ") +
           std::string(check.info.explanation) + "\n";
  }
  return out;
}

int run_diagnose(const DiagnoseOptions& options, Context& context) {
  if (options.list_checks) {
    sys::write_stdout(render_check_list(context.common.format));
    return to_int(ExitCode::ok);
  }
  auto snapshot = options.snapshot.empty() ? collect_live_snapshot(options.live)
                                           : load_snapshot(options.snapshot);
  if (!snapshot) return fail(snapshot.error());
  auto report = new_report("diagnose", context);
  auto diagnosis = diagnose(*snapshot, report.generated_at);
  spdlog::info("{} servers, {} findings, status {}", diagnosis.servers.size(),
               diagnosis.findings.size(), to_string(diagnosis.status));
  report.status = diagnosis.status;
  report.servers = std::move(diagnosis.servers);
  report.findings = std::move(diagnosis.findings);
  if (auto written = emit_report(report, context.common); !written) return fail(written.error());
  return to_int(exit_code_of(report.status));
}

}  // namespace

Command add_diagnose_command(CLI::App& app) {
  auto options = std::make_shared<DiagnoseOptions>();
  auto* sub = app.add_subcommand("diagnose",
                                 "Find exposed and already-hit servers, live or from a snapshot");
  sub->add_option("--snapshot", options->snapshot,
                  "Snapshot written by 'casdoctor collect' or its script ('-' reads stdin); "
                  "without it, collect live")
      ->option_text("FILE");
  add_live_options(*sub, options->live);
  sub->add_flag("--list-checks", options->list_checks, "List the checks and their finding ids");
  return {sub, [options](Context& context) { return run_diagnose(*options, context); }};
}

}  // namespace casdoctor::cli
