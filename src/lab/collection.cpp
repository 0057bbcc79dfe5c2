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
  for (const auto* loader : loaders) {
    // Once loaded, the script's remaining attempts are skipped (Test-ExchangeShell).
    if (s.ems_loaded && !iequals(loader->name, "Connect-ExchangeServer")) continue;
    load_ems(s, *loader);
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
  Values errors;
};

void read_server(const LabServer& server, const std::vector<std::string>& services,
                 ServerRecords& r) {
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
  r.exsetup.push_back(PsValue::Object{{"Server", server.name},
                                      {"FileVersion", to_long_form(installed_build(server))}});
}

ServerRecords read_servers(Session& s, const Block& block) {
  ServerRecords r;
  if (commands_named(block, "Invoke-Command").empty()) return r;
  const auto services = services_read(s, block);
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
    read_server(server, services, r);
  }
  for (auto& e : connection_errors) r.errors.push_back(std::move(e));
  return r;
}

PsValue audit_records(Session& s, const Block& block) {
  const auto found = commands_named(block, "Search-AdminAuditLog");
  if (found.empty()) return nullptr;
  PsValue::Array out;
  for (const auto& entry : run_command(s, *found.front(), s.local(), {})) {
    PsValue::Array params;
    if (const auto* p = entry.member("CmdletParameters"); p && p->is_array())
      for (const auto& item : std::get<PsValue::Array>(p->data))
        params.push_back(flat(item, {"Name", "Value"}));
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
  c.audit = audit_records(s, block);
  print_output(s, block, c);
}

}  // namespace casdoctor::lab::detail
