// The if conditions the lab evaluates: what casdoctor's scripts test after
// a native program ($LASTEXITCODE -ne 0) and similar one-comparison forms.
// Values compare as PowerShell does for them: numbers as numbers, strings
// case-insensitively, $null equal only to $null.
#include <charconv>
#include <compare>

#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/ps_tokenizer.hpp"

#include "session.hpp"

namespace casdoctor::lab::detail {
namespace {

std::optional<PsValue> operand(Session& session, const Token& token) {
  switch (token.kind) {
    case TokenKind::variable: {
      Argument variable;
      variable.kind = Argument::Kind::variable;
      variable.text = token.text;
      auto values = expression_values(session, variable, session.local());
      return values.empty() ? PsValue(nullptr) : values.front();
    }
    case TokenKind::number: {
      std::int64_t n = 0;
      const auto* end = token.text.data() + token.text.size();
      if (std::from_chars(token.text.data(), end, n).ptr == end) return PsValue(n);
      return std::nullopt;
    }
    case TokenKind::string:
    case TokenKind::expandable:
      return PsValue(token.text);
    default:
      return std::nullopt;
  }
}

bool truthy(const PsValue& value) {
  if (std::holds_alternative<std::nullptr_t>(value.data)) return false;
  if (const auto* b = std::get_if<bool>(&value.data)) return *b;
  if (const auto* n = std::get_if<std::int64_t>(&value.data)) return *n != 0;
  if (const auto* s = std::get_if<std::string>(&value.data)) return !s->empty();
  if (const auto* a = std::get_if<PsValue::Array>(&value.data)) return !a->empty();
  return true;
}

std::optional<std::int64_t> number_of(const PsValue& value) {
  if (const auto* n = std::get_if<std::int64_t>(&value.data)) return *n;
  if (const auto* s = std::get_if<std::string>(&value.data)) {
    std::int64_t n = 0;
    const auto* end = s->data() + s->size();
    if (!s->empty() && std::from_chars(s->data(), end, n).ptr == end) return n;
  }
  return std::nullopt;
}

std::optional<std::weak_ordering> compare(const PsValue& left, const PsValue& right) {
  const bool left_null = std::holds_alternative<std::nullptr_t>(left.data);
  const bool right_null = std::holds_alternative<std::nullptr_t>(right.data);
  if (left_null || right_null) return std::nullopt;
  const auto a = number_of(left);
  const auto b = number_of(right);
  if (a && b) return *a <=> *b;
  const auto x = to_lower_ascii(ps_string(left));
  const auto y = to_lower_ascii(ps_string(right));
  return x <=> y;
}

std::optional<bool> comparison(const PsValue& left, std::string op, const PsValue& right) {
  op = to_lower_ascii(op);
  if (op.size() == 3 && (op[0] == 'i' || op[0] == 'c')) op.erase(0, 1);
  const bool left_null = std::holds_alternative<std::nullptr_t>(left.data);
  const bool right_null = std::holds_alternative<std::nullptr_t>(right.data);
  const auto order = compare(left, right);
  if (op == "eq" || op == "ne") {
    const bool equal = (left_null || right_null) ? left_null == right_null : *order == 0;
    return op == "eq" ? equal : !equal;
  }
  if (!order) return std::nullopt;
  if (op == "gt") return *order > 0;
  if (op == "ge") return *order >= 0;
  if (op == "lt") return *order < 0;
  if (op == "le") return *order <= 0;
  return std::nullopt;
}

}  // namespace

std::optional<bool> condition_holds(Session& session, const Argument& condition) {
  auto tokens = tokenize(condition.text);
  if (!tokens) return std::nullopt;
  std::vector<Token> parts;
  for (auto& t : *tokens)
    if (t.kind != TokenKind::newline) parts.push_back(std::move(t));
  if (parts.size() < 2 || parts.front().text != "(" || parts.back().text != ")")
    return std::nullopt;
  parts = std::vector<Token>(parts.begin() + 1, parts.end() - 1);
  if (parts.size() == 1) {
    const auto value = operand(session, parts[0]);
    return value ? std::optional<bool>(truthy(*value)) : std::nullopt;
  }
  if (parts.size() == 2 && parts[0].kind == TokenKind::parameter && iequals(parts[0].text, "not")) {
    const auto value = operand(session, parts[1]);
    return value ? std::optional<bool>(!truthy(*value)) : std::nullopt;
  }
  if (parts.size() != 3 || parts[1].kind != TokenKind::parameter) return std::nullopt;
  const auto left = operand(session, parts[0]);
  const auto right = operand(session, parts[2]);
  if (!left || !right) return std::nullopt;
  return comparison(*left, parts[1].text, *right);
}

}  // namespace casdoctor::lab::detail
