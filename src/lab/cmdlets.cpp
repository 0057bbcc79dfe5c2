// The cmdlets and programs the lab recognises, each with the semantics of
// the real one against the org. An unknown name fails as PowerShell's
// CommandNotFoundException; Exchange cmdlets exist only once the Exchange
// shell is loaded, as in a real powershell.exe.
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

#include "session.hpp"
#include "wql_filter.hpp"

namespace casdoctor::lab::detail {
namespace {

using Values = std::vector<PsValue>;
using Handler = Values (*)(Session&, const Command&, const Where&, Values);

const Argument* first_positional(const Command& c) {
  const auto args = positional(c);
  return args.empty() ? nullptr : args.front();
}

const Argument* named_or_first(const Command& c, std::string_view name) {
  if (const auto* a = parameter_value(c, name)) return a;
  return first_positional(c);
}

bool warnings_silenced(const Session& s, const Command& c) {
  const auto action = text_of(s, parameter_value(c, "WarningAction"));
  return action && (iequals(*action, "SilentlyContinue") || iequals(*action, "Ignore"));
}

// ---- the Exchange shell ----

Values load(Session& s, const Command& c, const Where&, Values) {
  load_ems(s, c);
  return {};
}

Values get_exchange_server(Session& s, const Command& c, const Where&, Values) {
  const auto state = s.read_state();
  const auto identity = text_of(s, named_or_first(c, "Identity"));
  Values out;
  for (const auto& server : state.servers)
    if (!identity || iequals(*identity, server.name) || iequals(*identity, server.fqdn))
      out.push_back(exchange_server_object(state, server));
  return out;
}

Values get_client_access_server(Session& s, const Command& c, const Where&, Values) {
  const auto state = s.read_state();
  const auto* local = find_server(state, state.local_server);
  if (iequals(c.name, "Get-ClientAccessServer") && local && caches_topology(*local) &&
      !warnings_silenced(s, c)) {
    write_warning(s.host(),
                  "The Get-ClientAccessServer cmdlet will be removed in a future version of "
                  "Exchange. Use the Get-ClientAccessService cmdlet instead. If you have any "
                  "scripts that use the Get-ClientAccessServer cmdlet, update them to use the "
                  "Get-ClientAccessService cmdlet. For more information, see "
                  "http://go.microsoft.com/fwlink/p/?LinkId=254711.");
  }
  const auto identity = text_of(s, named_or_first(c, "Identity"));
  Values out;
  for (const auto& server : state.servers)
    if (is_client_access(server) && (!identity || iequals(*identity, server.name)))
      out.push_back(client_access_server_object(server));
  return out;
}

Values set_client_access_server(Session& s, const Command& c, const Where& w, Values) {
  const auto identity = text_of(s, named_or_first(c, "Identity"));
  const auto value = bool_of(s, parameter_value(c, "IsOutOfService"));
  if (!identity || !value) return {};  // nothing to change: the real cmdlet warns and does nothing
  PsResult<void> done;
  s.update([&](LabState& state) { done = set_out_of_service(state, *identity, *value, s.now()); });
  if (!done) {
    s.fail(done.error(), c, w, stops_on_error(s, c));
  } else {
    s.add_target(*identity);
  }
  return {};
}

std::optional<TimePoint> date_of(Session& s, const Argument* arg) {
  if (arg == nullptr) return std::nullopt;
  const auto text = to_lower_ascii(arg->text);
  if (const auto at = text.find("adddays("); at != std::string::npos) {
    int days = 0;
    for (auto i = at + 8; i < text.size() && text[i] != ')'; ++i)
      if (text[i] >= '0' && text[i] <= '9') days = days * 10 + (text[i] - '0');
    return s.now() - std::chrono::days(days);
  }
  if (auto t = text_of(s, arg)) {
    if (auto parsed = parse_timestamp(*t)) return parsed;
  }
  return s.now();  // (Get-Date), $now
}

Values search_admin_audit_log(Session& s, const Command& c, const Where&, Values) {
  AuditQuery q;
  q.cmdlets = texts_of(s, parameter_value(c, "Cmdlets"));
  q.parameters = texts_of(s, parameter_value(c, "Parameters"));
  q.object_ids = texts_of(s, parameter_value(c, "ObjectIds"));
  q.user_ids = texts_of(s, parameter_value(c, "UserIds"));
  q.start = date_of(s, parameter_value(c, "StartDate"));
  q.end = date_of(s, parameter_value(c, "EndDate"));
  q.is_success = bool_of(s, parameter_value(c, "IsSuccess"));
  if (auto size = text_of(s, parameter_value(c, "ResultSize"));
      size && !iequals(*size, "Unlimited"))
    q.result_size = static_cast<std::size_t>(std::stoul(*size));
  Values out;
  for (const auto& e : search_audit(s.read_state(), q)) out.push_back(audit_entry_object(e));
  return out;
}

// ---- services ----

PsError no_service(std::string_view name, std::string_view activity, std::string_view command) {
  PsError e;
  e.message = cat("Cannot find any service with service name '", name, "'.");
  e.category = "ObjectNotFound";
  e.target = name;
  e.target_type = "String";
  e.activity = activity;
  e.reason = "ServiceCommandException";
  e.error_id = cat("NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.", command);
  return e;
}

Values get_service(Session& s, const Command& c, const Where& w, Values) {
  const auto state = s.read_state();
  const auto* server = find_server(state, w.server);
  Values out;
  if (server == nullptr) return out;
  const auto names = texts_of(s, named_or_first(c, "Name"));
  for (const auto& svc : server->services) {
    bool wanted = names.empty();
    for (const auto& n : names) wanted = wanted || iequals(n, svc.name);
    if (wanted)
      out.push_back(PsValue::Object{{"Name", svc.name},
                                    {"DisplayName", svc.display_name},
                                    {"Status", static_cast<int>(svc.status)},
                                    {"ServiceName", svc.name}});
  }
  for (const auto& n : names)
    if (find_service(*server, n) == nullptr)
      s.fail(no_service(n, "Get-Service", "GetServiceCommand"), c, w, stops_on_error(s, c));
  return out;
}

// What Get-CimInstance says of a filter WMI cannot read.
PsError invalid_query() {
  PsError e;
  e.message = "Invalid query ";
  e.category = "InvalidArgument";
  e.target = "Win32_Service";
  e.target_type = "String";
  e.activity = "Get-CimInstance";
  e.reason = "CimException";
  e.error_id =
      "HRESULT 0x80041017,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand";
  return e;
}

// Get-CimInstance -ClassName Win32_Service [-Filter "Name = 'X'"]: the
// service's process id, from which scripts read the start time.
Values get_cim_instance(Session& s, const Command& c, const Where& w, Values) {
  const auto cls = text_of(s, named_or_first(c, "ClassName"));
  if (!cls || !iequals(*cls, "Win32_Service")) return {};
  const auto filter = text_of(s, parameter_value(c, "Filter")).value_or("");
  std::optional<std::vector<std::string>> wanted;
  if (!filter.empty()) {
    wanted = parse_wql_name_filter(filter);
    if (!wanted) {
      s.fail(invalid_query(), c, w, stops_on_error(s, c));
      return {};
    }
  }
  const auto state = s.read_state();
  const auto* server = find_server(state, w.server);
  Values out;
  if (server == nullptr) return out;
  for (const auto& svc : server->services) {
    if (wanted && std::none_of(wanted->begin(), wanted->end(),
                               [&](const std::string& n) { return iequals(n, svc.name); }))
      continue;
    out.push_back(PsValue::Object{{"Name", svc.name},
                                  {"State", std::string(service_status_name(svc.status))},
                                  {"ProcessId", svc.process_id},
                                  {"StartMode", "Auto"}});
  }
  return out;
}

bool errors_silenced(const Session& s, const Command& c) {
  const auto action = text_of(s, parameter_value(c, "ErrorAction"));
  return action && (iequals(*action, "SilentlyContinue") || iequals(*action, "Ignore"));
}

PsError no_process(std::string_view id) {
  PsError e;
  e.message = cat("Cannot find a process with the process identifier ", id, ".");
  e.category = "ObjectNotFound";
  e.target = id;
  e.target_type = "Int32";
  e.activity = "Get-Process";
  e.reason = "ProcessCommandException";
  e.error_id = "NoProcessFoundForGivenId,Microsoft.PowerShell.Commands.GetProcessCommand";
  return e;
}

// Get-Process -Id N[, M...]: the processes of services, with their start times.
Values get_process(Session& s, const Command& c, const Where& w, Values) {
  const auto ids = texts_of(s, named_or_first(c, "Id"));
  const auto state = s.read_state();
  const auto* server = find_server(state, w.server);
  if (server == nullptr) return {};
  Values out;
  for (const auto& id : ids) {
    const auto svc = std::ranges::find_if(server->services, [&](const LabService& x) {
      return std::to_string(x.process_id) == id && x.start_time;
    });
    if (svc != server->services.end()) {
      out.push_back(PsValue::Object{
          {"Id", svc->process_id}, {"ProcessName", svc->name}, {"StartTime", *svc->start_time}});
    } else if (errors_silenced(s, c)) {
      s.last_failed = true;  // $? is false even when the error is not shown
    } else {
      s.fail(no_process(id), c, w, stops_on_error(s, c));
    }
  }
  return out;
}

Values restart_service_cmd(Session& s, const Command& c, const Where& w, Values) {
  for (const auto& name : texts_of(s, named_or_first(c, "Name"))) {
    auto done = restart_service_flow(s, w, name, has_switch(c, "Force"));
    if (!done) s.fail(done.error(), c, w, stops_on_error(s, c));
  }
  return {};
}

// A native program: its exit code goes to $LASTEXITCODE of the runspace it
// ran in, and a non-zero one makes $? false there, but it writes no error
// record, so nothing of it crosses Invoke-Command.
Values iisreset_cmd(Session& s, const Command& c, const Where& w, Values) {
  bool noforce = false;
  for (const auto* arg : positional(c)) noforce = noforce || iequals(arg->text, "/noforce");
  const int code = iisreset_flow(s, w, noforce);
  s.variables["lastexitcode"] = code;
  if (code != 0) s.last_failed = true;
  return {};
}

// ---- remoting ----

std::vector<std::string> computers_of(Session& s, const Command& c) {
  auto names = texts_of(s, parameter_value(c, "ComputerName"));
  if (!names.empty() || parameter_value(c, "ComputerName") == nullptr) return names;
  // A list the lab cannot evaluate: the 2013+ servers, as casdoctor's scripts build it.
  for (const auto& server : s.initial().servers)
    if (caches_topology(server)) names.push_back(server.fqdn.empty() ? server.name : server.fqdn);
  return names;
}

std::shared_ptr<Block> script_block_of(Session& s, const Command& c) {
  const auto* arg = parameter_value(c, "ScriptBlock");
  if (arg == nullptr) arg = first_positional(c);
  if (arg == nullptr) return nullptr;
  if (arg->kind == Argument::Kind::script_block) return arg->block;
  const auto it = s.script_blocks.find(to_lower_ascii(arg->text));
  return it == s.script_blocks.end() ? nullptr : it->second;
}

// The block in the remote runspace: its own $LASTEXITCODE (so a native
// program's exit code there never becomes the local one), its terminating
// errors arriving as error records (terminating here with -ErrorAction
// Stop), and $? false here only when an error record came back.
Values run_remote(Session& s, const Command& c, const Block& block, const Where& remote) {
  const auto local_exit = s.variables.find("lastexitcode");
  const std::optional<PsValue> saved =
      local_exit == s.variables.end() ? std::nullopt : std::optional<PsValue>(local_exit->second);
  s.variables.erase("lastexitcode");
  const std::size_t errors_before = s.errors_written;
  // With -ErrorAction Stop the first error record that comes back ends
  // Invoke-Command: modelled as the block stopping at its first error.
  const bool stop_before = s.stop_on_error;
  s.stop_on_error = stops_on_error(s, c);
  Values out;
  std::optional<TerminatingError> thrown;
  try {
    run_block(s, block, remote, &out);
  } catch (const TerminatingError& e) {
    thrown = e;
  }
  s.stop_on_error = stop_before;
  s.variables.erase("lastexitcode");
  if (saved) s.variables["lastexitcode"] = *saved;
  if (thrown && stops_on_error(s, c)) {
    // What the block wrote before it failed has already reached the
    // console when the error ends the script.
    write_objects(s.host(), out);
    throw TerminatingError{thrown->error, &c, remote.computer, true};
  }
  if (thrown) s.fail(thrown->error, c, remote, false);
  s.last_failed = s.errors_written != errors_before;
  return out;
}

Values invoke_command(Session& s, const Command& c, const Where& w, Values) {
  const auto block = script_block_of(s, c);
  const auto computers = computers_of(s, c);
  if (computers.empty()) {  // Invoke-Command { ... }: runs here
    Values out;
    if (block) run_block(s, *block, w, &out);
    return out;
  }
  Values out;
  bool failed = false;
  for (const auto& computer : computers) {
    const auto* server = find_server(s.initial(), computer);
    if (auto error = connection_error(s, computer, server)) {
      failed = true;
      if (stops_on_error(s, c)) throw TerminatingError{*error, &c, computer};
      write_connection_error(s.host(), *error, computer);
      continue;
    }
    s.add_target(server->name);
    Values remote;
    if (block) remote = run_remote(s, c, *block, Where{server->name, computer});
    failed = failed || s.last_failed;
    for (auto& v : remote) {
      if (auto* o = std::get_if<PsValue::Object>(&v.data))
        o->push_back({"PSComputerName", computer});
      out.push_back(std::move(v));
    }
  }
  s.last_failed = failed;
  return out;
}

// ---- pipeline and output cmdlets ----

Values convert_to_json(Session& s, const Command& c, const Where& w, Values input) {
  if (const auto* arg = parameter_value(c, "InputObject")) input = expression_values(s, *arg, w);
  JsonOptions options;
  if (auto depth = text_of(s, parameter_value(c, "Depth"))) options.depth = std::stoi(*depth);
  options.compress = has_switch(c, "Compress");
  if (input.empty()) return {};
  return {PsValue(convert_to_json(single_or_array(std::move(input)), options))};
}

Values select_object(Session& s, const Command& c, const Where&, Values input) {
  if (auto first = text_of(s, parameter_value(c, "First")); first) {
    const auto n = static_cast<std::size_t>(std::stoul(*first));
    if (input.size() > n) input.resize(n);
  }
  if (auto expand = text_of(s, parameter_value(c, "ExpandProperty")); expand) {
    Values out;
    for (const auto& v : input)
      if (const auto* m = v.member(*expand)) out.push_back(*m);
    return out;
  }
  const auto properties = texts_of(s, named_or_first(c, "Property"));
  if (properties.empty()) return input;
  Values out;
  for (const auto& v : input) {
    PsValue::Object o;
    for (const auto& p : properties) {
      const auto* m = v.member(p);
      o.push_back({p, m ? *m : PsValue(nullptr)});
    }
    out.push_back(std::move(o));
  }
  return out;
}

Values write_output(Session& s, const Command& c, const Where& w, Values input) {
  for (const auto* arg : positional(c))
    for (auto& v : expression_values(s, *arg, w)) input.push_back(std::move(v));
  if (const auto* arg = parameter_value(c, "InputObject"))
    for (auto& v : expression_values(s, *arg, w)) input.push_back(std::move(v));
  return input;
}

Values write_host(Session& s, const Command& c, const Where& w, Values) {
  std::string line;
  for (const auto* arg : positional(c))
    for (const auto& v : expression_values(s, *arg, w)) {
      if (!line.empty()) line += ' ';
      line += ps_string(v);
    }
  write_line(s.host(), line);
  return {};
}

Values write_warning_cmd(Session& s, const Command& c, const Where& w, Values) {
  if (const auto* arg = named_or_first(c, "Message"))
    for (const auto& v : expression_values(s, *arg, w)) write_warning(s.host(), ps_string(v));
  return {};
}

Values write_error_cmd(Session& s, const Command& c, const Where& w, Values) {
  PsError e;
  if (const auto* arg = named_or_first(c, "Message"))
    for (const auto& v : expression_values(s, *arg, w)) e.message += ps_string(v);
  e.reason = "WriteErrorException";
  e.error_id = "Microsoft.PowerShell.Commands.WriteErrorException";
  s.fail(e, c, w, stops_on_error(s, c));
  return {};
}

// Get-Date [-Format o]: the round-trip form of the local time; the lab's
// servers run in UTC, so "2018-06-20T09:00:00.1230000+00:00".
Values get_date(Session& s, const Command& c, const Where&, Values) {
  const auto format = text_of(s, parameter_value(c, "Format"));
  if (!format) return {PsValue(s.now())};
  if (*format != "o" && *format != "O") throw std::invalid_argument("Get-Date -Format " + *format);
  const auto now = s.now();
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{now - day};
  char text[128];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03d0000+00:00",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<int>(time.subseconds().count()));
  return {PsValue(std::string(text))};
}

Values get_command(Session& s, const Command& c, const Where&, Values) {
  Values out;
  for (const auto& name : texts_of(s, named_or_first(c, "Name")))
    if (!is_exchange_cmdlet(name) || s.ems_loaded) out.push_back(PsValue::Object{{"Name", name}});
  return out;
}

Values start_sleep(Session& s, const Command& c, const Where&, Values) {
  if (auto ms = text_of(s, parameter_value(c, "Milliseconds")))
    s.sleep(std::chrono::milliseconds(std::stoll(*ms)));
  else if (auto secs = text_of(s, named_or_first(c, "Seconds")))
    s.sleep(std::chrono::seconds(std::stoll(*secs)));
  return {};
}

Values pass_through(Session&, const Command&, const Where&, Values input) {
  return input;
}
Values discard(Session&, const Command&, const Where&, Values) {
  return {};
}

const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"add-pssnapin", load},
      {"connect-exchangeserver", load},
      {"import-pssession", load},
      {"get-exchangeserver", get_exchange_server},
      {"get-clientaccessserver", get_client_access_server},
      {"get-clientaccessservice", get_client_access_server},
      {"set-clientaccessserver", set_client_access_server},
      {"search-adminauditlog", search_admin_audit_log},
      {"get-service", get_service},
      {"restart-service", restart_service_cmd},
      {"get-ciminstance", get_cim_instance},
      {"get-process", get_process},
      {"iisreset", iisreset_cmd},
      {"iisreset.exe", iisreset_cmd},
      {"invoke-command", invoke_command},
      {"convertto-json", convert_to_json},
      {"select-object", select_object},
      {"write-output", write_output},
      {"write-host", write_host},
      {"write-warning", write_warning_cmd},
      {"write-error", write_error_cmd},
      {"get-date", get_date},
      {"get-command", get_command},
      {"start-sleep", start_sleep},
      {"where-object", pass_through},
      {"foreach-object", pass_through},
      {"sort-object", pass_through},
      {"format-list", pass_through},
      {"format-table", pass_through},
      {"out-string", pass_through},
      {"out-default", pass_through},
      {"out-host", pass_through},
      {"out-null", discard},
      {"write-verbose", discard},
      {"set-strictmode", discard},
      {"import-module", discard},
      {"new-pssession", discard},
      {"get-pssession", discard},
      {"remove-pssession", discard},
      {"get-pssnapin", discard},
  };
  return table;
}

}  // namespace

PsError not_recognized(std::string_view name) {
  PsError e;
  e.message = cat("The term '", name,
                  "' is not recognized as the name of a cmdlet, function, script file, or "
                  "operable program. Check the spelling of the name, or if a path was included, "
                  "verify that the path is correct and try again.");
  e.category = "ObjectNotFound";
  e.target = name;
  e.target_type = "String";
  e.reason = "CommandNotFoundException";
  e.error_id = "CommandNotFoundException";
  return e;
}

Values run_command(Session& session, const Command& command, const Where& where, Values input) {
  if (is_ems_loader(command)) return load(session, command, where, {});
  const auto name = to_lower_ascii(command.name);
  if (auto fn = session.functions.find(name); fn != session.functions.end()) {
    Values out;
    if (fn->second) run_block(session, *fn->second, where, &out);
    return out;
  }
  const auto& table = handlers();
  const auto it = table.find(name);
  if (it == table.end() || (is_exchange_cmdlet(command.name) && !session.ems_loaded)) {
    session.fail(not_recognized(command.name), command, where, session.stop_on_error);
    return {};
  }
  return it->second(session, command, where, std::move(input));
}

}  // namespace casdoctor::lab::detail
