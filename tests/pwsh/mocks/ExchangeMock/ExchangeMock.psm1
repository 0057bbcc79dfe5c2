# Test doubles of the Exchange and Windows cmdlets the scripts casdoctor
# generates call, over an org described in JSON ($env:CASDOCTOR_MOCK_ORG, read
# on every call so a test can change it between calls). Every call is logged
# as one line "COMPUTER|COMMAND|ARGUMENTS" to $env:CASDOCTOR_MOCK_LOG.
#
# The org file:
#   servers: [{ Name, Fqdn, AdminDisplayVersion (a string, or an object
#             { Major, Minor, Build, Revision } whose ToString is the text),
#             ServerRole, Site, IsOutOfService (bool or string),
#             ExSetup (file version; none: ExchangeInstallPath unset),
#             Services: [{ Name, Status, ProcessId, StartTime, StartType,
#                          Dependents: [names] }] }]
#   unreachable:  [names] Invoke-Command cannot reach (an error record)
#   fail:         { Get-ExchangeServer|Get-ClientAccessServer|Search-AdminAuditLog|
#                   Restart-Service|Get-CimInstance: message }
#   iisreset_exit: { NAME: exit code } (default 0)
#   audit:        [{ RunDate (ISO text, given to the script as a DateTime of
#                   unspecified kind, as Exchange does), Caller, CmdletName,
#                   ObjectModified, CmdletParameters ([{Name, Value}] or a
#                   string, as through remoting), Succeeded }]
# Remoting: Invoke-Command runs the block with $env:COMPUTERNAME set to the
# server in a runspace of its own, and turns a failure inside it into an
# error record of the caller (a terminating one under -ErrorAction Stop);
# the caller's $LASTEXITCODE stays (a remote native exit code does not travel
# back).

$script:orgCache = $null
$script:orgCacheKey = $null
function Get-MockOrg {
    $file = Microsoft.PowerShell.Management\Get-Item -LiteralPath $env:CASDOCTOR_MOCK_ORG
    $key = '{0}|{1}|{2}' -f $file.FullName, $file.LastWriteTimeUtc.Ticks, $file.Length
    if ($key -ne $script:orgCacheKey) {
        $script:orgCache = [System.IO.File]::ReadAllText($file.FullName) | ConvertFrom-Json
        $script:orgCacheKey = $key
    }
    return $script:orgCache
}

function Write-MockCall([string]$Command, [string]$Arguments) {
    if (-not $env:CASDOCTOR_MOCK_LOG) { return }
    $computer = $env:COMPUTERNAME
    if (-not $computer) { $computer = 'LOCAL' }
    Add-Content -LiteralPath $env:CASDOCTOR_MOCK_LOG -Value ('{0}|{1}|{2}' -f $computer, $Command, $Arguments)
}

function Assert-MockWorks([string]$Command) {
    $org = Get-MockOrg
    if ($org.fail -and $org.fail.$Command) { throw $org.fail.$Command }
}

function Get-MockServer([string]$Name) {
    foreach ($server in (Get-MockOrg).servers) {
        if ($server.Name -eq $Name -or $server.Fqdn -eq $Name) { return $server }
    }
    return $null
}

function Get-MockServices {
    $server = Get-MockServer $env:COMPUTERNAME
    if ($null -eq $server) { return @() }
    return @($server.Services)
}

function New-MockService($Service) {
    $all = Get-MockServices
    $dependents = @($all | Where-Object { $Service.Dependents -contains $_.Name } | ForEach-Object {
        [pscustomobject]@{ Name = $_.Name; Status = $_.Status; StartType = $_.StartType }
    })
    return [pscustomobject]@{ Name = $Service.Name; Status = $Service.Status; DependentServices = $dependents }
}

function Get-ExchangeServer {
    [CmdletBinding()]
    param()
    Write-MockCall 'Get-ExchangeServer' ''
    Assert-MockWorks 'Get-ExchangeServer'
    foreach ($server in (Get-MockOrg).servers) {
        $version = $server.AdminDisplayVersion
        if ($version -isnot [string]) {
            $text = 'Version {0}.{1} (Build {2}.{3})' -f $version.Major, $version.Minor, $version.Build, $version.Revision
            $version = [pscustomobject]@{ Major = $version.Major; Minor = $version.Minor; Build = $version.Build; Revision = $version.Revision }
            $version | Add-Member -MemberType ScriptMethod -Name ToString -Value ([scriptblock]::Create("'$text'")) -Force
        }
        [pscustomobject]@{ Name = $server.Name; Fqdn = $server.Fqdn; AdminDisplayVersion = $version; ServerRole = $server.ServerRole; Site = $server.Site }
    }
}

