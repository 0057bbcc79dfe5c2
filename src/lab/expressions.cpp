// The few expression forms the lab evaluates: literals, variables, grouped
// pipelines (...) $(...) @(...), and hashtables @{ } / [ordered]@{ } /
// [pscustomobject]@{ } as objects. Anything else has no value.
#include <charconv>

#include "casdoctor/core/text.hpp"

#include "session.hpp"

namespace casdoctor::lab::detail {
namespace {

using Values = std::vector<PsValue>;

PsValue literal_value(const Argument& arg) {
  std::int64_t n = 0;
  const auto* first = arg.text.data();
  const auto* last = first + arg.text.size();
  const auto [end, ec] = std::from_chars(first, last, n);
  if (ec == std::errc{} && end == last && !arg.text.empty()) return n;
  return arg.text;
}

PsValue variable_value(const Session& session, std::string_view name) {
  if (iequals(name, "true")) return true;
  if (iequals(name, "false")) return false;
  if (iequals(name, "null")) return nullptr;
  if (iequals(name, "env:COMPUTERNAME")) return session.initial().local_server;
  const auto it = session.variables.find(to_lower_ascii(name));
  return it == session.variables.end() ? PsValue(nullptr) : it->second;
}

bool is_hashtable(const Argument& arg) {
  const auto at = arg.text.find("@{");
  if (at == std::string::npos) return false;
  const auto prefix = to_lower_ascii(arg.text.substr(0, at));
  return prefix.empty() || prefix == "[ordered]" || prefix == "[pscustomobject]";
}

PsValue hashtable_value(Session& session, const Block& block, const Where& where) {
  PsValue::Object members;
  for (const auto& st : block.statements) {
    Values values;
    if (!st.stages.empty() && st.stages.front().command) {
      values = run_command(session, *st.stages.front().command, where, {});
    } else if (!st.stages.empty()) {
      values = expression_values(session, st.stages.front().expression, where);
    }
    members.push_back({st.key, single_or_array(std::move(values))});
  }
  return members;
}

}  // namespace

Values expression_values(Session& session, const Argument& arg, const Where& where) {
  switch (arg.kind) {
    case Argument::Kind::literal:
      return {literal_value(arg)};
    case Argument::Kind::expandable:
      return {PsValue(arg.text)};
    case Argument::Kind::variable:
      return {variable_value(session, arg.text)};
    case Argument::Kind::array: {
      Values out;
      for (const auto& item : arg.items)
        for (auto& v : expression_values(session, item, where)) out.push_back(std::move(v));
      return out;
    }
    case Argument::Kind::expression:
      if (!arg.block) return {};
      if (is_hashtable(arg)) return {hashtable_value(session, *arg.block, where)};
      {
        Values out;
        run_block(session, *arg.block, where, &out);
        return out;
      }
    default:
      return {};
  }
}

}  // namespace casdoctor::lab::detail
