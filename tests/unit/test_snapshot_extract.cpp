// extract_document: the snapshot between its marker lines in a transcript.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/snapshot/reader.hpp"

TEST_CASE("extract_document finds the document between the markers", "[snapshot]") {
  const struct {
    const char* name;
    std::string text;
    std::string document;
    int first_line;
  } cases[] = {
      {"no markers: the whole text", "{\r\n}\r\n", "{\r\n}\r\n", 1},
      {"empty text", "", "", 1},
      {"banner, warnings and markers (CRLF)",
       "Welcome\r\nVERBOSE: Connecting\r\nWARNING: slow\r\n--- casdoctor:begin ---\r\n{\r\n}\r\n"
       "--- casdoctor:end ---\r\nWARNING: after\r\n",
       "{\r\n}\r\n", 5},
      {"LF only", "x\n--- casdoctor:begin ---\n{}\n--- casdoctor:end ---\n", "{}\n", 3},
      {"white space around the markers",
       "  --- casdoctor:begin ---\t \r\n{}\r\n \t--- casdoctor:end ---   \r\n", "{}\r\n", 2},
      {"end marker on the last line without a line break",
       "--- casdoctor:begin ---\n{}\n--- casdoctor:end ---", "{}\n", 2},
      {"nothing between the markers", "--- casdoctor:begin ---\n--- casdoctor:end ---\n", "", 2},
      {"a second end marker after the document is ignored",
       "--- casdoctor:begin ---\n{}\n--- casdoctor:end ---\n--- casdoctor:end ---\n", "{}\n", 2},
      {"marker text inside a longer line is no marker",
       "PS> Write-Output '--- casdoctor:begin ---'\n{}",
       "PS> Write-Output '--- casdoctor:begin "
       "---'\n{}",
       1},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto extracted = casdoctor::extract_document(c.text);
    REQUIRE(extracted.has_value());
    CHECK(extracted->document == c.document);
    CHECK(extracted->first_line == c.first_line);
  }
}

TEST_CASE("extract_document refuses truncated and ambiguous transcripts", "[snapshot]") {
  const struct {
    const char* name;
    std::string text;
    const char* message;
  } cases[] = {
      {"begin without end", "banner\r\nWARNING: x\r\n--- casdoctor:begin ---\r\n{\r\n  \"a\":",
       "truncated: begin marker at line 3 but no end marker"},
      {"begin marker on the last line", "x\n--- casdoctor:begin ---",
       "truncated: begin marker at line 2 but no end marker"},
      {"two begin markers",
       "--- casdoctor:begin ---\n{}\n\n\n--- casdoctor:begin ---\n{}\n--- casdoctor:end ---\n",
       "second begin marker at line 5 (the first is at line 1): the input holds more than one "
       "snapshot"},
      {"a second snapshot after the first",
       "--- casdoctor:begin ---\n{}\n--- casdoctor:end ---\n--- casdoctor:begin ---\n",
       "second begin marker at line 4 (the first is at line 1): the input holds more than one "
       "snapshot"},
      {"end without begin", "{}\n--- casdoctor:end ---\n",
       "end marker at line 2 without a begin marker before it"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto extracted = casdoctor::extract_document(c.text);
    REQUIRE_FALSE(extracted.has_value());
    CHECK(extracted.error().code == casdoctor::ExitCode::bad_input);
    CHECK(extracted.error().message == c.message);
  }
}
