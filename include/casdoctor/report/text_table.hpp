#pragma once
// Column-aligned tables for a console and pipe tables for markdown, plus the
// two cell encodings they need. Cells are plain UTF-8 text; the table does the
// escaping, so callers never pass markup.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace casdoctor {

// Columns a terminal uses for `text`: one per code point, two for East Asian
// wide characters, none for combining marks. Server and site names from AD
// may be non-ASCII, and byte counts would misalign them.
std::size_t display_width(std::string_view text);

// `text` safe to print on a terminal: escape_invisible (core/visible_text.hpp),
// so data from a snapshot or a child can neither move the cursor, inject
// colour nor reorder what is shown (\x1b, \x0d, \u202E, ...).
std::string terminal_safe(std::string_view text);

// `text` as literal markdown inline content, usable in a table cell: markup
// characters (\ ` * _ [ ] < > | ~ # & $ !) are backslash-escaped, LF and CRLF
// become <br>, and everything escape_invisible escapes is shown escaped.
std::string markdown_escape(std::string_view text);

enum class Align { left, right };

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers);

  void set_align(std::size_t column, Align align);
  // A row shorter than the header is padded with empty cells; a longer one
  // widens the table (the extra headers are empty).
  void add_row(std::vector<std::string> cells);
  std::size_t row_count() const { return m_rows.size(); }

  // Header and rows, columns separated by two spaces and padded to the widest
  // cell by display width, each line prefixed by `indent`; no trailing blanks.
  std::string render_text(std::string_view indent = {}) const;
  // A GitHub-flavoured pipe table with escaped cells.
  std::string render_markdown() const;

 private:
  using Grid = std::vector<std::vector<std::string>>;
  // Header first, every row as wide as the widest, each cell encoded.
  Grid grid(std::string (*encode)(std::string_view)) const;

  std::vector<std::string> m_headers;
  std::vector<Align> m_align;
  std::vector<std::vector<std::string>> m_rows;
};

}  // namespace casdoctor
