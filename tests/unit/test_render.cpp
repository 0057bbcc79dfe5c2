// render(): one entry point for the CLI's --format.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/report/render.hpp"

#include "report_samples.hpp"

using namespace casdoctor;
using casdoctor::test::sample_report;

TEST_CASE("render dispatches on the output format", "[report]") {
  const Report report = sample_report();
  const TextStyle colour{true};
  CHECK(render(report, OutputFormat::text, colour) == render_text(report, colour));
  CHECK(render(report, OutputFormat::text, TextStyle{}) == render_text(report, TextStyle{}));
  CHECK(render(report, OutputFormat::markdown, colour) == render_markdown(report));
  const std::string json = render(report, OutputFormat::json, colour);
  test::keep_json_document("report-dispatch", json);
  CHECK(json == render_json(report));
  CHECK(json.find('\x1b') == std::string::npos);
  CHECK(render_markdown(report).find('\x1b') == std::string::npos);
}
