#pragma once
// The text of the collection script, in parts that collection_script.cpp
// puts together per EMS mode. Template syntax (script_template.hpp): «text»
// is a single-quoted literal, @@name@@ a value; no quote characters (not even
// apostrophes in comments) outside «...».
//
// Every part is read by an admin before it runs: short comments saying why,
// 4-space indentation, one statement per line. Windows PowerShell 5.1 only
// (no ?., no ternary, no -AsArray).
#include <string_view>

namespace casdoctor::collection_template {

inline constexpr std::string_view k_title = R"(# casdoctor collection script (casdoctor.snapshot/1)
#
# Reads the Exchange organisation and changes nothing. Run it on an Exchange
# server, in Windows PowerShell 5.1 or in the Exchange Management Shell, and
# hand over everything between the two marker lines it prints at the end.
#   Admin audit log searched:  the last @@audit_days@@ day(s)
#   Servers queried at once:   @@throttle_limit@@
#   Exchange Management Shell: )";

// The end of the last line of k_title, per mode.
inline constexpr std::string_view k_mode_auto = "the one already loaded, else local\n";
inline constexpr std::string_view k_mode_auto_remote =
    "the one already loaded, else local, else a remote session\n";
inline constexpr std::string_view k_mode_local = "local (loaded here unless already loaded)\n";
inline constexpr std::string_view k_mode_remote = "a remote session (unless already loaded)\n";

inline constexpr std::string_view k_header = R"(
$ErrorActionPreference = «Stop»
$ProgressPreference = «SilentlyContinue»
# UTF-8 without a byte order mark on stdout, so that non-ASCII server and site
# names reach casdoctor intact (impossible without a console, e.g. in the ISE).
$outputEncodingBefore = $null
try {
    $outputEncodingBefore = [Console]::OutputEncoding
    [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
} catch {
    Write-Warning («stdout stays in the console code page: » + $_.Exception.Message)
}

# ---- Helpers ----

# What could not be collected: the errors list of the snapshot.
$problems = New-Object System.Collections.ArrayList

# The text of a value of any type, or $null: Exchange objects in a local
# shell arrive as objects, through remoting as strings or deserialized objects.
function Get-Text($Value) {
    if ($null -eq $Value) { return $null }
    return $Value.ToString()
}

function Get-OneLine($Value) {
    return ((Get-Text $Value) -replace «\s*[\r\n]+\s*», « »)
}

function Add-Problem([string]$Server, [string]$Step, $Failure) {
    $entry = [pscustomobject]@{ Server = $Server; Step = $Step; Message = Get-OneLine $Failure }
    [void]$problems.Add($entry)
}

# ISO 8601 in UTC, or $null. A time of unspecified kind is taken as UTC: the
# admin audit log keeps its times in UTC.
function Get-UtcText($Value) {
    if ($Value -isnot [datetime]) { return Get-Text $Value }
    if ($Value.Kind -eq «Unspecified») { $Value = [datetime]::SpecifyKind($Value, «Utc») }
    return $Value.ToUniversalTime().ToString(«o»)
}

function Test-ExchangeShell {
    return [bool](Get-Command -Name «Get-ExchangeServer» -ErrorAction Ignore)
}
)";

// Opens the loading section. Already inside the Exchange Management Shell:
// nothing to load. The shell keeps its own messages quiet while it is loaded
// (SilentlyContinue); they are reported, on one line, only if it fails.
inline constexpr std::string_view k_ems_begin = R"(
# ---- The Exchange Management Shell ----

$emsFailures = New-Object System.Collections.ArrayList
$sessionsBefore = $null
if (-not (Test-ExchangeShell)) {
    $sessionsBefore = @(Get-PSSession)
    $ErrorActionPreference = «SilentlyContinue»
    # From here on, the latest error is a reason why the shell did not load.
    $Error.Clear()
)";

inline constexpr std::string_view k_ems_local = R"(
    # Local: as the shortcut of the shell does (RemoteExchange.ps1, then
    # Connect-ExchangeServer -Auto, through RBAC), else the snap-in of the
    # installed version (2013 and later, or 2010).
    if (-not $env:ExchangeInstallPath) {
        [void]$emsFailures.Add(«the Exchange management tools are not installed here (ExchangeInstallPath is not set)»)
    } else {
        try {
            . (Join-Path $env:ExchangeInstallPath «bin\RemoteExchange.ps1»)
            $connect = @{ Auto = $true }
            # -ClientApplication exists from Exchange 2013 on.
            if ((Get-Command -Name «Connect-ExchangeServer»).Parameters.ContainsKey(«ClientApplication»)) {
                $connect.ClientApplication = «ManagementShell»
            }
            Connect-ExchangeServer @connect
        } catch {
            [void]$emsFailures.Add((Get-OneLine $_))
        }
        foreach ($snapIn in @(@@snap_ins@@)) {
            if (-not (Test-ExchangeShell) -and (Get-PSSnapin -Registered -Name $snapIn -ErrorAction Ignore)) {
                try {
                    Add-PSSnapin -Name $snapIn
                } catch {
                    [void]$emsFailures.Add((Get-OneLine $_))
                }
            }
        }
    }
)";

