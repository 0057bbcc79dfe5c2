// The "PS> " convention of Finding::remedy and the evidence outline shared by
// the text and markdown reports.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "casdoctor/report/outline.hpp"
#include "casdoctor/report/remedy.hpp"

using namespace casdoctor;
using Kind = RemedyBlock::Kind;
using Json = nlohmann::ordered_json;

namespace {

struct Expected {
  Kind kind;
  std::vector<std::string> lines;
};

void check_blocks(const std::string& remedy, const std::vector<Expected>& expected) {
  const auto blocks = split_remedy(remedy);
  REQUIRE(blocks.size() == expected.size());
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    CHECK(blocks[i].kind == expected[i].kind);
    CHECK(blocks[i].lines == expected[i].lines);
  }
}

}  // namespace

TEST_CASE("remedy: PS> lines are commands, others prose", "[report]") {
  check_blocks(
      "Restart the services.\nPS> Restart-Service -Name 'MSExchangeADTopology' -Force\n"
      "PS> iisreset /noforce\nThen log on to OWA.",
      {{Kind::prose, {"Restart the services."}},
       {Kind::commands,
        {"Restart-Service -Name 'MSExchangeADTopology' -Force", "iisreset /noforce"}},
       {Kind::prose, {"Then log on to OWA."}}});
}

TEST_CASE("remedy: blank lines end blocks, CRLF is a line end", "[report]") {
  check_blocks("one\r\ntwo\r\n\r\nthree\r\nPS> a\r\n\r\nPS> b\r\n", {{Kind::prose, {"one", "two"}},
                                                                     {Kind::prose, {"three"}},
                                                                     {Kind::commands, {"a"}},
                                                                     {Kind::commands, {"b"}}});
}

TEST_CASE("remedy: only an exact \"PS> \" prefix makes a command", "[report]") {
  check_blocks("PS>iisreset\n  PS> iisreset\nps> iisreset",
               {{Kind::prose, {"PS>iisreset", "  PS> iisreset", "ps> iisreset"}}});
  check_blocks("", {});
  CHECK(remedy_lines("a\nb\n") == std::vector<std::string_view>{"a", "b"});
}

TEST_CASE("outline: nested evidence as indented key: value lines", "[report]") {
  Json evidence;
  evidence["server"] = "EX16A";
  evidence["stale"] = true;
  evidence["count"] = 2;
  evidence["start_time"] = nullptr;
  evidence["revert"] = {{"server", "EX10A"}, {"by", "CONTOSO\\admin"}};
  evidence["services"] = Json::array({"MSExchangeADTopology", "W3SVC"});
  evidence["changes"] = Json::array({{{"at", "10:00"}, {"value", false}}, {{"at", "11:00"}}});
  evidence["none"] = Json::array();
  evidence["note"] = "line1\nline2";
  evidence["empty"] = "";
  CHECK(outline_lines(evidence) == std::vector<std::string>{
                                       "server: EX16A",
                                       "stale: true",
                                       "count: 2",
                                       "start_time: null",
                                       "revert:",
                                       "  server: EX10A",
                                       "  by: CONTOSO\\admin",
                                       "services: MSExchangeADTopology, W3SVC",
                                       "changes:",
                                       "  - at: 10:00",
                                       "    value: false",
                                       "  - at: 11:00",
                                       "none: (none)",
                                       "note: line1\\nline2",
                                       "empty: \"\"",
                                   });
}

TEST_CASE("outline: deeper nesting and non-object evidence", "[report]") {
  const Json nested = {{"a", {{"b", {{"c", 1}}}}}, {"m", Json::array({Json::array({1, 2})})}};
  CHECK(outline_lines(nested) ==
        std::vector<std::string>{"a:", "  b:", "    c: 1", "m:", "  - 1, 2"});
  CHECK(outline_lines(Json::object()).empty());
  CHECK(outline_lines(Json(nullptr)).empty());
  CHECK(outline_lines(Json("text")) == std::vector<std::string>{"value: text"});
}
