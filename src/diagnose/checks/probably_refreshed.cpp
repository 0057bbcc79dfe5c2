// A server that held the stale value by its start times, but whose caches
// the periodic refreshes (24 h w3wp cache, 4 h topology) have probably
// renewed since: a warning to confirm by a logon, not a restart of some 26
// services on a guess (docs/exchange-behaviour.md).
#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/evidence.hpp"
#include "casdoctor/diagnose/staleness.hpp"

namespace casdoctor {
namespace {

std::string remedy_for(const ServerView& server) {
  const auto computer = server.fqdn.empty() ? server.name : server.fqdn;
  return cat("Confirm with the KB's own test before restarting anything: log on to OWA through ",
             server.name,
             " with a mailbox on Exchange 2010. A failed logon (proxy-failure, ServerNotFound) "
             "proves the cache stale: then apply the KB4294204 workaround "
             "(casdoctor remediate --servers ",
             server.name, ").\nPS> casdoctor verify --url 'https://<namespace>/owa' --user ",
             "'<DOMAIN\\user>' --via ", ps_quote(server.name + "=" + computer));
}

void find_probably_refreshed(const OrgModel& org, std::vector<Finding>& out) {
  const auto& info = k_check_probably_refreshed.info;
  for (const auto& server : org.servers) {
    if (server.kb4294204 != Kb4294204::susceptible) continue;
    const auto result = assess_staleness(org, server);
    if (result.verdict != Staleness::probably_refreshed) continue;
    auto finding =
        make_finding(info, server.name,
                     cat(server.name, " probably refreshed its cached IsOutOfService of ",
                         result.revert->server, " by ", format_iso8601(*result.refreshed_at),
                         " (24 h cache expiry, 4 h topology refresh); confirm with an OWA logon"));
    add_staleness_evidence(server, result, finding.evidence);
    finding.remedy = remedy_for(server);
    out.push_back(std::move(finding));
  }
}

}  // namespace

const Check k_check_probably_refreshed{
    {"kb4294204.probably-refreshed", Severity::warning,
     "Stale IsOutOfService value probably refreshed since (KB4294204)",
     "A susceptible server whose caches started before the latest revert of a 2010 CAS's "
     "IsOutOfService to False, but long enough ago that Exchange's own refreshes (the w3wp "
     "ServiceCache expires after 24 h, the topology service refreshes every 4 h) have probably "
     "renewed them: confirm with an OWA logon through it before restarting its services."},
    &find_probably_refreshed};

}  // namespace casdoctor
