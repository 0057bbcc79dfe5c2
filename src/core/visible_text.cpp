#include "casdoctor/core/visible_text.hpp"

#include "casdoctor/core/utf8.hpp"

namespace casdoctor {
namespace {

constexpr std::string_view k_hex = "0123456789abcdef";
constexpr std::string_view k_upper_hex = "0123456789ABCDEF";

bool hidden(const CodePoint& cp) {
  return !cp.valid || is_control(cp.value) || is_invisible_format(cp.value) ||
         (cp.value != 0x20 && is_unicode_space(cp.value));
}

void append_escape(std::string& out, std::string_view text, std::size_t pos, const CodePoint& cp) {
  if (!cp.valid || cp.value < 0x80) {
    const auto byte = static_cast<std::size_t>(static_cast<unsigned char>(text[pos]));
    out.append("\\x").push_back(k_hex[byte >> 4]);
    out.push_back(k_hex[byte & 0xF]);
    return;
  }
  out.append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4)
    out.push_back(k_upper_hex[(cp.value >> shift) & 0xF]);
}

}  // namespace

std::string escape_invisible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = decode_utf8(text, pos);
    if (hidden(cp)) {
      append_escape(out, text, pos, cp);
    } else {
      out.append(text.substr(pos, cp.length));
    }
    pos += cp.length;
  }
  return out;
}

bool all_visible(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = decode_utf8(text, pos);
    if (hidden(cp)) return false;
    pos += cp.length;
  }
  return true;
}

}  // namespace casdoctor
