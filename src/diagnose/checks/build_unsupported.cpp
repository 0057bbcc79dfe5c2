#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/evidence.hpp"

namespace casdoctor {

namespace {

void find_build_unsupported(const OrgModel& org, std::vector<Finding>& out) {
  const auto& info = k_check_build_unsupported.info;
  for (const auto& server : org.servers) {
    const auto product = server.product();
    const auto end = end_of_support(product);
    if (!end || !past_end_of_support(product, org.now)) continue;
    auto finding = make_finding(info, server.name,
                                server.name + " runs " + std::string(product_name(product)) +
                                    ", out of support since " + std::string(*end));
    finding.evidence["product"] = product_name(product);
    finding.evidence["end_of_support"] = *end;
    finding.remedy = "Plan the move to a supported Exchange Server version.";
    out.push_back(std::move(finding));
  }
}

}  // namespace

const Check k_check_build_unsupported{
    {"build.unsupported", Severity::info, "Product past end of support",
     "The server runs an Exchange version whose extended support has ended."},
    &find_build_unsupported};

}  // namespace casdoctor
