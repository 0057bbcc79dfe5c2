// Statements, pipelines and command invocations out of PowerShell tokens.
// Recursive descent over the token list; expressions are skipped as
// balanced token runs but searched for the commands and script blocks they
// contain, so that nothing a script runs goes unseen.
#include <array>

#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/ps_script.hpp"

namespace casdoctor::lab {
namespace {

constexpr std::array<std::string_view, 16> k_clause_keywords = {
    "if",  "elseif", "else",    "foreach", "for",   "while", "do",      "switch",
    "try", "catch",  "finally", "trap",    "until", "begin", "process", "end"};
constexpr std::array<std::string_view, 5> k_flow_keywords = {"exit", "return", "throw", "break",
                                                             "continue"};

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& list) {
  for (auto w : list)
    if (iequals(w, word)) return true;
  return false;
}

class Parser {
 public:
  Parser(std::string_view script, std::vector<Token> tokens)
      : src_(script), t_(std::move(tokens)) {}

  Block parse() { return block_until(""); }

 private:
  // ---- token helpers ----
  bool done() const { return i_ >= t_.size(); }
  const Token& cur() const { return t_[i_]; }
  bool is_punct(std::string_view p) const {
    return !done() && cur().kind == TokenKind::punct && cur().text == p;
  }
  bool is_word(std::string_view w) const {
    return !done() && cur().kind == TokenKind::word && iequals(cur().text, w);
  }
  bool at_newline() const { return !done() && cur().kind == TokenKind::newline; }
  void skip_newlines() {
    while (at_newline()) ++i_;
  }
  std::size_t end_offset_of_previous() const {
    return i_ == 0 ? 0 : t_[i_ - 1].offset + t_[i_ - 1].length;
  }
  std::size_t here() const { return done() ? src_.size() : cur().offset; }

  // The closer of the innermost open bracket, or end of statement.
  bool at_statement_end(std::string_view closer) const {
    if (done()) return true;
    if (cur().kind == TokenKind::newline) return true;
    if (cur().kind != TokenKind::punct) return false;
    return cur().text == ";" || cur().text == "|" || (!closer.empty() && cur().text == closer) ||
           cur().text == ")" || cur().text == "}";
  }

  // ---- blocks and statements ----
  Block block_until(std::string_view closer) {
    Block block;
    block.offset = here();
    while (!done()) {
      while (at_newline() || is_punct(";")) ++i_;
      if (done() || (!closer.empty() && is_punct(closer))) break;
      if (is_punct(")") || is_punct("}")) {  // stray closer: skip, PowerShell would complain
        ++i_;
        continue;
      }
      block.statements.push_back(statement(closer));
    }
    block.length = here() - block.offset;
    return block;
  }

  std::shared_ptr<Block> braced_block() {
    skip_newlines();
    if (!is_punct("{")) return std::make_shared<Block>();
    ++i_;
    auto block = std::make_shared<Block>(block_until("}"));
    if (is_punct("}")) ++i_;
    return block;
  }

  Statement statement(std::string_view closer) {
    const auto start = here();
    Statement s;
    if (!done() && cur().kind == TokenKind::word) {
      if (iequals(cur().text, "function") || iequals(cur().text, "filter")) {
        s = function_definition();
      } else if (is_one_of(cur().text, k_clause_keywords)) {
        s = clause();
      } else if (is_one_of(cur().text, k_flow_keywords)) {
        s.kind = Statement::Kind::keyword;
        s.keyword = to_lower_ascii(cur().text);
        ++i_;
        s.stages = pipeline(closer);
      } else {
        s.stages = pipeline(closer);
      }
    } else {
      s.assigned = assignment_target();
      s.stages = pipeline(closer);
    }
    s.offset = start;
    s.length = end_offset_of_previous() - start;
    return s;
  }

  Statement function_definition() {
    Statement s;
    s.kind = Statement::Kind::function;
    ++i_;
    if (!done()) s.function_name = t_[i_++].text;
    if (is_punct("(")) conditions(s);  // function f($a) { }
    s.body = braced_block();
    return s;
  }

  // if (...) { }, foreach (...) { }, try { }, catch [T] { }, do { } while (...)
  Statement clause() {
    Statement s;
    s.kind = Statement::Kind::keyword;
    s.keyword = to_lower_ascii(cur().text);
    ++i_;
    if (s.keyword == "catch") {
      while (is_punct("[") || is_punct(",")) skip_balanced();
    }
    if (is_punct("(")) conditions(s);
    s.body = braced_block();
    if (s.keyword == "do") {
      skip_newlines();
      if (is_word("while") || is_word("until")) {
        ++i_;
        if (is_punct("(")) conditions(s);
      }
    }
    return s;
  }

