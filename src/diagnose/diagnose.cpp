#include "casdoctor/diagnose/diagnose.hpp"

#include "casdoctor/diagnose/checks.hpp"

namespace casdoctor {

Status status_of(const std::vector<Finding>& findings) {
  Status status = Status::ok;
  for (const auto& finding : findings) status = worst(status, status_of(finding.severity));
  return status;
}

ServerRecord server_record(std::string name, const BuildInfo& build) {
  ServerRecord record;
  record.name = std::move(name);
  record.product = std::string(product_name(build.product));
  record.update = build.update;
  record.build = to_short_form(build.build);
  record.release_date = build.release_date;
  record.kb4294204 = std::string(to_string(build.kb4294204));
  record.build_note = build.note;
  return record;
}

ServerRecord server_record(const ServerView& server) {
  ServerRecord record;
  if (server.build) record = server_record(server.name, *server.build);
  record.name = server.name;
  record.fqdn = server.fqdn;
  record.site = server.site;
  record.roles = server.roles;
  if (!server.build) record.product = std::string(product_name(Product::unknown));
  record.kb4294204 = std::string(to_string(server.kb4294204));
  record.is_out_of_service = server.is_out_of_service;
  return record;
}

Diagnosis diagnose(const OrgModel& org, std::span<const VerificationRecord> logons) {
  Diagnosis result;
  for (const auto& server : org.servers) result.servers.push_back(server_record(server));
  for (const auto& check : all_checks()) {
    if (check.info.id == k_check_owa_logon_failed.info.id) {
      owa_logon_findings(logons, result.findings);
    } else {
      check.run(org, result.findings);
    }
  }
  result.status = status_of(result.findings);
  return result;
}

Diagnosis diagnose(const OrgModel& org) {
  return diagnose(org, {});
}

Diagnosis diagnose(const Snapshot& snapshot, TimePoint now,
                   std::span<const VerificationRecord> logons) {
  return diagnose(build_org_model(snapshot, now), logons);
}

Diagnosis diagnose(const Snapshot& snapshot, TimePoint now) {
  return diagnose(build_org_model(snapshot, now), {});
}

}  // namespace casdoctor
