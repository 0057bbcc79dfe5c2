#include <string>

#include "casdoctor/core/text.hpp"
#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/evidence.hpp"
#include "casdoctor/diagnose/staleness.hpp"

namespace casdoctor {
namespace {

std::string stale_topology_remedy(const ServerView& server) {
  return "Restart MSExchangeADTopology with -Force (its dependent Exchange services restart too) "
         "and IIS on " +
         server.name +
         " in a maintenance window; IISReset drops every OWA, EWS and ActiveSync session. Then "
         "log on to OWA through this server with a mailbox on Exchange 2010.\n" +
         workaround_commands(server) + "\nLasting fix: " + fix_level_of(server.product()) +
         " or later.";
}

void find_stale_topology(const OrgModel& org, std::vector<Finding>& out) {
  const auto& info = k_check_stale_topology.info;
  for (const auto& server : org.servers) {
    if (server.kb4294204 != Kb4294204::susceptible) continue;
    const auto result = assess_staleness(org, server);
    if (result.verdict != Staleness::stale) continue;
    auto finding = make_finding(info, server.name,
                                server.name + " still caches " + result.revert->server +
                                    " as out of service: " + join(result.started_before, " and ") +
                                    " started before IsOutOfService was set back to False");
    add_staleness_evidence(server, result, finding.evidence);
    finding.remedy = stale_topology_remedy(server);
    out.push_back(std::move(finding));
  }
}

}  // namespace

const Check k_check_stale_topology{
    {"kb4294204.stale-topology", Severity::critical,
     "Stale IsOutOfService value cached (KB4294204)",
     "A 2013/2016 server below the fix level whose MSExchangeADTopology or IIS (W3SVC) started "
     "before the latest audit entry that set a 2010 CAS's IsOutOfService back to False still "
     "routes as if that CAS were out of service: OWA logons for its 2010 mailboxes fail through "
     "it."},
    &find_stale_topology};

}  // namespace casdoctor