function Get-ClientAccessServer {
    [CmdletBinding()]
    param()
    Write-MockCall 'Get-ClientAccessServer' ''
    Assert-MockWorks 'Get-ClientAccessServer'
    foreach ($server in (Get-MockOrg).servers) {
        if ($server.ServerRole -match 'ClientAccess') {
            [pscustomobject]@{ Name = $server.Name; IsOutOfService = $server.IsOutOfService }
        }
    }
}

function Search-AdminAuditLog {
    [CmdletBinding()]
    param([string[]]$Cmdlets, [string[]]$Parameters, [datetime]$StartDate, [datetime]$EndDate, [int]$ResultSize)
    Write-MockCall 'Search-AdminAuditLog' ('Cmdlets={0} Parameters={1} Days={2}' -f ($Cmdlets -join ','), ($Parameters -join ','), [int]($EndDate - $StartDate).TotalDays)
    Assert-MockWorks 'Search-AdminAuditLog'
    foreach ($entry in @((Get-MockOrg).audit)) {
        if ($null -eq $entry) { continue }
        $runDate = [datetime]::SpecifyKind([datetime]::Parse($entry.RunDate, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal), 'Unspecified')
        [pscustomobject]@{ RunDate = $runDate; Caller = $entry.Caller; CmdletName = $entry.CmdletName; ObjectModified = $entry.ObjectModified; CmdletParameters = $entry.CmdletParameters; Succeeded = $entry.Succeeded }
    }
}

function Invoke-Command {
    [CmdletBinding()]
    param([string[]]$ComputerName, [int]$ThrottleLimit, [scriptblock]$ScriptBlock)
    $org = Get-MockOrg
    foreach ($computer in $ComputerName) {
        Write-MockCall 'Invoke-Command' $computer
        $server = Get-MockServer $computer
        if ($null -eq $server -or @($org.unreachable) -contains $server.Name) {
            $failure = New-Object System.Exception ('[{0}] Connecting to remote server {0} failed with the following error message : WinRM cannot complete the operation.' -f $computer)
            $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord $failure, 'CannotConnect,PSSessionStateBroken', 'OpenError', $computer))
            continue
        }
        # A runspace of its own, as a remote session is: nothing of the
        # caller's state (its variables, $LASTEXITCODE, the errors its try
        # blocks caught) crosses; output and error records come back.
        $computerBefore = $env:COMPUTERNAME
        $installPathBefore = $env:ExchangeInstallPath
        $env:COMPUTERNAME = $server.Name
        $env:ExchangeInstallPath = $null
        if ($server.ExSetup) { $env:ExchangeInstallPath = '/opt/Exchange/V15/' }
        $remote = [powershell]::Create()
        try {
            [void]$remote.AddScript('Import-Module -Name $args[0]').AddArgument((Join-Path $PSScriptRoot 'ExchangeMock.psd1'))
            [void]$remote.AddStatement().AddScript($ScriptBlock.ToString())
            try {
                $remote.Invoke()
            } catch {
                $record = $_.Exception.InnerException.ErrorRecord
                if ($null -eq $record) { $record = $_ }
                $PSCmdlet.WriteError($record)
            }
            foreach ($record in $remote.Streams.Error) { $PSCmdlet.WriteError($record) }
        } finally {
            $remote.Dispose()
            $env:COMPUTERNAME = $computerBefore
            $env:ExchangeInstallPath = $installPathBefore
        }
    }
}

function Get-Service {
    [CmdletBinding()]
    param([string[]]$Name)
    Write-MockCall 'Get-Service' ($Name -join ',')
    foreach ($wanted in $Name) {
        $service = Get-MockServices | Where-Object { $_.Name -eq $wanted }
        if ($null -eq $service) {
            $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord (New-Object System.InvalidOperationException "Cannot find any service with service name '$wanted'."), 'NoServiceFoundForGivenName', 'ObjectNotFound', $wanted))
            continue
        }
        New-MockService $service
    }
}

function Restart-Service {
    [CmdletBinding()]
    param([string[]]$Name, [switch]$Force)
    Write-MockCall 'Restart-Service' (($Name -join ',') + ' Force=' + [bool]$Force)
    Assert-MockWorks 'Restart-Service'
    foreach ($wanted in $Name) {
        $service = Get-MockServices | Where-Object { $_.Name -eq $wanted }
        $running = @(Get-MockServices | Where-Object { $service.Dependents -contains $_.Name -and $_.Status -eq 'Running' })
        if (-not $Force -and $running.Count -gt 0) {
            $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord (New-Object System.InvalidOperationException "Cannot stop service '$wanted' because it has dependent services."), 'ServiceHasDependentServices', 'InvalidOperation', $wanted))
        }
    }
}

