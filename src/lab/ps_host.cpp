// The shell's output streams. Layout follows what Windows PowerShell 5.1's
// console host prints when its output is redirected; see docs/lab.md.
#include "casdoctor/lab/ps_host.hpp"

#include <cstdio>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/lab/ps_tokenizer.hpp"
#include "casdoctor/sys/console.hpp"

namespace casdoctor::lab {
namespace {

constexpr std::string_view k_crlf = "\r\n";

void put_unit(std::string& out, unsigned unit) {
  out += static_cast<char>(unit & 0xFF);
  out += static_cast<char>((unit >> 8) & 0xFF);
}

// One code point from UTF-8 at `i`, advancing it; U+FFFD for a bad sequence.
unsigned next_code_point(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i++]);
  if (lead < 0x80) return lead;
  const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (extra < 0) return 0xFFFD;
  unsigned cp = lead & (0x3Fu >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

std::string category_line(const PsError& e) {
  return cat("    + CategoryInfo          : ", e.category, ": (", e.target, ":", e.target_type,
             ") [", e.activity, "], ", e.reason, k_crlf);
}

std::string error_id_line(const PsError& e) {
  return cat("    + FullyQualifiedErrorId : ", e.error_id, k_crlf);
}

// "At line:1 char:1", "+ <the line>", "+ ~~~~".
std::string position_lines(const ErrorSite& site) {
  const auto [line, column] = line_and_column(site.script, site.offset);
  const auto line_start = site.script.rfind('\n', site.offset == 0 ? 0 : site.offset - 1);
  const auto from = (line_start == std::string_view::npos || site.offset == 0) ? 0 : line_start + 1;
  auto to = site.script.find('\n', site.offset);
  if (to == std::string_view::npos) to = site.script.size();
  auto text = site.script.substr(from, to - from);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  const auto available = from + text.size() > site.offset ? from + text.size() - site.offset : 1;
  const auto marks = std::max<std::size_t>(1, std::min(site.length, available));
  return cat("At line:", std::to_string(line), " char:", std::to_string(column), k_crlf, "+ ", text,
             k_crlf, "+ ", std::string(static_cast<std::size_t>(column - 1), ' '),
             std::string(marks, '~'), k_crlf);
}

}  // namespace

std::string to_utf16le(std::string_view utf8, bool bom) {
  std::string out;
  out.reserve(utf8.size() * 2 + 2);
  if (bom) out += "\xFF\xFE";
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned cp = next_code_point(utf8, i);
    if (cp >= 0x10000) {
      put_unit(out, 0xD800 + ((cp - 0x10000) >> 10));
      put_unit(out, 0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      put_unit(out, cp);
    }
  }
  return out;
}

void ConsoleHost::write_out(std::string_view utf8) {
  if (encoding_ == OutputEncoding::utf16le) {
    sys::write_stdout(to_utf16le(utf8, !out_started_));
  } else {
    sys::write_stdout(utf8);
  }
  out_started_ = true;
}

void ConsoleHost::write_err(std::string_view utf8) {
  const std::string bytes =
      encoding_ == OutputEncoding::utf16le ? to_utf16le(utf8, !err_started_) : std::string(utf8);
  std::fwrite(bytes.data(), 1, bytes.size(), stderr);
  std::fflush(stderr);
  err_started_ = true;
}

void write_line(PsHost& host, std::string_view line) {
  host.write_out(cat(line, k_crlf));
}

void write_warning(PsHost& host, std::string_view text) {
  write_line(host, cat("WARNING: ", text));
}

void write_verbose(PsHost& host, std::string_view text) {
  write_line(host, cat("VERBOSE: ", text));
}

void write_error(PsHost& host, const PsError& error, const ErrorSite& site) {
  host.write_err(cat(site.invocation, " : ", error.message, k_crlf, position_lines(site),
                     category_line(error), error_id_line(error), " ", k_crlf));
}

void write_remote_error(PsHost& host, const PsError& error, std::string_view computer) {
  host.write_err(cat(error.message, k_crlf, category_line(error), error_id_line(error),
                     "    + PSComputerName        : ", computer, k_crlf, " ", k_crlf));
}

void write_connection_error(PsHost& host, const PsError& error, std::string_view computer) {
  host.write_err(cat("[", computer, "] ", error.message, k_crlf, category_line(error),
                     error_id_line(error), " ", k_crlf));
}

void write_parse_error(PsHost& host, const PsError& error, const ErrorSite& site) {
  host.write_err(cat(position_lines(site), error.message, k_crlf, category_line(error),
                     error_id_line(error), " ", k_crlf));
}

}  // namespace casdoctor::lab
