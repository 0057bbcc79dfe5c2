// Cell encodings for text_table.hpp: display width, terminal sanitising and
// markdown escaping.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "casdoctor/report/text_table.hpp"

namespace casdoctor {
namespace {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 1;  // bytes consumed
  bool valid = false;
};

constexpr std::uint8_t byte_at(std::string_view text, std::size_t pos) {
  return static_cast<std::uint8_t>(text[pos]);
}

// Strict UTF-8 (no overlong forms, surrogates or values above U+10FFFF); an
// invalid sequence consumes one byte so that decoding always advances.
CodePoint decode(std::string_view text, std::size_t pos) {
  const std::uint8_t lead = byte_at(text, pos);
  if (lead < 0x80) return {lead, 1, true};
  // 0xC0, 0xC1 and 0xF5.. can only start overlong or out-of-range forms.
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
  } else {
    return {};
  }
  char32_t value = lead & (0x7FU >> length);
  if (pos + length > text.size()) return {};
  for (std::size_t i = 1; i < length; ++i) {
    const std::uint8_t next = byte_at(text, pos + i);
    if ((next & 0xC0U) != 0x80U) return {};
    value = (value << 6) | (next & 0x3FU);
  }
  const char32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length, true};
}

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
// Bidirectional overrides and isolates can make a name display as another.
constexpr auto k_unsafe =
    std::to_array<Range>({{0x00, 0x1F}, {0x7F, 0x9F}, {0x202A, 0x202E}, {0x2066, 0x2069}});

std::size_t width_of(const CodePoint& cp) {
  if (!cp.valid) return 1;  // shown as a replacement character
  if (in_ranges(cp.value, k_zero_width)) return 0;
  return in_ranges(cp.value, k_wide) ? 2 : 1;
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = decode(text, pos);
    width += width_of(cp);
    pos += cp.length;
  }
  return width;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = decode(text, pos);
    if (!cp.valid || in_ranges(cp.value, k_unsafe)) {
      out += '?';
    } else {
      out += text.substr(pos, cp.length);
    }
    pos += cp.length;
  }
  return out;
}

std::string markdown_escape(std::string_view text) {
  constexpr std::string_view k_special = "\\`*_[]<>|~#&$!";
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
      out += "<br>";
    } else {
      if (k_special.find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

}  // namespace casdoctor