function Start-Service {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline = $true)]$InputObject, [string[]]$Name)
    process {
        $names = $Name
        if ($null -ne $InputObject) { $names = @($InputObject.Name) }
        Write-MockCall 'Start-Service' ($names -join ',')
    }
}

function Get-CimInstance {
    [CmdletBinding()]
    param([string]$ClassName, [string]$Filter)
    Write-MockCall 'Get-CimInstance' ('{0} {1}' -f $ClassName, $Filter)
    Assert-MockWorks 'Get-CimInstance'
    $wanted = @([regex]::Matches($Filter, "Name = '((?:[^'\\]|\\.)*)'") | ForEach-Object { $_.Groups[1].Value -replace '\\(.)', '$1' })
    if ($ClassName -eq 'Win32_Process') {
        # IIS's worker processes, one per app pool, named on their command line
        # as w3wp.exe runs them; CreationDate is a local DateTime as CIM gives it.
        $server = Get-MockServer $env:COMPUTERNAME
        if ($null -eq $server -or $wanted -notcontains 'w3wp.exe') { return }
        foreach ($pool in @($server.AppPools)) {
            [pscustomobject]@{
                Name         = 'w3wp.exe'
                CommandLine  = 'c:\windows\system32\inetsrv\w3wp.exe -ap "{0}" -v "v4.0" -l "webengine4.dll" -a \\.\pipe\iisipm' -f $pool.Name
                CreationDate = [datetime]::Parse($pool.StartTime, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal).ToLocalTime()
            }
        }
        return
    }
    foreach ($service in (Get-MockServices)) {
        if ($wanted -contains $service.Name) {
            [pscustomobject]@{ Name = $service.Name; State = $service.Status; ProcessId = $service.ProcessId }
        }
    }
}

function Get-WmiObject {
    [CmdletBinding()]
    param([string]$Class, [string]$Filter)
    Get-CimInstance -ClassName $Class -Filter $Filter
}

# -Id mandatory, as in the real cmdlet: an empty list is a binding error
# that -ErrorAction does not silence.
function Get-Process {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][int[]]$Id)
    Write-MockCall 'Get-Process' ($Id -join ',')
    foreach ($wanted in $Id) {
        $service = Get-MockServices | Where-Object { $_.ProcessId -eq $wanted } | Select-Object -First 1
        if ($null -eq $service) {
            $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord (New-Object System.ArgumentException "Cannot find a process with the process identifier $wanted."), 'NoProcessFoundForGivenId', 'ObjectNotFound', $wanted))
            continue
        }
        [pscustomobject]@{ Id = $wanted; StartTime = [datetime]::Parse($service.StartTime, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal) }
    }
}

# Only ExSetup.exe is a double: anything else is the real Get-Item.
function Get-Item {
    [CmdletBinding()]
    param([string]$LiteralPath)
    if ($LiteralPath -notlike '*ExSetup.exe') { return Microsoft.PowerShell.Management\Get-Item -LiteralPath $LiteralPath }
    Write-MockCall 'Get-Item' 'ExSetup.exe'
    $server = Get-MockServer $env:COMPUTERNAME
    [pscustomobject]@{ VersionInfo = [pscustomobject]@{ FileVersion = $server.ExSetup } }
}

# A native program: its exit code only in $LASTEXITCODE.
function iisreset {
    Write-MockCall 'iisreset' ($args -join ' ')
    $code = 0
    $codes = (Get-MockOrg).iisreset_exit
    if ($codes -and $null -ne $codes.($env:COMPUTERNAME)) { $code = [int]$codes.($env:COMPUTERNAME) }
    if ($code -eq 0) { 'Internet services successfully restarted' } else { 'Restart attempt failed.' }
    $global:LASTEXITCODE = $code
}

# What the hostile names in the tests try to run: never run, only noted
# ("INJECTED|..." in the log) if a name ever left its literal.
function Stop-Computer {
    Add-Content -LiteralPath $env:CASDOCTOR_MOCK_LOG -Value ('INJECTED|Stop-Computer|' + ($args -join ' '))
}
function Remove-Item {
    Add-Content -LiteralPath $env:CASDOCTOR_MOCK_LOG -Value ('INJECTED|Remove-Item|' + ($args -join ' '))
}

Export-ModuleMember -Function Get-ExchangeServer, Get-ClientAccessServer, Search-AdminAuditLog,
    Invoke-Command, Get-Service, Restart-Service, Start-Service, Get-CimInstance, Get-WmiObject,
    Get-Process, Get-Item, iisreset, Stop-Computer, Remove-Item
