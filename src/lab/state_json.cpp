// LabState <-> JSON. Times are ISO 8601 UTC text, builds their short form,
// enums their PowerShell names: the file is meant to be read and edited by
// people setting up a test.
#include "casdoctor/lab/state_json.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "casdoctor/snapshot/names.hpp"

namespace casdoctor::lab {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json time_or_null(const std::optional<TimePoint>& t) {
  return t ? ordered_json(format_iso8601(*t)) : ordered_json(nullptr);
}

ordered_json service_json(const LabService& s) {
  return {{"name", s.name},
          {"display_name", s.display_name},
          {"status", service_status_name(s.status)},
          {"start_time", time_or_null(s.start_time)},
          {"process_id", s.process_id},
          {"dependents", s.dependents}};
}

ordered_json view_json(const CachedView& view) {
  ordered_json out = ordered_json::object();
  for (const auto& [cas, oos] : view) out[cas] = oos;
  return out;
}

const char* iisreset_fault_name(IisresetFault f) {
  switch (f) {
    case IisresetFault::stop_timeout:
      return "stop-timeout";
    case IisresetFault::no_restart:
      return "no-restart";
    case IisresetFault::none:
      break;
  }
  return "none";
}

ordered_json app_pool_json(const LabAppPool& p) {
  return {
      {"name", p.name}, {"process_id", p.process_id}, {"start_time", time_or_null(p.start_time)}};
}

ordered_json server_json(const LabServer& s) {
  ordered_json services = ordered_json::array();
  for (const auto& svc : s.services) services.push_back(service_json(svc));
  ordered_json pools = ordered_json::array();
  for (const auto& p : s.app_pools) pools.push_back(app_pool_json(p));
  return {{"name", s.name},
          {"fqdn", s.fqdn},
          {"site", s.site},
          {"roles", s.roles},
          {"version", to_short_form(s.version)},
          {"exsetup_version", s.exsetup ? ordered_json(to_short_form(*s.exsetup)) : nullptr},
          {"edition", s.edition},
          {"is_out_of_service", s.is_out_of_service},
          {"services", services},
          {"app_pools", pools},
          {"winrm_without_install_path", s.winrm_without_install_path},
          {"topology_view", view_json(s.topology_view)},
          {"iis_view", view_json(s.iis_view)},
          {"restart_delay_ms", s.restart_delay_ms},
          {"hang_restart", s.hang_restart},
          {"iisreset_fault", iisreset_fault_name(s.iisreset_fault)},
          {"owa_delay_ms", s.owa_delay_ms},
          {"owa_warmup_ms", s.owa_warmup_ms},
          {"owa_rejects_sessions", s.owa_rejects_sessions},
          {"owa_external_url", s.owa_external_url},
          {"owa_error_page", s.owa_error_page},
          {"owa_fe_error", s.owa_fe_error},
          {"owa_legacy_redirect_type", s.owa_legacy_redirect_type},
          {"owa_authentication", s.owa_authentication},
          {"owa_strips_version", s.owa_strips_version},
          {"owa_no_windows_auth", s.owa_no_windows_auth}};
}

ordered_json mailbox_json(const LabMailbox& m) {
  return {
      {"user", m.user}, {"upn", m.upn}, {"password", m.password}, {"home_server", m.home_server}};
}

ordered_json audit_json(const AuditEntry& e) {
  ordered_json params = ordered_json::array();
  for (const auto& p : e.parameters) params.push_back({{"name", p.name}, {"value", p.value}});
  return {{"run_date", format_iso8601(e.run_date)},
          {"caller", e.caller},
          {"cmdlet_name", e.cmdlet_name},
          {"object_modified", e.object_modified},
          {"parameters", params},
          {"succeeded", e.succeeded}};
}

const char* garbage_name(GarbageOutput g) {
  switch (g) {
    case GarbageOutput::random:
      return "random";
    case GarbageOutput::truncated:
      return "truncated";
    case GarbageOutput::none:
      break;
  }
  return "none";
}

ordered_json faults_json(const Faults& f) {
  return {{"shell_load_delay_ms", f.shell_load_delay_ms},
          {"hang", f.hang},
          {"snapin_failure", f.snapin_failure},
          {"connect_failure", f.connect_failure},
          {"no_audit_role", f.no_audit_role},
          {"access_denied", f.access_denied},
          {"unreachable", f.unreachable},
          {"garbage_output", garbage_name(f.garbage_output)},
          {"output_encoding", f.output_encoding == OutputEncoding::utf16le ? "utf-16le" : "utf-8"}};
}

ordered_json call_json(const CallRecord& c) {
  return {{"time", format_iso8601(c.time)},
          {"pid", c.pid},
          {"form", c.form},
          {"kind", c.kind},
          {"commands", c.commands},
          {"targets", c.targets},
          {"exit_code", c.exit_code ? ordered_json(*c.exit_code) : nullptr},
          {"finished", time_or_null(c.finished)}};
}

// ---- reading ------------------------------------------------------------

// A failure while reading: the JSON pointer and what was wrong.
struct ReadError {
  std::string pointer;
  std::string message;
};

// Reads one object's members by name, remembering which were used so that
// the rest can be reported as unknown.
class ObjectReader {
 public:
  ObjectReader(const json& value, std::string pointer)
      : value_(value), pointer_(std::move(pointer)) {
    if (!value_.is_object()) throw ReadError{pointer_, "expected an object"};
  }

