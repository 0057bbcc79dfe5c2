// --format: one table of names (formats.cpp), one plain line when the value
// is not among them. CLI11's own transformer said "Check text|json|markdown
// failed" and took the enum's numbers (--format 2) as well.
#include <CLI/CLI.hpp>

#include "casdoctor/cli/formats.hpp"

#include "common.hpp"

namespace casdoctor::cli {

void add_format_option(CLI::App& app, CommonOptions& options) {
  app.add_option_function<std::string>(
         "--format",
         [&options](const std::string& name) {
           // The validator ran first: the name is one of the table's.
           options.format = parse_format(name).value_or(OutputFormat::text);
           options.format_given = true;
         },
         "Report format: " + format_names(", "))
      ->check(CLI::Validator([](std::string& name) { return format_problem(name); }, ""))
      ->option_text(format_names("|"));
}

}  // namespace casdoctor::cli
