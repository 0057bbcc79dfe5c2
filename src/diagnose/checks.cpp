#include "casdoctor/diagnose/checks.hpp"

#include <array>

namespace casdoctor {

std::span<const Check> all_checks() {
  static const std::array checks{
      k_check_stale_topology,         k_check_owa_logon_failed,       k_check_service_not_running,
      k_check_probably_refreshed,     k_check_cas2010_out_of_service, k_check_susceptible,
      k_check_owa_backend_not_proven, k_check_build_unknown,          k_check_build_unsupported,
      k_check_collect_partial,
  };
  return checks;
}

Finding make_finding(const CheckInfo& info, std::string server, std::string summary) {
  Finding finding;
  finding.id = std::string(info.id);
  finding.severity = info.severity;
  finding.server = std::move(server);
  finding.summary = std::move(summary);
  return finding;
}

}  // namespace casdoctor
