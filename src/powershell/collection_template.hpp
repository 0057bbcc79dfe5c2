#pragma once
// The text of the collection script, in parts that collection_script.cpp
// puts together per EMS mode. Template syntax (script_template.hpp): «text»
// is a single-quoted literal, @@name@@ a value; no quote characters (not even
// apostrophes in comments) outside «...».
//
// Every part is read by an admin before it runs: short comments saying why,
// 4-space indentation, one statement per line. Windows PowerShell 3.0 to 5.1
// (no ?., no ternary, no -AsArray, no ::new).
#include <string_view>

namespace casdoctor::collection_template {

inline constexpr std::string_view k_title = R"(# casdoctor collection script (casdoctor.snapshot/1)
#
# Reads the Exchange org, changes nothing. Run it on an Exchange server
# (PowerShell 3.0+); hand over what it prints between its marker lines.
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
# UTF-8 stdout keeps non-ASCII names intact (impossible without a console).
$outputEncodingBefore = $null
try {
    $outputEncodingBefore = [Console]::OutputEncoding
    [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
} catch {
    Write-Warning («stdout stays in the console code page: » + $_.Exception.Message)
}

$problems = New-Object System.Collections.ArrayList

# The text of a value, or $null: objects locally, strings through remoting.
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

# ISO 8601 UTC or $null. RunDate comes in local kind; unspecified means UTC.
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
$auditImport = $null
$session = $null
$sessionsBefore = $null
if (-not (Test-ExchangeShell)) {
    $sessionsBefore = @(Get-PSSession)
    $ErrorActionPreference = «SilentlyContinue»
    # The latest error says why the shell did not load.
    $Error.Clear()
)";

inline constexpr std::string_view k_ems_local = R"(
    # As the EMS shortcut does (through RBAC), else the 2010 snap-in; the
    # 2013+ one bypasses RBAC: only with --ems-snapin.
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
    # Remote: the PowerShell endpoint of an Exchange server.
    if (-not (Test-ExchangeShell)) {
        try {
            $session = New-PSSession -ConfigurationName «Microsoft.Exchange» -ConnectionUri @@ems_uri@@ -Authentication Kerberos -ErrorAction Stop
            $null = Import-PSSession -Session $session -CommandName @@ems_cmdlets@@ -DisableNameChecking -AllowClobber -ErrorAction Stop
        } catch {
            [void]$emsFailures.Add((Get-OneLine $_))
        }
        # Apart: without the audit role (RBAC) only the audit log is lost.
        if ($session) {
            try {
                $null = Import-PSSession -Session $session -CommandName @@audit_cmdlet_name@@ -DisableNameChecking -AllowClobber -ErrorAction Stop
            } catch {
                $auditImport = Get-OneLine $_
            }
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
    # Superseded in 2013+, but the only one with IsOutOfService.
    $clientAccessServers = @(Get-ClientAccessServer -ErrorAction Stop -WarningAction SilentlyContinue)
} catch {
    Add-Problem «» «client_access_servers» $_
}

# Text: objects in some sessions, strings in others.
$exchangeServerList = @($exchangeServers | ForEach-Object {
    [pscustomobject]@{ Name = $_.Name; Fqdn = $_.Fqdn; AdminDisplayVersion = Get-Text $_.AdminDisplayVersion; ServerRole = Get-Text $_.ServerRole; Site = Get-Text $_.Site }
})
$clientAccessServerList = @($clientAccessServers | Select-Object -Property «Name», «IsOutOfService»)
)";

// One Invoke-Command for all servers: WinRM runs them in parallel up to the
// throttle limit, and a server that fails is one error record, not the end.
// Records carry $env:COMPUTERNAME, which is the Exchange server name.
inline constexpr std::string_view k_servers = R"(
# ---- Each 2013+ server, in parallel ----

# Version 15, not Edge: the servers that proxy OWA. By FQDN (Kerberos).
$serverByTarget = @{}
foreach ($server in $exchangeServerList) {
    if ($server.AdminDisplayVersion -match «^Version 15\.» -and $server.ServerRole -notmatch «Edge») {
        $target = $server.Fqdn
        if (-not $target) { $target = $server.Name }
        $serverByTarget[$target] = $server.Name
    }
}

# On each server; a failure costs one value; flat records of strings.
$onEachServer = {
    $ErrorActionPreference = «Stop»
    $server = $env:COMPUTERNAME
    function Out-Failure($Step, $Failure) {
        [pscustomobject]@{ Kind = «error»; Server = $server; Step = $Step; Message = [string]$Failure }
    }
    foreach ($name in @(@@services@@)) {
        try {
            $status = (Get-Service -Name $name).Status.ToString()
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
        # App pool w3wp: the proxy cache, recycled apart from W3SVC.
        foreach ($p in @(Get-CimInstance -ClassName «Win32_Process» -Filter «Name = 'w3wp.exe'»)) {
            if ($p.CommandLine -match @@app_pool_pattern@@) {
                [pscustomobject]@{ Kind = «apppool»; Server = $server; Name = $Matches[1]; StartTime = $p.CreationDate.ToUniversalTime().ToString(«o») }
            }
        }
    } catch {
        Out-Failure «app_pools» $_
    }
    try {
        $installPath = $env:ExchangeInstallPath
        if (-not $installPath) { $installPath = (Get-ItemProperty -LiteralPath @@setup_key@@ -ErrorAction SilentlyContinue).MsiInstallPath }
        if (-not $installPath) { throw «ExchangeInstallPath is not set, nor MsiInstallPath» }
        $exsetup = Get-Item -LiteralPath (Join-Path $installPath «Bin\ExSetup.exe»)
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
function Get-Records($Kind) {
    return @($records | Where-Object { $_.Kind -eq $Kind } | Select-Object -Property «*» -ExcludeProperty «Kind», «PSComputerName», «RunspaceId», «PSShowComputerName»)
}
foreach ($record in $records) {
    if ($record.Kind -eq «error») { Add-Problem $record.Server $record.Step $record.Message }
}
# Servers not reached (WinRM, Kerberos, a firewall) or whose block failed.
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
# ---- IsOutOfService changes, from the admin audit log ----

# $null, not an empty list, when the log was not read.
$audit = $null
try {
    $now = Get-Date
    $auditEntries = @(Search-AdminAuditLog -Cmdlets @@audit_cmdlet@@ -Parameters @@audit_parameter@@ -StartDate $now.AddDays(-@@audit_days@@) -EndDate $now -ResultSize 250000 -ErrorAction Stop)
    $audit = @($auditEntries | ForEach-Object {
        $parameters = @($_.CmdletParameters | ForEach-Object { [pscustomobject]@{ Name = Get-Text $_.Name; Value = Get-Text $_.Value } })
        [pscustomobject]@{ RunDate = Get-UtcText $_.RunDate; Caller = Get-Text $_.Caller; CmdletName = Get-Text $_.CmdletName; ObjectModified = Get-Text $_.ObjectModified; CmdletParameters = $parameters; Succeeded = $_.Succeeded }
    })
    # Remote sessions pass each parameter as its name: no True/False.
    if (@($auditEntries | ForEach-Object { $_.CmdletParameters } | Where-Object { $_ -is [string] }).Count -gt 0) {
        $audit = $null
        Add-Problem «» «audit» @@audit_values_lost@@
    }
} catch {
    $why = $_
    # RBAC shows an account only the cmdlets of its roles.
    if (-not (Get-Command -Name @@audit_cmdlet_name@@ -ErrorAction Ignore)) {
        if ($auditImport) { $why = $auditImport }
        $why = @@audit_rbac_problem@@ + «: » + (Get-OneLine $why)
    }
    Add-Problem «» «audit» $why
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
    services              = @(Get-Records «service»)
    dependent_services    = @(Get-Records «dependent»)
    exsetup_versions      = @(Get-Records «exsetup»)
    app_pools             = @(Get-Records «apppool»)
    ps_version            = $PSVersionTable.PSVersion.ToString()
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
# Close the sessions this script opened.
if ($null -ne $sessionsBefore) {
    Get-PSSession | Where-Object { $sessionsBefore -notcontains $_ } | Remove-PSSession -ErrorAction SilentlyContinue
}
if ($null -ne $outputEncodingBefore) {
    try { [Console]::OutputEncoding = $outputEncodingBefore } catch { }
}
)";

}  // namespace casdoctor::collection_template
