#include "common.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "casdoctor/cli/formats.hpp"
#include "casdoctor/cli/output_target.hpp"
#include "casdoctor/core/version.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/path.hpp"

#include "failure_output.hpp"
#include "log_format.hpp"

namespace casdoctor::cli {
namespace {

bool no_color_requested(const CommonOptions& options) {
  return options.no_color || !sys::environment_allows_color();
}

spdlog::level::level_enum console_level(const CommonOptions& options) {
  if (options.quiet) return spdlog::level::err;
  if (options.verbosity >= 2) return spdlog::level::debug;
  if (options.verbosity == 1) return spdlog::level::info;
  return spdlog::level::warn;
}

}  // namespace

void add_common_options(CLI::App& app, CommonOptions& options) {
  add_format_option(app, options);
  app.add_option_function<std::string>(
         "-o,--output",
         [&options](const std::string& file) { options.output_file = file == "-" ? "" : file; },
         "Write the report to FILE instead of stdout ('-': stdout)")
      ->option_text("FILE");
  app.add_flag("-v,--verbose", options.verbosity, "More log output on stderr (-vv for debug)");
  app.add_flag("-q,--quiet", options.quiet, "Only errors on stderr");
  app.add_option("--log-file", options.log_file, "Also write the log, at debug level, to FILE")
      ->option_text("FILE");
  app.add_flag("--no-color", options.no_color, "No colour (also when NO_COLOR is set)");
}

std::string common_options_help(const CLI::App& main_app) {
  std::string text = "Common options (see casdoctor --help):\n ";
  for (const auto* option : main_app.get_options()) {
    if (option->get_name().empty()) continue;
    text += " " + option->get_name(false, true);
  }
  return text + "\n";
}

Result<void> setup_logging(const CommonOptions& options) {
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
      no_color_requested(options) ? spdlog::color_mode::never : spdlog::color_mode::automatic);
  console->set_level(console_level(options));
  console->set_formatter(escaping_formatter("casdoctor: %^%l%$: %*"));
  std::vector<spdlog::sink_ptr> sinks{console};
  if (!options.log_file.empty()) {
    try {
      auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(
          sys::path_from_utf8(options.log_file).native());
      file->set_level(spdlog::level::debug);
      file->set_formatter(escaping_formatter("%Y-%m-%dT%H:%M:%S.%e%z [%l] %*"));
      sinks.push_back(file);
    } catch (const spdlog::spdlog_ex& e) {
      return make_error(ExitCode::usage, "--log-file " + options.log_file + ": " + e.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("casdoctor", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::debug);
  logger->flush_on(spdlog::level::debug);
  spdlog::set_default_logger(logger);
  return {};
}

Report new_report(std::string command, const Context& context) {
  Report report;
  report.command = std::move(command);
  report.tool_version = std::string(tool_version());
  report.generated_at = context.clock->now();
  return report;
}

Result<void> emit_output(std::string_view content, const CommonOptions& options) {
  // Whatever it writes is the command's output: no failure report after it.
  remember_report_attempt();
  if (options.output_file.empty()) return sys::write_stdout(content);
  spdlog::debug("writing the output to {}", options.output_file);
  return write_output_file(sys::path_from_utf8(options.output_file), content);
}

Result<void> emit_report(const Report& report, const CommonOptions& options) {
  TextStyle style;
  style.color =
      options.output_file.empty() && !no_color_requested(options) && sys::stdout_is_terminal();
  return emit_output(render(report, options.format, style), options);
}

int fail(const Error& error) {
  remember_failure(error);
  spdlog::error("{}", error.message);
  return to_int(error.code);
}

}  // namespace casdoctor::cli
