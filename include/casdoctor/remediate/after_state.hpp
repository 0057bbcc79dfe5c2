#pragma once
// What a report says once its plan ran: the state after the run (the org
// collected again and diagnosed), with the diagnosis the run started from
// kept as the plan's evidence (Report::before). A state nobody observed is
// never reported as a success.
#include <string_view>

#include "casdoctor/core/result.hpp"
#include "casdoctor/diagnose/diagnose.hpp"
#include "casdoctor/report/report.hpp"

namespace casdoctor {

// The finding that stands in for the state after the run when it could not
// be collected (severity unknown).
inline constexpr std::string_view k_after_unknown_id = "remediate.after-unknown";

// Whether a step of the plan ran (succeeded, failed or interrupted): only
// then can the org differ from the diagnosis the run started from.
bool any_step_ran(const Plan& plan);

// `report` holds the diagnosis the run started from; `run_status` is the
// execution's (ok: every step succeeded). That diagnosis moves to
// report.before; the servers and findings become those of `after`, or, when
// the state after the run is not known, the servers stay and the only
// finding is a remediate.after-unknown naming the reason. The status is the
// worse of the run's and the state's after it.
void apply_after_state(Report& report, Status run_status, const Result<Diagnosis>& after);

}  // namespace casdoctor
