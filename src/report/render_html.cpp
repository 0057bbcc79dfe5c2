// The HTML report: one self-contained page an admin opens or mails, as
// HealthChecker users are used to. Inline CSS only, no script, nothing
// fetched; every piece of data passes through html_escape.
#include <string>
#include <vector>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/report/outline.hpp"
#include "casdoctor/report/remedy.hpp"
#include "casdoctor/report/render.hpp"
#include "casdoctor/report/summary.hpp"

#include "html_parts.hpp"
#include "ps_layout.hpp"

namespace casdoctor {
namespace detail {
namespace {

std::string banner(const Report& report) {
  return cat("<header class=\"banner ", status_class(report.status), "\">\n<h1>",
             html_escape(status_word(report.status)), "</h1>\n<p>",
             html_escape(headline_text(report)), "</p>\n<p class=\"meta\">casdoctor ",
             html_escape(report.tool_version), " ", html_escape(report.command), ", generated ",
             format_iso8601(report.generated_at), ", exit code ",
             std::to_string(to_int(exit_code_of(report.status))), "</p>\n</header>\n");
}

std::string servers_section(const Report& report) {
  if (report.servers.empty()) return {};
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;
  for (const auto& s : report.servers) {
    rows.push_back(server_cells(s));
    if (!s.build_note.empty()) notes.push_back(cat(s.name, ": ", s.build_note));
  }
  std::string out =
      cat("<section>\n<h2>Servers (", std::to_string(report.servers.size()), ")</h2>\n",
          html_table({"Name", "Site", "Product", "Update", "Build", "KB4294204", "IsOutOfService"},
                     rows));
  for (const auto& note : notes) out += cat("<p>", html_escape(note), "</p>\n");
  return out + "</section>\n";
}

std::string verification_section(const Report& report) {
  if (report.verification.empty()) return {};
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : report.verification) {
    rows.push_back({r.via.empty() ? "(namespace)" : r.via, r.user, r.outcome,
                    r.http_status ? std::to_string(*r.http_status) : "-", r.cas_error_code,
                    r.fe_server, r.be_server, cat(std::to_string(r.elapsed_ms), " ms"), r.detail});
  }
  return cat(
      "<section>\n<h2>Verification</h2>\n<p>OWA logon to ",
      html_escape(report.verification.front().url), "</p>\n",
      html_table({"Via", "User", "Outcome", "HTTP", "CAS error", "FE", "BE", "Time", "Detail"},
                 rows),
      "</section>\n");
}

std::string remedy_html(const std::string& remedy) {
  std::string out = "<h4>Remedy</h4>\n";
  for (const auto& block : split_remedy(remedy)) {
    if (block.kind == RemedyBlock::Kind::commands) {
      out += html_pre(ps_layout_all(block.lines), "ps");
      continue;
    }
    out += "<p>";
    for (std::size_t i = 0; i < block.lines.size(); ++i)
      out += cat(i == 0 ? "" : "<br>\n", html_escape(block.lines[i]));
    out += "</p>\n";
  }
  return out;
}

std::string finding_html(const Finding& f) {
  std::string out = cat("<h3><span class=\"badge ", status_class(status_of(f.severity)),
                        f.severity == Severity::info ? " info" : "", "\">",
                        html_escape(severity_word(f.severity)), "</span> ", html_escape(f.id));
  if (!f.server.empty()) out += cat(" on ", html_escape(f.server));
  out += cat("</h3>\n<p>", html_escape(f.summary), "</p>\n");
  const auto evidence = outline_lines(f.evidence);
  if (!evidence.empty()) out += cat("<h4>Evidence</h4>\n", html_pre(evidence));
  if (!f.remedy.empty()) out += remedy_html(f.remedy);
  return out;
}

std::string findings_section(const Report& report) {
  if (report.findings.empty()) return {};
  const auto findings = findings_by_severity(report);
  std::vector<std::vector<std::string>> rows;
  for (const Finding* f : findings) {
    rows.push_back({severity_word(f->severity), f->id, f->server.empty() ? "(org-wide)" : f->server,
                    f->summary});
  }
  std::string out = cat("<section>\n<h2>Findings (", std::to_string(findings.size()), ")</h2>\n",
                        html_table({"Severity", "ID", "Server", "Summary"}, rows));
  for (const Finding* f : findings) out += finding_html(*f);
  return out + "</section>\n";
}

}  // namespace
}  // namespace detail

std::string render_html(const Report& report) {
  using namespace detail;
  const std::string title = cat("casdoctor ", report.command, ": ", status_word(report.status));
  std::string body = banner(report) + "<main>\n";
  body += servers_section(report);
  body += verification_section(report);
  body += findings_section(report);
  if (report.plan) body += html_plan_section(*report.plan);
  return html_page(title, body + "</main>\n");
}

}  // namespace casdoctor
