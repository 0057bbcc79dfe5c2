#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/evidence.hpp"

namespace casdoctor {
namespace {

// The newest audit entry that set this CAS out of service: who did it, when.
std::optional<OutOfServiceChange> last_set_true(const OrgModel& org, const ServerView& cas) {
  std::optional<OutOfServiceChange> newest;
  if (!org.out_of_service_changes) return newest;
  for (const auto& change : *org.out_of_service_changes) {
    if (!change.value || !change.succeeded || org.server_of(change) != &cas) continue;
    if (!newest || change.run_date > newest->run_date) newest = change;
  }
  return newest;
}

void find_cas2010_out_of_service(const OrgModel& org, std::vector<Finding>& out) {
  const auto& info = k_check_cas2010_out_of_service.info;
  for (const auto& server : org.servers) {
    if (!server.is_exchange2010_cas() || server.is_out_of_service != true) continue;
    auto finding = make_finding(info, server.name,
                                server.name +
                                    " is set IsOutOfService=True: OWA logons for its "
                                    "mailboxes fail through Exchange 2013/2016");
    finding.evidence["is_out_of_service"] = true;
    if (auto change = last_set_true(org, server))
      finding.evidence["set_by"] = change_evidence(*change);
    finding.remedy =
        "If the server is back in service, revert it in the Exchange 2010 Management Shell, then "
        "restart MSExchangeADTopology and IIS on every Exchange 2013/2016 server below the fix "
        "level (KB4294204):\nPS> Set-ClientAccessServer -Identity " +
        ps_quote(server.name) + " -IsOutOfService $false";
    out.push_back(std::move(finding));
  }
}

}  // namespace

const Check k_check_cas2010_out_of_service{
    {"cas2010.out-of-service", Severity::warning, "Exchange 2010 CAS set out of service",
     "A 2010 Client Access server is IsOutOfService=True now: 2013/2016 do not proxy to it, so OWA "
     "for its mailboxes fails through them by design until it is reverted."},
    &find_cas2010_out_of_service};

}  // namespace casdoctor
