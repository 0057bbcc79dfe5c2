#pragma once
// A saved dry run read back: the "plan" of a casdoctor.report/1 JSON
// document (render_json writes it), so that `remediate --plan FILE` runs
// exactly what was approved.
#include <nlohmann/json.hpp>

#include "casdoctor/core/result.hpp"
#include "casdoctor/report/plan_model.hpp"

namespace casdoctor {

// Strict: a missing or ill-typed member, an unknown action or status, or a
// command that is not the one casdoctor makes for its step (step_command) is
// an ExitCode::bad_input error naming the JSON pointer ("/plan/steps/2/command:
// ..."). Members casdoctor does not know are ignored.
Result<Plan> plan_from_json(const nlohmann::json& report_json);

}  // namespace casdoctor
