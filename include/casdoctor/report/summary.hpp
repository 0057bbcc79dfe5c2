#pragma once
// Wording shared by the text and markdown reports: status words, the one-line
// headline and the order findings are shown in.
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/report/report.hpp"

namespace casdoctor {

// "CRITICAL", "WARNING", "UNKNOWN", "OK".
std::string status_word(Status s);
// "CRITICAL", "WARNING", "UNKNOWN", "INFO".
std::string severity_word(Severity s);

// The headline after "STATUS: ", derived from the findings:
// - no finding above info: "no problems found on 4 servers" when the status
//   is ok, otherwise "no findings";
// - else the largest group of one id among the most severe findings, worded
//   for its id when known ("2 servers hold a stale IsOutOfService value") or
//   counted ("2 critical findings");
// - the rest counted by severity: "; 3 more findings: 1 critical, 2 warnings".
std::string headline_text(const Report& report);

// After a plan ran (Report::before): one sentence saying that the status and
// findings are the state after the run, and what it was before, e.g.
// "Status and findings: after the run. Before it: CRITICAL, 2 servers hold a
// stale IsOutOfService value." "" for any other report.
std::string before_after_text(const Report& report);

// One servers-table row: name, site, product, update, build, kb4294204 and
// is_out_of_service as yes/no; unknown values as "-" so that no cell is blank.
std::vector<std::string> server_cells(const ServerRecord& server);

// Findings grouped by severity, worst first (critical, unknown, warning,
// info); the order within a group is kept.
std::vector<const Finding*> findings_by_severity(const Report& report);

}  // namespace casdoctor
