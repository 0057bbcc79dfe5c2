#include "casdoctor/report/text_table.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace casdoctor {
namespace {

std::vector<std::size_t> widths_of(const std::vector<std::vector<std::string>>& grid) {
  std::vector<std::size_t> widths(grid.front().size(), 0);
  for (const auto& row : grid) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  }
  return widths;
}

std::string text_line(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths,
                      const std::vector<Align>& align) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += "  ";
    const std::string padding(widths[i] - display_width(cells[i]), ' ');
    const bool right = i < align.size() && align[i] == Align::right;
    line += right ? padding + cells[i] : cells[i] + padding;
  }
  // Padding of a short last cell would leave trailing blanks.
  line.erase(line.find_last_not_of(' ') + 1);
  return line;
}

std::string markdown_line(const std::vector<std::string>& cells) {
  std::string line = "|";
  for (const auto& cell : cells) line += " " + cell + " |";
  return line;
}

std::string markdown_rule(std::size_t columns, const std::vector<Align>& align) {
  std::string line = "|";
  for (std::size_t i = 0; i < columns; ++i) {
    const bool right = i < align.size() && align[i] == Align::right;
    line += right ? " ---: |" : " --- |";
  }
  return line;
}

}  // namespace

TextTable::TextTable(std::vector<std::string> headers)
    : m_headers(std::move(headers)), m_align(m_headers.size(), Align::left) {}

void TextTable::set_align(std::size_t column, Align align) {
  if (column >= m_align.size()) m_align.resize(column + 1, Align::left);
  m_align[column] = align;
}

void TextTable::add_row(std::vector<std::string> cells) {
  m_rows.push_back(std::move(cells));
}

TextTable::Grid TextTable::grid(std::string (*encode)(std::string_view)) const {
  std::size_t columns = m_headers.size();
  for (const auto& row : m_rows) columns = std::max(columns, row.size());
  Grid out;
  out.reserve(m_rows.size() + 1);
  for (std::size_t r = 0; r <= m_rows.size(); ++r) {
    const auto& source = r == 0 ? m_headers : m_rows[r - 1];
    std::vector<std::string> cells(columns);
    for (std::size_t i = 0; i < source.size(); ++i) cells[i] = encode(source[i]);
    out.push_back(std::move(cells));
  }
  return out;
}

std::string TextTable::render_text(std::string_view indent) const {
  const Grid cells = grid(&terminal_safe);
  const auto widths = widths_of(cells);
  std::string out;
  for (const auto& row : cells) {
    const std::string line = text_line(row, widths, m_align);
    if (!line.empty()) out += indent;
    out += line + '\n';
  }
  return out;
}

std::string TextTable::render_markdown() const {
  const Grid cells = grid(&markdown_escape);
  std::string out = markdown_line(cells.front()) + "\n";
  out += markdown_rule(cells.front().size(), m_align) + "\n";
  for (std::size_t r = 1; r < cells.size(); ++r) out += markdown_line(cells[r]) + "\n";
  return out;
}

}  // namespace casdoctor
