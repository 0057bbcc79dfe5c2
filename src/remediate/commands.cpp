// Templates of the remediation commands (script_template.hpp: «text» is a
// quoted literal, @@name@@ a quoted value; no quote character of its own).
#include "commands.hpp"

#include <initializer_list>

#include "casdoctor/core/duration.hpp"
#include "casdoctor/diagnose/staleness.hpp"
#include "casdoctor/powershell/script_template.hpp"
#include "casdoctor/remediate/plan.hpp"

namespace casdoctor {
namespace remediate_detail {
namespace {

// Each restart first prints the server's own clock (Get-Date -Format o):
// the step succeeds only if its services started at or after that moment,
// and both times come from the same clock, so skew between casdoctor's
// host and the server does not matter (docs/execution.md).
//
// -Force: the topology service always has running dependents, and without
// it Restart-Service refuses (ServiceHasDependentServices).
constexpr std::string_view k_restart =
    "Get-Date -Format o; Restart-Service -Name @@service@@ -Force";
// /noforce: a worker process that does not stop in time is not killed; the
// step then fails and says so instead of cutting requests off. /timeout:
// iisreset's default of 20 s to stop is short for a busy front end.
// iisreset is a native program: its exit code is only in $LASTEXITCODE, and
// inside Invoke-Command not even that reaches casdoctor, so the block
// throws, which Invoke-Command -ErrorAction Stop turns into exit 1.
constexpr std::string_view k_iisreset =
    "Get-Date -Format o; iisreset /noforce /timeout:@@timeout@@";
// After iisreset (a native program): its exit code, not its text, decides.
constexpr std::string_view k_exit_check =
    "; if ($LASTEXITCODE -ne 0) { throw «iisreset failed: its exit code is not 0, see its "
    "output» }";
// The services' state and their processes' start times (the collection
// script's way: Win32_Service's ProcessId, then Get-Process's StartTime) as
// one compressed JSON line the executor can parse. A stopped service's
// ProcessId is 0 (Get-Process -Id 0 is the Idle process), and Get-Process
// -Id with an empty list fails at parameter binding, which -ErrorAction
// cannot silence: so only running services' ids, and only when there are any.
constexpr std::string_view k_check =
    "$services = @(Get-CimInstance -ClassName «Win32_Service» -Filter @@filter@@ | Select-Object "
    "-Property «Name», «State», «ProcessId»); $ids = @($services | Where-Object -Property "
    "«ProcessId» -GT -Value 0 | Select-Object -ExpandProperty «ProcessId»); $processes = @(); if "
    "($ids) { $processes = @(Get-Process -Id $ids -ErrorAction SilentlyContinue | Select-Object "
    "-Property «Id», «StartTime») }; [pscustomobject]@{ Services = $services; Processes = "
    "$processes } | ConvertTo-Json -Depth 4 -Compress";
// -ErrorAction Stop: an error inside the block (a throw, a failed cmdlet)
// ends the local shell with exit 1 instead of being printed and forgotten.
constexpr std::string_view k_remote =
    "Invoke-Command -ComputerName @@computer@@ -ErrorAction Stop -ScriptBlock { ";
constexpr std::string_view k_start = "Start-Service -Name @@services@@";
// Only the automatic dependents: manual ones (POP3, IMAP4) may be stopped on purpose.
constexpr std::string_view k_start_automatic_dependents =
    "Start-Service -Name @@service@@; Get-Service -Name @@service@@ | Select-Object "
    "-ExpandProperty DependentServices | Where-Object -Property StartType -EQ -Value "
    "@@start_type@@ | Start-Service";
constexpr std::string_view k_iis_start = "iisreset /start";
constexpr std::string_view k_iis_state = "Get-Service -Name @@services@@";
// casdoctor's own verify command, which the executor runs in process.
constexpr std::string_view k_logon =
    "casdoctor verify --url @@url@@ --user @@user@@ --via @@via@@ --until-ok --deadline "
    "@@deadline@@ --interval @@interval@@";

ScriptValue names(std::initializer_list<std::string_view> list) {
  return std::vector<std::string>(list.begin(), list.end());
}

std::string native(std::string_view script_template, const ScriptValues& values) {
  return expand_script(script_template, values).append(expand_script(k_exit_check, {}));
}

// WQL: Name = 'A' OR Name = 'B', with \ and ' escaped inside the literals.
std::string name_filter(const std::vector<std::string>& services) {
  std::string filter;
  for (const std::string& name : services) {
    filter.append(filter.empty() ? "Name = '" : " OR Name = '");
    for (const char c : name) {
      if (c == '\\' || c == '\'') filter.push_back('\\');
      filter.push_back(c);
    }
    filter.push_back('\'');
  }
  return filter;
}

std::vector<std::string> with_topology_first(const std::vector<std::string>& dependents) {
  std::vector<std::string> services{std::string(k_topology_service)};
  services.insert(services.end(), dependents.begin(), dependents.end());
  return services;
}

}  // namespace

std::string run_on(std::string_view computer, std::string_view script) {
  if (computer.empty()) return std::string(script);
  std::string out = expand_script(k_remote, {{"computer", std::string(computer)}});
  out.append(script);
  return out.append(" }");
}

std::string start_topology_command(std::string_view computer,
                                   const std::vector<std::string>& dependents) {
  if (dependents.empty()) {
    return run_on(computer, expand_script(k_start_automatic_dependents,
                                          {{"service", std::string(k_topology_service)},
                                           {"start_type", std::string("Automatic")}}));
  }
  return start_services_command(computer, with_topology_first(dependents));
}

std::string iis_start_command(std::string_view computer) {
  return run_on(computer, native(k_iis_start, {}));
}

std::string iis_state_command(std::string_view computer) {
  return run_on(computer,
                expand_script(k_iis_state, {{"services", names({"IISADMIN", "WAS", "W3SVC"})}}));
}

std::string start_services_command(std::string_view computer,
                                   const std::vector<std::string>& services) {
  return run_on(computer, expand_script(k_start, {{"services", services}}));
}

}  // namespace remediate_detail

std::string step_command(StepAction action, std::string_view computer,
                         const std::vector<std::string>& services) {
  using remediate_detail::run_on;
  switch (action) {
    case StepAction::restart_topology:
      return run_on(computer, expand_script(remediate_detail::k_restart,
                                            {{"service", std::string(k_topology_service)}}));
    case StepAction::iisreset:
      return run_on(computer, remediate_detail::native(
                                  remediate_detail::k_iisreset,
                                  {{"timeout", remediate_detail::k_iisreset_timeout_s}}));
    case StepAction::check_services:
      return run_on(computer, expand_script(remediate_detail::k_check,
                                            {{"filter", remediate_detail::name_filter(services)}}));
    case StepAction::verify_logon:
      break;  // not PowerShell: logon_command
  }
  return {};
}

std::string logon_command(std::string_view server, const LogonCheck& check) {
  std::string via(server);
  if (!check.address.empty()) via.append("=").append(check.address);
  return expand_script(remediate_detail::k_logon, {{"url", check.url},
                                                   {"user", check.user},
                                                   {"via", via},
                                                   {"deadline", format_duration(check.deadline)},
                                                   {"interval", format_duration(check.interval)}});
}

std::string step_command(const PlanStep& step) {
  if (step.action == StepAction::verify_logon)
    return step.logon ? logon_command(step.server, *step.logon) : std::string();
  return step_command(step.action, step.fqdn, step.expect_running);
}

}  // namespace casdoctor
