// A PowerShell tokenizer sufficient to find commands and their literal
// arguments. It follows the language's own rules where they decide what is
// a literal (quotes, escapes, comments), because a script that quotes a
// hostile server name must be read exactly as PowerShell would read it.
#include "casdoctor/lab/ps_tokenizer.hpp"

#include <array>

#include "casdoctor/core/concat.hpp"

namespace casdoctor::lab {
namespace {

// UTF-8 forms of the quote and dash characters PowerShell treats like ' " -.
constexpr std::array<std::string_view, 4> k_single_quotes = {"\xE2\x80\x98", "\xE2\x80\x99",
                                                             "\xE2\x80\x9A", "\xE2\x80\x9B"};
constexpr std::array<std::string_view, 3> k_double_quotes = {"\xE2\x80\x9C", "\xE2\x80\x9D",
                                                             "\xE2\x80\x9E"};
constexpr std::array<std::string_view, 3> k_dashes = {"\xE2\x80\x93", "\xE2\x80\x94",
                                                      "\xE2\x80\x95"};

template <std::size_t N>
std::size_t match_any(std::string_view text, std::size_t pos,
                      const std::array<std::string_view, N>& options) {
  for (auto option : options)
    if (text.substr(pos, option.size()) == option) return option.size();
  return 0;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}
bool is_alpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  std::expected<std::vector<Token>, SyntaxError> run() {
    while (pos_ < s_.size()) {
      const bool spaced = skip_blanks();
      if (failed_) return std::unexpected(error_);
      if (pos_ >= s_.size()) break;
      start_ = pos_;
      space_ = spaced || at_boundary();
      next_token();
      if (failed_) return std::unexpected(error_);
    }
    return std::move(tokens_);
  }

 private:
  std::size_t single_quote_at(std::size_t p) const {
    if (p < s_.size() && s_[p] == '\'') return 1;
    return match_any(s_, p, k_single_quotes);
  }
  std::size_t double_quote_at(std::size_t p) const {
    if (p < s_.size() && s_[p] == '"') return 1;
    return match_any(s_, p, k_double_quotes);
  }
  std::size_t dash_at(std::size_t p) const {
    if (p < s_.size() && s_[p] == '-') return 1;
    return match_any(s_, p, k_dashes);
  }
  char at(std::size_t p) const { return p < s_.size() ? s_[p] : '\0'; }

  // After these a token starts afresh even without a blank: (-30), {-not $x}.
  bool at_boundary() const {
    if (tokens_.empty()) return true;
    const auto& last = tokens_.back();
    if (last.kind == TokenKind::newline) return true;
    if (last.kind != TokenKind::punct) return false;
    static constexpr std::string_view k_openers[] = {"(", "{",  "[",  ";",  ",", "|",
                                                     "=", "@(", "@{", "$(", "&"};
    for (auto o : k_openers)
      if (last.text == o) return true;
    return false;
  }

  void fail(std::string message, std::string id, std::size_t offset) {
    failed_ = true;
    error_ = {std::move(message), std::move(id), offset};
  }

