# The CasDoctor module: PowerShell commands over the casdoctor program
# (docs/powershell.md). Each command runs casdoctor with --format json and
# returns the report as objects, with the program's exit code as ExitCode;
# casdoctor's "error:" lines become PowerShell errors, its "warning:" lines
# warnings. A password goes to casdoctor on stdin (--password-stdin), never
# on its command line. Windows PowerShell 3.0 and later, and PowerShell 7.

Set-StrictMode -Version 2.0

# How long a casdoctor process may take before it is stopped: casdoctor's own
# timeouts (--timeout, --step-timeout, --verify-deadline) end it much sooner;
# this only keeps a hung process from hanging the caller for ever.
$script:ProcessLimits = @{ build = 120; diagnose = 7200; verify = 7200; remediate = 86400 }

# The exit codes of casdoctor (docs/report.md) as error categories.
$script:ErrorCategories = @{
    3   = [System.Management.Automation.ErrorCategory]::NotSpecified
    64  = [System.Management.Automation.ErrorCategory]::InvalidArgument
    65  = [System.Management.Automation.ErrorCategory]::InvalidData
    73  = [System.Management.Automation.ErrorCategory]::WriteError
    74  = [System.Management.Automation.ErrorCategory]::WriteError
    130 = [System.Management.Automation.ErrorCategory]::OperationStopped
}

# casdoctor: -CasDoctorPath, else $env:CASDOCTOR_PATH, else casdoctor(.exe)
# in the module's folder or two folders up (the Windows ZIP keeps the module
# in powershell\CasDoctor next to casdoctor.exe), else in PATH.
function Resolve-CasDoctorProgram([string]$Path) {
    if ($Path) { return $Path }
    if ($env:CASDOCTOR_PATH) { return $env:CASDOCTOR_PATH }
    foreach ($folder in @($PSScriptRoot, (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)))) {
        foreach ($name in @('casdoctor.exe', 'casdoctor')) {
            $candidate = Join-Path $folder $name
            if (Test-Path -LiteralPath $candidate -PathType Leaf) { return $candidate }
        }
    }
    $found = Get-Command -Name 'casdoctor' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($found) { return $found.Path }
    return $null
}

