#pragma once
// The report of a command that could not do its job (exit 3: PowerShell
// missing or timed out, a collection that failed, a journal that cannot be
// opened): status unknown and one finding naming the reason, so that
// monitoring always has a document to read and a first line to show
// (docs/report.md, "When a command fails").
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"
#include "casdoctor/report/report.hpp"

namespace casdoctor {

// An error message starting with this was a failed live collection.
inline constexpr std::string_view k_could_not_collect = "could not collect: ";

inline constexpr std::string_view k_collect_failed_id = "collect.failed";
inline constexpr std::string_view k_run_failed_id = "run.failed";

bool is_failure_finding(std::string_view id);

// collect.failed for an error starting with k_could_not_collect, else
// run.failed; severity unknown, the message as the summary.
Finding failure_finding(const Error& error);

// `report` (command, tool, time already set) turned into the failure's
// report: no servers or plan, the one finding, status unknown.
void make_failure_report(Report& report, const Error& error);

}  // namespace casdoctor
