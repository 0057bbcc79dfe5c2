#pragma once
// A PowerShell script as a tree of statements, enough to find every command
// invocation, its literal parameters and the script blocks it is given
// (Invoke-Command -ScriptBlock { ... }), and which pipeline it stands in.
// Expressions are kept as their source text; the lab does not evaluate
// PowerShell, it recognises what casdoctor's scripts do.
#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/lab/ps_tokenizer.hpp"

namespace casdoctor::lab {

struct Block;

struct Argument {
  enum class Kind {
    parameter,     // -Name (text = Name); colon: -Name:value, the value follows
    literal,       // 'text', bareword, number (text = the value)
    expandable,    // "text with $vars" (text = the value, unexpanded)
    variable,      // $name (text = name)
    array,         // a, b, c or @(a, b): items
    expression,    // anything else (text = source); block holds what it contains
    script_block,  // { ... }: block
  };
  Kind kind = Kind::literal;
  std::string text;
  bool colon = false;
  std::vector<Argument> items;
  std::shared_ptr<Block> block;
  std::size_t offset = 0;
  std::size_t length = 0;
};

struct Command {
  std::string name;  // as written: Get-ExchangeServer, iisreset, & 'C:\x.exe' gives C:\x.exe
  std::vector<Argument> args;
  std::size_t offset = 0;  // of the name
  std::size_t length = 0;  // of the whole command
};

// One element of a pipeline: a command or an expression.
struct Stage {
  std::optional<Command> command;
  Argument expression;  // when not a command
};

struct Statement {
  enum class Kind { pipeline, keyword, function };
  Kind kind = Kind::pipeline;
  std::string assigned;  // "$x = ..." -> "x"
  std::string key;       // inside @{ }: the key this statement is the value of
  std::vector<Stage> stages;
  // keyword statements: if, foreach, try, catch, finally, exit, return, ...
  // (one Statement per clause: "if", "elseif", "else", "try", "catch", ...)
  std::string keyword;
  std::vector<Argument> conditions;  // (...) parts, as expressions
  std::shared_ptr<Block> body;       // { ... }; function bodies too
  std::string function_name;
  std::size_t offset = 0;
  std::size_t length = 0;
};

struct Block {
  std::vector<Statement> statements;
  std::size_t offset = 0;
  std::size_t length = 0;
};

std::expected<Block, SyntaxError> parse_script(std::string_view script);

// Parameter look-up on a command, case-insensitively, by full name or alias
// (PowerShell's unique-prefix abbreviations are not needed for casdoctor's
// scripts, which spell parameters out).
const Argument* parameter_value(const Command& command, std::string_view name);
bool has_switch(const Command& command, std::string_view name);
// Arguments that are not parameters or their values, in order.
std::vector<const Argument*> positional(const Command& command);

// Every command in the block, depth first, in source order (nested blocks
// included).
void for_each_command(const Block& block, const std::function<void(const Command&)>& visit);

}  // namespace casdoctor::lab
