// One powershell.exe run: read the script, record the call, run it (the
// collection script through its own handler, anything else through the
// statement executor), record how it ended.
#include "casdoctor/lab/shell.hpp"

#include <array>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

#include "session.hpp"

namespace casdoctor::lab {
namespace {

constexpr std::array<std::string_view, 7> k_acting = {
    "Restart-Service",         "iisreset",     "iisreset.exe", "Set-ClientAccessServer",
    "Set-ClientAccessService", "Stop-Service", "Start-Service"};

// Functions the script defines itself (at any depth): not commands it ran.
void defined_functions(const Block& block, std::vector<std::string>& names) {
  for (const auto& st : block.statements) {
    if (st.kind == Statement::Kind::function) names.push_back(st.function_name);
    if (st.body) defined_functions(*st.body, names);
  }
}

bool names_contain(const std::vector<std::string>& names, std::string_view name) {
  for (const auto& n : names)
    if (iequals(n, name)) return true;
  return false;
}

// The cmdlets and programs the script runs, each once, in order.
std::vector<std::string> command_names(const Block& block) {
  std::vector<std::string> own;
  defined_functions(block, own);
  std::vector<std::string> names;
  for_each_command(block, [&](const Command& c) {
    if (!names_contain(names, c.name) && !names_contain(own, c.name)) names.push_back(c.name);
  });
  return names;
}

std::string kind_of(const Block& block, const std::vector<std::string>& names) {
  if (detail::is_collection_script(block)) return "collect";
  for (const auto& n : names)
    for (auto acting : k_acting)
      if (iequals(n, acting)) return "action";
  return names.empty() ? "empty" : "query";
}

bool append_call(const ShellEnvironment& env, const CallRecord& record) {
  return env.store
      .update([&](LabState& state) -> Result<void> {
        state.calls.push_back(record);
        return {};
      })
      .has_value();
}

void complete_call(const ShellEnvironment& env, const CallRecord& record, int code,
                   const std::vector<std::string>& targets, TimePoint finished) {
  (void)env.store.update([&](LabState& state) -> Result<void> {
    for (auto it = state.calls.rbegin(); it != state.calls.rend(); ++it) {
      if (it->pid != record.pid || it->time != record.time) continue;
      it->exit_code = code;
      it->finished = finished;
      it->targets = targets;
      break;
    }
    return {};
  });
}

PsError parse_error(const SyntaxError& e) {
  PsError error;
  error.message = e.message;
  error.category = "ParserError";
  error.reason = "ParentContainsErrorRecordException";
  error.error_id = e.error_id;
  return error;
}

void report_terminating(const detail::Session& session, const detail::TerminatingError& e) {
  if (e.remote_record) {
    write_remote_error(session.host(), e.error, e.computer);
  } else if (e.command != nullptr && !e.computer.empty()) {
    write_connection_error(session.host(), e.error, e.computer);
  } else if (e.command != nullptr) {
    write_error(session.host(), e.error,
                {session.script(), e.command->offset, e.command->length, e.command->name});
  } else {
    session.host().write_err(
        cat(e.error.message, "\r\n    + CategoryInfo          : ", e.error.category, ": (",
            e.error.target, ":", e.error.target_type, ") [], ", e.error.reason,
            "\r\n    + FullyQualifiedErrorId : ", e.error.error_id, "\r\n \r\n"));
  }
}

int execute(detail::Session& session, const Block& block) {
  try {
    if (detail::is_collection_script(block)) {
      detail::run_collection(session, block);
    } else {
      detail::run_block(session, block, session.local(), nullptr);
    }
    return session.last_failed ? 1 : 0;
  } catch (const detail::ScriptExit& e) {
    return e.code;
  } catch (const detail::TerminatingError& e) {
    report_terminating(session, e);
    return 1;
  } catch (const std::exception& e) {
    // A value the lab cannot use (-Depth 'x'): PowerShell would fail there too.
    session.host().write_err(cat("casdoctor-lab: cannot run this script: ", e.what(), "\r\n"));
    return 1;
  }
}

}  // namespace

std::string_view to_string(ScriptForm form) {
  switch (form) {
    case ScriptForm::encoded_command:
      return "encoded-command";
    case ScriptForm::command:
      return "command";
    case ScriptForm::command_stdin:
      return "command-stdin";
    case ScriptForm::file:
      return "file";
    case ScriptForm::encoded_stdin:
      return "encoded-command-stdin";
  }
  return "command";
}

int run_shell_script(const ShellEnvironment& env, std::string_view script, ScriptForm form) {
  auto initial = env.store.read();
  if (!initial) {
    env.host->write_err(cat("casdoctor-lab: ", initial.error().message, "\r\n"));
    return 1;
  }
  CallRecord record;
  record.time = lab_time(*initial, env.system_now());
  record.pid = env.pid;
  record.form = to_string(form);
  auto block = parse_script(script);
  if (block) {
    record.commands = command_names(*block);
    record.kind = kind_of(*block, record.commands);
  } else {
    record.kind = "syntax-error";
  }
  if (!append_call(env, record)) return 1;
  int code = 1;
  detail::Session session(env, script, std::move(*initial));
  if (!block) {
    write_parse_error(*env.host, parse_error(block.error()), {script, block.error().offset, 1, ""});
  } else {
    code = execute(session, *block);
  }
  complete_call(env, record, code, session.targets(), session.now());
  return code;
}

}  // namespace casdoctor::lab
