#include "ps_layout.hpp"

#include "casdoctor/core/concat.hpp"

namespace casdoctor::detail {
namespace {

constexpr std::string_view k_indent = "    ";
constexpr std::string_view k_remote = "Invoke-Command ";
constexpr std::string_view k_block = " -ScriptBlock { ";

// Length of a quote character at `i` (PowerShell also reads the typographic
// quotes as quotes), 0 if none.
std::size_t quote_at(std::string_view s, std::size_t i, bool single) {
  if (s[i] == (single ? '\'' : '"')) return 1;
  if (i + 2 >= s.size() || s[i] != '\xE2' || s[i + 1] != '\x80') return 0;
  const auto third = static_cast<unsigned char>(s[i + 2]);
  return (single ? (third >= 0x98 && third <= 0x9B) : (third >= 0x9C && third <= 0x9E)) ? 3 : 0;
}

// The index of the quote that closes the string opened at `i` (`q` bytes
// long), or npos. A doubled quote is one quote inside; a backtick escapes
// in "...".
std::size_t closing_quote(std::string_view s, std::size_t i, std::size_t q, bool single) {
  for (i += q; i < s.size(); ++i) {
    if (!single && s[i] == '`') {
      ++i;
      continue;
    }
    const std::size_t end = quote_at(s, i, single);
    if (end == 0) continue;
    const std::size_t after = i + end;
    if (after < s.size() && quote_at(s, after, single) > 0) {
      i = after + quote_at(s, after, single) - 1;
      continue;
    }
    return after - 1;
  }
  return std::string_view::npos;
}

// Positions in `s` of each top-level `separator` (outside quotes, braces,
// parentheses; with `nested`, inside braces and parentheses too: a line may
// end in '|' at any depth); ok=false when the text does not balance.
struct Splits {
  std::vector<std::size_t> at;
  bool ok = true;
};

Splits top_level(std::string_view s, char separator, bool nested = false) {
  Splits out;
  int depth = 0;
  for (std::size_t i = 0; i < s.size() && out.ok; ++i) {
    const std::size_t single = quote_at(s, i, true);
    const std::size_t dbl = single > 0 ? 0 : quote_at(s, i, false);
    if (single > 0 || dbl > 0) {
      i = closing_quote(s, i, single > 0 ? single : dbl, single > 0);
      out.ok = i != std::string_view::npos;
      continue;
    }
    const char c = s[i];
    if (c == '{' || c == '(') ++depth;
    if (c == '}' || c == ')') --depth;
    if (depth < 0) out.ok = false;
    if ((depth == 0 || nested) && c == separator) out.at.push_back(i);
  }
  if (depth != 0) out.ok = false;
  return out;
}

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(' ');
  return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> pieces(std::string_view s, const std::vector<std::size_t>& at) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (const std::size_t end : at) {
    out.push_back(trimmed(s.substr(start, end - start)));
    start = end + 1;
  }
  out.push_back(trimmed(s.substr(start)));
  return out;
}

// One pipeline element: a long comma list filled into lines of the width.
void add_element(std::string_view element, std::string_view indent, bool last,
                 std::vector<std::string>& lines) {
  const std::string tail = last ? "" : " |";
  const Splits commas = top_level(element, ',');
  if (!commas.ok || indent.size() + element.size() + tail.size() <= k_layout_width ||
      commas.at.empty()) {
    lines.push_back(cat(indent, element, tail));
    return;
  }
  std::string line(indent);
  std::size_t start = 0;
  for (const std::size_t comma : commas.at) {
    const std::string_view part = element.substr(start, comma + 1 - start);
    if (line.size() > indent.size() + k_indent.size() &&
        line.size() + part.size() > k_layout_width) {
      lines.push_back(line);
      line = cat(indent, k_indent, trimmed(part));
    } else {
      line += line.size() == indent.size() ? trimmed(part) : std::string(part);
    }
    start = comma + 1;
  }
  const std::string rest = cat(element.substr(start), tail);
  if (line.size() + rest.size() > k_layout_width) {
    lines.push_back(line);
    line = cat(indent, k_indent, trimmed(rest));
  } else {
    line += rest;
  }
  lines.push_back(line);
}

// A statement: one line when it fits, else one pipeline element per line.
void add_statement(std::string_view statement, std::string_view indent,
                   std::vector<std::string>& lines) {
  const Splits pipes = top_level(statement, '|', true);
  if (indent.size() + statement.size() <= k_layout_width || !pipes.ok || pipes.at.empty()) {
    add_element(statement, indent, true, lines);
    return;
  }
  const auto elements = pieces(statement, pipes.at);
  for (std::size_t i = 0; i < elements.size(); ++i) {
    add_element(elements[i], i == 0 ? std::string(indent) : cat(indent, k_indent),
                i + 1 == elements.size(), lines);
  }
}

void add_statements(std::string_view script, std::string_view indent,
                    std::vector<std::string>& lines) {
  const Splits statements = top_level(script, ';');
  for (const auto& statement : pieces(script, statements.at)) {
    if (!statement.empty()) add_statement(statement, indent, lines);
  }
}

}  // namespace

std::vector<std::string> ps_layout(std::string_view command) {
  const Splits check = top_level(command, ';');
  if (!check.ok) return {std::string(command)};
  const std::size_t block = command.find(k_block);
  std::vector<std::string> lines;
  if (command.starts_with(k_remote) && block != std::string_view::npos && command.ends_with(" }") &&
      top_level(command.substr(0, block), ';').at.empty()) {
    const std::string_view body =
        command.substr(block + k_block.size(), command.size() - 2 - block - k_block.size());
    if (top_level(body, ';').ok) {
      lines.push_back(cat(command.substr(0, block), " -ScriptBlock {"));
      add_statements(body, k_indent, lines);
      lines.emplace_back("}");
      return lines;
    }
  }
  if (command.size() <= k_layout_width) return {std::string(command)};
  add_statements(command, "", lines);
  return lines;
}

}  // namespace casdoctor::detail

namespace casdoctor::detail {

std::vector<std::string> ps_layout_all(const std::vector<std::string>& commands) {
  std::vector<std::string> lines;
  for (const auto& command : commands) {
    auto laid_out = ps_layout(command);
    lines.insert(lines.end(), laid_out.begin(), laid_out.end());
  }
  return lines;
}

}  // namespace casdoctor::detail