  void conditions(Statement& s) { s.conditions.push_back(group_expression()); }

  // $x = / $x.y = / $x[1] = / $x += : the variable assigned, tokens consumed.
  std::string assignment_target() {
    if (done() || cur().kind != TokenKind::variable) return {};
    std::size_t j = i_ + 1;
    int depth = 0;
    while (j < t_.size() && t_[j].kind != TokenKind::newline) {
      const auto& tok = t_[j];
      if (tok.kind == TokenKind::punct && (tok.text == "[" || tok.text == "("))
        ++depth;
      else if (tok.kind == TokenKind::punct && (tok.text == "]" || tok.text == ")"))
        --depth;
      else if (depth == 0 && tok.kind == TokenKind::punct && tok.text == "=")
        break;
      else if (depth == 0 && tok.kind == TokenKind::word && (tok.text == "+" || tok.text == "-") &&
               j + 1 < t_.size() && t_[j + 1].text == "=" && !t_[j + 1].space_before) {
        ++j;
        break;
      } else if (depth == 0 && !(tok.kind == TokenKind::punct && tok.text == ".") &&
                 !(tok.kind == TokenKind::word && !tok.space_before)) {
        return {};
      }
      ++j;
    }
    if (j >= t_.size() || t_[j].text != "=") return {};
    std::string name = cur().text;
    i_ = j + 1;
    skip_newlines();
    return name;
  }

  // ---- pipelines and commands ----
  std::vector<Stage> pipeline(std::string_view closer) {
    std::vector<Stage> stages;
    while (!done()) {
      Stage stage;
      if (command_starts()) {
        stage.command = command(closer);
      } else {
        stage.expression = expression_until_stage_end(closer);
      }
      stages.push_back(std::move(stage));
      if (!is_punct("|")) break;
      ++i_;
      skip_newlines();
    }
    return stages;
  }

  bool command_starts() const {
    if (done()) return false;
    if (cur().kind == TokenKind::word) {
      // hashtable key: name = value
      if (i_ + 1 < t_.size() && t_[i_ + 1].kind == TokenKind::punct && t_[i_ + 1].text == "=")
        return false;
      return true;
    }
    if (!(is_punct("&") || is_punct(".")) || i_ + 1 >= t_.size()) return false;
    const auto& next = t_[i_ + 1];
    return next.kind == TokenKind::string || next.kind == TokenKind::word ||
           next.kind == TokenKind::expandable || next.kind == TokenKind::variable ||
           (next.kind == TokenKind::punct && next.text == "(");
  }

  Command command(std::string_view closer) {
    Command c;
    c.offset = cur().offset;
    if (is_punct("&") || is_punct(".")) ++i_;  // call operators: the name follows
    if (is_punct("(")) {                       // . (Join-Path $dir 'x.ps1'): the name is computed
      Argument computed = group_expression();
      c.name = computed.text;
      c.args.push_back(std::move(computed));
    } else {
      c.name = cur().text;
      ++i_;
    }
    while (!at_statement_end(closer)) c.args.push_back(argument(closer));
    c.length = end_offset_of_previous() - c.offset;
    return c;
  }

  Argument argument(std::string_view closer) {
    if (cur().kind == TokenKind::parameter) {
      Argument a{Argument::Kind::parameter,
                 cur().text,
                 cur().colon,
                 {},
                 nullptr,
                 cur().offset,
                 cur().length};
      ++i_;
      return a;
    }
    Argument first = primary(closer);
    if (!is_punct(",")) return first;
    Argument list{Argument::Kind::array, {}, false, {}, nullptr, first.offset, 0};
    list.items.push_back(std::move(first));
    while (is_punct(",")) {
      ++i_;
      skip_newlines();
      if (at_statement_end(closer)) break;
      list.items.push_back(primary(closer));
    }
    list.length = end_offset_of_previous() - list.offset;
    list.text = std::string(src_.substr(list.offset, list.length));
    return list;
  }

