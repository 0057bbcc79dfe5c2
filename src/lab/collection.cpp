// casdoctor's collection script (src/powershell/collection_script.cpp),
// answered as a real org answers it. The lab does not evaluate the script's
// control flow; it recognises its parts — how it loads the Exchange shell
// and reports a failure, the cmdlets it runs, the services its per-server
// script block reads, the members of the snapshot it prints — and produces
// what running them against the org would.
#include <random>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

#include "session.hpp"

namespace casdoctor::lab::detail {
namespace {

using Values = std::vector<PsValue>;

constexpr std::string_view k_begin_marker = "--- casdoctor:begin ---";
const std::vector<std::string> k_default_services = {"MSExchangeADTopology", "W3SVC", "WAS"};

// DateTime.ToUniversalTime().ToString("o"): seven fraction digits and Z.
std::string round_trip_time(TimePoint t) {
  auto iso = format_iso8601(t);  // ...:ssZ or ...:ss.fffZ
  iso.pop_back();
  if (iso.size() == 19) iso += ".000";
  return cat(iso, "0000Z");
}

std::vector<const Command*> commands_named(const Block& block, std::string_view name) {
  std::vector<const Command*> found;
  for_each_command(block, [&](const Command& c) {
    if (iequals(c.name, name)) found.push_back(&c);
  });
  return found;
}

// The first string literal after `anchor` in the script, and the exit code
// of the first `exit N` after it: how the script reports a shell it could
// not load ([Console]::Error.WriteLine('prefix' + $reason); exit 3).
struct FailureReport {
  std::string prefix;
  int exit_code = 1;
};

// The string literals of the script after `anchor` (lower case), in order.
// (`last`: after its last occurrence.)
std::vector<std::string> literals_after(std::string_view script, std::string_view anchor,
                                        std::size_t count, bool last = false) {
  std::vector<std::string> found;
  const auto lower = to_lower_ascii(script);
  const auto at = last ? lower.rfind(anchor) : lower.find(anchor);
  if (at == std::string::npos) return found;
  auto tokens = tokenize(script.substr(at));
  if (!tokens) return found;
  for (const auto& t : *tokens) {
    if (t.kind != TokenKind::string) continue;
    found.push_back(t.text);
    if (found.size() == count) break;
  }
  return found;
}

bool mentions(std::string_view script, std::string_view text) {
  return to_lower_ascii(script).find(to_lower_ascii(text)) != std::string::npos;
}

std::optional<FailureReport> failure_report(std::string_view script) {
  const auto at = to_lower_ascii(script).find("[console]::error.writeline(");
  if (at == std::string::npos) return std::nullopt;
  auto tokens = tokenize(script.substr(at));
  if (!tokens) return std::nullopt;
  FailureReport report;
  bool have_prefix = false;
  for (std::size_t i = 0; i < tokens->size(); ++i) {
    const auto& t = (*tokens)[i];
    if (!have_prefix && t.kind == TokenKind::string) {
      report.prefix = t.text;
      have_prefix = true;
    }
    if (t.kind == TokenKind::word && iequals(t.text, "exit") && i + 1 < tokens->size() &&
        (*tokens)[i + 1].kind == TokenKind::number) {
      report.exit_code = std::stoi((*tokens)[i + 1].text);
      break;
    }
  }
  if (!have_prefix) return std::nullopt;
  return report;
}

// The cmdlets an Import-PSSession names (-CommandName 'a', 'b' or one value).
std::vector<std::string> imported_names(const Command& import) {
  std::vector<std::string> names;
  const auto* arg = parameter_value(import, "CommandName");
  if (arg == nullptr) return names;
  if (arg->kind == Argument::Kind::array)
    for (const auto& item : arg->items) names.push_back(item.text);
  else
    names.push_back(arg->text);
  return names;
}

bool names_audit_cmdlet(const Command& import) {
  for (const auto& n : imported_names(import))
    if (iequals(n, "Search-AdminAuditLog")) return true;
  return false;
}

// The snap-ins the script's foreach (@('a', 'b')) would add.
bool offers_exchange15_snapin(std::string_view script) {
  return mentions(script, "'Microsoft.Exchange.Management.PowerShell.SnapIn'");
}

// Whether this loader works under the knobs; `reason` collects why not,
// as the script would report it.
bool may_load(Session& s, const Command& loader, std::string& reason) {
  const auto& f = s.faults();
  // RemoteExchange.ps1 only defines the functions; the connection fails.
  if (f.connect_failure &&
      to_lower_ascii(loader.name).find("remoteexchange.ps1") != std::string::npos)
    return false;
  if (f.connect_failure && iequals(loader.name, "Connect-ExchangeServer")) {
    reason =
        "Connect-ExchangeServer: No Exchange servers are available in any Active Directory "
        "sites. You can't connect to the Exchange server.";
    return false;
  }
  // A server has only the snap-in of its own version: 2013+ here.
  if (f.connect_failure && iequals(loader.name, "Add-PSSnapin"))
    return offers_exchange15_snapin(s.script());
  if (f.no_audit_role && iequals(loader.name, "Import-PSSession") && names_audit_cmdlet(loader)) {
    const auto message =
        "Running the Get-Command command in a remote session reported the following error: "
        "The term 'Search-AdminAuditLog' is not recognized as the name of a cmdlet, function, "
        "script file, or operable program.";
    if (imported_names(loader).size() == 1) {
      s.audit_import_failure = message;
      return false;
    }
    reason = message;  // the whole import fails with it
    return false;
  }
  return true;
}

// Loads the shell the way the script tries to; false when it failed (and
// the failure has been reported as the script reports it).
bool load_shell(Session& s, const Block& block) {
  std::vector<const Command*> loaders;
  for_each_command(block, [&](const Command& c) {
    if (is_ems_loader(c)) loaders.push_back(&c);
  });
  if (loaders.empty()) return true;
  if (s.faults().snapin_failure) {
    if (s.faults().shell_load_delay_ms > 0)
      s.sleep(std::chrono::milliseconds(s.faults().shell_load_delay_ms));
    const auto reason =
        "The Windows PowerShell snap-in 'Microsoft.Exchange.Management.PowerShell.SnapIn' is "
        "not installed on this computer.";
    if (const auto report = failure_report(s.script())) {
      s.host().write_err(cat(report->prefix, reason, "\r\n"));
      throw ScriptExit{report->exit_code};
    }
    s.fail(PsError{reason, "InvalidArgument", "Microsoft.Excha...owerShell.SnapIn", "String",
                   "Add-PSSnapin", "PSArgumentException",
                   "AddPSSnapInRead,Microsoft.PowerShell.Commands.AddPSSnapinCommand"},
           *loaders.front(), s.local(), false);
    throw ScriptExit{1};
  }
  std::string reason;
  for (const auto* loader : loaders) {
    // Once loaded, the script's remaining attempts are skipped (Test-ExchangeShell).
    if (s.ems_loaded && !iequals(loader->name, "Connect-ExchangeServer")) {
      // The separate import of the audit cmdlet runs whatever loaded the rest.
      if (iequals(loader->name, "Import-PSSession")) (void)may_load(s, *loader, reason);
      continue;
    }
    if (!may_load(s, *loader, reason)) continue;
    if (load_ems(s, *loader) && iequals(loader->name, "Import-PSSession")) s.ems_remote = true;
  }
  if (!s.ems_loaded && !reason.empty()) {
    if (const auto report = failure_report(s.script())) {
      s.host().write_err(cat(report->prefix, reason, "\r\n"));
      throw ScriptExit{report->exit_code};
    }
  }
  return true;
}

Values org_objects(Session& s, const Block& block, std::string_view cmdlet) {
  const auto found = commands_named(block, cmdlet);
  if (found.empty()) return {};
  return run_command(s, *found.front(), s.local(), {});
}

PsValue flat(const PsValue& object, std::initializer_list<std::string_view> names) {
  PsValue::Object out;
  for (auto name : names) {
    const auto* m = object.member(name);
    out.push_back({std::string(name), m ? *m : PsValue(nullptr)});
  }
  return out;
}

// The literal list a `foreach ($x in @('a', 'b'))` in the block runs over.
std::vector<std::string> foreach_list(const Block& block) {
  for (const auto& st : block.statements) {
    if (st.kind != Statement::Kind::keyword || st.keyword != "foreach") continue;
    for (const auto& cond : st.conditions) {
      if (!cond.block) continue;
      for (const auto& inner : cond.block->statements)
        for (const auto& stage : inner.stages) {
          const auto& e = stage.expression;
          if (e.kind != Argument::Kind::expression || !e.block) continue;
          for (const auto& part : e.block->statements)
            for (const auto& st2 : part.stages)
              if (st2.expression.kind == Argument::Kind::array) {
                std::vector<std::string> names;
                for (const auto& item : st2.expression.items) names.push_back(item.text);
                if (!names.empty()) return names;
              }
        }
    }
  }
  return {};
}

// The services the per-server script block reads.
std::vector<std::string> services_read(const Session& s, const Block& block) {
  const auto invokes = commands_named(block, "Invoke-Command");
  if (invokes.empty()) return {};
  const auto* arg = parameter_value(*invokes.front(), "ScriptBlock");
  std::shared_ptr<Block> remote;
  if (arg && arg->kind == Argument::Kind::script_block) remote = arg->block;
  if (arg && arg->kind == Argument::Kind::variable) {
    for (const auto& st : block.statements)
      if (iequals(st.assigned, arg->text) && !st.stages.empty())
        remote = st.stages.front().expression.block;
  }
  (void)s;
  if (remote) {
    // The list may stand in a single-element array expression @(...) too.
    auto names = foreach_list(*remote);
    if (!names.empty()) return names;
  }
  return k_default_services;
}

struct ServerRecords {
  Values services;
  Values dependents;
  Values exsetup;
  Values app_pools;
  Values errors;
};

// What the script's remote block reads besides the services.
struct RemoteReads {
  std::vector<std::string> services;
  bool app_pools = false;          // Get-CimInstance Win32_Process (w3wp.exe)
  bool registry_fallback = false;  // MsiInstallPath when ExchangeInstallPath is missing
};

PsValue::Object error_record(std::string server, std::string step, std::string message) {
  return {
      {"Server", std::move(server)}, {"Step", std::move(step)}, {"Message", std::move(message)}};
}

void read_app_pools(const LabServer& server, ServerRecords& r) {
  for (const auto& pool : server.app_pools) {
    if (!pool.start_time) continue;  // no w3wp process: IIS starts it at the first request
    r.app_pools.push_back(PsValue::Object{{"Server", server.name},
                                          {"Name", pool.name},
                                          {"StartTime", round_trip_time(*pool.start_time)}});
  }
}

void read_server(const LabServer& server, const RemoteReads& reads, ServerRecords& r) {
  const auto& services = reads.services;
  for (const auto& name : services) {
    const auto* svc = find_service(server, name);
    if (svc == nullptr) {
      r.errors.push_back(PsValue::Object{
          {"Server", server.name},
          {"Step", "services"},
          {"Message", cat(name, ": Cannot find any service with service name '", name, "'.")}});
      continue;
    }
    const bool has_process = svc->status != ServiceStatus::stopped && svc->start_time;
    r.services.push_back(
        PsValue::Object{{"Server", server.name},
                        {"Name", svc->name},
                        {"Status", PsValue(service_status_name(svc->status))},
                        {"StartTime", has_process ? PsValue(round_trip_time(*svc->start_time))
                                                  : PsValue(nullptr)}});
  }
  for (const auto& d : running_dependents(server, k_topology_service))
    r.dependents.push_back(
        PsValue::Object{{"Server", server.name}, {"Name", d}, {"Status", "Running"}});
  if (reads.app_pools) read_app_pools(server, r);
  if (server.winrm_without_install_path && !reads.registry_fallback) {
    r.errors.push_back(
        error_record(server.name, "exsetup_versions", "ExchangeInstallPath is not set"));
    return;
  }
  r.exsetup.push_back(PsValue::Object{{"Server", server.name},
                                      {"FileVersion", to_long_form(installed_build(server))}});
}

ServerRecords read_servers(Session& s, const Block& block) {
  ServerRecords r;
  if (commands_named(block, "Invoke-Command").empty()) return r;
  const RemoteReads reads{services_read(s, block), mentions(s.script(), "Win32_Process"),
                          mentions(s.script(), "MsiInstallPath")};
  const auto state = s.read_state();
  Values connection_errors;
  for (const auto& server : state.servers) {
    if (!caches_topology(server) || has_role(server, "Edge")) continue;
    const auto computer = server.fqdn.empty() ? server.name : server.fqdn;
    if (auto error = connection_error(s, computer, &server)) {
      connection_errors.push_back(PsValue::Object{
          {"Server", server.name}, {"Step", "remote"}, {"Message", error->message}});
      continue;
    }
    s.add_target(server.name);
    read_server(server, reads, r);
  }
  for (auto& e : connection_errors) r.errors.push_back(std::move(e));
  return r;
}

// The account lacks the audit role: RBAC leaves Search-AdminAuditLog out of
// its shell, and the call fails. The script may then say why (its last
// `$why = '<prefix>' + ': ' + <the import's error, else the call's>`).
PsValue audit_unavailable(Session& s, Values& errors) {
  std::string message =
      "The term 'Search-AdminAuditLog' is not recognized as the name of a cmdlet, function, "
      "script file, or operable program. Check the spelling of the name, or if a path was "
      "included, verify that the path is correct and try again.";
  if (const auto why = literals_after(s.script(), "$why = ", 1, true); !why.empty()) {
    const auto cause = s.audit_import_failure.empty() ? message : s.audit_import_failure;
    message = cat(why.front(), ": ", cause);
  }
  errors.push_back(error_record("", "audit", std::move(message)));
  return nullptr;
}

// Through a remote session an AdminAuditLogCmdletParameter arrives as its
// ToString(), the name alone: the script's $_.Name and $_.Value are $null.
PsValue parameter_record(const Session& s, const PsValue& item) {
  if (s.ems_remote) return PsValue::Object{{"Name", nullptr}, {"Value", nullptr}};
  return flat(item, {"Name", "Value"});
}

PsValue audit_records(Session& s, const Block& block, Values& errors) {
  const auto found = commands_named(block, "Search-AdminAuditLog");
  if (found.empty()) return nullptr;
  if (s.faults().no_audit_role) return audit_unavailable(s, errors);
  PsValue::Array out;
  bool values_lost = false;
  for (const auto& entry : run_command(s, *found.front(), s.local(), {})) {
    PsValue::Array params;
    if (const auto* p = entry.member("CmdletParameters"); p && p->is_array())
      for (const auto& item : std::get<PsValue::Array>(p->data)) {
        params.push_back(parameter_record(s, item));
        values_lost = values_lost || s.ems_remote;
      }
    const auto* run_date = entry.member("RunDate");
    out.push_back(PsValue::Object{
        {"RunDate", run_date ? PsValue(round_trip_time(std::get<TimePoint>(run_date->data)))
                             : PsValue(nullptr)},
        {"Caller", *entry.member("Caller")},
        {"CmdletName", *entry.member("CmdletName")},
        {"ObjectModified", *entry.member("ObjectModified")},
        {"CmdletParameters", std::move(params)},
        {"Succeeded", *entry.member("Succeeded")}});
  }
  // The script's own check: '' 'audit' '<message>' after its string test.
  const auto lost = literals_after(s.script(), "-is [string] }).count -gt 0)", 3);
  if (values_lost && lost.size() == 3) {
    errors.push_back(error_record("", "audit", lost[2]));
    return nullptr;
  }
  return out;
}

struct Collected {
  Values exchange_servers;
  Values client_access_servers;
  ServerRecords servers;
  PsValue audit;
};

PsValue member_value(Session& s, const Statement& entry, const Collected& c) {
  const auto key = to_lower_ascii(entry.key);
  if (key == "collected_at") return round_trip_time(s.now());
  if (key == "collected_on") return s.initial().local_server;
  if (key == "exchange_servers") return PsValue::Array(c.exchange_servers);
  if (key == "client_access_servers") return PsValue::Array(c.client_access_servers);
  if (key == "services") return PsValue::Array(c.servers.services);
  if (key == "dependent_services") return PsValue::Array(c.servers.dependents);
  if (key == "exsetup_versions") return PsValue::Array(c.servers.exsetup);
  if (key == "app_pools") return PsValue::Array(c.servers.app_pools);
  if (key == "ps_version") return s.initial().ps_version;
  if (key == "audit") return c.audit;
  if (key == "errors") return PsValue::Array(c.servers.errors);
  if (!entry.stages.empty() && !entry.stages.front().command &&
      entry.stages.front().expression.kind == Argument::Kind::literal)
    return entry.stages.front().expression.text;  // schema = 'casdoctor.snapshot/1'
  return nullptr;
}

// The hashtable the script assigns to the variable it converts.
PsValue snapshot_value(Session& s, const Block& block, const Command& convert, const Collected& c) {
  const auto* input = parameter_value(convert, "InputObject");
  PsValue::Object out;
  for (const auto& st : block.statements) {
    if (input == nullptr || !iequals(st.assigned, input->text) || st.stages.empty()) continue;
    const auto& e = st.stages.front().expression;
    if (!e.block) continue;
    for (const auto& entry : e.block->statements)
      out.push_back({entry.key, member_value(s, entry, c)});
  }
  return out;
}

std::string garbled(const Session& s, std::string json) {
  switch (s.faults().garbage_output) {
    case GarbageOutput::truncated:
      json.resize(json.size() * 3 / 5);
      return json;
    case GarbageOutput::random: {
      std::mt19937 random(static_cast<unsigned>(json.size()));
      std::uniform_int_distribution<int> printable(0x21, 0x7E);
      std::string noise(400, ' ');
      for (auto& ch : noise) ch = static_cast<char>(printable(random));
      return noise;
    }
    case GarbageOutput::none:
      break;
  }
  return json;
}

void print_output(Session& s, const Block& block, const Collected& c) {
  for (const auto& st : block.statements) {
    if (st.kind != Statement::Kind::pipeline || !st.assigned.empty() || st.stages.empty() ||
        !st.stages.front().command)
      continue;
    const auto& command = *st.stages.front().command;
    if (iequals(command.name, "Write-Output")) {
      write_objects(s.host(), run_command(s, command, s.local(), {}));
    } else if (iequals(command.name, "ConvertTo-Json")) {
      JsonOptions options;
      if (auto depth = text_of(s, parameter_value(command, "Depth")))
        options.depth = std::stoi(*depth);
      options.compress = has_switch(command, "Compress");
      write_line(s.host(),
                 garbled(s, convert_to_json(snapshot_value(s, block, command, c), options)));
    }
  }
}

}  // namespace

bool is_collection_script(const Block& block) {
  bool marker = false;
  for (const auto* c : commands_named(block, "Write-Output"))
    for (const auto* arg : positional(*c)) marker = marker || trim(arg->text) == k_begin_marker;
  return marker && !commands_named(block, "ConvertTo-Json").empty();
}

void run_collection(Session& s, const Block& block) {
  load_shell(s, block);
  Collected c;
  for (const auto& o : org_objects(s, block, "Get-ExchangeServer"))
    c.exchange_servers.push_back(
        flat(o, {"Name", "Fqdn", "AdminDisplayVersion", "ServerRole", "Site"}));
  for (const auto& o : org_objects(s, block, "Get-ClientAccessServer"))
    c.client_access_servers.push_back(flat(o, {"Name", "IsOutOfService"}));
  c.servers = read_servers(s, block);
  c.audit = audit_records(s, block, c.servers.errors);
  print_output(s, block, c);
}

}  // namespace casdoctor::lab::detail
