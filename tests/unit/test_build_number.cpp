#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "casdoctor/catalog/build_number.hpp"

using casdoctor::BuildNumber;
using casdoctor::ExitCode;
using casdoctor::parse_build_number;
using casdoctor::to_long_form;
using casdoctor::to_short_form;

namespace {

struct AcceptedCase {
  std::string_view text;
  std::string_view short_form;
};

struct FormCase {
  BuildNumber build;
  std::string_view short_form;
  std::string_view long_form;
};

// The quoted text as the message shows it: short ASCII input, control
// characters replaced by '?'.
std::string shown_in_message(std::string_view text) {
  std::string shown(text);
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20U) c = '?';
  }
  return shown;
}

}  // namespace

TEST_CASE("parse_build_number reads the short, long and AdminDisplayVersion forms",
          "[build_number]") {
  const AcceptedCase accepted_case = GENERATE(values<AcceptedCase>({
      {"15.1.1531.3", "15.1.1531.3"},
      {"15.01.1531.003", "15.1.1531.3"},
      {"14.03.0411.000", "14.3.411.0"},
      {"0.0.0.0", "0.0.0.0"},
      {"99999.99999.99999.99999", "99999.99999.99999.99999"},
      {"00015.000001.0001531.00000003", "15.1.1531.3"},
      {"Version 15.1 (Build 1531.3)", "15.1.1531.3"},
      {"Version 14.3 (Build 123.4)", "14.3.123.4"},
      {"Version 15.1 (Build 1531.3: some description)", "15.1.1531.3"},
      {"Version 15.2 (Build 1118.7: Security Update For Exchange Server 2019 CU12 SU (KB5014260))",
       "15.2.1118.7"},
      {"Version 15.1 (Build 1531.3:)", "15.1.1531.3"},
      {"version 15.1 (build 1531.3)", "15.1.1531.3"},
      {"VERSION 15.1 (BUILD 1531.3)", "15.1.1531.3"},
      {"Version  15.1  ( Build  1531.3 )", "15.1.1531.3"},
      {"  15.1.1531.3  ", "15.1.1531.3"},
      {"\t15.01.1531.003\r\n", "15.1.1531.3"},
      {" \tVersion 15.1 (Build 1531.3)\n", "15.1.1531.3"},
  }));
  CAPTURE(accepted_case.text);

  const auto parsed = parse_build_number(accepted_case.text);

  REQUIRE(parsed.has_value());
  CHECK(to_short_form(*parsed) == accepted_case.short_form);
}

TEST_CASE("parse_build_number rejects anything else with a bad_input error", "[build_number]") {
  const std::string_view text = GENERATE(values<std::string_view>({
      "",
      "   ",
      "15",
      "15.1.1531",
      "15.1.1531.3.4",
      "15.1..3",
      ".15.1.1531.3",
      "15.1.1531.3.",
      "-15.1.1531.3",
      "15.1.-1531.3",
      "+15.1.1531.3",
      "15.1.1531.3a",
      "15.1.1531.3 junk",
      "15.1.1531.3\n15.1.1531.3",
      "1 5.1.1531.3",
      "15,1,1531,3",
      "a.b.c.d",
      "0x0F.1.1531.3",
      "15.1.1531.100000",
      "100000.1.1531.3",
      "15.1.1531.99999999999999999999",
      "Version 15.1 (Build 1531)",
      "Version 15.1 (Build 1531.3",
      "Version 15.1 (Build 1531.3) trailing",
      "Version 15.1 (Build 1531.3: description) trailing",
      "Version 15.1 (Build 1531.3: no closing parenthesis",
      "Version15.1 (Build 1531.3)",
      "Version 15.1 (Build1531.3)",
      "Version 15 (Build 1531.3)",
      "Version 15.1.1531.3",
      "Version 15.1 Build 1531.3",
      "Ver 15.1 (Build 1531.3)",
  }));
  CAPTURE(text);

  const auto parsed = parse_build_number(text);

  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().code == ExitCode::bad_input);
  CHECK(parsed.error().message == "not a build number: '" + shown_in_message(text) + "'");
}

TEST_CASE("parse_build_number quotes very long or odd text in a short one-line message",
          "[build_number]") {
  SECTION("long text is cut and marked") {
    const std::string text(10'000, '9');
    const auto parsed = parse_build_number(text);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().message == "not a build number: '" + std::string(64, '9') + "...'");
  }
  SECTION("the cut does not split a UTF-8 character") {
    const std::string text = std::string(63, 'x') + "\xC3\xA9" + "tail";  // "é" across byte 64
    const auto parsed = parse_build_number(text);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().message == "not a build number: '" + std::string(63, 'x') + "...'");
  }
  SECTION("control characters do not reach the terminal") {
    const auto parsed = parse_build_number("15.1\x1b[2J");
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().message == "not a build number: '15.1?[2J'");
  }
}

TEST_CASE("to_short_form and to_long_form write the two dotted forms", "[build_number]") {
  const FormCase form_case = GENERATE(values<FormCase>({
      {{15, 1, 1531, 3}, "15.1.1531.3", "15.01.1531.003"},
      {{15, 0, 1395, 4}, "15.0.1395.4", "15.00.1395.004"},
      {{14, 3, 411, 0}, "14.3.411.0", "14.03.0411.000"},
      {{15, 2, 2562, 17}, "15.2.2562.17", "15.02.2562.017"},
      {{15, 0, 516, 32}, "15.0.516.32", "15.00.0516.032"},
      {{0, 0, 0, 0}, "0.0.0.0", "00.00.0000.000"},
      {{15, 1, 12345, 1234}, "15.1.12345.1234", "15.01.12345.1234"},  // wider fields not cut
  }));
  CAPTURE(form_case.short_form);

  CHECK(to_short_form(form_case.build) == form_case.short_form);
  CHECK(to_long_form(form_case.build) == form_case.long_form);

  const auto from_short = parse_build_number(form_case.short_form);
  const auto from_long = parse_build_number(form_case.long_form);
  REQUIRE(from_short.has_value());
  REQUIRE(from_long.has_value());
  CHECK(*from_short == form_case.build);
  CHECK(*from_long == form_case.build);
}

TEST_CASE("build numbers order field by field, not as text", "[build_number]") {
  CHECK(BuildNumber{15, 1, 1531, 3} < BuildNumber{15, 1, 1531, 10});
  CHECK(BuildNumber{15, 1, 999, 99} < BuildNumber{15, 1, 1531, 0});
  CHECK(BuildNumber{14, 3, 513, 0} < BuildNumber{15, 0, 516, 32});
}
