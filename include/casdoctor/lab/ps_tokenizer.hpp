#pragma once
// PowerShell's lexical rules, as far as recognising casdoctor's scripts
// needs them: single-quoted literals ('' doubles a quote; the typographic
// quotes ‘ ’ ‚ ‛ count as single quotes), double-quoted strings (backtick
// escapes, “ ” „ too), here-strings, variables, parameters (also with the
// en and em dashes PowerShell accepts), comments, line continuations,
// brackets and barewords.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casdoctor::lab {

enum class TokenKind {
  word,        // bareword: command name, argument, keyword, member name
  number,      // 30, -30, 1.5
  parameter,   // -Name (text "Name"); -Name: sets colon
  variable,    // $name, ${name}, $env:X (text without the $)
  splat,       // @name
  string,      // '...' or a here-string (text: the value)
  expandable,  // "..." or @"..."@ (text: the value after backtick escapes)
  punct,       // ( ) { } [ ] @( @{ $( ; , | = . :: & > and other operators
  newline,
};

struct Token {
  TokenKind kind;
  std::string text;
  std::size_t offset = 0;  // byte offset in the script
  std::size_t length = 0;  // bytes in the script
  int line = 1;            // 1-based
  int column = 1;          // 1-based, in characters
  bool space_before = false;
  bool colon = false;  // -Name:value
};

// What PowerShell's parser reports for a script it cannot read.
struct SyntaxError {
  std::string message;   // "The string is missing the terminator: '."
  std::string error_id;  // "TerminatorExpectedAtEndOfString"
  std::size_t offset = 0;
};

// Fails on an unterminated string or comment, with PowerShell's wording.
std::expected<std::vector<Token>, SyntaxError> tokenize(std::string_view script);

// 1-based line and column (in characters) of a byte offset.
std::pair<int, int> line_and_column(std::string_view script, std::size_t offset);

}  // namespace casdoctor::lab