  // One value: a literal, a variable, a bracketed group, with any member
  // accesses, calls and indexes glued to it.
  Argument primary(std::string_view closer) {
    const auto start = cur().offset;
    Argument a;
    a.offset = start;
    const Token& tok = cur();
    if (tok.kind == TokenKind::string || tok.kind == TokenKind::word ||
        tok.kind == TokenKind::number) {
      a.kind = Argument::Kind::literal;
      a.text = tok.text;
      ++i_;
    } else if (tok.kind == TokenKind::expandable) {
      a.kind = Argument::Kind::expandable;
      a.text = tok.text;
      ++i_;
    } else if (tok.kind == TokenKind::variable || tok.kind == TokenKind::splat) {
      a.kind = Argument::Kind::variable;
      a.text = tok.text;
      ++i_;
    } else if (is_punct("{")) {
      a.kind = Argument::Kind::script_block;
      a.block = braced_block();
    } else if (is_punct("@(")) {
      a = array_expression();
    } else if (is_punct("(") || is_punct("$(") || is_punct("@{")) {
      a = group_expression();
    } else if (is_punct("[")) {
      skip_balanced();  // a type cast: [int]30, [string[]]$x
      if (!at_statement_end(closer) && !cur().space_before && !is_punct("::") && !is_punct(".")) {
        Argument inner = primary(closer);
        a.kind = Argument::Kind::expression;
        a.block = inner.block;
      } else {
        a.kind = Argument::Kind::expression;
      }
    } else {
      a.kind = Argument::Kind::literal;  // an operator character used as an argument
      a.text = tok.text;
      ++i_;
    }
    if (postfix()) a.kind = Argument::Kind::expression;
    a.length = end_offset_of_previous() - start;
    if (a.kind == Argument::Kind::expression || a.kind == Argument::Kind::array)
      a.text = std::string(src_.substr(start, a.length));
    return a;
  }

  // .Member, .Method(...), ::Static, [index] directly after a value.
  bool postfix() {
    bool any = false;
    while (!done() && !cur().space_before) {
      if (is_punct(".") || is_punct("::")) {
        ++i_;
        if (!done() && cur().kind == TokenKind::word) ++i_;
        any = true;
      } else if (is_punct("(") || is_punct("[")) {
        skip_balanced();
        any = true;
      } else {
        break;
      }
    }
    return any;
  }

  // ( ... ), $( ... ), @{ ... }: parsed as a block for the commands inside.
  Argument group_expression() {
    Argument a;
    a.kind = Argument::Kind::expression;
    a.offset = cur().offset;
    const bool hashtable = is_punct("@{");
    const std::string closer = hashtable ? "}" : ")";
    ++i_;
    a.block = std::make_shared<Block>(hashtable ? hashtable_block() : block_until(closer));
    if (is_punct(closer)) ++i_;
    postfix();
    a.length = end_offset_of_previous() - a.offset;
    a.text = std::string(src_.substr(a.offset, a.length));
    return a;
  }

  // @{ key = value; key = value }: each value is a statement.
  Block hashtable_block() {
    Block block;
    block.offset = here();
    while (!done() && !is_punct("}")) {
      while (at_newline() || is_punct(";")) ++i_;
      if (done() || is_punct("}")) break;
      std::string key = cur().text;
      ++i_;
      if (is_punct("=")) ++i_;
      skip_newlines();
      block.statements.push_back(statement("}"));
      block.statements.back().key = std::move(key);
    }
    block.length = here() - block.offset;
    return block;
  }

  // @( a, b ) of literals is an array; anything else an expression.
  Argument array_expression() {
    Argument a = group_expression();
    a.kind = Argument::Kind::expression;
    if (a.block && a.block->statements.size() == 1) {
      const auto& s = a.block->statements.front();
      if (s.kind == Statement::Kind::pipeline && s.assigned.empty() && s.stages.size() == 1 &&
          !s.stages.front().command) {
        const auto& only = s.stages.front().expression;
        if (only.kind == Argument::Kind::array) {
          a.kind = Argument::Kind::array;
          a.items = only.items;
        } else if (only.kind == Argument::Kind::literal || only.kind == Argument::Kind::variable) {
          a.kind = Argument::Kind::array;
          a.items = {only};
        }
      }
    }
    return a;
  }

  // An expression stage: its operands and operators up to the end of the
  // stage, with the commands inside its brackets kept.
  Argument expression_until_stage_end(std::string_view closer) {
    const auto start = here();
    std::vector<Argument> parts;
    while (!at_statement_end(closer)) {
      if (cur().kind == TokenKind::parameter) {  // -eq, -and, -not ...
        ++i_;
        continue;
      }
      parts.push_back(argument(closer));
    }
    if (parts.size() == 1) return parts.front();
    Argument a;
    a.kind = Argument::Kind::expression;
    a.offset = start;
    a.length = end_offset_of_previous() > start ? end_offset_of_previous() - start : 0;
    a.text = std::string(src_.substr(start, a.length));
    a.block = std::make_shared<Block>();
    for (auto& part : parts) {
      if (!part.block) continue;
      for (auto& st : part.block->statements) a.block->statements.push_back(std::move(st));
    }
    return a;
  }

