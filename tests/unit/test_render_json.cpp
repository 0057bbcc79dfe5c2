// render_json: the casdoctor.report/1 document exactly as the contract names
// it. Every document rendered here is kept for the schema test.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "casdoctor/report/render.hpp"

#include "report_samples.hpp"

using namespace casdoctor;
using casdoctor::test::render_and_keep;
using casdoctor::test::sample_report;
using Json = nlohmann::ordered_json;

namespace {

std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

}  // namespace

TEST_CASE("json: top-level members in contract order", "[report]") {
  const Json doc = Json::parse(render_and_keep("sample", sample_report()));
  CHECK(keys_of(doc) == std::vector<std::string>{"schema", "tool", "command", "generated_at",
                                                 "status", "exit_code", "servers", "findings"});
  CHECK(doc["schema"] == "casdoctor.report/1");
  CHECK(doc["tool"] == Json{{"name", "casdoctor"}, {"version", "0.1.0"}});
  CHECK(keys_of(doc["tool"]) == std::vector<std::string>{"name", "version"});
  CHECK(doc["command"] == "diagnose");
  CHECK(doc["generated_at"] == "2018-06-20T09:00:00Z");
  CHECK(doc["status"] == "critical");
  CHECK(doc["exit_code"] == 2);
}

TEST_CASE("json: every ServerRecord member", "[report]") {
  const Json doc = Json::parse(render_and_keep("sample-servers", sample_report()));
  REQUIRE(doc["servers"].size() == 3);
  const Json& s = doc["servers"][0];
  CHECK(keys_of(s) == std::vector<std::string>{"name", "fqdn", "site", "roles", "product", "update",
                                               "build", "release_date", "kb4294204",
                                               "is_out_of_service"});
  CHECK(s["name"] == "EX10A");
  CHECK(s["fqdn"] == "EX10A.contoso.com");
  CHECK(s["site"] == "Berlin");
  CHECK(s["roles"] == Json::array({"Mailbox"}));
  CHECK(s["product"] == "Exchange Server 2010");
  CHECK(s["update"] == "SP3 RU22");
  CHECK(s["build"] == "14.3.411.0");
  CHECK(s["release_date"] == "2017-12-19");
  CHECK(s["kb4294204"] == "not-applicable");
  CHECK(s["is_out_of_service"] == false);
}

TEST_CASE("json: is_out_of_service true, false and null", "[report]") {
  const auto [value, expected, name] = GENERATE(
      table<std::optional<bool>, Json, std::string>({{true, Json(true), "oos-true"},
                                                     {false, Json(false), "oos-false"},
                                                     {std::nullopt, Json(nullptr), "oos-null"}}));
  Report report = sample_report();
  report.servers.resize(1);
  report.servers[0].is_out_of_service = value;
  const Json doc = Json::parse(render_and_keep(name, report));
  REQUIRE(doc["servers"][0].contains("is_out_of_service"));
  CHECK(doc["servers"][0]["is_out_of_service"] == expected);
}

TEST_CASE("json: build_note only when there is one", "[report]") {
  Report report = sample_report();
  report.servers[1].build_note = "ExSetup 15.1.1415.4 is not in the catalogue; nearest CU8";
  const Json doc = Json::parse(render_and_keep("build-note", report));
  CHECK_FALSE(doc["servers"][0].contains("build_note"));
  CHECK(keys_of(doc["servers"][1]).back() == "build_note");
  CHECK(doc["servers"][1]["build_note"] == report.servers[1].build_note);
}

TEST_CASE("json: findings with evidence and remedy", "[report]") {
  const Report report = sample_report();
  const Json doc = Json::parse(render_and_keep("findings", report));
  REQUIRE(doc["findings"].size() == report.findings.size());
  const Json& f = doc["findings"][1];  // input order, not grouped by severity
  CHECK(keys_of(f) ==
        std::vector<std::string>{"id", "severity", "server", "summary", "evidence", "remedy"});
  CHECK(f["id"] == "kb4294204.stale-topology");
  CHECK(f["severity"] == "critical");
  CHECK(f["server"] == "EX16A");
  CHECK(f["summary"] == "EX16A still caches EX10A as out of service");
  CHECK(f["evidence"] == report.findings[1].evidence);
  CHECK(keys_of(f["evidence"]) ==
        std::vector<std::string>{"revert", "started_before_revert", "services"});
  CHECK(f["remedy"] == report.findings[1].remedy);
  CHECK(doc["findings"][0]["severity"] == "info");
  CHECK(doc["findings"][0]["evidence"] == Json::object());
}

TEST_CASE("json: status and exit_code agree", "[report]") {
  const auto [status, name, code] =
      GENERATE(table<Status, std::string, int>({{Status::ok, "ok", 0},
                                                {Status::warning, "warning", 1},
                                                {Status::critical, "critical", 2},
                                                {Status::unknown, "unknown", 3}}));
  Report report = sample_report();
  report.status = status;
  const Json doc = Json::parse(render_and_keep("status-" + name, report));
  CHECK(doc["status"] == name);
  CHECK(doc["exit_code"] == code);
}

TEST_CASE("json: empty report keeps empty arrays", "[report]") {
  Report report;
  report.command = "build";
  report.tool_version = "0.1.0";
  report.generated_at = test::sample_time() + std::chrono::milliseconds(250);
  const Json doc = Json::parse(render_and_keep("empty", report));
  CHECK(doc["status"] == "ok");
  CHECK(doc["exit_code"] == 0);
  CHECK(doc["servers"] == Json::array());
  CHECK(doc["findings"] == Json::array());
  CHECK(doc["generated_at"] == "2018-06-20T09:00:00.250Z");
}

TEST_CASE("json: evidence is always an object", "[report]") {
  Report report = sample_report();
  report.findings[0].evidence = nullptr;
  report.findings[2].evidence = Json::array({"a", "b"});
  const Json doc = Json::parse(render_and_keep("evidence-shapes", report));
  CHECK(doc["findings"][0]["evidence"] == Json::object());
  CHECK(doc["findings"][2]["evidence"] == Json{{"value", Json::array({"a", "b"})}});
}

TEST_CASE("json: 2-space indent, trailing newline, deterministic", "[report]") {
  const std::string json = render_and_keep("layout", sample_report());
  CHECK(json.starts_with("{\n  \"schema\": \"casdoctor.report/1\",\n  \"tool\": {\n    \"name\""));
  CHECK(json.ends_with("}\n"));
  CHECK_FALSE(json.ends_with("\n\n"));
  CHECK(json == render_json(sample_report()));
}

TEST_CASE("json: non-ASCII as \\u escapes that round-trip", "[report]") {
  const std::string json = render_and_keep("non-ascii", sample_report());
  CHECK(json.find("\"site\": \"Z\\u00fcrich\"") != std::string::npos);
  CHECK(std::ranges::all_of(json, [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
  CHECK(Json::parse(json)["servers"][1]["site"] == "Zürich");
}

TEST_CASE("json: malformed UTF-8 from a snapshot does not throw", "[report]") {
  Report report = sample_report();
  report.servers[0].name = "EX\xff\xfe";
  report.findings[0].evidence["raw"] = "bad \xc3";
  std::string json;
  REQUIRE_NOTHROW(json = render_and_keep("malformed-utf8", report));
  CHECK(Json::parse(json)["servers"][0]["name"] == "EX\xEF\xBF\xBD\xEF\xBF\xBD");
}