// Remote: only the cmdlets this script uses are imported (faster, and
// nothing else of the admin's session is shadowed).
inline constexpr std::string_view k_ems_remote = R"(
    # Remote: a session to the PowerShell endpoint of an Exchange server.
    if (-not (Test-ExchangeShell)) {
        try {
            $session = New-PSSession -ConfigurationName «Microsoft.Exchange» -ConnectionUri @@ems_uri@@ -Authentication Kerberos -ErrorAction Stop
            $null = Import-PSSession -Session $session -CommandName @@ems_cmdlets@@ -DisableNameChecking -AllowClobber -ErrorAction Stop
        } catch {
            [void]$emsFailures.Add((Get-OneLine $_))
        }
    }
)";

inline constexpr std::string_view k_ems_end = R"(
    $ErrorActionPreference = «Stop»
}
if (-not (Test-ExchangeShell)) {
    if ($Error.Count -gt 0) { [void]$emsFailures.Add((Get-OneLine $Error[0])) }
    if ($emsFailures.Count -eq 0) { [void]$emsFailures.Add(«the Exchange cmdlets are not available») }
    $reason = @($emsFailures | Select-Object -Unique) -join «; »
    [Console]::Error.WriteLine(@@ems_failure_prefix@@ + $reason)
    exit 3
}
)";

// Explicit -ErrorAction Stop on every Exchange cmdlet: through implicit
// remoting they are functions of a module, which do not see the preference
// of this script.
inline constexpr std::string_view k_organisation = R"(
# ---- The organisation, from Active Directory ----

$exchangeServers = @()
try {
    $exchangeServers = @(Get-ExchangeServer -ErrorAction Stop)
} catch {
    Add-Problem «» «exchange_servers» $_
}
$clientAccessServers = @()
try {
    # 2013 and later warn that the cmdlet is superseded; IsOutOfService is
    # still only shown by it.
    $clientAccessServers = @(Get-ClientAccessServer -ErrorAction Stop -WarningAction SilentlyContinue)
} catch {
    Add-Problem «» «client_access_servers» $_
}

# Text, not objects: AdminDisplayVersion arrives as a string in some sessions
# and as an object in others.
$exchangeServerList = @($exchangeServers | Select-Object -Property @(
    «Name», «Fqdn»,
    @{ Name = «AdminDisplayVersion»; Expression = { Get-Text $_.AdminDisplayVersion } },
    @{ Name = «ServerRole»; Expression = { Get-Text $_.ServerRole } },
    @{ Name = «Site»; Expression = { Get-Text $_.Site } }
))
$clientAccessServerList = @($clientAccessServers | Select-Object -Property @(
    «Name», «IsOutOfService»
))
)";

// One Invoke-Command for all servers: WinRM runs them in parallel up to the
// throttle limit, and a server that fails is one error record, not the end.
// Records carry $env:COMPUTERNAME, which is the Exchange server name.
inline constexpr std::string_view k_servers = R"(
# ---- Each Exchange 2013/2016/2019 server, in parallel ----

# Version 15 and not Edge Transport: the servers that proxy OWA and cache the
# topology. Reached by FQDN (Kerberos), reported by their Exchange name.
$serverByTarget = @{}
foreach ($server in $exchangeServerList) {
    if ($server.AdminDisplayVersion -match «^Version 15\.» -and $server.ServerRole -notmatch «Edge») {
        $target = $server.Fqdn
        if (-not $target) { $target = $server.Name }
        $serverByTarget[$target] = $server.Name
    }
}

# Runs on each server. Each step has its own try/catch so that a failure
# costs one value, not the server. Flat records of strings only: nothing is
# lost to the depth limit of the remoting serializer.
$onEachServer = {
    $ErrorActionPreference = «Stop»
    $server = $env:COMPUTERNAME
    function Out-Failure($Step, $Failure) {
        [pscustomobject]@{ Kind = «error»; Server = $server; Step = $Step; Message = [string]$Failure }
    }
    foreach ($name in @(@@services@@)) {
        try {
            $status = (Get-Service -Name $name).Status.ToString()
            # The start time of the process of the service ($pid would be
            # the id of PowerShell itself).
            $processId = (Get-CimInstance -ClassName «Win32_Service» -Filter («Name = '{0}'» -f $name)).ProcessId
            $startTime = $null
            if ($processId -gt 0) {
                $startTime = (Get-Process -Id $processId).StartTime.ToUniversalTime().ToString(«o»)
            }
            [pscustomobject]@{ Kind = «service»; Server = $server; Name = $name; Status = $status; StartTime = $startTime }
        } catch {
            Out-Failure «services» ($name + «: » + $_)
        }
    }
    try {
        # Restart-Service -Force stops and starts these with it.
        foreach ($dependent in (Get-Service -Name @@topology_service@@).DependentServices) {
            if ($dependent.Status -eq «Running») {
                [pscustomobject]@{ Kind = «dependent»; Server = $server; Name = $dependent.Name; Status = «Running» }
            }
        }
    } catch {
        Out-Failure «dependent_services» $_
    }
    try {
        # The installed build, security updates included.
        if (-not $env:ExchangeInstallPath) { throw «ExchangeInstallPath is not set» }
        $exsetup = Get-Item -LiteralPath (Join-Path $env:ExchangeInstallPath «Bin\ExSetup.exe»)
        [pscustomobject]@{ Kind = «exsetup»; Server = $server; FileVersion = $exsetup.VersionInfo.FileVersion }
    } catch {
        Out-Failure «exsetup_versions» $_
    }
}

