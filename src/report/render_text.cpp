// The report for a person at a console: headline first, then the servers and
// the findings, worst first. Data from the snapshot passes through
// terminal_safe so that it cannot carry escape sequences.
#include <string>
#include <string_view>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/report/outline.hpp"
#include "casdoctor/report/remedy.hpp"
#include "casdoctor/report/render.hpp"
#include "casdoctor/report/summary.hpp"
#include "casdoctor/report/text_table.hpp"

#include "text_parts.hpp"
#include "verification_parts.hpp"

namespace casdoctor {
namespace {

constexpr std::string_view k_reset = "\x1b[0m";

// Bold colours that read on dark and light consoles alike.
std::string_view colour_of(Status s) {
  switch (s) {
    case Status::ok:
      return "\x1b[1;32m";
    case Status::warning:
      return "\x1b[1;33m";
    case Status::unknown:
      return "\x1b[1;35m";
    case Status::critical:
      return "\x1b[1;31m";
  }
  return "";
}

std::string paint(const std::string& text, Status s, const TextStyle& style) {
  if (!style.color) return text;
  return cat(colour_of(s), text, k_reset);
}

std::string severity_tag(Severity s, const TextStyle& style) {
  // info has no status of its own; cyan sets it apart from "ok" green.
  std::string tag = cat("[", severity_word(s), "]");
  if (!style.color) return tag;
  if (s == Severity::info) return cat("\x1b[1;36m", tag, k_reset);
  return paint(tag, status_of(s), style);
}

std::string servers_section(const Report& report) {
  TextTable table({"NAME", "SITE", "PRODUCT", "UPDATE", "BUILD", "KB4294204", "OOS"});
  std::string notes;
  for (const auto& s : report.servers) {
    table.add_row(server_cells(s));
    if (!s.build_note.empty()) {
      notes += cat("  Note: ", terminal_safe(s.name), ": ", terminal_safe(s.build_note), "\n");
    }
  }
  return cat("SERVERS (", std::to_string(report.servers.size()), ")\n", table.render_text("  "),
             notes);
}

// "Remedy: " once, continuation lines aligned under the first one.
std::string remedy_block(const std::string& remedy) {
  constexpr std::string_view k_label = "  Remedy: ";
  const std::string continuation(k_label.size(), ' ');
  std::string out;
  bool first = true;
  for (const auto line : remedy_lines(remedy)) {
    const std::string safe = terminal_safe(line);
    if (first) {
      out += cat(k_label, safe);
    } else if (!safe.empty()) {
      out += continuation + safe;
    }
    out += '\n';
    first = false;
  }
  return out;
}

std::string finding_block(const Finding& f, const TextStyle& style) {
  std::string out = cat(severity_tag(f.severity, style), " ", terminal_safe(f.id));
  if (!f.server.empty()) out += cat(" ", terminal_safe(f.server));
  out += cat(": ", terminal_safe(f.summary), "\n");
  const auto evidence = outline_lines(f.evidence);
  if (!evidence.empty()) out += "  Evidence:\n";
  for (const auto& line : evidence) out += cat("    ", terminal_safe(line), "\n");
  if (!f.remedy.empty()) out += remedy_block(f.remedy);
  return out;
}

std::string findings_section(const Report& report, const TextStyle& style) {
  std::string out = cat(report.before ? "FINDINGS AFTER THE RUN (" : "FINDINGS (",
                        std::to_string(report.findings.size()), ")\n");
  bool first = true;
  for (const Finding* f : findings_by_severity(report)) {
    if (!first) out += '\n';
    first = false;
    out += finding_block(*f, style);
  }
  return out;
}

// The diagnosis an executed plan started from, one line per finding.
std::string before_section(const BeforeRun& before, const TextStyle& style) {
  std::string out = cat("FINDINGS BEFORE THE RUN (", std::to_string(before.findings.size()), ")\n");
  for (const auto& f : before.findings) {
    out += cat("  ", severity_tag(f.severity, style), " ", terminal_safe(f.id));
    if (!f.server.empty()) out += cat(" ", terminal_safe(f.server));
    out += cat(": ", terminal_safe(f.summary), "\n");
  }
  return out;
}

}  // namespace

std::string render_text(const Report& report, const TextStyle& style) {
  std::string out = cat(paint(status_word(report.status), report.status, style), ": ",
                        terminal_safe(headline_text(report)), "\n");
  out += cat("casdoctor ", terminal_safe(report.tool_version), " ", terminal_safe(report.command),
             " at ", format_iso8601(report.generated_at), "\n");
  if (report.before) out += cat(terminal_safe(before_after_text(report)), "\n");
  if (!report.servers.empty()) out += cat("\n", servers_section(report));
  if (!report.verification.empty()) out += cat("\n", detail::verification_text_section(report));
  if (!report.findings.empty()) out += cat("\n", findings_section(report, style));
  if (report.plan) out += cat("\n", detail::plan_text_section(*report.plan));
  if (report.before) out += cat("\n", before_section(*report.before, style));
  return out;
}

}  // namespace casdoctor
