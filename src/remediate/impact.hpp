#pragma once
// What each step does besides its purpose, and what to do when it fails:
// the lines a change ticket needs to get approved and an admin needs at 3 am.
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/diagnose/org_model.hpp"
#include "casdoctor/report/plan_model.hpp"

namespace casdoctor::remediate_detail {

std::vector<std::string> restart_impact(const ServerView& server);
std::vector<std::string> iisreset_impact(const ServerView& server);

// Prose and "PS> " command lines (the Finding::remedy convention).
std::string restart_on_failure(const ServerView& server, std::string_view computer);
std::string iisreset_on_failure(const ServerView& server, std::string_view computer);
std::string check_on_failure(const ServerView& server, std::string_view computer,
                             const std::vector<std::string>& services);
std::string logon_on_failure(const ServerView& server, const LogonCheck& check);

}  // namespace casdoctor::remediate_detail