# One argument as CommandLineToArgvW (and .NET on every platform) reads it
# back: quotes around it when it holds white space or a quote, a quote
# escaped with a backslash, backslashes before a quote doubled.
function ConvertTo-ProcessArgument([string]$Value) {
    if ($Value.Length -gt 0 -and $Value -notmatch '[\s"]') { return $Value }
    $out = New-Object System.Text.StringBuilder
    [void]$out.Append('"')
    $backslashes = 0
    foreach ($c in $Value.ToCharArray()) {
        if ($c -eq [char]'\') { $backslashes++; continue }
        if ($c -eq [char]'"') { [void]$out.Append([char]'\', 2 * $backslashes + 1) }
        elseif ($backslashes -gt 0) { [void]$out.Append([char]'\', $backslashes) }
        $backslashes = 0
        [void]$out.Append($c)
    }
    if ($backslashes -gt 0) { [void]$out.Append([char]'\', 2 * $backslashes) }
    [void]$out.Append('"')
    return $out.ToString()
}

# Runs casdoctor; stdout and stderr read as UTF-8, $InputText written to
# stdin as UTF-8 (whatever the console's code page) and stdin closed.
function Invoke-CasDoctorProcess($Cmdlet, [string]$Program, [string[]]$Arguments, [string]$InputText, [int]$TimeoutSeconds) {
    if (-not $Program) {
        $Cmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord (
                    New-Object System.IO.FileNotFoundException 'casdoctor not found: give -CasDoctorPath, set CASDOCTOR_PATH, or put casdoctor in PATH'),
                'CasDoctor.NotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $null))
    }
    $utf8 = New-Object System.Text.UTF8Encoding $false
    $start = New-Object System.Diagnostics.ProcessStartInfo
    $start.FileName = $Program
    $start.Arguments = (@($Arguments | ForEach-Object { ConvertTo-ProcessArgument $_ }) -join ' ')
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.StandardOutputEncoding = $utf8
    $start.StandardErrorEncoding = $utf8
    $start.EnvironmentVariables['NO_COLOR'] = '1'
    Write-Verbose ('casdoctor {0}' -f $start.Arguments)
    try {
        $process = [System.Diagnostics.Process]::Start($start)
    } catch {
        $Cmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord $_.Exception, 'CasDoctor.CannotStart',
                ([System.Management.Automation.ErrorCategory]::ObjectNotFound), $Program))
    }
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if ($InputText) {
            $bytes = $utf8.GetBytes($InputText + "`n")
            $process.StandardInput.BaseStream.Write($bytes, 0, $bytes.Length)
            $process.StandardInput.BaseStream.Flush()
        }
        $process.StandardInput.Close()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill()
            $Cmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord (
                        New-Object System.TimeoutException ('casdoctor did not end within {0} s and was stopped' -f $TimeoutSeconds)),
                    'CasDoctor.Timeout', [System.Management.Automation.ErrorCategory]::OperationTimeout, $Program))
        }
        $process.WaitForExit()
        return [pscustomobject]@{
            ExitCode = $process.ExitCode
            Stdout   = $stdout.Result
            Stderr   = @($stderr.Result -split "`r?`n" | Where-Object { $_ })
        }
    } finally {
        $process.Dispose()
    }
}

# casdoctor's stderr: "casdoctor: error: X" -> an error, "casdoctor:
# warning: X" -> a warning, the rest (logs) -> verbose. Exit codes of 3 and
# more without a report and without an error line still make one error.
function Write-CasDoctorStderr($Cmdlet, $Run, [bool]$HasReport) {
    $errors = 0
    foreach ($line in $Run.Stderr) {
        if ($line -match '^casdoctor: error: (.*)$') {
            $errors++
            $category = $script:ErrorCategories[$Run.ExitCode]
            if ($null -eq $category) { $category = [System.Management.Automation.ErrorCategory]::NotSpecified }
            $record = New-Object System.Management.Automation.ErrorRecord (New-Object System.Exception $Matches[1]),
                ('CasDoctor.Exit{0}' -f $Run.ExitCode), $category, $null
            $Cmdlet.WriteError($record)
        } elseif ($line -match '^casdoctor: warning: (.*)$') {
            $Cmdlet.WriteWarning($Matches[1])
        } else {
            $Cmdlet.WriteVerbose($line)
        }
    }
    if ($errors -eq 0 -and -not $HasReport -and $Run.ExitCode -ge 3) {
        $message = 'casdoctor ended with exit code {0}' -f $Run.ExitCode
        $last = @($Run.Stderr | Where-Object { $_ -match '^casdoctor: ' }) | Select-Object -Last 1
        if ($last) { $message = $last -replace '^casdoctor: ', '' }
        $category = $script:ErrorCategories[$Run.ExitCode]
        if ($null -eq $category) { $category = [System.Management.Automation.ErrorCategory]::NotSpecified }
        $Cmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord (New-Object System.Exception $message),
                ('CasDoctor.Exit{0}' -f $Run.ExitCode), $category, $null))
    }
}

# The JSON report on stdout as an object with ExitCode, or $null.
function ConvertFrom-CasDoctorReport($Run) {
    if (-not $Run.Stdout -or -not $Run.Stdout.Trim()) { return $null }
    try {
        $report = $Run.Stdout | ConvertFrom-Json
    } catch {
        return $null
    }
    if ($null -eq $report -or -not $report.PSObject.Properties['schema']) { return $null }
    $report | Add-Member -NotePropertyName ExitCode -NotePropertyValue $Run.ExitCode -Force
    $report.PSObject.TypeNames.Insert(0, 'CasDoctor.Report')
    return $report
}

# Runs casdoctor and returns its report (errors and warnings written). The
# report's text as casdoctor wrote it stays in $script:LastReportText (a dry
# run is saved byte for byte for --plan, not re-serialised).
$script:LastReportText = $null
function Invoke-CasDoctorReport($Cmdlet, [string]$Program, [string]$Command, [string[]]$Arguments, [string]$InputText) {
    $run = Invoke-CasDoctorProcess $Cmdlet (Resolve-CasDoctorProgram $Program) (@($Command) + $Arguments + @('--format', 'json')) $InputText $script:ProcessLimits[$Command]
    $script:LastReportText = $run.Stdout
    $report = ConvertFrom-CasDoctorReport $run
    Write-CasDoctorStderr $Cmdlet $run ($null -ne $report)
    return $report
}

# A path as casdoctor (a process with its own working folder) needs it.
function Get-FullPath($Cmdlet, [string]$Path) {
    if (-not $Path -or $Path -eq '-') { return $Path }
    return $Cmdlet.GetUnresolvedProviderPathFromPSPath($Path)
}

