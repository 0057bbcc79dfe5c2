// TextTable and its cell encodings: alignment by display width (not bytes),
// terminal sanitising and markdown escaping.
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "casdoctor/report/text_table.hpp"

using namespace casdoctor;

TEST_CASE("display_width counts columns, not bytes", "[report]") {
  const auto [text, width] = GENERATE(table<std::string, std::size_t>({
      {"", 0},
      {"EX16A", 5},
      {"Zürich", 6},            // 7 bytes
      {"Санкт-Петербург", 15},  // Cyrillic, 2 bytes each
      {"東京", 4},              // wide
      {"e\xCC\x81", 1},         // e + combining acute accent
      {"\xF0\x9F\x98\x80", 2},  // emoji, 4 bytes
      {"a\xFF"
       "b",
       3},          // a malformed byte shows as one replacement character
      {"\xC3", 1},  // truncated sequence
  }));
  CHECK(display_width(text) == width);
}

TEST_CASE("terminal_safe shows control characters as escapes", "[report]") {
  const auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"EX16A", "EX16A"},
      {"Zürich 東京", "Zürich 東京"},
      {"EX\x1b[2J1", "EX\\x1b[2J1"},
      {"a\r\nb\tc", "a\\x0d\\x0ab\\x09c"},
      {"\xC2\x9B"
       "31m",
       "\\u009B31m"},  // C1 CSI
      {"EX\xE2\x80\xAE"
       "A61",
       "EX\\u202EA61"},  // right-to-left override
      {"bad\xFF", "bad\\xff"},
  }));
  CHECK(terminal_safe(text) == expected);
}

TEST_CASE("markdown_escape makes text literal", "[report]") {
  const auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"EX16A", "EX16A"},
      {"a|b", "a\\|b"},
      {"line1\nline2", "line1<br>line2"},
      {"line1\r\nline2\rline3", "line1<br>line2\\\\x0dline3"},
      {"*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"},
      {"[x](y) <b> #1 ~~s~~", "\\[x\\](y) \\<b\\> \\#1 \\~\\~s\\~\\~"},
      {"C:\\Temp", "C:\\\\Temp"},
      {"Zürich", "Zürich"},
  }));
  CHECK(markdown_escape(text) == expected);
}

TEST_CASE("text table aligns by display width", "[report]") {
  TextTable table({"NAME", "SITE", "OOS"});
  table.add_row({"EX16A", "Zürich", "-"});
  table.add_row({"EX東京", "Berlin", "no"});
  table.add_row({"EX10A", "Санкт-Петербург", "yes"});
  CHECK(table.render_text() ==
        "NAME    SITE             OOS\n"
        "EX16A   Zürich           -\n"
        "EX東京  Berlin           no\n"
        "EX10A   Санкт-Петербург  yes\n");
}

TEST_CASE("text table: right alignment, indent, no trailing blanks", "[report]") {
  TextTable table({"SERVER", "MS", "NOTE"});
  table.set_align(1, Align::right);
  table.add_row({"EX16A", "812", ""});
  table.add_row({"EX13A", "5", "slow"});
  const std::string text = table.render_text("  ");
  CHECK(text ==
        "  SERVER   MS  NOTE\n"
        "  EX16A   812\n"
        "  EX13A     5  slow\n");
  CHECK(text.find(" \n") == std::string::npos);
}

TEST_CASE("text table: short rows padded, long rows widen the table", "[report]") {
  TextTable table({"A", "B"});
  table.add_row({"1"});
  table.add_row({"1", "2", "3"});
  CHECK(table.row_count() == 2);
  CHECK(table.render_text() ==
        "A  B\n"
        "1\n"
        "1  2  3\n");
}

TEST_CASE("text table sanitises cells before measuring", "[report]") {
  TextTable table({"NAME", "SITE"});
  table.add_row({"EX\x1b[31mRED", "x"});
  const std::string text = table.render_text();
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text ==
        "NAME           SITE\n"
        "EX\\x1b[31mRED  x\n");
}

TEST_CASE("markdown table escapes cells", "[report]") {
  TextTable table({"Name", "Summary", "ms"});
  table.set_align(2, Align::right);
  table.add_row({"EX|16A", "first line\nsecond | line", "812"});
  table.add_row({"Zürich"});
  CHECK(table.render_markdown() ==
        "| Name | Summary | ms |\n"
        "| --- | --- | ---: |\n"
        "| EX\\|16A | first line<br>second \\| line | 812 |\n"
        "| Zürich |  |  |\n");
}
