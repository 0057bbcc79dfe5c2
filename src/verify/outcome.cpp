// What a logon's outcome means for someone waiting on it.
#include "casdoctor/core/concat.hpp"
#include "casdoctor/verify/logon.hpp"

namespace casdoctor {

bool may_recover(LogonOutcome outcome) {
  return outcome != LogonOutcome::ok && outcome != LogonOutcome::bad_credentials &&
         !is_unproven(outcome);
}

bool is_unproven(LogonOutcome outcome) {
  return outcome == LogonOutcome::backend_not_proven;
}

std::string describe(const LogonResult& result) {
  std::string line(to_string(result.outcome));
  if (result.http_status) line += cat(", HTTP ", std::to_string(*result.http_status));
  if (!result.cas_error_code.empty()) line += cat(", X-CasErrorCode ", result.cas_error_code);
  if (!result.owa_error.empty()) line += cat(", error ", result.owa_error);
  if (!result.fe_server.empty()) line += cat(", X-FEServer ", result.fe_server);
  if (!result.be_server.empty()) line += cat(", back end ", result.be_server);
  if (!result.detail.empty()) line += cat(" (", result.detail, ")");
  return line;
}

}  // namespace casdoctor
