// Loading the Exchange Management Shell: what the real one prints (the
// banner of RemoteExchange.ps1, Connect-ExchangeServer's VERBOSE lines,
// Import-PSSession's unapproved-verbs WARNING) and the shell-level fault
// knobs (load delay, hang, snap-in failure).
#include <array>

#include "casdoctor/core/text.hpp"

#include "session.hpp"

namespace casdoctor::lab::detail {
namespace {

constexpr std::array<std::string_view, 21> k_banner = {
    "",
    "         Welcome to the Exchange Management Shell!",
    "",
    "Full list of cmdlets: Get-Command",
    "Only Exchange cmdlets: Get-ExCommand",
    "Cmdlets that match a specific string: Help *<string>*",
    "Get general help: Help",
    "Get help for a cmdlet: Help <cmdlet name> or <cmdlet name> -?",
    "Exchange 2016 Docs: https://technet.microsoft.com/EN-US/library/mt587289(v=exchg.160).aspx",
    "Show quick reference guide: QuickRef",
    "Exchange team blog: Get-ExBlog",
    "Show full output for a command: <command> | Format-List",
    "",
    "Tip of the day #12:",
    "",
    "Do you want to see everything that occurs when you run a command? Include the Verbose",
    "parameter with the command. For example:",
    "",
    "  Get-Mailbox -Verbose",
    "",
    ""};

constexpr std::array<std::string_view, 7> k_exchange_cmdlets = {
    "Get-ExchangeServer",     "Get-ClientAccessServer",  "Get-ClientAccessService",
    "Set-ClientAccessServer", "Set-ClientAccessService", "Search-AdminAuditLog",
    "Connect-ExchangeServer"};

bool is_snapin_load(const Command& c) {
  return iequals(c.name, "Add-PSSnapin");
}
bool is_remote_exchange_script(const Command& c) {
  return to_lower_ascii(c.name).find("remoteexchange.ps1") != std::string::npos;
}

PsError snapin_missing() {
  PsError e;
  e.message =
      "The Windows PowerShell snap-in 'Microsoft.Exchange.Management.PowerShell.SnapIn' is not "
      "installed on this computer.";
  e.category = "InvalidArgument";
  e.target = "Microsoft.Excha...owerShell.SnapIn";
  e.target_type = "String";
  e.activity = "Add-PSSnapin";
  e.reason = "PSArgumentException";
  e.error_id = "AddPSSnapInRead,Microsoft.PowerShell.Commands.AddPSSnapinCommand";
  return e;
}

std::string local_fqdn(const Session& session) {
  const auto* server = find_server(session.initial(), session.initial().local_server);
  return server != nullptr && !server->fqdn.empty() ? server->fqdn : session.initial().local_server;
}

void print_load_output(Session& session, const Command& loader) {
  if (is_remote_exchange_script(loader)) {
    for (auto line : k_banner) write_line(session.host(), line);
  } else if (iequals(loader.name, "Connect-ExchangeServer")) {
    write_verbose(session.host(), cat_connect("Connecting to ", local_fqdn(session)));
    write_verbose(session.host(), cat_connect("Connected to ", local_fqdn(session)));
  } else if (iequals(loader.name, "Import-PSSession") &&
             !has_switch(loader, "DisableNameChecking")) {
    write_warning(session.host(),
                  "The names of some imported commands from the module 'tmp_lab.psm1' include "
                  "unapproved verbs that might make them less discoverable. To find the commands "
                  "with unapproved verbs, run the Import-Module command again with the Verbose "
                  "parameter. For a list of approved verbs, type Get-Verb.");
  }
}

}  // namespace

std::string cat_connect(std::string_view what, std::string_view fqdn) {
  std::string out(what);
  out.append(fqdn);
  out += '.';
  return out;
}

bool is_ems_loader(const Command& command) {
  if (is_snapin_load(command)) {
    for (const auto* arg : positional(command))
      if (to_lower_ascii(arg->text).find("microsoft.exchange") != std::string::npos) return true;
    const auto* name = parameter_value(command, "Name");
    return name != nullptr;  // Add-PSSnapin -Name $snapIn
  }
  return is_remote_exchange_script(command) || iequals(command.name, "Connect-ExchangeServer") ||
         iequals(command.name, "Import-PSSession");
}

bool is_exchange_cmdlet(std::string_view name) {
  for (auto c : k_exchange_cmdlets)
    if (iequals(c, name)) return true;
  return false;
}

bool load_ems(Session& session, const Command& loader) {
  const auto& faults = session.faults();
  if (session.ems_loaded && !iequals(loader.name, "Connect-ExchangeServer")) return true;
  if (!session.ems_loaded && faults.shell_load_delay_ms > 0)
    session.sleep(std::chrono::milliseconds(faults.shell_load_delay_ms));
  if (faults.snapin_failure) {
    session.fail(snapin_missing(), loader, session.local(), stops_on_error(session, loader));
    return false;
  }
  print_load_output(session, loader);
  const bool first = !session.ems_loaded;
  session.ems_loaded = true;
  if (first && faults.hang) {
    for (;;) session.sleep(std::chrono::hours(1));  // the caller's timeout ends this
  }
  return true;
}

}  // namespace casdoctor::lab::detail
