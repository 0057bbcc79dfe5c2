// Plain usage errors: "did you mean" for mistyped commands and options, and
// the one table of report formats behind --format.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/cli/formats.hpp"
#include "casdoctor/cli/suggest.hpp"

namespace casdoctor::cli {

TEST_CASE("suggest: edit distance counts a swapped pair as one edit", "[cli]") {
  CHECK(edit_distance("diagnose", "diagnose") == 0);
  CHECK(edit_distance("diagnos", "diagnose") == 1);
  CHECK(edit_distance("daignose", "diagnose") == 1);
  CHECK(edit_distance("--snapsot", "--snapshot") == 1);
  CHECK(edit_distance("", "build") == 5);
  CHECK(edit_distance("verify", "") == 6);
}

TEST_CASE("suggest: the nearest command or option, when one is close", "[cli]") {
  const std::vector<std::string> commands{"collect", "diagnose", "remediate", "build", "verify"};
  CHECK(closest_match("diagnos", commands) == "diagnose");
  CHECK(closest_match("remediat", commands) == "remediate");
  CHECK(closest_match("biuld", commands) == "build");
  CHECK(closest_match("diag", commands) == "diagnose");  // the only one it starts
  CHECK_FALSE(closest_match("frobnicate", commands).has_value());
  CHECK_FALSE(closest_match("x", commands).has_value());

  const std::vector<std::string> options{"--snapshot", "--servers", "--format", "--force"};
  CHECK(closest_match("--snapsot", options) == "--snapshot");
  CHECK(closest_match("--formt", options) == "--format");
  CHECK_FALSE(closest_match("--bogus", options).has_value());
}

TEST_CASE("suggest: two equally near candidates suggest neither", "[cli]") {
  const std::vector<std::string> words{"cat", "car"};
  CHECK_FALSE(closest_match("caz", words).has_value());
}

TEST_CASE("formats: names from one table in any case, numbers are not names", "[cli]") {
  CHECK(parse_format("text") == OutputFormat::text);
  CHECK(parse_format("JSON") == OutputFormat::json);
  CHECK(parse_format("markdown") == OutputFormat::markdown);
  CHECK_FALSE(parse_format("2").has_value());
  CHECK(parse_format("HTML") == OutputFormat::html);
  CHECK_FALSE(parse_format("pdf").has_value());
  CHECK_FALSE(parse_format("").has_value());
  CHECK(format_names(", ") == "text, json, markdown, html");
  CHECK(format_name(OutputFormat::markdown) == "markdown");
  CHECK(report_formats().size() == 4);
}

TEST_CASE("formats: the problem with a value is one line listing the names", "[cli]") {
  CHECK(format_problem("json").empty());
  CHECK(format_problem("html").empty());
  const std::string problem = format_problem("pdf");
  CHECK(problem == "'pdf' is not a report format; use one of text, json, markdown, html");
  CHECK(problem.find('\n') == std::string::npos);
  CHECK_FALSE(format_problem("2").empty());
}

}  // namespace casdoctor::cli
