// Data must never become code: every value from an org, a user or a saved
// plan that casdoctor places into PowerShell is either refused with its
// field named, or reaches PowerShell byte for byte as casdoctor wrote it,
// whichever way the script travels (-EncodedCommand, or the bootstrap with
// the script on stdin). That the value then lies inside one single-quoted
// literal is PowerShell's own parser's judgement: pwsh.parser_oracle reads
// the plans of the same three fields (name, FQDN, dependent service) made
// from tests/helpers/hostile_cases.hpp through its token stream.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/lab/powershell_args.hpp"
#include "casdoctor/powershell/collection_script.hpp"
#include "casdoctor/powershell/invocation.hpp"
#include "casdoctor/remediate/service_state.hpp"
#include "casdoctor/report/remedy.hpp"
#include "casdoctor/snapshot/reader.hpp"

#include "../helpers/plan_cases.hpp"

using namespace casdoctor;

namespace {

struct Hostile {
  std::string what;
  std::string value;
  bool refused;  // by every field: a character no name may hold
};

std::vector<Hostile> hostile_values() {
  return {
      {"single quote", "x'; Stop-Computer; '", false},
      {"U+2018", "x\xE2\x80\x98; Stop-Computer; \xE2\x80\x98", false},
      {"U+2019", "x\xE2\x80\x99; Stop-Computer; \xE2\x80\x99", false},
      {"U+201A", "x\xE2\x80\x9A; Stop-Computer; \xE2\x80\x9A", false},
      {"U+201B", "x\xE2\x80\x9B; Stop-Computer; \xE2\x80\x9B", false},
      {"double quote", "x\"; Stop-Computer; \"", false},
      {"subexpression", "x$(Stop-Computer)", false},
      {"backtick", "x`'; Stop-Computer; `'", false},
      {"semicolon", "x; Stop-Computer", false},
      {"LF", "x'\n; Stop-Computer; '", true},
      {"CRLF", "x'\r\n; Stop-Computer; '", true},
      {"lone CR", "x'\r; Stop-Computer; '", true},
      {"VT line", "x\n\v\n; Stop-Computer; '", true},
      {"FF line", "x\n\f\n; Stop-Computer; '", true},
      {"NEL", "x\xC2\x85; Stop-Computer", true},
      {"NBSP line", "x\n\xC2\xA0\n; Stop-Computer", true},
      {"U+2028", "x\xE2\x80\xA8; Stop-Computer", true},
      {"U+3000", "x\xE3\x80\x80y", true},
      {"TAB", "x\ty", true},
      {"ESC", "x\x1b[31my", true},
      {"DEL", "x\x7fy", true},
      {"RLO", "x\xE2\x80\xAEmoc.sotnoc", true},
      {"zero width space", "x\xE2\x80\x8By", true},
      {"not UTF-8", "x\xFFy", true},
  };
}

// A 12,000-character FQDN: too long for every field.
const std::string k_long_fqdn = std::string(11988, 'a') + ".contoso.com";

// Which snapshot field holds the value.
enum class Field { name, fqdn, dependent };

struct FieldCase {
  Field field;
  std::string pointer;  // as the error names it
  std::string harmless;
};

const std::vector<FieldCase> k_fields = {
    {Field::name, "/exchange_servers/0/Name", "HARMLESS"},
    {Field::fqdn, "/exchange_servers/0/Fqdn", "harmless.contoso.com"},
    {Field::dependent, "/dependent_services/0/Name", "HarmlessSvc"},
};

// A stale 2016 server (and the 2010 CAS whose revert made it stale) with
// `value` in one field.
test::PlanOrg org_with(Field field, const std::string& value) {
  using std::chrono::hours;
  const std::string name = field == Field::name ? value : std::string("EX16H");
  const std::string fqdn = field == Field::fqdn ? value : std::string("ex16h.contoso.com");
  test::PlanOrg o;
  o.snapshot.exchange_servers.push_back(
      {name, fqdn, "Site1", {"Mailbox"}, BuildNumber{15, 1, 1415, 2}});
  o.services(name, hours{-20});
  o.dependents(name, {field == Field::dependent ? value : std::string("MSExchangeIS")});
  o.server("EX2010", {14, 3, 123, 4}, {"Mailbox", "ClientAccess"});
  o.snapshot.client_access_servers.push_back({"EX2010", false});
  AuditEntry revert;
  revert.run_date = test::plan_revert_time();
  revert.cmdlet_name = "Set-ClientAccessServer";
  revert.object_modified = "EX2010";
  revert.parameters = {{"Identity", "EX2010"}, {"IsOutOfService", "False"}};
  o.snapshot.audit = std::vector<AuditEntry>{revert};
  o.snapshot.collected_at = test::plan_revert_time() + hours{1};  // within the 24 h cache life
  return o;
}

PlanOptions options_with_logon(const std::string& server) {
  VerifyStepOptions verify;
  verify.url = "https://mail.contoso.com/owa";
  verify.user = "CONTOSO\\admin";
  verify.addresses = {{server, "127.0.0.1:4431"}};
  PlanOptions options;
  options.verify = verify;
  return options;
}

// Every piece of PowerShell a plan leads to: the steps' commands, the
// executor's service query after each, and the commands of on_failure.
std::vector<std::string> plan_scripts(const Plan& plan) {
  std::vector<std::string> scripts;
  for (const auto& step : plan.steps) {
    scripts.push_back(step.command);
    if (step.action == StepAction::check_services) {
      scripts.push_back(service_query_script(step.expect_running, step.fqdn));
    }
    for (const auto& block : split_remedy(step.on_failure)) {
      if (block.kind != RemedyBlock::Kind::commands) continue;
      for (const auto& line : block.lines) scripts.push_back(line);
    }
  }
  return scripts;
}

// What PowerShell receives on each path, decoded the way it decodes it
// (the lab's independent decoders).
std::vector<std::string> as_received(const std::string& script) {
  std::vector<std::string> received;
  const auto short_path = powershell_command("pwsh", script);
  REQUIRE_FALSE(short_path.stdin_data.has_value());
  auto decoded = lab::decode_encoded_command(short_path.args.back());
  REQUIRE(decoded.has_value());
  received.push_back(*decoded);
  // Padded past the command-line limit, the same command takes the long path.
  const std::string long_script = "# " + std::string(13000, 'x') + "\n" + script;
  const auto long_path = powershell_command("pwsh", long_script);
  REQUIRE(long_path.stdin_data.has_value());
  auto bootstrap = lab::decode_encoded_command(long_path.args.back());
  REQUIRE(bootstrap.has_value());
  CHECK(lab::is_stdin_bootstrap(*bootstrap));
  auto payload = lab::bootstrap_payload(*long_path.stdin_data);
  REQUIRE(payload.has_value());
  REQUIRE(payload->starts_with("# " + std::string(13000, 'x') + "\n"));
  received.push_back(payload->substr(13003));
  return received;
}

}  // namespace