  // Blanks, comments and backtick line continuations; true when any.
  bool skip_blanks() {
    const auto before = pos_;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (is_space(c)) {
        ++pos_;
      } else if (c == '`' &&
                 (at(pos_ + 1) == '\n' || (at(pos_ + 1) == '\r' && at(pos_ + 2) == '\n'))) {
        pos_ += at(pos_ + 1) == '\r' ? 3u : 2u;
      } else if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n' && s_[pos_] != '\r') ++pos_;
      } else if (c == '<' && at(pos_ + 1) == '#') {
        const auto end = s_.find("#>", pos_ + 2);
        if (end == std::string_view::npos) {
          fail("Missing end of comment '#>'.", "MissingEndOfComment", pos_);
          pos_ = s_.size();
        } else {
          pos_ = end + 2;
        }
      } else {
        break;
      }
    }
    return pos_ != before;
  }

  void push(TokenKind kind, std::string text, bool colon = false) {
    Token t{kind, std::move(text), start_, pos_ - start_, 0, 0, space_, colon};
    // Incremental from the previous token: positions only move forward.
    const auto [lines, column] =
        line_and_column(s_.substr(counted_, start_ - counted_), start_ - counted_);
    line_ += lines - 1;
    column_ = lines > 1 ? column : column_ + column - 1;
    counted_ = start_;
    t.line = line_;
    t.column = column_;
    tokens_.push_back(std::move(t));
  }

  void next_token() {
    const char c = s_[pos_];
    if (c == '\n' || c == '\r') return newline();
    if (auto q = single_quote_at(pos_)) return single_quoted(q);
    if (auto q = double_quote_at(pos_)) return double_quoted(q);
    if (c == '@') return at_sign();
    if (c == '$') return dollar();
    if (auto d = dash_at(pos_); d && parameter_follows(pos_ + d)) return parameter(d);
    if (auto d = dash_at(pos_); d && is_digit(at(pos_ + d)) && space_) return number(d);
    if (is_digit(c) && space_) return number(0);
    if (c == ':' && at(pos_ + 1) == ':') return punct(2);
    if (c == '.' && (is_space(at(pos_ + 1)) || at(pos_ + 1) == '\0')) return punct(1);
    if (c == '.' && !space_) return punct(1);  // member access: $x.Name, (...).AddDays
    if (std::string_view("(){}[];,|=&>").find(c) != std::string_view::npos)
      return operator_or_punct();
    word();
  }

  void newline() {
    pos_ += (s_[pos_] == '\r' && at(pos_ + 1) == '\n') ? 2u : 1u;
    push(TokenKind::newline, "\n");
  }

  void punct(std::size_t n) {
    pos_ += n;
    push(TokenKind::punct, std::string(s_.substr(start_, n)));
  }

  void operator_or_punct() {
    const char c = s_[pos_];
    if ((c == '|' && at(pos_ + 1) == '|') || (c == '&' && at(pos_ + 1) == '&') ||
        (c == '>' && at(pos_ + 1) == '>'))
      return punct(2);
    punct(1);
  }

  bool parameter_follows(std::size_t p) const {
    return space_ && (is_alpha(at(p)) || at(p) == '?');
  }

  void parameter(std::size_t dash) {
    pos_ += dash;
    const auto name_start = pos_;
    while (pos_ < s_.size() && !is_space(s_[pos_]) && s_[pos_] != ':' && !is_terminator(pos_))
      ++pos_;
    std::string name(s_.substr(name_start, pos_ - name_start));
    const bool colon = at(pos_) == ':';
    if (colon) ++pos_;
    push(TokenKind::parameter, std::move(name), colon);
  }

  void number(std::size_t dash) {
    pos_ += dash;
    while (pos_ < s_.size() && (is_digit(s_[pos_]) || is_alpha(s_[pos_]) || s_[pos_] == '.') &&
           !(s_[pos_] == '.' && !is_digit(at(pos_ + 1))))
      ++pos_;
    push(TokenKind::number, cat(dash ? "-" : "", s_.substr(start_ + dash, pos_ - start_ - dash)));
  }

  // Characters that end a bareword.
  bool is_terminator(std::size_t p) const {
    const char c = s_[p];
    if (is_space(c) || c == '\n' || c == '\r') return true;
    if (std::string_view("(){};,|&\"'=>").find(c) != std::string_view::npos) return true;
    if (c == '[' || c == ']') return true;
    return single_quote_at(p) != 0 || double_quote_at(p) != 0;
  }

  void word() {
    while (pos_ < s_.size() && !is_terminator(pos_)) {
      if (s_[pos_] == '.' && pos_ > start_ && at(pos_ + 1) == '(') break;  // Foo.Method(
      if (s_[pos_] == ':' && at(pos_ + 1) == ':') break;
      ++pos_;
    }
    if (pos_ == start_) ++pos_;  // a lone operator character
    push(TokenKind::word, std::string(s_.substr(start_, pos_ - start_)));
  }

  void single_quoted(std::size_t open) {
    pos_ += open;
    std::string value;
    while (pos_ < s_.size()) {
      if (auto q = single_quote_at(pos_)) {
        if (auto q2 = single_quote_at(pos_ + q)) {  // '' is one quote
          value.append(s_.substr(pos_, q));
          pos_ += q + q2;
          continue;
        }
        pos_ += q;
        return push(TokenKind::string, std::move(value));
      }
      value += s_[pos_++];
    }
    fail("The string is missing the terminator: '.", "TerminatorExpectedAtEndOfString", start_);
  }

  char escaped(char c) const {
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '0':
        return '\0';
      case 'a':
        return '\a';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      default:
        return c;
    }
  }

  // Skips a $( ... ) inside a double-quoted string, quotes and nesting included.
  void skip_subexpression(std::string& value) {
    int depth = 0;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0) {
        value += s_[pos_++];
        return;
      }
      if (auto q = single_quote_at(pos_); q && depth > 0) {
        const auto close = s_.find('\'', pos_ + q);
        const auto end = close == std::string_view::npos ? s_.size() : close + 1;
        value.append(s_.substr(pos_, end - pos_));
        pos_ = end;
        continue;
      }
      value += s_[pos_++];
    }
  }

  void double_quoted(std::size_t open) {
    pos_ += open;
    std::string value;
    while (pos_ < s_.size()) {
      if (s_[pos_] == '`' && pos_ + 1 < s_.size()) {
        value += escaped(s_[pos_ + 1]);
        pos_ += 2;
        continue;
      }
      if (s_[pos_] == '$' && at(pos_ + 1) == '(') {
        skip_subexpression(value);
        continue;
      }
      if (auto q = double_quote_at(pos_)) {
        if (auto q2 = double_quote_at(pos_ + q)) {  // "" is one quote
          value.append(s_.substr(pos_, q));
          pos_ += q + q2;
          continue;
        }
        pos_ += q;
        return push(TokenKind::expandable, std::move(value));
      }
      value += s_[pos_++];
    }
    fail("The string is missing the terminator: \".", "TerminatorExpectedAtEndOfString", start_);
  }

  // @'...'@ and @"..."@: the opening quote ends its line, the closing one
  // starts a line; the value is what lies between those line breaks.
  void here_string(bool expandable) {
    const char quote = expandable ? '"' : '\'';
    pos_ += 2;
    while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
    if (at(pos_) == '\r') ++pos_;
    if (at(pos_) != '\n') {
      fail("No characters are allowed after a here-string header but before the end of the line.",
           "UnexpectedCharactersAfterHereStringHeader", start_);
      return;
    }
    const auto body = ++pos_;
    for (auto p = body; p < s_.size(); ++p) {
      if (s_[p] == quote && at(p + 1) == '@' && p > 0 && s_[p - 1] == '\n') {
        auto end = p - 1;
        if (end > body && s_[end - 1] == '\r') --end;
        std::string value(s_.substr(body, end > body ? end - body : 0));
        pos_ = p + 2;
        return push(expandable ? TokenKind::expandable : TokenKind::string, std::move(value));
      }
    }
    fail(cat("The string is missing the terminator: ", std::string(1, quote), "@."),
         "TerminatorExpectedAtEndOfString", start_);
  }

  void at_sign() {
    const char next = at(pos_ + 1);
    if (next == '(' || next == '{') return punct(2);
    if ((next == '\'' || next == '"')) return here_string(next == '"');
    if (is_alpha(next)) {
      ++pos_;
      const auto name_start = pos_;
      while (pos_ < s_.size() && (is_alpha(s_[pos_]) || is_digit(s_[pos_]))) ++pos_;
      return push(TokenKind::splat, std::string(s_.substr(name_start, pos_ - name_start)));
    }
    word();
  }

  void dollar() {
    const char next = at(pos_ + 1);
    if (next == '(') return punct(2);
    if (next == '{') {
      const auto close = s_.find('}', pos_ + 2);
      if (close == std::string_view::npos) {
        fail("Missing '}' at the end of the variable name.", "IncompleteDollarVariableReference",
             start_);
        return;
      }
      std::string name(s_.substr(pos_ + 2, close - pos_ - 2));
      pos_ = close + 1;
      return push(TokenKind::variable, std::move(name));
    }
    ++pos_;
    const auto name_start = pos_;
    if (next == '_' || next == '$' || next == '?' || next == '^') {
      ++pos_;
      if (next == '_')
        while (pos_ < s_.size() && (is_alpha(s_[pos_]) || is_digit(s_[pos_]))) ++pos_;
    } else {
      while (pos_ < s_.size() &&
             (is_alpha(s_[pos_]) || is_digit(s_[pos_]) ||
              (s_[pos_] == ':' && at(pos_ + 1) != ':' && is_alpha(at(pos_ + 1)))))
        ++pos_;
    }
    push(TokenKind::variable, std::string(s_.substr(name_start, pos_ - name_start)));
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t start_ = 0;
  bool space_ = true;
  bool failed_ = false;
  std::size_t counted_ = 0;  // line_ and column_ describe this offset
  int line_ = 1;
  int column_ = 1;
  SyntaxError error_;
  std::vector<Token> tokens_;
};

}  // namespace

std::pair<int, int> line_and_column(std::string_view script, std::size_t offset) {
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < offset && i < script.size(); ++i) {
    const auto c = static_cast<unsigned char>(script[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if (c != '\r' && (c & 0xC0) != 0x80) {
      ++column;  // count characters, not UTF-8 continuation bytes
    }
  }
  return {line, column};
}

std::expected<std::vector<Token>, SyntaxError> tokenize(std::string_view script) {
  return Lexer(script).run();
}

}  // namespace casdoctor::lab
