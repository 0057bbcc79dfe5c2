#pragma once
// The parts of the change ticket a change advisory board asks for
// (render_markdown_cab.cpp): the fields to fill in, the risk, how long it
// takes, who notices what, what to prepare, and what each step does.
// docs/remediation.md, "The change ticket".
#include <chrono>
#include <string>

#include "casdoctor/report/report.hpp"

namespace casdoctor::detail {

struct StepEstimate {
  std::chrono::seconds low{0};
  std::chrono::seconds high{0};
};

// Typical duration of a step (the assumptions are in the ticket's text).
StepEstimate estimate_of(const PlanStep& step);

// One line saying what a step does, above its commands.
std::string step_purpose(const PlanStep& step);

// "## Change record", "## Risk", "## Estimated duration",
// "## Outage and user impact" and "## Preparation and return to service".
std::string cab_sections(const Report& report);

}  // namespace casdoctor::detail
