#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/diagnose/evidence.hpp"

namespace casdoctor {

namespace {

void find_build_unknown(const OrgModel& org, std::vector<Finding>& out) {
  const auto& info = k_check_build_unknown.info;
  for (const auto& server : org.servers) {
    if (!server.build || server.build->match != BuildMatch::unknown) continue;
    auto finding =
        make_finding(info, server.name,
                     server.name + " reports build " + to_short_form(server.build->build) +
                         ", which is not in the build catalogue");
    finding.evidence["build"] = build_evidence(server);
    finding.remedy =
        "Check the build with ExSetup.exe's file version; if it is a new release, update "
        "casdoctor (its catalogue) so that its KB4294204 status is known.";
    out.push_back(std::move(finding));
  }
}

}  // namespace

const Check k_check_build_unknown{{"build.unknown", Severity::warning, "Build not in the catalogue",
                                   "The server's build is not a known Exchange build, so its "
                                   "KB4294204 status rests on the version numbers alone."},
                                  &find_build_unknown};

}  // namespace casdoctor
