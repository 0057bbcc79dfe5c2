#pragma once
// casdoctor.report/1 as plain data. Renderers turn it into text, JSON or
// markdown; nothing here does I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "casdoctor/core/result.hpp"
#include "casdoctor/core/time.hpp"
#include "casdoctor/report/plan_model.hpp"

namespace casdoctor {

inline constexpr const char* k_report_schema = "casdoctor.report/1";

enum class Severity { info, warning, critical, unknown };
std::string_view to_string(Severity s);

// Overall status. Ordering for "worst": ok < warning < unknown < critical:
// a proven outage outranks "could not tell everything".
enum class Status { ok, warning, unknown, critical };
std::string_view to_string(Status s);
ExitCode exit_code_of(Status s);
// info findings do not raise the status.
Status status_of(Severity s);
Status worst(Status a, Status b);

struct Finding {
  std::string id;  // "kb4294204.stale-topology"
  Severity severity = Severity::info;
  std::string server;  // "" for org-wide findings
  std::string summary;
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();
  // What to do, one or more lines separated by '\n'. A line that starts with
  // "PS> " is a PowerShell command (the text after the prefix, exactly as it
  // should be run); every other line is prose. The markdown renderer puts
  // consecutive command lines into one fenced powershell block so that a
  // ticket carries copy-ready commands (docs/report.md, "Remedy").
  std::string remedy;
};

struct ServerRecord {
  std::string name;
  std::string fqdn;
  std::string site;
  std::vector<std::string> roles;
  std::string product;       // "Exchange Server 2016", "unknown"
  std::string update;        // "CU8", "" when unknown
  std::string build;         // short form, "" when unknown
  std::string release_date;  // "" when unknown
  std::string kb4294204;     // "fixed" | "susceptible" | "not-applicable" | "unknown"
  std::optional<bool> is_out_of_service;
  std::string build_note;  // extra: why the build is not an exact catalogue match
};

// One OWA logon as the report carries it (`verification`): plain data, filled
// from the verifier's LogonResult (verify/logon.hpp). Never a password.
struct VerificationRecord {
  std::string url;
  std::string via;  // "" = through the namespace (null in JSON)
  std::string user;
  std::string outcome;  // "ok" | "bad-credentials" | "proxy-failure" | ...
  std::optional<long> http_status;
  std::string cas_error_code;
  std::string fe_server;
  std::string be_server;
  std::string owa_error;        // the code an error page named (X-OWA-Error, NoLegacyCAS, ...)
  std::string backend_version;  // X-OWA-Version of the page that opened the mailbox
  std::string detail;           // one line for people (text and markdown only)
  std::int64_t elapsed_ms = 0;
};

// remediate, once the plan was executed: the diagnosis the run started from.
// The report's own status and findings are then the state after the run
// (remediate/after_state.hpp); this stays as the plan's evidence (JSON:
// plan.before).
struct BeforeRun {
  Status status = Status::ok;
  std::vector<Finding> findings;
};

// Remediation and verification are added by later issues; the members exist
// so that the JSON layout is fixed now.
struct Report {
  std::string command;  // "diagnose" | "build" | ...
  std::string tool_version;
  TimePoint generated_at;
  Status status = Status::ok;
  std::vector<ServerRecord> servers;
  std::vector<Finding> findings;
  std::optional<Plan> plan;                      // remediate only
  std::optional<BeforeRun> before;               // remediate after execution (with plan)
  std::vector<VerificationRecord> verification;  // verify, diagnose with --url
};

}  // namespace casdoctor
