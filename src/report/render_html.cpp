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

constexpr std::string_view k_style = R"CSS(
body{font:14px/1.45 "Segoe UI",Arial,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1200px;margin:0 auto;padding:0 24px 32px}
.banner{color:#fff;padding:20px 24px;margin:0 0 16px}
.banner h1{margin:0;font-size:28px}.banner p{margin:6px 0 0}
.ok{background:#1a7f37}.warning{background:#9a6700}.unknown{background:#8250df}.critical{background:#cf222e}
.info{background:#0969da}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 16px 16px;margin:0 0 16px}
h2{font-size:20px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:16px;margin:16px 0 4px}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.badge{color:#fff;border-radius:4px;padding:1px 6px;font-size:12px;font-weight:bold}
.meta{opacity:.9;font-size:13px}
)CSS";

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
  std::string out =
      cat("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
          "'unsafe-inline'\">\n<title>",
          html_escape(title), "</title>\n<style>", k_style, "</style>\n</head>\n<body>\n",
          banner(report), "<main>\n");
  out += servers_section(report);
  out += verification_section(report);
  out += findings_section(report);
  if (report.plan) out += html_plan_section(*report.plan);
  return out + "</main>\n</body>\n</html>\n";
}

}  // namespace casdoctor