  std::string at(std::string_view key) const { return pointer_ + "/" + std::string(key); }

  const json* find(std::string_view key) {
    used_.insert(std::string(key));
    auto it = value_.find(std::string(key));
    return it == value_.end() || it->is_null() ? nullptr : &*it;
  }

  const json& required(std::string_view key) {
    const json* v = find(key);
    if (v == nullptr) throw ReadError{pointer_, "missing member \"" + std::string(key) + "\""};
    return *v;
  }

  std::string string(std::string_view key, std::string fallback = {}) {
    const json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_string()) throw ReadError{at(key), "expected a string"};
    return v->get<std::string>();
  }

  bool boolean(std::string_view key, bool fallback = false) {
    const json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_boolean()) throw ReadError{at(key), "expected true or false"};
    return v->get<bool>();
  }

  std::int64_t integer(std::string_view key, std::int64_t fallback = 0) {
    const json* v = find(key);
    if (v == nullptr) return fallback;
    if (!v->is_number_integer()) throw ReadError{at(key), "expected an integer"};
    return v->get<std::int64_t>();
  }

  int small_count(std::string_view key) {
    const auto n = integer(key);
    if (n < 0 || n > 86'400'000) throw ReadError{at(key), "expected 0..86400000"};
    return static_cast<int>(n);
  }

  std::vector<std::string> strings(std::string_view key) {
    std::vector<std::string> out;
    const json* v = find(key);
    if (v == nullptr) return out;
    if (!v->is_array()) throw ReadError{at(key), "expected an array of strings"};
    for (const auto& item : *v) {
      if (!item.is_string()) throw ReadError{at(key), "expected an array of strings"};
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  std::optional<TimePoint> time(std::string_view key) {
    const json* v = find(key);
    if (v == nullptr) return std::nullopt;
    const auto t = v->is_string() ? parse_timestamp(v->get<std::string>()) : std::nullopt;
    if (!t) throw ReadError{at(key), "expected an ISO 8601 time like \"2018-06-19T08:00:00Z\""};
    return t;
  }

  BuildNumber build(std::string_view key) {
    auto b = parse_build_number(string(key));
    if (!b) throw ReadError{at(key), "expected a build like \"15.1.1531.3\""};
    return *b;
  }

  // Call last: every member not read is unknown.
  void finish() const {
    for (const auto& [key, v] : value_.items())
      if (!used_.contains(key)) throw ReadError{at(key), "unknown member"};
  }

 private:
  const json& value_;
  std::string pointer_;
  std::set<std::string> used_;
};

template <class T, class F>
std::vector<T> read_array(ObjectReader& parent, std::string_view key, F read_one) {
  std::vector<T> out;
  const json* v = parent.find(key);
  if (v == nullptr) return out;
  if (!v->is_array()) throw ReadError{parent.at(key), "expected an array"};
  for (std::size_t i = 0; i < v->size(); ++i)
    out.push_back(read_one((*v)[i], parent.at(key) + "/" + std::to_string(i)));
  return out;
}

ServiceStatus read_status(const std::string& text, const std::string& pointer) {
  // Exact names only: the state file is written by the lab itself.
  if (auto status = service_status_from_name(text);
      status && service_status_name(*status) == text) {
    return *status;
  }
  throw ReadError{pointer, "expected a service status like \"Running\" or \"Stopped\""};
}

LabService read_service(const json& v, const std::string& pointer) {
  ObjectReader r(v, pointer);
  LabService s;
  s.name = r.string("name");
  if (s.name.empty()) throw ReadError{pointer, "missing member \"name\""};
  s.display_name = r.string("display_name", s.name);
  s.status = read_status(r.string("status", "Running"), r.at("status"));
  s.start_time = r.time("start_time");
  s.process_id = static_cast<int>(r.integer("process_id"));
  s.dependents = r.strings("dependents");
  r.finish();
  return s;
}

LabAppPool read_app_pool(const json& v, const std::string& pointer) {
  ObjectReader r(v, pointer);
  LabAppPool p;
  p.name = r.string("name");
  if (p.name.empty()) throw ReadError{pointer, "missing member \"name\""};
  p.process_id = static_cast<int>(r.integer("process_id"));
  p.start_time = r.time("start_time");
  r.finish();
  return p;
}

CachedView read_view(ObjectReader& parent, std::string_view key) {
  CachedView view;
  const json* v = parent.find(key);
  if (v == nullptr) return view;
  if (!v->is_object()) throw ReadError{parent.at(key), "expected an object of booleans"};
  for (const auto& [cas, oos] : v->items()) {
    if (!oos.is_boolean()) throw ReadError{parent.at(key) + "/" + cas, "expected true or false"};
    view[cas] = oos.get<bool>();
  }
  return view;
}

IisresetFault read_iisreset_fault(ObjectReader& r) {
  const auto name = r.string("iisreset_fault", "none");
  for (const auto f : {IisresetFault::none, IisresetFault::stop_timeout, IisresetFault::no_restart})
    if (name == iisreset_fault_name(f)) return f;
  throw ReadError{r.at("iisreset_fault"), "expected \"none\", \"stop-timeout\" or \"no-restart\""};
}

std::string one_of(ObjectReader& r, const char* key, std::initializer_list<const char*> names) {
  const auto value = r.string(key, *names.begin());
  std::string expected;
  for (const char* name : names) {
    if (value == name) return value;
    expected += (expected.empty() ? "\"" : ", \"") + std::string(name) + "\"";
  }
  throw ReadError{r.at(key), "expected one of " + expected};
}

void read_logon_proof_knobs(ObjectReader& r, LabServer& s) {
  s.owa_error_page = r.boolean("owa_error_page");
  s.owa_fe_error =
      one_of(r, "owa_fe_error",
             {"", "NoLegacyCAS", "NoFbaSSL", "CAS14WithNoWIA", "SSLCertificateProblem"});
  s.owa_legacy_redirect_type = one_of(r, "owa_legacy_redirect_type", {"silent", "manual"});
  s.owa_authentication = one_of(r, "owa_authentication", {"forms", "basic"});
  s.owa_strips_version = r.boolean("owa_strips_version");
  s.owa_no_windows_auth = r.boolean("owa_no_windows_auth");
}

LabServer read_server(const json& v, const std::string& pointer) {
  ObjectReader r(v, pointer);
  LabServer s;
  s.name = r.string("name");
  if (s.name.empty()) throw ReadError{pointer, "missing member \"name\""};
  s.fqdn = r.string("fqdn");
  s.site = r.string("site", "Default-First-Site-Name");
  s.roles = r.strings("roles");
  s.version = r.build("version");
  if (r.find("exsetup_version") != nullptr) s.exsetup = r.build("exsetup_version");
  s.edition = r.string("edition", "Enterprise");
  s.is_out_of_service = r.boolean("is_out_of_service");
  s.services = read_array<LabService>(r, "services", read_service);
  s.app_pools = read_array<LabAppPool>(r, "app_pools", read_app_pool);
  s.winrm_without_install_path = r.boolean("winrm_without_install_path");
  s.topology_view = read_view(r, "topology_view");
  s.iis_view = read_view(r, "iis_view");
  s.restart_delay_ms = r.small_count("restart_delay_ms");
  s.hang_restart = r.boolean("hang_restart");
  s.iisreset_fault = read_iisreset_fault(r);
  s.owa_delay_ms = r.small_count("owa_delay_ms");
  s.owa_warmup_ms = r.small_count("owa_warmup_ms");
  s.owa_rejects_sessions = r.boolean("owa_rejects_sessions");
  s.owa_external_url = r.string("owa_external_url");
  read_logon_proof_knobs(r, s);
  r.finish();
  return s;
}

LabMailbox read_mailbox(const json& v, const std::string& pointer) {
  ObjectReader r(v, pointer);
  LabMailbox m;
  m.user = r.string("user");
  m.upn = r.string("upn");
  if (m.user.empty() && m.upn.empty()) throw ReadError{pointer, "missing member \"user\""};
  m.password = r.string("password");
  m.home_server = r.string("home_server");
  if (m.home_server.empty()) throw ReadError{pointer, "missing member \"home_server\""};
  r.finish();
  return m;
}

AuditParameter read_parameter(const json& v, const std::string& pointer) {
  ObjectReader r(v, pointer);
  AuditParameter p{r.string("name"), r.string("value")};
  r.finish();
  return p;
}

AuditEntry read_audit(const json& v, const std::string& pointer) {
  ObjectReader r(v, pointer);
  AuditEntry e;
  const auto when = r.time("run_date");
  if (!when) throw ReadError{pointer, "missing member \"run_date\""};
  e.run_date = *when;
  e.caller = r.string("caller");
  e.cmdlet_name = r.string("cmdlet_name");
  e.object_modified = r.string("object_modified");
  e.parameters = read_array<AuditParameter>(r, "parameters", read_parameter);
  e.succeeded = r.boolean("succeeded", true);
  r.finish();
  return e;
}

Faults read_faults(const json& v, const std::string& pointer) {
  ObjectReader r(v, pointer);
  Faults f;
  f.shell_load_delay_ms = r.small_count("shell_load_delay_ms");
  f.hang = r.boolean("hang");
  f.snapin_failure = r.boolean("snapin_failure");
  f.connect_failure = r.boolean("connect_failure");
  f.no_audit_role = r.boolean("no_audit_role");
  f.access_denied = r.strings("access_denied");
  f.unreachable = r.strings("unreachable");
  const auto garbage = r.string("garbage_output", "none");
  if (garbage == "random") {
    f.garbage_output = GarbageOutput::random;
  } else if (garbage == "truncated") {
    f.garbage_output = GarbageOutput::truncated;
  } else if (garbage != "none") {
    throw ReadError{r.at("garbage_output"), "expected \"none\", \"random\" or \"truncated\""};
  }
  const auto encoding = r.string("output_encoding", "utf-8");
  if (encoding == "utf-16le") {
    f.output_encoding = OutputEncoding::utf16le;
  } else if (encoding != "utf-8") {
    throw ReadError{r.at("output_encoding"), "expected \"utf-8\" or \"utf-16le\""};
  }
  r.finish();
  return f;
}

CallRecord read_call(const json& v, const std::string& pointer) {
  ObjectReader r(v, pointer);
  CallRecord c;
  c.time = r.time("time").value_or(TimePoint{});
  c.pid = r.integer("pid");
  c.form = r.string("form");
  c.kind = r.string("kind");
  c.commands = r.strings("commands");
  c.targets = r.strings("targets");
  if (r.find("exit_code") != nullptr) c.exit_code = static_cast<int>(r.integer("exit_code"));
  c.finished = r.time("finished");
  r.finish();
  return c;
}

LabState read_state(const json& root) {
  ObjectReader r(root, "");
  if (r.string("schema") != k_state_schema)
    throw ReadError{"/schema", std::string("expected \"") + k_state_schema + "\""};
  LabState s;
  s.organization = r.string("organization", s.organization);
  s.domain = r.string("domain", s.domain);
  s.local_server = r.string("local_server");
  s.caller = r.string("caller", s.caller);
  s.clock_offset_ms = r.integer("clock_offset_ms");
  s.namespace_host = r.string("namespace_host", s.namespace_host);
  s.ps_version = r.string("ps_version", s.ps_version);
  s.servers = read_array<LabServer>(r, "servers", read_server);
  s.mailboxes = read_array<LabMailbox>(r, "mailboxes", read_mailbox);
  s.audit_log = read_array<AuditEntry>(r, "audit_log", read_audit);
  if (const json* f = r.find("faults")) s.faults = read_faults(*f, "/faults");
  s.calls = read_array<CallRecord>(r, "calls", read_call);
  r.finish();
  return s;
}

}  // namespace

