#include <array>

#include <catch2/catch.hpp>

#include "casdoctor/report/check_list.hpp"

using namespace casdoctor;

namespace {

void no_op(const OrgModel&, std::vector<Finding>&) {}

const std::array<Check, 2> k_checks{{
    {{"demo.first", Severity::critical, "First <check>", "Raised when \"a\" & b."}, no_op},
    {{"demo.second", Severity::warning, "Second", "Plain."}, no_op},
}};

}  // namespace

TEST_CASE("check list: every format names every check", "[check_list]") {
  for (const auto format :
       {OutputFormat::text, OutputFormat::json, OutputFormat::markdown, OutputFormat::html}) {
    const std::string out = render_check_list(k_checks, format);
    CAPTURE(static_cast<int>(format), out);
    CHECK(out.find("demo.first") != std::string::npos);
    CHECK(out.find("demo.second") != std::string::npos);
  }
}

TEST_CASE("check list: html is a whole page with escaped cells", "[check_list]") {
  const std::string out = render_check_list(k_checks, OutputFormat::html);
  CHECK(out.starts_with("<!DOCTYPE html>"));
  CHECK(out.find("Content-Security-Policy") != std::string::npos);
  CHECK(out.find("<td>First &lt;check&gt;</td>") != std::string::npos);
  CHECK(out.find("Raised when &quot;a&quot; &amp; b.") != std::string::npos);
  CHECK(out.find("<check>") == std::string::npos);
  CHECK(out.ends_with("</html>\n"));
}

TEST_CASE("check list: json lists id, severity, title, explanation", "[check_list]") {
  const std::string out = render_check_list(k_checks, OutputFormat::json);
  CHECK(out.find("\"severity\": \"critical\"") != std::string::npos);
  CHECK(out.find("\"explanation\": \"Plain.\"") != std::string::npos);
}

TEST_CASE("check list: markdown is a pipe table with explanations as a list", "[check_list]") {
  const std::string out = render_check_list(k_checks, OutputFormat::markdown);
  CHECK(out.find("| demo.first") != std::string::npos);
  CHECK(out.find("- **demo.second**: Plain.") != std::string::npos);
}
