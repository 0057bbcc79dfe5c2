// Exit 3 comes with a report (report/failure.hpp): status unknown, one
// finding with the reason, and the reason as the first line of the text.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/report/failure.hpp"
#include "casdoctor/report/render.hpp"

#include "report_samples.hpp"

using namespace casdoctor;

namespace {

Report failed(const std::string& message) {
  Report r = test::sample_report();
  r.command = "diagnose";
  make_failure_report(r, Error{ExitCode::unknown, message});
  return r;
}

}  // namespace

TEST_CASE("failure report: a failed collection is collect.failed, status unknown", "[failure]") {
  const Report r = failed("could not collect: PowerShell not found: tried 'pwsh' in PATH");
  CHECK(r.status == Status::unknown);
  CHECK(r.servers.empty());
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].id == "collect.failed");
  CHECK(r.findings[0].severity == Severity::unknown);
  const auto json = to_json(r);
  CHECK(json["status"] == "unknown");
  CHECK(json["exit_code"] == 3);
  CHECK(json["findings"][0]["evidence"]["reason"] ==
        "could not collect: PowerShell not found: tried 'pwsh' in PATH");
  test::keep_json_document("failure-collect", render_json(r));
}

TEST_CASE("failure report: the first text line is what Nagios shows", "[failure]") {
  const std::string text =
      render_text(failed("could not collect: PowerShell not found at 'pwsh'"), {});
  CHECK(text.substr(0, text.find('\n')) ==
        "UNKNOWN: could not collect: PowerShell not found at 'pwsh'");
  const std::string markdown = render_markdown(failed("the journal cannot be opened"));
  CHECK(markdown.find("**Status: UNKNOWN** (exit code 3): the journal cannot be opened") !=
        std::string::npos);
  CHECK(markdown.find("run.failed") != std::string::npos);
}