TEST_CASE("hostile snapshot values: refused naming the field, or intact on both paths",
          "[hostile]") {
  auto cases = hostile_values();
  cases.push_back({"12,000-character FQDN", k_long_fqdn, true});
  for (const auto& field : k_fields) {
    const auto harmless_org = org_with(field.field, field.harmless);
    REQUIRE(check_powershell_values(harmless_org.snapshot, "snapshot"));
    const auto harmless_plan = test::plan_for(
        harmless_org, options_with_logon(field.field == Field::name ? field.harmless : "EX16H"));
    REQUIRE(harmless_plan.has_value());
    const auto harmless_scripts = plan_scripts(*harmless_plan);
    for (const auto& hostile : cases) {
      INFO(field.pointer << " with " << hostile.what);
      const auto org = org_with(field.field, hostile.value);
      const auto fit = check_powershell_values(org.snapshot, "snapshot");
      if (hostile.refused) {
        REQUIRE_FALSE(fit.has_value());
        CHECK(fit.error().code == ExitCode::bad_input);
        CHECK(fit.error().message.starts_with("snapshot: " + field.pointer + ": "));
        CHECK(fit.error().message.find("Stop-Computer") == std::string::npos);
        // ps_quote's own refusal: characters (a length is the field's to judge).
        if (hostile.value != k_long_fqdn) {
          CHECK_THROWS_AS(ps_quote(hostile.value), std::invalid_argument);
        }
        continue;
      }
      REQUIRE(fit.has_value());
      const auto plan = test::plan_for(
          org, options_with_logon(field.field == Field::name ? hostile.value : "EX16H"));
      REQUIRE(plan.has_value());
      const auto scripts = plan_scripts(*plan);
      REQUIRE(scripts.size() == harmless_scripts.size());
      int holding = 0;
      for (std::size_t i = 0; i < scripts.size(); ++i) {
        for (const auto& received : as_received(scripts[i])) CHECK(received == scripts[i]);
        if (scripts[i] != harmless_scripts[i]) ++holding;
      }
      CHECK(holding > 0);  // the value did reach the scripts
    }
  }
}

TEST_CASE("hostile snapshot values: read_snapshot refuses them with exit 65", "[hostile]") {
  const std::string document =
      "{\"schema\":\"casdoctor.snapshot/1\",\"exchange_servers\":[{\"Name\":\"EX16A\","
      "\"Fqdn\":\"ex16a.contoso.com\"},{\"Name\":\"EX16B\",\"Fqdn\":\"ex16b\\u000b.contoso.com\"}],"
      "\"client_access_servers\":[],\"services\":[],\"dependent_services\":[],"
      "\"exsetup_versions\":[],\"audit\":[],\"errors\":[]}";
  const auto snapshot = read_snapshot(document, "snap.json");
  REQUIRE_FALSE(snapshot.has_value());
  CHECK(snapshot.error().code == ExitCode::bad_input);
  CHECK(snapshot.error().message ==
        "snap.json: /exchange_servers/1/Fqdn: contains a control character U+000B at "
        "character 6");
  // parse_snapshot leaves that check to its caller (a live collection).
  CHECK(parse_snapshot(document, "snap.json").has_value());
}