# The options of a live collection and of a logon test, as arguments.
function Get-LiveArguments([hashtable]$Bound) {
    $arguments = @()
    if ($Bound.ContainsKey('Ems')) { $arguments += @('--ems', $Bound.Ems) }
    if ($Bound.ContainsKey('EmsUri')) { $arguments += @('--ems-uri', $Bound.EmsUri) }
    if ($Bound.ContainsKey('AuditDays')) { $arguments += @('--audit-days', [string]$Bound.AuditDays) }
    if ($Bound.ContainsKey('Throttle')) { $arguments += @('--throttle', [string]$Bound.Throttle) }
    if ($Bound.ContainsKey('Timeout')) { $arguments += @('--timeout', $Bound.Timeout) }
    if ($Bound.ContainsKey('PowerShellPath')) { $arguments += @('--powershell', $Bound.PowerShellPath) }
    return $arguments
}

function Get-LogonArguments($Cmdlet, [hashtable]$Bound) {
    $arguments = @()
    if ($Bound.ContainsKey('Url')) { $arguments += @('--url', $Bound.Url) }
    if ($Bound.ContainsKey('Credential') -and $null -ne $Bound.Credential) {
        $arguments += @('--user', $Bound.Credential.UserName, '--password-stdin')
    }
    if ($Bound.ContainsKey('Via')) { $arguments += @('--via', (@($Bound.Via) -join ',')) }
    if ($Bound.ContainsKey('CaFile')) { $arguments += @('--ca-file', (Get-FullPath $Cmdlet $Bound.CaFile)) }
    if ($Bound.ContainsKey('Insecure') -and $Bound.Insecure) { $arguments += '--insecure' }
    return $arguments
}

function Get-Password([hashtable]$Bound) {
    if ($Bound.ContainsKey('Credential') -and $null -ne $Bound.Credential) {
        return $Bound.Credential.GetNetworkCredential().Password
    }
    return $null
}

<#
.SYNOPSIS
Diagnoses KB4294204 in an Exchange organisation, live or from a snapshot.

.DESCRIPTION
Runs casdoctor diagnose and returns its report: status, exit_code, servers,
findings (and verification with -Url). ExitCode is casdoctor's exit code: 0
ok, 1 warning, 2 critical (a stale front end or a stopped service), 3 unknown.
Without -Snapshot the organisation is collected live in one PowerShell
session with the Exchange Management Shell (docs/collection.md). With -Url
and -Credential each front end also gets an OWA logon test; the password
goes to casdoctor on stdin.

.PARAMETER Snapshot
A snapshot written by the collection script (casdoctor collect), instead of
a live collection.

.PARAMETER Ems
How the Exchange Management Shell is loaded: auto, local or remote.

.PARAMETER EmsUri
The remote PowerShell endpoint, e.g. http://ex16a.contoso.com/PowerShell/.

.PARAMETER Credential
The mailbox used for the OWA logon test (-Url).

.PARAMETER Via
Front ends for the logon test: SERVER[=HOST[:PORT]], or all.