$records = @()
$remoteErrors = @()
if ($serverByTarget.Count -gt 0) {
    $records = @(Invoke-Command -ComputerName @($serverByTarget.Keys) -ThrottleLimit @@throttle_limit@@ -ErrorAction SilentlyContinue -ErrorVariable remoteErrors -ScriptBlock $onEachServer)
}
$services = @($records | Where-Object { $_.Kind -eq «service» } | Select-Object -Property «Server», «Name», «Status», «StartTime»)
$dependentServices = @($records | Where-Object { $_.Kind -eq «dependent» } | Select-Object -Property «Server», «Name», «Status»)
$exsetupVersions = @($records | Where-Object { $_.Kind -eq «exsetup» } | Select-Object -Property «Server», «FileVersion»)
foreach ($record in $records) {
    if ($record.Kind -eq «error») { Add-Problem $record.Server $record.Step $record.Message }
}
# Servers that could not be reached (WinRM, Kerberos, a firewall) or whose
# script block failed as a whole.
foreach ($failure in $remoteErrors) {
    $target = $null
    if ($failure.OriginInfo) { $target = $failure.OriginInfo.PSComputerName }
    if (-not $target -and $failure.TargetObject -is [string]) { $target = $failure.TargetObject }
    $server = $serverByTarget[[string]$target]
    if (-not $server) { $server = [string]$target }
    Add-Problem $server «remote» $failure
}
)";

// The IsOutOfService changes of the 2010 Client Access servers: the time of
// the latest revert to False is what stale caches are measured against.
inline constexpr std::string_view k_audit = R"(
# ---- Who changed IsOutOfService, from the admin audit log ----

# $null, not an empty list, when the search fails: casdoctor then knows the
# log was not read rather than read and empty.
$audit = $null
try {
    $now = Get-Date
    $auditEntries = @(Search-AdminAuditLog -Cmdlets @@audit_cmdlet@@ -Parameters @@audit_parameter@@ -StartDate $now.AddDays(-@@audit_days@@) -EndDate $now -ResultSize 250000 -ErrorAction Stop)
    # The leading comma keeps a one-parameter list a list.
    $audit = @($auditEntries | Select-Object -Property @(
        @{ Name = «RunDate»; Expression = { Get-UtcText $_.RunDate } },
        @{ Name = «Caller»; Expression = { Get-Text $_.Caller } },
        @{ Name = «CmdletName»; Expression = { Get-Text $_.CmdletName } },
        @{ Name = «ObjectModified»; Expression = { Get-Text $_.ObjectModified } },
        @{ Name = «CmdletParameters»; Expression = { ,@($_.CmdletParameters | ForEach-Object { [pscustomobject]@{ Name = Get-Text $_.Name; Value = Get-Text $_.Value } }) } },
        @{ Name = «Succeeded»; Expression = { $_.Succeeded } }
    ))
} catch {
    Add-Problem «» «audit» $_
}
)";

// -InputObject, not the pipeline: a one-element list stays a list. -Depth 6
// covers snapshot > audit > entry > CmdletParameters > parameter; 5.1
// flattens deeper levels to strings without a word.
inline constexpr std::string_view k_output = R"(
# ---- The snapshot ----

$snapshot = [ordered]@{
    schema                = @@schema@@
    collected_at          = (Get-Date).ToUniversalTime().ToString(«o»)
    collected_on          = $env:COMPUTERNAME
    exchange_servers      = @($exchangeServerList)
    client_access_servers = @($clientAccessServerList)
    services              = @($services)
    dependent_services    = @($dependentServices)
    exsetup_versions      = @($exsetupVersions)
    audit                 = $audit
    errors                = @($problems)
}
Write-Output @@begin_marker@@
ConvertTo-Json -InputObject $snapshot -Depth 6 -Compress
Write-Output @@end_marker@@
)";

// Exchange limits how many sessions one user may hold at once, and a session
// left open lingers on the server until it times out.
// The console code page goes back too: an admin running this by hand keeps
// using the console afterwards.
inline constexpr std::string_view k_cleanup = R"(
# Close the sessions this script opened; those of an admin shell stay open.
if ($null -ne $sessionsBefore) {
    Get-PSSession | Where-Object { $sessionsBefore -notcontains $_ } | Remove-PSSession -ErrorAction SilentlyContinue
}
if ($null -ne $outputEncodingBefore) {
    try { [Console]::OutputEncoding = $outputEncodingBefore } catch { }
}
)";

}  // namespace casdoctor::collection_template