TEST_CASE("hostile command-line values: refused naming the option, or intact on both paths",
          "[hostile]") {
  auto cases = hostile_values();
  cases.push_back({"12,000 characters", k_long_fqdn, true});
  const auto org = org_with(Field::dependent, "MSExchangeIS");
  struct Option {
    std::string name;
    std::string harmless;
    void (*set)(VerifyStepOptions&, const std::string&);
  };
  const std::vector<Option> options = {
      {"--url", "https://mail.contoso.com/owa",
       [](VerifyStepOptions& v, const std::string& s) { v.url = s; }},
      {"--user", "CONTOSO\\admin", [](VerifyStepOptions& v, const std::string& s) { v.user = s; }},
      {"--via", "127.0.0.1:4431",
       [](VerifyStepOptions& v, const std::string& s) {
         v.addresses = {{"EX16H", s}};
       }},
  };
  for (const auto& option : options) {
    auto harmless_options = options_with_logon("EX16H");
    option.set(*harmless_options.verify, option.harmless);
    const auto harmless_plan = test::plan_for(org, harmless_options);
    REQUIRE(harmless_plan.has_value());
    for (const auto& hostile : cases) {
      INFO(option.name << " with " << hostile.what);
      auto plan_options = options_with_logon("EX16H");
      const std::string value = option.harmless + hostile.value;
      option.set(*plan_options.verify, value);
      const auto plan = test::plan_for(org, plan_options);
      if (hostile.refused) {
        REQUIRE_FALSE(plan.has_value());
        CHECK(plan.error().code == ExitCode::usage);
        CHECK(plan.error().message.starts_with(option.name + ": "));
        continue;
      }
      REQUIRE(plan.has_value());
      const auto& logon = plan->steps.back();
      REQUIRE(logon.action == StepAction::verify_logon);
      CHECK(logon.command != harmless_plan->steps.back().command);
      for (const auto& received : as_received(logon.command)) CHECK(received == logon.command);
    }
  }
}

TEST_CASE("hostile --ems-uri: refused naming the option, or reaches PowerShell intact",
          "[hostile]") {
  auto cases = hostile_values();
  cases.push_back({"12,000 characters", k_long_fqdn, true});
  const std::string harmless = "http://ex16a.contoso.com/PowerShell/";
  CollectOptions harmless_options;
  harmless_options.ems = EmsMode::remote;
  harmless_options.ems_uri = harmless;
  const auto harmless_script = collection_script(harmless_options);
  REQUIRE(harmless_script.has_value());
  for (const auto& hostile : cases) {
    INFO(hostile.what);
    CollectOptions options = harmless_options;
    options.ems_uri = harmless + hostile.value;
    const auto script = collection_script(options);
    if (!script) {
      CHECK(script.error().code == ExitCode::usage);
      CHECK(script.error().message.starts_with("--ems-uri: "));
      continue;
    }
    CHECK_FALSE(hostile.refused);
    CHECK(*script != *harmless_script);
    for (const auto& received : as_received(*script)) CHECK(received == *script);
  }
}

TEST_CASE("ps_value_problem: one phrase naming the character and where", "[hostile]") {
  CHECK_FALSE(ps_value_problem("EX16A.contoso.com", ps_limit::fqdn));
  CHECK_FALSE(ps_value_problem("Z\xC3\xBCrich O'Brien", ps_limit::server_name));
  CHECK(ps_value_problem("ab\vc", 10) == "contains a control character U+000B at character 3");
  CHECK(ps_value_problem("a\xC2\xA0", 10) ==
        "contains white space other than a plain space U+00A0 at character 2");
  CHECK(ps_value_problem("\xE2\x80\xAE", 10) ==
        "contains an invisible formatting character U+202E at character 1");
  CHECK(ps_value_problem("ab\xFF", 10) == "is not valid UTF-8 (byte 3)");
  CHECK(ps_value_problem(std::string(256, 'a'), ps_limit::fqdn) ==
        "is 256 characters long, more than 255");
  CHECK_FALSE(ps_value_problem(std::string(255, 'a'), ps_limit::fqdn));
  // Characters, not bytes: 64 two-byte letters fit a server name.
  std::string umlauts;
  for (int i = 0; i < 64; ++i) umlauts += "\xC3\xBC";
  CHECK_FALSE(ps_value_problem(umlauts, ps_limit::server_name));
  const auto fit = check_ps_value("--user", "a\rb", ps_limit::user, ExitCode::usage);
  REQUIRE_FALSE(fit.has_value());
  CHECK(fit.error().message == "--user: contains a control character U+000D at character 2");
  CHECK(fit.error().code == ExitCode::usage);
}
