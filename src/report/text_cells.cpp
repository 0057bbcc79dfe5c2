// Cell encodings for text_table.hpp: display width, terminal sanitising and
// markdown escaping.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "casdoctor/core/utf8.hpp"
#include "casdoctor/core/visible_text.hpp"
#include "casdoctor/report/text_table.hpp"

namespace casdoctor {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

constexpr bool in_ranges(char32_t c, std::span<const Range> ranges) {
  for (const auto& r : ranges) {
    if (c >= r.first && c <= r.last) return true;
  }
  return false;
}

// The common blocks, not the full Unicode tables: enough for names in
// Latin, Cyrillic, Greek and CJK scripts to line up.
constexpr auto k_zero_width = std::to_array<Range>({{0x0300, 0x036F},
                                                    {0x0483, 0x0489},
                                                    {0x0591, 0x05BD},
                                                    {0x0610, 0x061A},
                                                    {0x064B, 0x065F},
                                                    {0x1AB0, 0x1AFF},
                                                    {0x1DC0, 0x1DFF},
                                                    {0x200B, 0x200F},
                                                    {0x20D0, 0x20FF},
                                                    {0xFE00, 0xFE0F},
                                                    {0xFE20, 0xFE2F},
                                                    {0xFEFF, 0xFEFF}});
constexpr auto k_wide = std::to_array<Range>({{0x1100, 0x115F},
                                              {0x2E80, 0x303E},
                                              {0x3041, 0x33FF},
                                              {0x3400, 0x4DBF},
                                              {0x4E00, 0x9FFF},
                                              {0xA000, 0xA4CF},
                                              {0xAC00, 0xD7A3},
                                              {0xF900, 0xFAFF},
                                              {0xFE30, 0xFE4F},
                                              {0xFF00, 0xFF60},
                                              {0xFFE0, 0xFFE6},
                                              {0x1F300, 0x1F64F},
                                              {0x1F900, 0x1F9FF},
                                              {0x20000, 0x2FFFD},
                                              {0x30000, 0x3FFFD}});
std::size_t width_of(const CodePoint& cp) {
  if (!cp.valid) return 1;  // shown as a replacement character
  if (in_ranges(cp.value, k_zero_width)) return 0;
  return in_ranges(cp.value, k_wide) ? 2 : 1;
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = decode_utf8(text, pos);
    width += width_of(cp);
    pos += cp.length;
  }
  return width;
}

// Escapes, not '?': an approved command must read exactly as what runs.
std::string terminal_safe(std::string_view text) {
  return escape_invisible(text);
}

namespace {

void append_markdown_literal(std::string& out, std::string_view line) {
  constexpr std::string_view k_special = "\\`*_[]<>|~#&$!";
  for (const char c : escape_invisible(line)) {
    if (k_special.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
}

}  // namespace

// LF and CRLF are line breaks; a lone CR is shown as \x0d like any other
// control character (a console would read it as a line break, a ticket not).
std::string markdown_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t start = 0; start <= text.size();) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (end < text.size() && line.ends_with('\r')) line.remove_suffix(1);
    append_markdown_literal(out, line);
    if (end == text.size()) break;
    out += "<br>";
    start = end + 1;
  }
  return out;
}

}  // namespace casdoctor
