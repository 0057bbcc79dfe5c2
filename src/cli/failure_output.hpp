#pragma once
// Exit 3 always comes with a report (report/failure.hpp): fail() remembers
// the error it logs, emit_report() that a report went out, and after the
// command the CLI writes the failure's report when it ended with 3 and
// none did. Exit 64 and 65 stay plain errors: the invocation or its input
// is wrong, and a report would read like a statement about the org.
#include <string_view>

#include "common.hpp"

namespace casdoctor::cli {

void remember_failure(const Error& error);
void remember_report_attempt();

// `exit_code` unchanged; for 3 without an attempted report, the failure's
// report in the requested format first. `collect` writes snapshots, not
// reports: none for it.
int report_if_silent(int exit_code, std::string_view command, const Context& context);

}  // namespace casdoctor::cli
