#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/evidence.hpp"

namespace casdoctor {

namespace {

void find_susceptible(const OrgModel& org, std::vector<Finding>& out) {
  const auto& info = k_check_susceptible.info;
  for (const auto& server : org.servers) {
    if (server.kb4294204 != Kb4294204::susceptible) continue;
    const auto fix = fix_level_of(server.product());
    auto finding =
        make_finding(info, server.name,
                     server.name + " runs " + std::string(product_name(server.product())) + " " +
                         server.build->update + ", below the fix " + fix);
    finding.evidence["build"] = build_evidence(server);
    finding.evidence["fix_level"] = fix;
    finding.evidence["org_has_exchange2010_cas"] = true;
    finding.remedy = "Install " + fix +
                     " or later. Until then, after any change of a 2010 CAS's IsOutOfService, "
                     "restart MSExchangeADTopology and IIS on this server.";
    out.push_back(std::move(finding));
  }
}

}  // namespace

const Check k_check_susceptible{
    {"kb4294204.susceptible", Severity::warning, "Exposed to KB4294204",
     "A 2013 server below CU21 or a 2016 server below CU10 in an org with an Exchange 2010 Client "
     "Access server keeps a stale IsOutOfService value after the next revert, until "
     "MSExchangeADTopology and IIS restart."},
    &find_susceptible};

}  // namespace casdoctor