  // Skips a bracketed run ( ... ) or [ ... ] including nested brackets.
  void skip_balanced() {
    int depth = 0;
    do {
      if (cur().kind == TokenKind::punct) {
        const auto& p = cur().text;
        if (p == "(" || p == "[" || p == "{" || p == "@(" || p == "@{" || p == "$(")
          ++depth;
        else if (p == ")" || p == "]" || p == "}")
          --depth;
      }
      ++i_;
    } while (!done() && depth > 0);
  }

  std::string_view src_;
  std::vector<Token> t_;
  std::size_t i_ = 0;
};

constexpr std::array<std::string_view, 22> k_switch_parameters = {"Force",
                                                                  "Compress",
                                                                  "PassThru",
                                                                  "AsJob",
                                                                  "HideComputerName",
                                                                  "Auto",
                                                                  "Verbose",
                                                                  "Debug",
                                                                  "WhatIf",
                                                                  "Confirm",
                                                                  "Unique",
                                                                  "Descending",
                                                                  "Recurse",
                                                                  "AllowClobber",
                                                                  "Global",
                                                                  "Raw",
                                                                  "ListAvailable",
                                                                  "Registered",
                                                                  "NoTypeInformation",
                                                                  "DisableNameChecking",
                                                                  "EnableNetworkAccess",
                                                                  "AllowRedirection"};

bool is_switch(const Argument& a) {
  return a.kind == Argument::Kind::parameter && !a.colon && is_one_of(a.text, k_switch_parameters);
}

void visit_block(const Block& block, const std::function<void(const Command&)>& visit);

void visit_argument(const Argument& a, const std::function<void(const Command&)>& visit) {
  if (a.block) visit_block(*a.block, visit);
  for (const auto& item : a.items) visit_argument(item, visit);
}

void visit_block(const Block& block, const std::function<void(const Command&)>& visit) {
  for (const auto& s : block.statements) {
    for (const auto& c : s.conditions) visit_argument(c, visit);
    for (const auto& stage : s.stages) {
      if (stage.command) {
        for (const auto& a : stage.command->args)
          if (a.kind != Argument::Kind::script_block) visit_argument(a, visit);
        visit(*stage.command);
        for (const auto& a : stage.command->args)
          if (a.kind == Argument::Kind::script_block) visit_argument(a, visit);
      } else {
        visit_argument(stage.expression, visit);
      }
    }
    if (s.body) visit_block(*s.body, visit);
  }
}

}  // namespace

std::expected<Block, SyntaxError> parse_script(std::string_view script) {
  auto tokens = tokenize(script);
  if (!tokens) return std::unexpected(tokens.error());
  return Parser(script, std::move(*tokens)).parse();
}

const Argument* parameter_value(const Command& command, std::string_view name) {
  for (std::size_t i = 0; i < command.args.size(); ++i) {
    const auto& a = command.args[i];
    if (a.kind != Argument::Kind::parameter || !iequals(a.text, name)) continue;
    if (i + 1 < command.args.size() && command.args[i + 1].kind != Argument::Kind::parameter)
      return &command.args[i + 1];
    return nullptr;
  }
  return nullptr;
}

bool has_switch(const Command& command, std::string_view name) {
  for (std::size_t i = 0; i < command.args.size(); ++i) {
    const auto& a = command.args[i];
    if (a.kind != Argument::Kind::parameter || !iequals(a.text, name)) continue;
    if (!a.colon) return true;
    // -Force:$false
    return !(i + 1 < command.args.size() && command.args[i + 1].kind == Argument::Kind::variable &&
             iequals(command.args[i + 1].text, "false"));
  }
  return false;
}

std::vector<const Argument*> positional(const Command& command) {
  std::vector<const Argument*> out;
  for (std::size_t i = 0; i < command.args.size(); ++i) {
    const auto& a = command.args[i];
    if (a.kind == Argument::Kind::parameter) {
      if (!is_switch(a) && i + 1 < command.args.size() &&
          command.args[i + 1].kind != Argument::Kind::parameter)
        ++i;  // its value
      continue;
    }
    out.push_back(&a);
  }
  return out;
}

void for_each_command(const Block& block, const std::function<void(const Command&)>& visit) {
  visit_block(block, visit);
}

}  // namespace casdoctor::lab
