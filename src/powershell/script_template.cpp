#include "casdoctor/powershell/script_template.hpp"

#include <array>
#include <stdexcept>

#include "casdoctor/core/ps_quote.hpp"

namespace casdoctor {
namespace {

constexpr std::string_view k_literal_open = "\xC2\xAB";   // «
constexpr std::string_view k_literal_close = "\xC2\xBB";  // »
constexpr std::string_view k_value_mark = "@@";

// ASCII quotes, the backtick, and U+2018..U+201E: PowerShell reads the
// typographic ones as quotes too, so a template must not contain any.
constexpr std::array<std::string_view, 10> k_forbidden = {"'",
                                                          "\"",
                                                          "`",
                                                          "\xE2\x80\x98",
                                                          "\xE2\x80\x99",
                                                          "\xE2\x80\x9A",
                                                          "\xE2\x80\x9B",
                                                          "\xE2\x80\x9C",
                                                          "\xE2\x80\x9D",
                                                          "\xE2\x80\x9E"};

[[noreturn]] void malformed(std::string_view what, std::string_view script_template,
                            std::size_t pos) {
  const auto line_start = script_template.rfind('\n', pos == 0 ? 0 : pos - 1);
  const auto from = line_start == std::string_view::npos ? 0 : line_start + 1;
  const auto line_end = script_template.find('\n', pos);
  throw std::logic_error("script template: " + std::string(what) +
                         " in line: " + std::string(script_template.substr(from, line_end - from)));
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += ps_quote(item);
  }
  return out;
}

std::string render(const ScriptValue& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  if (const auto* text = std::get_if<std::string>(&value)) return ps_quote(*text);
  return quoted_list(std::get<std::vector<std::string>>(value));
}

std::size_t forbidden_at(std::string_view text, std::size_t pos) {
  for (auto quote : k_forbidden) {
    if (text.substr(pos, quote.size()) == quote) return quote.size();
  }
  return 0;
}

// Appends the literal or value starting at `pos`; returns the position after it.
std::size_t expand_literal(std::string_view tpl, std::size_t pos, std::string& out) {
  const auto start = pos + k_literal_open.size();
  const auto end = tpl.find(k_literal_close, start);
  if (end == std::string_view::npos) malformed("unterminated \xC2\xAB", tpl, pos);
  // Anything may stand inside: ps_quote doubles the quotes PowerShell knows.
  out += ps_quote(tpl.substr(start, end - start));
  return end + k_literal_close.size();
}

std::size_t expand_value(std::string_view tpl, std::size_t pos, const ScriptValues& values,
                         std::string& out) {
  const auto start = pos + k_value_mark.size();
  const auto end = tpl.find(k_value_mark, start);
  if (end == std::string_view::npos) malformed("unterminated @@", tpl, pos);
  const auto found = values.find(tpl.substr(start, end - start));
  if (found == values.end()) malformed("a name without a value", tpl, pos);
  out += render(found->second);
  return end + k_value_mark.size();
}

}  // namespace

std::string expand_script(std::string_view tpl, const ScriptValues& values) {
  std::string out;
  out.reserve(tpl.size() + tpl.size() / 8);
  for (std::size_t pos = 0; pos < tpl.size();) {
    if (tpl.substr(pos, k_literal_open.size()) == k_literal_open) {
      pos = expand_literal(tpl, pos, out);
    } else if (tpl.substr(pos, k_value_mark.size()) == k_value_mark) {
      pos = expand_value(tpl, pos, values, out);
    } else if (tpl.substr(pos, k_literal_close.size()) == k_literal_close) {
      malformed("\xC2\xBB without \xC2\xAB", tpl, pos);
    } else if (forbidden_at(tpl, pos) != 0) {
      malformed("a quote character outside \xC2\xAB...\xC2\xBB", tpl, pos);
    } else {
      out.push_back(tpl[pos++]);
    }
  }
  return out;
}

}  // namespace casdoctor
