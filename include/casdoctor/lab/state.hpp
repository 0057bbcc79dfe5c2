#pragma once
// The lab's simulated Exchange org: everything `casdoctor-lab` knows, kept in
// one JSON state file (docs/lab.md describes every member). Plain data; the
// rules that change it live in org.hpp.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "casdoctor/catalog/build_number.hpp"
#include "casdoctor/core/time.hpp"
#include "casdoctor/snapshot/snapshot.hpp"

namespace casdoctor::lab {

inline constexpr const char* k_state_schema = "casdoctor.lab/1";

// One Windows service on a server. `dependents` are the services that
// depend on this one directly (what ServiceController.DependentServices
// lists first); Restart-Service -Force stops and restarts the running ones.
struct LabService {
  std::string name;          // "MSExchangeADTopology"
  std::string display_name;  // "Microsoft Exchange Active Directory Topology"
  ServiceStatus status = ServiceStatus::running;
  std::optional<TimePoint> start_time;  // of its process; nullopt while not running
  int process_id = 0;                   // 0 while not running
  std::vector<std::string> dependents;
};

// An IIS application pool's worker process (w3wp.exe -ap "<name>"). The
// HTTP proxy's copy of the topology lives in these; IIS starts them with
// W3SVC and recycles them on its own (docs/exchange-behaviour.md).
struct LabAppPool {
  std::string name;  // "MSExchangeOWAAppPool"
  int process_id = 0;
  std::optional<TimePoint> start_time;
};

// How iisreset misbehaves on a server (docs/lab.md, fault knobs).
enum class IisresetFault {
  none,
  stop_timeout,  // the IIS services do not stop in time: with /noforce iisreset gives up (exit 1)
  no_restart,    // iisreset prints success and exits 0 but restarts nothing
};

// 2010 CAS name -> IsOutOfService, as a 2013+ server has it cached.
using CachedView = std::map<std::string, bool>;

struct LabServer {
  std::string name;                    // "EX16A"
  std::string fqdn;                    // "EX16A.contoso.com"
  std::string site;                    // "Default-First-Site-Name"
  std::vector<std::string> roles;      // "Mailbox", "ClientAccess", ... (ServerRole flag names)
  BuildNumber version;                 // AdminDisplayVersion (2010: the service pack only)
  std::optional<BuildNumber> exsetup;  // ExSetup.exe's file version; nullopt = version
  std::string edition = "Enterprise";
  bool is_out_of_service = false;  // AD: msExchProvisioningFlags bit 0x8
  std::vector<LabService> services;
  std::vector<LabAppPool> app_pools;  // 2013+: the Exchange w3wp processes
  // A WinRM session here has no ExchangeInstallPath (only the setup
  // registry value MsiInstallPath says where Exchange is).
  bool winrm_without_install_path = false;
  // 2013+ only. The topology service's copy, refreshed from AD when
  // MSExchangeADTopology starts; IIS's copy, taken from the topology service
  // when W3SVC starts. OWA proxies by the IIS copy.
  CachedView topology_view;
  CachedView iis_view;
  int restart_delay_ms = 0;   // how long one Restart-Service / iisreset takes here
  bool hang_restart = false;  // a restart here never finishes
  IisresetFault iisreset_fault = IisresetFault::none;
  int owa_delay_ms = 0;               // `casdoctor-lab serve`: OWA here answers this much later
  int owa_warmup_ms = 0;              // for this long after W3SVC starts, OWA here answers 503
  bool owa_rejects_sessions = false;  // OWA here cannot read cadata cookies (the logon loop)
  std::string owa_external_url;       // 2010 CAS: its OWA virtual directory's ExternalUrl
  // The logon proof's variants (docs/logon-proof.md, docs/lab.md).
  bool owa_error_page = false;  // 2013+: a proxying failure ends on errorFE.aspx (200, X-OWA-Error)
  std::string owa_fe_error;     // 2013+: a 2010 mailbox's logon ends on errorFE with this code
  std::string owa_legacy_redirect_type = "silent";  // 2013+: "silent" or "manual" (link page)
  std::string owa_authentication = "forms";         // 2010 CAS: "forms" or "basic" (plain 302)
  bool owa_strips_version = false;                  // no X-OWA-Version on this server's answers
  bool owa_no_windows_auth = false;  // 2010 CAS: no Integrated Windows auth (CAS14WithNoWIA)
};

// A mailbox as the simulated AD knows it, for `casdoctor-lab serve`'s forms
// logon. The password is lab test data (docs/lab.md lists the scenario's).
struct LabMailbox {
  std::string user;         // "CONTOSO\\alice" (DOMAIN\\name)
  std::string upn;          // "alice@contoso.com"
  std::string password;     // lab test data
  std::string home_server;  // the server holding its database: "EX2010"
};

enum class GarbageOutput { none, random, truncated };
enum class OutputEncoding { utf8, utf16le };

struct Faults {
  int shell_load_delay_ms = 0;   // loading the Exchange shell takes this long
  bool hang = false;             // the shell hangs for ever once loaded
  bool snapin_failure = false;   // loading the Exchange shell fails
  bool connect_failure = false;  // Connect-ExchangeServer fails; the 2013+ snap-in would load
  bool no_audit_role = false;    // the account lacks View-Only Audit Logs: no Search-AdminAuditLog
  std::vector<std::string> access_denied;              // WinRM: Access is denied
  std::vector<std::string> unreachable;                // WinRM cannot complete the operation
  GarbageOutput garbage_output = GarbageOutput::none;  // inside the snapshot markers
  OutputEncoding output_encoding = OutputEncoding::utf8;
};

// One `casdoctor-lab powershell` run, appended when its script has been read
// (so a run that hangs or is killed is still counted) and completed when it
// ends.
struct CallRecord {
  TimePoint time;
  std::int64_t pid = 0;
  std::string form;                   // "encoded-command" | "command" | "command-stdin" | "file"
  std::string kind;                   // "collect" | "action" | "query" | "empty"
  std::vector<std::string> commands;  // the cmdlets and programs it ran, in order
  std::vector<std::string> targets;   // servers it acted on or contacted
  std::optional<int> exit_code;       // nullopt: still running, or killed
  std::optional<TimePoint> finished;
};

struct LabState {
  std::string organization = "Contoso";
  std::string domain = "contoso.com";
  std::string local_server;                                // the server the shell runs on
  std::string caller = "contoso.com/Users/Administrator";  // who runs cmdlets (audit Caller)
  std::int64_t clock_offset_ms = 0;                        // lab time = system time + this
  std::string namespace_host = "mail.contoso.com";         // OWA's URL host (the certificate's)
  std::string ps_version = "5.1.14393.693";                // $PSVersionTable.PSVersion
  std::vector<LabServer> servers;
  std::vector<LabMailbox> mailboxes;
  std::vector<AuditEntry> audit_log;  // oldest first
  Faults faults;
  std::vector<CallRecord> calls;
};

}  // namespace casdoctor::lab
