// casdoctor.report/1 as JSON. Member order is fixed here (ordered_json keeps
// insertion order) so that the output is byte-for-byte deterministic.
#include <string>

#include "casdoctor/report/render.hpp"

#include "verification_parts.hpp"

namespace casdoctor {
namespace {

using Json = nlohmann::ordered_json;

Json server_json(const ServerRecord& server) {
  Json out;
  out["name"] = server.name;
  out["fqdn"] = server.fqdn;
  out["site"] = server.site;
  out["roles"] = server.roles;
  out["product"] = server.product;
  out["update"] = server.update;
  out["build"] = server.build;
  out["release_date"] = server.release_date;
  out["kb4294204"] = server.kb4294204;
  out["is_out_of_service"] =
      server.is_out_of_service ? Json(*server.is_out_of_service) : Json(nullptr);
  if (!server.build_note.empty()) out["build_note"] = server.build_note;
  return out;
}

// The schema promises an object: a check that left evidence null gets {},
// any other value is kept under "value" rather than dropped.
Json evidence_object(const Json& evidence) {
  if (evidence.is_object()) return evidence;
  if (evidence.is_null()) return Json::object();
  return Json{{"value", evidence}};
}

Json finding_json(const Finding& finding) {
  Json out;
  out["id"] = finding.id;
  out["severity"] = to_string(finding.severity);
  out["server"] = finding.server;
  out["summary"] = finding.summary;
  out["evidence"] = evidence_object(finding.evidence);
  out["remedy"] = finding.remedy;
  return out;
}

// No password: it is read when the step runs.
Json logon_json(const LogonCheck& check) {
  Json out;
  out["url"] = check.url;
  out["user"] = check.user;
  out["address"] = check.address;
  out["deadline_ms"] = check.deadline.count();
  out["interval_ms"] = check.interval.count();
  return out;
}

// The contract's members first, then what a later `remediate --plan FILE`
// needs to run exactly the approved steps (docs/report.md, "plan").
Json step_json(const PlanStep& step) {
  Json out;
  out["server"] = step.server;
  out["action"] = to_string(step.action);
  out["command"] = step.command;
  out["impact"] = step.impact;
  out["status"] = to_string(step.status);
  out["exit_code"] = step.exit_code ? Json(*step.exit_code) : Json(nullptr);
  out["duration_ms"] = step.duration_ms ? Json(*step.duration_ms) : Json(nullptr);
  // null: the step did not run; "" would claim it ran and printed nothing.
  const bool ran = step.exit_code || !step.output.empty();
  out["output"] = ran ? Json(step.output) : Json(nullptr);
  out["fqdn"] = step.fqdn;
  out["on_failure"] = step.on_failure;
  out["expect_running"] = step.expect_running;
  out["logon"] = step.logon ? logon_json(*step.logon) : Json(nullptr);
  return out;
}

// The diagnosis an executed plan started from.
Json before_json(const BeforeRun& before) {
  Json out;
  out["status"] = to_string(before.status);
  out["findings"] = Json::array();
  for (const auto& finding : before.findings) out["findings"].push_back(finding_json(finding));
  return out;
}

// A target's proof; outcome and logon null when no logon went through it.
Json proof_json(const TargetProof& proof) {
  Json out;
  out["state"] = to_string(proof.state);
  out["outcome"] = proof.outcome.empty() ? Json() : Json(proof.outcome);
  out["logon"] = proof.logon.empty() ? Json() : Json(proof.logon);
  out["reason"] = proof.reason;
  return out;
}

Json plan_json(const Plan& plan, const std::optional<BeforeRun>& before) {
  Json out;
  out["dry_run"] = plan.dry_run;
  out["created_at"] = format_iso8601(plan.created_at);
  out["local_server"] = plan.local_server;
  out["targets"] = plan.targets;
  out["evidence"] = plan.evidence;
  out["proof"] = Json::array();
  for (const auto& proof : plan.proof) out["proof"].push_back(proof_json(proof));
  out["notes"] = plan.notes;
  out["steps"] = Json::array();
  for (const auto& step : plan.steps) out["steps"].push_back(step_json(step));
  if (before) out["before"] = before_json(*before);
  return out;
}

}  // namespace

nlohmann::ordered_json to_json(const Report& report) {
  Json out;
  out["schema"] = k_report_schema;
  out["tool"] = Json{{"name", "casdoctor"}, {"version", report.tool_version}};
  out["command"] = report.command;
  out["generated_at"] = format_iso8601(report.generated_at);
  out["status"] = to_string(report.status);
  out["exit_code"] = to_int(exit_code_of(report.status));
  out["servers"] = Json::array();
  for (const auto& server : report.servers) out["servers"].push_back(server_json(server));
  out["findings"] = Json::array();
  for (const auto& finding : report.findings) out["findings"].push_back(finding_json(finding));
  if (report.plan) out["plan"] = plan_json(*report.plan, report.before);
  for (const auto& r : report.verification)
    out["verification"].push_back(detail::verification_json(r));
  return out;
}

std::string render_json(const Report& report) {
  // ASCII with \u escapes: Windows PowerShell 5.1 decodes a child's stdout with
  // the OEM code page, which would mangle UTF-8 names. Malformed UTF-8 from a
  // snapshot becomes U+FFFD instead of an exception.
  return to_json(report).dump(2, ' ', true, Json::error_handler_t::replace) + "\n";
}

}  // namespace casdoctor
