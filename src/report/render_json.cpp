// casdoctor.report/1 as JSON. Member order is fixed here (ordered_json keeps
// insertion order) so that the output is byte-for-byte deterministic.
#include <string>

#include "casdoctor/report/render.hpp"

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
  return out;
}

std::string render_json(const Report& report) {
  // ASCII with \u escapes: Windows PowerShell 5.1 decodes a child's stdout with
  // the OEM code page, which would mangle UTF-8 names. Malformed UTF-8 from a
  // snapshot becomes U+FFFD instead of an exception.
  return to_json(report).dump(2, ' ', true, Json::error_handler_t::replace) + "\n";
}

}  // namespace casdoctor
