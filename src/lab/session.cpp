// The run's shared state and the reading of literal arguments.
#include "session.hpp"

#include "casdoctor/core/text.hpp"

namespace casdoctor::lab::detail {

LabState Session::read_state() const {
  auto state = env_.store.read();
  return state ? std::move(*state) : initial_;
}

void Session::update(const std::function<void(LabState&)>& change) const {
  auto done = env_.store.update([&](LabState& state) -> Result<void> {
    change(state);
    return {};
  });
  if (!done) throw ScriptExit{1};  // the state file is gone or unreadable: nothing sane to do
}

void Session::add_target(std::string_view server) {
  for (const auto& t : targets_)
    if (iequals(t, server)) return;
  targets_.emplace_back(server);
}

void Session::fail(const PsError& error, const Command& command, const Where& where, bool stop) {
  last_failed = true;
  ++errors_written;
  if (stop) throw TerminatingError{error, &command, where.computer};
  if (where.remote()) {
    write_remote_error(host(), error, where.computer);
  } else {
    write_error(host(), error, {script_, command.offset, command.length, command.name});
  }
}

std::optional<std::string> text_of(const Session& session, const Argument* arg) {
  if (arg == nullptr) return std::nullopt;
  switch (arg->kind) {
    case Argument::Kind::literal:
    case Argument::Kind::expandable:
      return arg->text;
    case Argument::Kind::variable: {
      if (iequals(arg->text, "true")) return "True";
      if (iequals(arg->text, "false")) return "False";
      const auto it = session.variables.find(to_lower_ascii(arg->text));
      if (it == session.variables.end()) return std::nullopt;
      return ps_string(it->second);
    }
    default:
      return std::nullopt;
  }
}

std::vector<std::string> texts_of(const Session& session, const Argument* arg) {
  std::vector<std::string> out;
  if (arg == nullptr) return out;
  if (arg->kind == Argument::Kind::array) {
    for (const auto& item : arg->items)
      if (auto t = text_of(session, &item)) out.push_back(*t);
    return out;
  }
  if (arg->kind == Argument::Kind::variable) {
    const auto it = session.variables.find(to_lower_ascii(arg->text));
    if (it != session.variables.end() && it->second.is_array()) {
      for (const auto& v : std::get<PsValue::Array>(it->second.data)) out.push_back(ps_string(v));
      return out;
    }
  }
  if (auto t = text_of(session, arg)) out.push_back(*t);
  return out;
}

std::optional<bool> bool_of(const Session& session, const Argument* arg) {
  const auto text = text_of(session, arg);
  if (!text) return std::nullopt;
  if (iequals(*text, "true") || *text == "1") return true;
  if (iequals(*text, "false") || *text == "0") return false;
  return std::nullopt;
}

bool stops_on_error(const Session& session, const Command& command) {
  const auto action = text_of(session, parameter_value(command, "ErrorAction"));
  if (!action) return session.stop_on_error;
  return iequals(*action, "Stop");
}

}  // namespace casdoctor::lab::detail