.PARAMETER CasDoctorPath
The casdoctor program (default: CASDOCTOR_PATH, the module's folders, PATH).

.EXAMPLE
Get-CasDoctorDiagnosis -Snapshot .\org.json | Select-Object status, ExitCode

.EXAMPLE
$report = Get-CasDoctorDiagnosis
$report.findings | Where-Object severity -eq 'critical' | Format-Table server, summary
#>
function Get-CasDoctorDiagnosis {
    [CmdletBinding()]
    param(
        [string]$Snapshot,
        [ValidateSet('auto', 'local', 'remote')][string]$Ems,
        [string]$EmsUri,
        [ValidateRange(1, 3650)][int]$AuditDays,
        [ValidateRange(1, 256)][int]$Throttle,
        [string]$Timeout,
        [string]$PowerShellPath,
        [string]$Url,
        [System.Management.Automation.PSCredential]$Credential,
        [string[]]$Via,
        [string]$CaFile,
        [switch]$Insecure,
        [string]$CasDoctorPath
    )
    $arguments = @()
    if ($Snapshot) { $arguments += @('--snapshot', (Get-FullPath $PSCmdlet $Snapshot)) }
    $arguments += Get-LiveArguments $PSBoundParameters
    $arguments += Get-LogonArguments $PSCmdlet $PSBoundParameters
    Invoke-CasDoctorReport $PSCmdlet $CasDoctorPath 'diagnose' $arguments (Get-Password $PSBoundParameters)
}

<#
.SYNOPSIS
Tests OWA forms logons through the namespace or each named front end.

.DESCRIPTION
Runs casdoctor verify: the KB4294204 test (an OWA logon of a mailbox on
Exchange 2010 through each 2013/2016 front end). The password of
-Credential is passed to casdoctor on stdin, never as an argument. Returns
the report; its verification entries have the outcome per front end.
ExitCode: 0 every logon worked, 2 one failed, 3 nothing could be tested.

.PARAMETER Url
The OWA URL of the namespace, e.g. https://mail.contoso.com/owa.

.PARAMETER Credential
The mailbox's user (DOMAIN\name or UPN) and password.

.PARAMETER Via
Front ends to log on through: SERVER[=HOST[:PORT]] each.

.PARAMETER UntilOk
Repeat the logons until all work or -Deadline passes.

.EXAMPLE
Test-CasDoctorOwaLogon -Url https://mail.contoso.com/owa -Credential (Get-Credential CONTOSO\alice) -Via EX16A, EX16B
#>
function Test-CasDoctorOwaLogon {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Url,
        [Parameter(Mandatory = $true)][System.Management.Automation.PSCredential]$Credential,
        [string[]]$Via,
        [string]$CaFile,
        [switch]$Insecure,
        [string]$HttpTimeout,
        [switch]$UntilOk,
        [string]$Deadline,
        [string]$Interval,
        [string]$CasDoctorPath
    )
    $arguments = Get-LogonArguments $PSCmdlet $PSBoundParameters
    if ($HttpTimeout) { $arguments += @('--timeout', $HttpTimeout) }
    if ($UntilOk) { $arguments += '--until-ok' }
    if ($Deadline) { $arguments += @('--deadline', $Deadline) }
    if ($Interval) { $arguments += @('--interval', $Interval) }
    Invoke-CasDoctorReport $PSCmdlet $CasDoctorPath 'verify' $arguments (Get-Password $PSBoundParameters)
}

<#
.SYNOPSIS
Looks up Exchange build numbers.

.DESCRIPTION
Runs casdoctor build: one object per build (product, update, build,
release_date, kb4294204: fixed, susceptible or not-applicable), with the
findings about it (e.g. out of support) as Findings and casdoctor's exit code
as ExitCode. Any written form works: 15.1.1415.2, 15.01.1415.002,
"Version 15.1 (Build 1415.2)".

.PARAMETER Build
Build numbers; also from the pipeline.

.EXAMPLE
Get-CasDoctorBuild 15.1.1415.2, 15.00.1395.004 | Format-Table build, product, update, kb4294204

.EXAMPLE
Get-ExchangeServer | ForEach-Object { $_.AdminDisplayVersion.ToString() } | Get-CasDoctorBuild
#>
function Get-CasDoctorBuild {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, ValueFromPipeline = $true)][string[]]$Build,
        [string]$CasDoctorPath
    )
    begin { $builds = New-Object System.Collections.Generic.List[string] }
    process { foreach ($b in $Build) { $builds.Add($b) } }
    end {
        $report = Invoke-CasDoctorReport $PSCmdlet $CasDoctorPath 'build' $builds.ToArray() $null
        if ($null -eq $report) { return }
        foreach ($server in @($report.servers)) {
            $findings = @($report.findings | Where-Object { $_.server -eq $server.name })
            $server | Add-Member -NotePropertyName Findings -NotePropertyValue $findings -Force
            $server | Add-Member -NotePropertyName ExitCode -NotePropertyValue $report.ExitCode -Force
            $server.PSObject.TypeNames.Insert(0, 'CasDoctor.Build')
            $server
        }
    }
}

<#
.SYNOPSIS
Plans and runs the KB4294204 workaround: MSExchangeADTopology and IIS
restarted on exactly the affected servers.

