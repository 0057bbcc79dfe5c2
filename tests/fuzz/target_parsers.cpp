// Fuzz targets for the readers of outside text: snapshots, build numbers,
// durations, saved plans and services' state.
#include <nlohmann/json.hpp>

#include "casdoctor/catalog/build_number.hpp"
#include "casdoctor/core/duration.hpp"
#include "casdoctor/remediate/plan_json.hpp"
#include "casdoctor/remediate/service_state.hpp"
#include "casdoctor/report/render.hpp"
#include "casdoctor/report/report.hpp"
#include "casdoctor/snapshot/reader.hpp"

#include "fuzz_support.hpp"

namespace casdoctor::fuzz {
namespace {

bool has_control_character(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20U || c == '\x7f') return true;
  }
  return false;
}

// A plan that was accepted, written again as remediate --dry-run writes
// it, reads back to the same targets and steps.
void check_plan_round_trip(const Plan& plan) {
  Report report;
  report.command = "remediate";
  report.plan = plan;
  const auto back = plan_from_json(nlohmann::json::parse(render_json(report)));
  require(back.has_value(), "an accepted plan, written again, is refused: " +
                                (back ? std::string() : back.error().message));
  require(back->targets == plan.targets && back->evidence == plan.evidence,
          "the plan's targets change in a round trip");
  require(back->steps.size() == plan.steps.size(), "the plan's steps change in a round trip");
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const auto& a = plan.steps[i];
    const auto& b = back->steps[i];
    require(a.server == b.server && a.fqdn == b.fqdn && a.action == b.action &&
                a.command == b.command && a.expect_running == b.expect_running &&
                a.logon == b.logon,
            "a step changes in a round trip");
  }
}

}  // namespace

// Any bytes: a document, or a bad_input error that names its source.
void snapshot_reader(std::string_view input) {
  const auto snapshot = read_snapshot(input, "fuzz.json");
  if (snapshot) return;
  require(snapshot.error().code == ExitCode::bad_input, "a snapshot error is not bad_input");
  require(snapshot.error().message.starts_with("fuzz.json"),
          "a snapshot error does not start with the source name");
}

// What parses prints in both forms, and both forms read back the same;
// an error quotes the text on one short line.
void build_number(std::string_view input) {
  const auto build = parse_build_number(input);
  if (!build) {
    require(build.error().code == ExitCode::bad_input, "a build number error is not bad_input");
    require(!has_control_character(build.error().message), "a control character in the error");
    require(build.error().message.size() <= 100, "the error quotes too much of the text");
    return;
  }
  for (const auto& form : {to_short_form(*build), to_long_form(*build)}) {
    const auto again = parse_build_number(form);
    require(again && *again == *build, "a build number's written form does not read back");
  }
}

// A positive duration of at most a day whose shortest text reads back.
void duration(std::string_view input) {
  const auto parsed = parse_duration(input);
  if (!parsed) {
    require(parsed.error().code == ExitCode::usage, "a duration error is not a usage error");
    return;
  }
  require(parsed->count() > 0, "a duration that is not positive");
  require(*parsed <= std::chrono::hours(24), "a duration longer than a day");
  const auto again = parse_duration(format_duration(*parsed));
  require(again && *again == *parsed, "format_duration does not read back");
}

// The bytes of `remediate --plan FILE`, read as cmd_remediate reads them:
// decode, parse, plan_from_json.
void plan_reader(std::string_view input) {
  const auto text = decode_text(input);
  if (!text) return;
  const auto json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded()) return;
  const auto plan = plan_from_json(json);
  if (plan) return check_plan_round_trip(*plan);
  require(plan.error().code == ExitCode::bad_input, "a plan error is not bad_input");
  require(plan.error().message.starts_with('/'), "a plan error names no JSON pointer");
}

// Any PowerShell output: states with names, or an unknown-outcome error.
void service_state(std::string_view input) {
  const auto states = parse_service_states(input);
  if (!states) {
    require(states.error().code == ExitCode::unknown, "a service state error is not unknown");
    return;
  }
  std::vector<std::string> names;
  for (const auto& state : *states) names.push_back(state.name);
  require(not_running(*states, names).size() <= names.size(), "not_running invents services");
}

}  // namespace casdoctor::fuzz
