// A saved plan is input: a value in it that could leave its PowerShell
// literal is refused with its JSON pointer before any command is made from
// it (core/ps_quote.hpp), never stripped.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/remediate/plan_json.hpp"
#include "casdoctor/report/render.hpp"

#include "../helpers/plan_cases.hpp"
#include "report_samples.hpp"

using namespace casdoctor;

namespace {

nlohmann::json saved_plan() {
  Report r = test::sample_report();
  r.command = "remediate";
  PlanOptions options;
  options.servers = {"EX16A"};
  options.verify = test::evil_verify();
  auto plan = test::plan_for(test::plan_org(), options);
  REQUIRE(plan.has_value());
  r.plan = std::move(*plan);
  return nlohmann::json::parse(render_json(r));
}

}  // namespace

TEST_CASE("saved plan: values that could leave their literal are refused by pointer",
          "[remediate][hostile]") {
  REQUIRE(plan_from_json(saved_plan()).has_value());
  struct Case {
    std::string pointer;
    std::string value;
    std::string problem;
  };
  const Case cases[] = {
      {"/plan/steps/0/fqdn", "EX16A.contoso.com\n\v\n; Stop-Computer; '",
       "contains a control character U+000A at character 18"},
      {"/plan/steps/0/fqdn", std::string(11988, 'a') + ".contoso.com",
       "is 12000 characters long, more than 255"},
      {"/plan/steps/0/server", "EX16A\xE2\x80\xAE",
       "contains an invisible formatting character U+202E at character 6"},
      {"/plan/steps/2/expect_running/3", "MSExchangeIS\xC2\x85; Stop-Computer",
       "contains a control character U+0085 at character 13"},
      {"/plan/steps/3/logon/url", "https://mail.contoso.com/owa\r; Stop-Computer",
       "contains a control character U+000D at character 29"},
      {"/plan/steps/3/logon/user", "CONTOSO\\admin\xC2\xA0",
       "contains white space other than a plain space U+00A0 at character 14"},
      {"/plan/steps/3/logon/address", "127.0.0.1:4431\xE2\x80\xA8",
       "contains white space other than a plain space U+2028 at character 15"},
  };
  for (const auto& c : cases) {
    INFO(c.pointer);
    auto doc = saved_plan();
    doc[nlohmann::json::json_pointer(c.pointer)] = c.value;
    const auto plan = plan_from_json(doc);
    REQUIRE_FALSE(plan.has_value());
    CHECK(plan.error().code == ExitCode::bad_input);
    CHECK(plan.error().message.find(c.pointer + ": " + c.problem) != std::string::npos);
    CHECK(plan.error().message.find("Stop-Computer") == std::string::npos);
  }
}