.DESCRIPTION
First a dry run (casdoctor remediate --dry-run): the plan. With -WhatIf that
plan is the result and nothing runs. Otherwise you are asked to confirm the
servers (ConfirmImpact High; -Confirm:$false does not ask, like --yes), and
then exactly that plan runs (casdoctor remediate --plan FILE --yes), one
server at a time by default, stopping at the first failure, every step in
the journal. -Plan runs a plan saved earlier (a JSON dry-run report).
-Snapshot only plans (a snapshot cannot be acted on): it always behaves as
-WhatIf. With -Verify, -Url and -Credential a logon test through each server
follows its restart; the password goes to casdoctor on stdin.
Returns the report (plan.steps with each step's status); ExitCode is
casdoctor's exit code.

.PARAMETER Servers
Explicit targets instead of the servers found stale.

.PARAMETER Plan
A JSON dry-run report to run exactly.

.EXAMPLE
Invoke-CasDoctorRemediation -WhatIf

.EXAMPLE
Invoke-CasDoctorRemediation -Confirm:$false -Journal C:\casdoctor\journal.jsonl
#>
function Invoke-CasDoctorRemediation {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [string]$Snapshot,
        [string]$Plan,
        [string[]]$Servers,
        [switch]$AllSusceptible,
        [switch]$Force,
        [ValidateRange(1, 64)][int]$Parallel,
        [switch]$KeepGoing,
        [string]$StepTimeout,
        [string]$Journal,
        [switch]$Verify,
        [string]$Url,
        [System.Management.Automation.PSCredential]$Credential,
        [string[]]$Via,
        [string]$VerifyDeadline,
        [string]$CaFile,
        [switch]$Insecure,
        [ValidateSet('auto', 'local', 'remote')][string]$Ems,
        [string]$EmsUri,
        [ValidateRange(1, 3650)][int]$AuditDays,
        [ValidateRange(1, 256)][int]$Throttle,
        [string]$Timeout,
        [string]$PowerShellPath,
        [string]$CasDoctorPath
    )
    $live = Get-LiveArguments $PSBoundParameters
    $planFile = $null
    $dryRun = $null
    if ($Plan) {
        $planFile = Get-FullPath $PSCmdlet $Plan
        $dryRun = Get-Content -LiteralPath $planFile -Raw | ConvertFrom-Json
    } else {
        $planning = @('--dry-run')
        if ($Snapshot) { $planning += @('--snapshot', (Get-FullPath $PSCmdlet $Snapshot)) } else { $planning += $live }
        foreach ($server in @($Servers)) { if ($server) { $planning += @('--servers', $server) } }
        if ($AllSusceptible) { $planning += '--all-susceptible' }
        if ($Force) { $planning += '--force' }
        if ($Verify) {
            $planning += '--verify'
            $planning += Get-LogonArguments $PSCmdlet $PSBoundParameters | Where-Object { $_ -ne '--password-stdin' }
            if ($VerifyDeadline) { $planning += @('--verify-deadline', $VerifyDeadline) }
        }
        $dryRun = Invoke-CasDoctorReport $PSCmdlet $CasDoctorPath 'remediate' $planning $null
        if ($null -eq $dryRun) { return }
        $dryRunText = $script:LastReportText
    }
    $steps = @()
    if ($dryRun.PSObject.Properties['plan'] -and $null -ne $dryRun.plan) { $steps = @($dryRun.plan.steps) }
    $targets = @($steps | ForEach-Object { $_.server } | Select-Object -Unique)
    if ($steps.Count -eq 0 -or $Snapshot) {
        if ($steps.Count -eq 0) { Write-Verbose 'nothing to remediate: the plan has no step' }
        return $dryRun
    }
    $action = 'Restart MSExchangeADTopology and IIS ({0} steps of casdoctor remediate)' -f $steps.Count
    if (-not $PSCmdlet.ShouldProcess(($targets -join ', '), $action)) {
        if ($WhatIfPreference) { return $dryRun }
        return
    }
    $temporary = $null
    if (-not $planFile) {
        $temporary = [System.IO.Path]::GetTempFileName()
        $planFile = $temporary
        $utf8 = New-Object System.Text.UTF8Encoding $false
        [System.IO.File]::WriteAllText($planFile, $dryRunText, $utf8)
    }
    try {
        $running = @('--plan', $planFile, '--yes') + $live
        if ($Parallel) { $running += @('--parallel', [string]$Parallel) }
        if ($KeepGoing) { $running += '--keep-going' }
        if ($StepTimeout) { $running += @('--step-timeout', $StepTimeout) }
        if ($Journal) { $running += @('--journal', (Get-FullPath $PSCmdlet $Journal)) }
        if ($Force) { $running += '--force' }
        $password = Get-Password $PSBoundParameters
        if ($password) { $running += '--password-stdin' }
        foreach ($name in @('CaFile', 'Insecure')) {
            if ($PSBoundParameters.ContainsKey($name)) { $running += Get-LogonArguments $PSCmdlet @{ $name = $PSBoundParameters[$name] } }
        }
        Invoke-CasDoctorReport $PSCmdlet $CasDoctorPath 'remediate' $running $password
    } finally {
        if ($temporary) { Remove-Item -LiteralPath $temporary -ErrorAction SilentlyContinue }
    }
}

Export-ModuleMember -Function Get-CasDoctorDiagnosis, Invoke-CasDoctorRemediation, Test-CasDoctorOwaLogon, Get-CasDoctorBuild
