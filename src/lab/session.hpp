#pragma once
// Internal to the lab's shell: the state of one script run, shared by the
// statement executor, the collection handler, the EMS loader and the
// service-control flows.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "casdoctor/lab/org.hpp"
#include "casdoctor/lab/ps_json.hpp"
#include "casdoctor/lab/ps_script.hpp"
#include "casdoctor/lab/shell.hpp"

namespace casdoctor::lab::detail {

// Ends the script: `exit N`, or a terminating error outside try (code 1).
struct ScriptExit {
  int code;
};

// A terminating error on its way to the nearest catch.
struct TerminatingError {
  PsError error;
  const Command* command = nullptr;  // where it happened
  std::string computer;              // "" when local
  bool remote_record = false;        // thrown inside Invoke-Command's block
};

// Where commands run: the local server, or a remote one through
// Invoke-Command (`computer` is the name as the script gave it).
struct Where {
  std::string server;    // the lab server's name
  std::string computer;  // "" when local
  bool remote() const { return !computer.empty(); }
};

class Session {
 public:
  Session(const ShellEnvironment& env, std::string_view script, LabState initial)
      : env_(env), script_(script), initial_(std::move(initial)) {}

  PsHost& host() const { return *env_.host; }
  std::string_view script() const { return script_; }
  const LabState& initial() const { return initial_; }  // the state when the run began
  const Faults& faults() const { return initial_.faults; }
  TimePoint now() const { return lab_time(initial_, env_.system_now()); }
  void sleep(std::chrono::milliseconds d) const { env_.sleep(d); }
  Where local() const { return {initial_.local_server, ""}; }

  // Fresh state for reading; the run's start state if the file vanished.
  LabState read_state() const;
  // A locked read-modify-write of the state file.
  void update(const std::function<void(LabState&)>& change) const;

  void add_target(std::string_view server);
  const std::vector<std::string>& targets() const { return targets_; }

  // Reports a failed command: written at once (as PowerShell does), or
  // thrown as a TerminatingError when the error action is Stop.
  void fail(const PsError& error, const Command& command, const Where& where, bool stop);

  bool ems_loaded = false;
  bool ems_remote = false;           // loaded by Import-PSSession: nested types arrive as strings
  std::string audit_import_failure;  // Import-PSSession of Search-AdminAuditLog alone failed
  bool stop_on_error = false;        // $ErrorActionPreference = 'Stop'
  bool last_failed = false;          // $? of the last statement
  std::size_t errors_written = 0;    // error records so far
  std::map<std::string, PsValue> variables;                     // by lower-case name
  std::map<std::string, std::shared_ptr<Block>> script_blocks;  // $x = { ... }
  std::map<std::string, std::shared_ptr<Block>> functions;      // function f { ... }

 private:
  const ShellEnvironment& env_;
  std::string_view script_;
  LabState initial_;
  std::vector<std::string> targets_;
};

// ---- argument values --------------------------------------------------

// The text of a literal argument, a simple variable's value, $true/$false.
std::optional<std::string> text_of(const Session& session, const Argument* arg);
// A list: array items or a single value.
std::vector<std::string> texts_of(const Session& session, const Argument* arg);
std::optional<bool> bool_of(const Session& session, const Argument* arg);
// -ErrorAction Stop on the command, or the preference.
bool stops_on_error(const Session& session, const Command& command);

// ---- the parts --------------------------------------------------------

// Loads the Exchange Management Shell as the script asks (banner, delay,
// hang, snap-in failure). Returns false when loading failed.
bool load_ems(Session& session, const Command& loader);
bool is_ems_loader(const Command& command);
bool is_exchange_cmdlet(std::string_view name);
std::string cat_connect(std::string_view what, std::string_view fqdn);

// Exchange cmdlets as objects.
PsValue exchange_server_object(const LabState& state, const LabServer& server);
PsValue client_access_server_object(const LabServer& server);
PsValue audit_entry_object(const AuditEntry& entry);
std::string site_text(const LabState& state, const LabServer& server);
std::string roles_text(const LabServer& server);

// WinRM: the error Invoke-Command gets for `computer`, if any.
std::optional<PsError> connection_error(const Session& session, std::string_view computer,
                                        const LabServer* server);

// The local server is in `access_denied`: the shell is not elevated there.
bool denied_locally(const Session& session, std::string_view server);

// Restart-Service / iisreset with the server's delay and hang knobs,
// printing what Windows prints. Errors are returned, not written.
PsResult<void> restart_service_flow(Session& session, const Where& where, std::string_view service,
                                    bool force);
// iisreset's console lines; the exit code (0 or 1). `noforce`: /noforce
// was given (a stop that times out is then not forced).
int iisreset_flow(Session& session, const Where& where, bool noforce);

// One command of a pipeline with its input (cmdlets.cpp).
std::vector<PsValue> run_command(Session& session, const Command& command, const Where& where,
                                 std::vector<PsValue> input);
// The value of an expression argument: literals, variables, (...), @(...), @{...}.
std::vector<PsValue> expression_values(Session& session, const Argument& arg, const Where& where);
PsValue single_or_array(std::vector<PsValue> values);
// An if/elseif condition (condition.cpp): `$x`, `-not $x`, or `a -op b`
// with -eq -ne -gt -ge -lt -le between variables and literals; nullopt
// for anything else (the lab does not evaluate it).
std::optional<bool> condition_holds(Session& session, const Argument& condition);
PsError not_recognized(std::string_view name);

// The statement executor (executor.cpp) and the collection script handler
// (collection.cpp).
void run_block(Session& session, const Block& block, const Where& where,
               std::vector<PsValue>* output);
bool is_collection_script(const Block& block);
void run_collection(Session& session, const Block& block);

// Default console formatting of pipeline output.
void write_objects(PsHost& host, const std::vector<PsValue>& values);

}  // namespace casdoctor::lab::detail
