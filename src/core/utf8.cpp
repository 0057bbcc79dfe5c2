#include "casdoctor/core/utf8.hpp"

#include <cstdint>

namespace casdoctor {
namespace {

constexpr std::uint8_t byte_at(std::string_view text, std::size_t pos) {
  return static_cast<std::uint8_t>(text[pos]);
}

// 0xC0, 0xC1 and 0xF5.. can only start overlong or out-of-range forms.
constexpr std::size_t sequence_length(std::uint8_t lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

void append_utf16le_unit(std::string& out, char32_t unit) {
  out.push_back(static_cast<char>(unit & 0xFF));
  out.push_back(static_cast<char>((unit >> 8) & 0xFF));
}

}  // namespace

CodePoint decode_utf8(std::string_view text, std::size_t pos) {
  const std::uint8_t lead = byte_at(text, pos);
  if (lead < 0x80) return {lead, 1, true};
  const std::size_t length = sequence_length(lead);
  if (length == 0 || pos + length > text.size()) return {};
  char32_t value = lead & (0x7FU >> length);
  for (std::size_t i = 1; i < length; ++i) {
    const std::uint8_t next = byte_at(text, pos + i);
    if ((next & 0xC0U) != 0x80U) return {};
    value = (value << 6) | (next & 0x3FU);
  }
  const char32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length, true};
}

std::string utf16le_from_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = decode_utf8(text, pos);
    const char32_t value = cp.valid ? cp.value : 0xFFFD;
    pos += cp.length;
    if (value >= 0x10000) {
      append_utf16le_unit(out, 0xD800 + ((value - 0x10000) >> 10));
      append_utf16le_unit(out, 0xDC00 + ((value - 0x10000) & 0x3FF));
    } else {
      append_utf16le_unit(out, value);
    }
  }
  return out;
}

bool is_control(char32_t c) {
  return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
}

bool is_unicode_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool is_invisible_format(char32_t c) {
  return c == 0x061C || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

}  // namespace casdoctor