std::string state_to_json(const LabState& state) {
  ordered_json servers = ordered_json::array();
  for (const auto& s : state.servers) servers.push_back(server_json(s));
  ordered_json audit = ordered_json::array();
  for (const auto& e : state.audit_log) audit.push_back(audit_json(e));
  ordered_json mailboxes = ordered_json::array();
  for (const auto& m : state.mailboxes) mailboxes.push_back(mailbox_json(m));
  ordered_json calls = ordered_json::array();
  for (const auto& c : state.calls) calls.push_back(call_json(c));
  const ordered_json root = {{"schema", k_state_schema},
                             {"organization", state.organization},
                             {"domain", state.domain},
                             {"local_server", state.local_server},
                             {"caller", state.caller},
                             {"clock_offset_ms", state.clock_offset_ms},
                             {"namespace_host", state.namespace_host},
                             {"ps_version", state.ps_version},
                             {"servers", servers},
                             {"mailboxes", mailboxes},
                             {"audit_log", audit},
                             {"faults", faults_json(state.faults)},
                             {"calls", calls}};
  return root.dump(2) + "\n";
}

Result<LabState> state_from_json(std::string_view text, std::string_view source) {
  const json root = json::parse(text, nullptr, false);
  if (root.is_discarded())
    return make_error(ExitCode::bad_input, std::string(source) + ": not valid JSON");
  try {
    return read_state(root);
  } catch (const ReadError& e) {
    return make_error(
        ExitCode::bad_input,
        std::string(source) + ": " + (e.pointer.empty() ? "/" : e.pointer) + ": " + e.message);
  }
}

}  // namespace casdoctor::lab
