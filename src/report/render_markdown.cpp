// The report for a change ticket: the same content as the text report, with
// the remedy's PowerShell commands in fenced blocks ready to copy. Every piece
// of data is escaped (markdown_escape) or fenced, never pasted as markup.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/visible_text.hpp"
#include "casdoctor/report/outline.hpp"
#include "casdoctor/report/remedy.hpp"
#include "casdoctor/report/render.hpp"
#include "casdoctor/report/summary.hpp"
#include "casdoctor/report/text_table.hpp"

#include "markdown_parts.hpp"
#include "ps_layout.hpp"
#include "verification_parts.hpp"

namespace casdoctor {
namespace detail {

// A fence longer than any backtick run inside, so that PowerShell's escape
// character (`) can never close the block early.
std::string fenced(std::string_view info, const std::vector<std::string>& lines) {
  std::size_t longest = 0;
  for (const auto& line : lines) {
    std::size_t run = 0;
    for (const char c : line) {
      run = c == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string out = cat(fence, info, "\n");
  // Code is not markup, but it is shown: an RLO or ESC in it must show too.
  for (const auto& line : lines) out += cat(escape_invisible(line), "\n");
  return out += cat(fence, "\n");
}

std::string status_lines(const Report& report) {
  const std::string word = status_word(report.status);
  std::string out =
      cat("**Status: ", word, "** (exit code ", std::to_string(to_int(exit_code_of(report.status))),
          "): ", markdown_escape(headline_text(report)), "\n\n");
  out += cat("Generated ", format_iso8601(report.generated_at), " by casdoctor ",
             markdown_escape(report.tool_version), ".\n");
  if (report.before) out += cat("\n", markdown_escape(before_after_text(report)), "\n");
  return out;
}

std::string servers_section(const Report& report) {
  if (report.servers.empty()) return {};
  TextTable table({"Name", "Site", "Product", "Update", "Build", "KB4294204", "IsOutOfService"});
  std::string notes;
  for (const auto& s : report.servers) {
    table.add_row(server_cells(s));
    if (!s.build_note.empty()) {
      notes += cat("- ", markdown_escape(s.name), ": ", markdown_escape(s.build_note), "\n");
    }
  }
  std::string out = cat("\n## Servers\n\n", table.render_markdown());
  if (!notes.empty()) out += cat("\nBuild notes:\n\n", notes);
  return out;
}

namespace {

std::string findings_table(const std::vector<const Finding*>& findings) {
  TextTable table({"Severity", "ID", "Server", "Summary"});
  for (const Finding* f : findings) {
    table.add_row({std::string(to_string(f->severity)), f->id,
                   f->server.empty() ? "(org-wide)" : f->server, f->summary});
  }
  return table.render_markdown();
}

}  // namespace

std::string remedy_blocks(const std::string& remedy) {
  std::string out;
  for (const auto& block : split_remedy(remedy)) {
    out += "\n";
    if (block.kind == RemedyBlock::Kind::commands) {
      out += fenced("powershell", ps_layout_all(block.lines));
      continue;
    }
    for (const auto& line : block.lines) out += cat(markdown_escape(line), "\n");
  }
  return out;
}

namespace {

std::string finding_section(const Finding& f) {
  std::string out = cat("\n### ", severity_word(f.severity), ": ", markdown_escape(f.id));
  if (!f.server.empty()) out += cat(" on ", markdown_escape(f.server));
  out += cat("\n\n", markdown_escape(f.summary), "\n");
  const auto evidence = outline_lines(f.evidence);
  if (!evidence.empty()) out += cat("\n**Evidence**\n\n", fenced("text", evidence));
  if (!f.remedy.empty()) out += cat("\n**Remedy**\n", remedy_blocks(f.remedy));
  return out;
}

}  // namespace

std::string findings_section(const Report& report) {
  if (report.findings.empty()) return {};
  const auto findings = findings_by_severity(report);
  std::string out = cat(report.before ? "\n## Findings after the run\n\n" : "\n## Findings\n\n",
                        findings_table(findings));
  for (const Finding* f : findings) out += finding_section(*f);
  return out;
}

std::string before_section(const Report& report) {
  if (!report.before) return {};
  std::vector<const Finding*> findings;
  for (const auto& f : report.before->findings) findings.push_back(&f);
  std::string out = cat("\n## Findings before the run\n\nStatus before the run: ",
                        status_word(report.before->status), ".\n");
  if (!findings.empty()) out += cat("\n", findings_table(findings));
  return out;
}

}  // namespace detail

std::string render_markdown(const Report& report) {
  if (report.plan) return detail::plan_document(report);
  std::string out = "# casdoctor";
  if (!report.command.empty()) out += cat(" ", markdown_escape(report.command));
  out += cat(" — ", status_word(report.status), "\n\n");
  out += detail::status_lines(report);
  return out.append(detail::servers_section(report))
      .append(detail::verification_markdown_section(report))
      .append(detail::findings_section(report));
}

}  // namespace casdoctor
