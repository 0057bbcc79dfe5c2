#include "html_parts.hpp"

#include <cstdio>
#include <string>

#include "casdoctor/core/concat.hpp"

namespace casdoctor::detail {
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

std::string code_point_mark(unsigned cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "[U+%04X]", cp);
  return buf;
}

// A UTF-8 sequence at `i` that must not reach a reader as it is: its code
// point, else 0. C1 controls (U+0080-U+009F), LRM/RLM, the embeddings and
// overrides U+202A-U+202E and the isolates U+2066-U+2069.
unsigned hidden_sequence(std::string_view text, std::size_t i, std::size_t& length) {
  const auto byte = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  if (byte(0) == 0xC2 && byte(1) >= 0x80 && byte(1) <= 0x9F) {
    length = 2;
    return byte(1);
  }
  if (byte(0) != 0xE2 || (byte(1) != 0x80 && byte(1) != 0x81)) return 0;
  const unsigned cp = 0x2000u + ((byte(1) & 0x3Fu) << 6) + (byte(2) & 0x3Fu);
  const bool hidden = cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
                      (cp >= 0x2066 && cp <= 0x2069);
  length = 3;
  return hidden ? cp : 0;
}

const char* entity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return nullptr;
  }
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (const char* e = entity(c)) {
      out += e;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) {
      out += code_point_mark(u);
    } else if (std::size_t length = 0; const unsigned cp = hidden_sequence(text, i, length)) {
      out += code_point_mark(cp);
      i += length - 1;
    } else {
      out += c;
    }
  }
  return out;
}

std::string html_row(const std::vector<std::string>& cells, bool header) {
  const std::string_view tag = header ? "th" : "td";
  std::string out = "<tr>";
  for (const auto& cell : cells) out += cat("<", tag, ">", html_escape(cell), "</", tag, ">");
  return out + "</tr>\n";
}

std::string html_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows) {
  std::string out = cat("<table>\n<thead>", html_row(header, true), "</thead>\n<tbody>\n");
  for (const auto& row : rows) out += html_row(row);
  return out + "</tbody>\n</table>\n";
}

std::string html_pre(const std::vector<std::string>& lines, std::string_view css_class) {
  std::string out = css_class.empty() ? "<pre>" : cat("<pre class=\"", css_class, "\">");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += cat(i == 0 ? "" : "\n", html_escape(lines[i]));
  }
  return out + "</pre>\n";
}

std::string status_class(Status status) {
  return std::string(to_string(status));
}

std::string html_page(std::string_view title, std::string_view body_html) {
  return cat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n<title>",
      html_escape(title), "</title>\n<style>", k_style, "</style>\n</head>\n<body>\n", body_html,
      "</body>\n</html>\n");
}

}  // namespace casdoctor::detail
