#include <string>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/report/render.hpp"
#include "casdoctor/report/text_table.hpp"

#include "verification_parts.hpp"

namespace casdoctor::detail {
namespace {

using Json = nlohmann::ordered_json;

Json text_or_null(const std::string& text) {
  return text.empty() ? Json(nullptr) : Json(text);
}

std::string or_dash(const std::string& text) {
  return text.empty() ? std::string("-") : text;
}

std::vector<std::string> cells(const VerificationRecord& r) {
  return {r.via.empty() ? std::string("(namespace)") : r.via,
          r.user,
          r.outcome,
          r.http_status ? std::to_string(*r.http_status) : std::string("-"),
          or_dash(r.cas_error_code),
          or_dash(r.fe_server),
          or_dash(r.be_server),
          cat(std::to_string(r.elapsed_ms), " ms"),
          or_dash(r.detail)};
}

}  // namespace

Json verification_json(const VerificationRecord& r) {
  Json out;
  out["url"] = r.url;
  out["via"] = text_or_null(r.via);
  out["user"] = r.user;
  out["outcome"] = r.outcome;
  out["http_status"] = r.http_status ? Json(*r.http_status) : Json(nullptr);
  out["cas_error_code"] = text_or_null(r.cas_error_code);
  out["fe_server"] = text_or_null(r.fe_server);
  out["be_server"] = text_or_null(r.be_server);
  out["owa_error"] = text_or_null(r.owa_error);
  out["backend_version"] = text_or_null(r.backend_version);
  out["elapsed_ms"] = r.elapsed_ms;
  return out;
}

std::string verification_text_section(const Report& report) {
  if (report.verification.empty()) return {};
  TextTable table({"VIA", "USER", "OUTCOME", "HTTP", "CAS ERROR", "FE", "BE", "TIME", "DETAIL"});
  for (const auto& r : report.verification) {
    auto row = cells(r);
    for (auto& cell : row) cell = terminal_safe(cell);
    table.add_row(row);
  }
  return cat("VERIFICATION (", std::to_string(report.verification.size()), ") ",
             terminal_safe(report.verification.front().url), "\n", table.render_text("  "));
}

std::string verification_markdown_section(const Report& report) {
  if (report.verification.empty()) return {};
  TextTable table({"Via", "User", "Outcome", "HTTP", "CAS error", "FE", "BE", "Time", "Detail"});
  for (const auto& r : report.verification) table.add_row(cells(r));
  return cat("\n## Verification\n\nOWA logon to ", markdown_escape(report.verification.front().url),
             "\n\n", table.render_markdown());
}

}  // namespace casdoctor::detail
