#include "common.hpp"

#include <cstdlib>
#include <map>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "casdoctor/core/version.hpp"
#include "casdoctor/sys/console.hpp"

#include "failure_output.hpp"

namespace casdoctor::cli {
namespace {

bool no_color_requested(const CommonOptions& options) {
  const char* env = std::getenv("NO_COLOR");
  return options.no_color || (env != nullptr && *env != '\0');
}

spdlog::level::level_enum console_level(const CommonOptions& options) {
  if (options.quiet) return spdlog::level::err;
  if (options.verbosity >= 2) return spdlog::level::debug;
  if (options.verbosity == 1) return spdlog::level::info;
  return spdlog::level::warn;
}

}  // namespace

void add_common_options(CLI::App& app, CommonOptions& options) {
  const std::map<std::string, OutputFormat> formats{{"text", OutputFormat::text},
                                                    {"json", OutputFormat::json},
                                                    {"markdown", OutputFormat::markdown},
                                                    {"html", OutputFormat::html}};
  app.add_option("--format", options.format, "Report format: text, json, markdown or html")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
      ->option_text("text|json|markdown|html");
  app.add_option("-o,--output", options.output_file, "Write the report to FILE instead of stdout")
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
  console->set_pattern("casdoctor: %^%l%$: %v");
  std::vector<spdlog::sink_ptr> sinks{console};
  if (!options.log_file.empty()) {
    try {
      auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.log_file);
      file->set_level(spdlog::level::debug);
      file->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z [%l] %v");
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

Result<void> emit_report(const Report& report, const CommonOptions& options) {
  remember_report_attempt();
  const bool to_file = !options.output_file.empty();
  TextStyle style;
  style.color = !to_file && !no_color_requested(options) && sys::stdout_is_terminal();
  const auto content = render(report, options.format, style);
  if (!to_file) {
    sys::write_stdout(content);
    return {};
  }
  spdlog::debug("writing the report to {}", options.output_file);
  return sys::write_file(options.output_file, content);
}

int fail(const Error& error) {
  remember_failure(error);
  spdlog::error("{}", error.message);
  return to_int(error.code);
}

}  // namespace casdoctor::cli
