// Text and markdown reports show control characters and bidi overrides as
// escapes: a ticket or a terminal must show exactly what is there, so that
// an approved command looks like what runs and a step's output cannot
// recolour, clear or reorder the screen.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/report/render.hpp"

#include "../helpers/plan_cases.hpp"
#include "report_samples.hpp"

using namespace casdoctor;

namespace {

struct Hidden {
  std::string what;
  std::string raw;      // the bytes in the data
  std::string escaped;  // how a report shows them
};

const std::vector<Hidden> k_hidden = {
    {"RLO", "\xE2\x80\xAE", "\\u202E"},
    {"LRI", "\xE2\x81\xA6", "\\u2066"},
    {"ESC", "\x1b", "\\x1b"},
    {"BEL", "\x07", "\\x07"},
    {"lone CR", "\r", "\\x0d"},
    {"C1 CSI", "\xC2\x9B", "\\u009B"},
    {"NEL", "\xC2\x85", "\\u0085"},
    {"U+2028", "\xE2\x80\xA8", "\\u2028"},
    {"zero width", "\xE2\x80\x8B", "\\u200B"},
    {"not UTF-8", "\xFF", "\\xff"},
};

// A report whose server name, finding, remedy and step output carry `raw`.
Report report_with(const std::string& raw) {
  Report r = test::sample_report();
  r.command = "remediate";
  r.servers[1].name = "EX16A" + raw + "moc";
  r.servers[1].site = "Site" + raw;
  r.findings.push_back(test::stale_finding("EX16A" + raw + "moc"));
  r.findings.back().summary += " " + raw + " summary";
  r.findings.back().remedy += "\nPS> Restart-Service -Name 'X" + raw + "'";
  auto plan = test::plan_for(test::plan_org(), {});
  REQUIRE(plan.has_value());
  r.plan = std::move(*plan);
  r.plan->dry_run = false;
  r.plan->steps[0].status = StepStatus::failed;
  r.plan->steps[0].exit_code = 1;
  r.plan->steps[0].output = "child said " + raw + " here\nsecond line";
  r.plan->evidence[0] += " evidence" + raw;
  return r;
}

}  // namespace

TEST_CASE("text report: hidden characters in data are shown as escapes", "[report][escape]") {
  for (const auto& hidden : k_hidden) {
    INFO(hidden.what);
    const auto text = render_text(report_with(hidden.raw), TextStyle{});
    CHECK(text.find(hidden.raw) == std::string::npos);
    CHECK(text.find("EX16A" + hidden.escaped + "moc") != std::string::npos);  // server, finding
    CHECK(text.find(hidden.escaped + " summary") != std::string::npos);
    CHECK(text.find("'X" + hidden.escaped + "'") != std::string::npos);  // remedy command
    CHECK(text.find("child said " + hidden.escaped + " here") != std::string::npos);  // output
    // Only the renderer's own line breaks remain, and no other control byte.
    for (const char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      CHECK((byte >= 0x20 || c == '\n'));
      CHECK(byte != 0x7f);
    }
  }
}

TEST_CASE("text report: colour codes are the renderer's own only", "[report][escape]") {
  const auto text = render_text(report_with("\x1b[31m"), TextStyle{true});
  CHECK(text.find("\x1b[31m") == std::string::npos);
  CHECK(text.find("\\x1b[31m") != std::string::npos);
  CHECK(text.find("\x1b[1;31m") != std::string::npos);  // casdoctor's own colour remains
}

TEST_CASE("markdown report: hidden characters in data are shown as escapes", "[report][escape]") {
  for (const auto& hidden : k_hidden) {
    INFO(hidden.what);
    const auto md = render_markdown(report_with(hidden.raw));
    CHECK(md.find(hidden.raw) == std::string::npos);
    // Prose and tables are markdown-escaped (\ doubled), fenced code is not.
    const std::string in_prose = "EX16A\\" + hidden.escaped + "moc";
    CHECK(md.find(in_prose) != std::string::npos);
    CHECK(md.find("'X" + hidden.escaped + "'") != std::string::npos);  // fenced remedy command
    for (const char c : md) {
      const auto byte = static_cast<unsigned char>(c);
      CHECK((byte >= 0x20 || c == '\n'));
      CHECK(byte != 0x7f);
    }
  }
}
