// --format html: a self-contained page, every piece of data escaped, bidi
// overrides and control characters shown rather than obeyed.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/report/render.hpp"

#include "../../src/report/html_parts.hpp"
#include "../helpers/plan_cases.hpp"
#include "report_samples.hpp"

using namespace casdoctor;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::string k_rlo = "\xE2\x80\xAE";  // U+202E RIGHT-TO-LEFT OVERRIDE

}  // namespace

TEST_CASE("html escape: markup characters become entities", "[html]") {
  CHECK(detail::html_escape("<script>alert('x') & \"y\"</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
}

TEST_CASE("html escape: bidi overrides, isolates and control characters are shown", "[html]") {
  CHECK(detail::html_escape("EX16A" + k_rlo + "gpj.exe") == "EX16A[U+202E]gpj.exe");
  CHECK(detail::html_escape("a\xE2\x81\xA6"
                            "b\xE2\x80\x8F"
                            "c") == "a[U+2066]b[U+200F]c");
  CHECK(detail::html_escape("bell\x07 esc\x1b[31m del\x7f c1\xC2\x9B") ==
        "bell[U+0007] esc[U+001B][31m del[U+007F] c1[U+009B]");
  CHECK(detail::html_escape("line\r\nnext\ttab") == "line\nnext\ttab");
  // Ordinary non-ASCII text passes: umlauts, typographic quotes, CJK.
  CHECK(detail::html_escape("M\xC3\xBCller \xE2\x80\x99 \xE6\x97\xA5") ==
        "M\xC3\xBCller \xE2\x80\x99 \xE6\x97\xA5");
}

TEST_CASE("html report: self-contained, with a banner in the status's colour", "[html]") {
  const std::string page = render_html(test::sample_report());
  CHECK(page.starts_with("<!DOCTYPE html>\n"));
  CHECK(has(page, "<header class=\"banner critical\">"));
  CHECK(has(page, ".critical{background:#cf222e}"));
  CHECK(has(page, "<h2>Servers ("));
  CHECK(has(page, "<h2>Findings ("));
  CHECK(has(page, "kb4294204.stale-topology"));
  // Nothing fetched, nothing run.
  CHECK_FALSE(has(page, "<script"));
  CHECK_FALSE(has(page, "src="));
  CHECK_FALSE(has(page, "href="));
  CHECK(has(page, "default-src 'none'"));
}

TEST_CASE("html report: hostile server names and step output stay text", "[html]") {
  Report r = test::sample_report();
  r.command = "remediate";
  r.servers.front().name = "<script>alert(1)</script>&\"'" + k_rlo + "x";
  r.findings.front().server = r.servers.front().name;
  r.findings.front().summary = "summary <b>not bold</b>";
  auto plan = test::plan_for(test::plan_org(), {});
  REQUIRE(plan.has_value());
  r.plan = std::move(*plan);
  r.plan->dry_run = false;
  r.plan->steps.front().status = StepStatus::failed;
  r.plan->steps.front().output = "</pre><script>steal()</script>\x1b]0;title\x07" + k_rlo;
  const std::string page = render_html(r);
  CHECK_FALSE(has(page, "<script"));
  CHECK_FALSE(has(page, "<b>not bold"));
  CHECK_FALSE(has(page, k_rlo));
  CHECK_FALSE(has(page, "\x1b"));
  CHECK(has(page, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;[U+202E]x"));
  CHECK(has(page,
            "&lt;/pre&gt;&lt;script&gt;steal()&lt;/script&gt;[U+001B]]0;title[U+0007][U+202E]"));
  CHECK(has(page, "Remediation record"));
}

TEST_CASE("html report: a dry-run plan shows each step's purpose and laid-out command", "[html]") {
  Report r = test::sample_report();
  r.command = "remediate";
  auto plan = test::plan_for(test::plan_org(), {});
  REQUIRE(plan.has_value());
  r.plan = std::move(*plan);
  const std::string page = render_html(r);
  CHECK(has(page, "Plan (dry run: nothing has been run)"));
  CHECK(has(page, "Restart MSExchangeADTopology on "));
  CHECK(has(page, "\n    Restart-Service -Name &#39;MSExchangeADTopology&#39; -Force\n"));
}

TEST_CASE("render dispatches --format html", "[html]") {
  CHECK(render(test::sample_report(), OutputFormat::html, {}).starts_with("<!DOCTYPE html>"));
}
