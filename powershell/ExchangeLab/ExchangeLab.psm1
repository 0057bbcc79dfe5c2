# ExchangeLab: the lab's Exchange org (casdoctor-lab, docs/lab.md) as the
# commands an Exchange server's PowerShell offers, for real PowerShell.
#
# The org lives in the lab's state file; every read and change goes through
# the casdoctor-lab program ($env:CASDOCTOR_LAB, state $env:CASDOCTOR_LAB_STATE),
# which keeps the rules (dependents, caches, the audit log, the lock) in one
# place. This module only shapes what the cmdlets return and print.
#
# The Windows commands (services, WMI/CIM, processes, the setup registry key,
# remoting, iisreset) are here at once; the Exchange cmdlets only once a
# script loads the Exchange shell (bin\RemoteExchange.ps1 and
# Connect-ExchangeServer, Add-PSSnapin, or Import-PSSession), as on a server.
#
# Windows PowerShell 3.0 to 5.1 and PowerShell 7: no ternary, no ??, no ::new.



$script:LabRemote = $null          # the server a remote block runs on
$script:EmsLoaded = $false
$script:EmsRemote = $false         # nested Exchange types arrive as strings
$script:Sessions = New-Object System.Collections.ArrayList
$script:NextSessionId = 1
$script:Noted = @{}

$script:ExchangeCommands = @('Get-ExchangeServer', 'Get-ClientAccessServer', 'Get-ClientAccessService',
    'Set-ClientAccessServer', 'Set-ClientAccessService', 'Search-AdminAuditLog')
$script:RoleOrder = @('Cafe', 'Mailbox', 'ClientAccess', 'UnifiedMessaging', 'HubTransport', 'Edge',
    'Monitoring', 'ProvisionedServer', 'LanguagePacks', 'FrontendTransport', 'CafeArray')
$script:SetupKey = 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup'
$script:Exchange15SnapIn = 'Microsoft.Exchange.Management.PowerShell.SnapIn'

# The lab's Exchange installation: this folder (bin\RemoteExchange.ps1).
if ($null -eq [Environment]::GetEnvironmentVariable('ExchangeInstallPath')) {
    $env:ExchangeInstallPath = $PSScriptRoot + [System.IO.Path]::DirectorySeparatorChar
}
$script:InstallPath = $PSScriptRoot + [System.IO.Path]::DirectorySeparatorChar

# ---- the lab program ---------------------------------------------------

# Runs casdoctor-lab; $LASTEXITCODE stays the script's (iisreset sets its own).
function Invoke-LabTool {
    param([string[]]$Arguments)
    if (-not $env:CASDOCTOR_LAB) { throw 'ExchangeLab: CASDOCTOR_LAB (the casdoctor-lab program) is not set' }
    $saved = $global:LASTEXITCODE
    try {
        $output = & $env:CASDOCTOR_LAB @Arguments
        $code = $LASTEXITCODE
    } finally {
        $global:LASTEXITCODE = $saved
    }
    [pscustomobject]@{ Code = $code; Output = @($output) }
}

# Read through casdoctor-lab (under the lock), again only when the file has
# changed since: each run starts PowerShell anew, and a collection asks often.
$script:StateCache = $null
$script:StateStamp = $null
function Get-LabState {
    $stamp = $null
    if ($env:CASDOCTOR_LAB_STATE -and [System.IO.File]::Exists($env:CASDOCTOR_LAB_STATE)) {
        $file = New-Object System.IO.FileInfo -ArgumentList $env:CASDOCTOR_LAB_STATE
        $stamp = [string]$file.LastWriteTimeUtc.Ticks + '/' + [string]$file.Length
    }
    if ($stamp -and $stamp -eq $script:StateStamp) { return $script:StateCache }
    $run = Invoke-LabTool @('state')
    if ($run.Code -ne 0) { throw ('ExchangeLab: cannot read the lab state (casdoctor-lab state exit ' + $run.Code + ')') }
    $script:StateCache = (($run.Output -join "`n") | ConvertFrom-Json)
    $script:StateStamp = $stamp
    return $script:StateCache
}

# Records a command (and the servers it reached) on this run's call log entry.
function Add-LabNote {
    param([string]$Kind, [string]$Command, [string[]]$Target)
    if (-not $env:CASDOCTOR_LAB_CALL) { return }
    $key = $Kind + '|' + $Command + '|' + ($Target -join ',')
    if ($script:Noted.ContainsKey($key)) { return }
    $script:Noted[$key] = $true
    $arguments = @('call-note', $Kind, $Command)
    if ($Target) { $arguments += $Target }
    $null = Invoke-LabTool $arguments
}

# A time from the state (ISO 8601 UTC; PowerShell 7 may have made it a
# [datetime] already) as the local time a Windows cmdlet returns.
function ConvertTo-LabLocalTime {
    param($Value)
    if ($null -eq $Value -or '' -eq $Value) { return $null }
    if ($Value -is [datetime]) { return $Value.ToUniversalTime().ToLocalTime() }
    $styles = [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal
    return [datetime]::Parse([string]$Value, [System.Globalization.CultureInfo]::InvariantCulture, $styles).ToLocalTime()
}

function Get-LabNow {
    param($State)
    if (-not $State) { $State = Get-LabState }
    return [datetime]::UtcNow.AddMilliseconds([double]$State.clock_offset_ms).ToLocalTime()
}

function Find-LabServer {
    param($State, [string]$Name)
    foreach ($server in $State.servers) {
        if ($server.name -eq $Name -or $server.fqdn -eq $Name) { return $server }
    }
    return $null
}

# The server the current command runs on: a remote block's, else the shell's.
function Get-LabCurrentServer {
    param($State)
    if ($script:LabRemote) { return Find-LabServer $State $script:LabRemote }
    return Find-LabServer $State $State.local_server
}

function New-LabError {
    param([string]$Message, [string]$Id, [string]$Category = 'NotSpecified', $Target = $null,
        [string]$ExceptionType = 'System.InvalidOperationException')
    $exception = New-Object -TypeName $ExceptionType -ArgumentList $Message
    return New-Object System.Management.Automation.ErrorRecord -ArgumentList @($exception, $Id,
        [System.Management.Automation.ErrorCategory]$Category, $Target)
}

# The lines of a casdoctor-lab flow: WARNING lines as warnings, ERROR lines
# as error records (through $Cmdlet, so -ErrorAction applies), others output.
function Send-LabLine {
    param($Cmdlet, [string]$Line)
    if ($Line.StartsWith('WARNING: ')) {
        $Cmdlet.WriteWarning($Line.Substring(9))
    } elseif ($Line.StartsWith("ERROR`t")) {
        $parts = $Line.Split("`t")
        $Cmdlet.WriteError((New-LabError -Message $parts[4] -Id $parts[1] -Category $parts[2] -Target $parts[3]))
    } else {
        $Cmdlet.WriteObject($Line)
    }
}

function Invoke-LabFlow {
    param($Cmdlet, [string[]]$Arguments)
    if (-not $env:CASDOCTOR_LAB) { throw 'ExchangeLab: CASDOCTOR_LAB (the casdoctor-lab program) is not set' }
    & $env:CASDOCTOR_LAB @Arguments | ForEach-Object { Send-LabLine $Cmdlet ([string]$_) }
}

# ---- services ----------------------------------------------------------

function Get-LabDependentName {
    param($Server, [string]$Name)
    $seen = New-Object System.Collections.ArrayList
    $queue = New-Object System.Collections.Queue
    $queue.Enqueue($Name)
    while ($queue.Count -gt 0) {
        $current = $queue.Dequeue()
        foreach ($service in $Server.services) {
            if ($service.name -ne $current) { continue }
            foreach ($dependent in @($service.dependents)) {
                if (-not $seen.Contains($dependent)) {
                    [void]$seen.Add($dependent)
                    $queue.Enqueue($dependent)
                }
            }
        }
    }
    return @($seen)
}

function Find-LabService {
    param($Server, [string]$Name)
    foreach ($service in $Server.services) {
        if ($service.name -eq $Name) { return $service }
    }
    return $null
}

function Get-LabStartType {
    param($Service)
    if ($Service.status -eq 'Stopped') { return 'Manual' }
    return 'Automatic'
}

function New-LabServiceObject {
    param($Server, $Service, [switch]$Shallow)
    $dependents = @()
    if (-not $Shallow) {
        $dependents = @(Get-LabDependentName $Server $Service.name | ForEach-Object {
            $found = Find-LabService $Server $_
            if ($found) { New-LabServiceObject $Server $found -Shallow }
        })
    }
    $object = [pscustomobject]@{
        Name              = $Service.name
        ServiceName       = $Service.name
        DisplayName       = $Service.display_name
        Status            = [string]$Service.status
        StartType         = Get-LabStartType $Service
        MachineName       = $Server.name
        DependentServices = $dependents
        ServicesDependedOn = @()
    }
    $object.PSObject.TypeNames.Insert(0, 'System.ServiceProcess.ServiceController')
    return $object
}

function Get-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]]$Name,
        [string[]]$ComputerName)
    process {
        $state = Get-LabState
        $server = Get-LabCurrentServer $state
        if (-not $Name) {
            foreach ($service in $server.services) { New-LabServiceObject $server $service }
            return
        }
        foreach ($one in $Name) {
            $service = Find-LabService $server $one
            if ($service) {
                New-LabServiceObject $server $service
            } else {
                $PSCmdlet.WriteError((New-LabError -Message ("Cannot find any service with service name '" + $one + "'.") -Id 'NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand' -Category ObjectNotFound -Target $one))
            }
        }
    }
}

function Get-LabWhere {
    param($State)
    $server = Get-LabCurrentServer $State
    $arguments = @($server.name)
    if ($script:LabRemote) { $arguments += '--remote' }
    return $arguments
}

function Restart-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]]$Name,
        [switch]$Force, [switch]$PassThru)
    process {
        $state = Get-LabState
        foreach ($one in $Name) {
            $arguments = @('restart-service') + (Get-LabWhere $state) + @($one)
            if ($Force) { $arguments += '--force' }
            Invoke-LabFlow $PSCmdlet $arguments
        }
    }
}

# A stopped service starts (the lab's restart of a stopped one); a running
# one is left alone, as Start-Service does.
function Start-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]]$Name,
        [switch]$PassThru)
    process {
        $state = Get-LabState
        $server = Get-LabCurrentServer $state
        foreach ($one in $Name) {
            $service = Find-LabService $server $one
            if ($service -and $service.status -eq 'Running') { continue }
            $arguments = @('restart-service') + (Get-LabWhere $state) + @($one)
            Invoke-LabFlow $PSCmdlet $arguments
        }
    }
}

# iisreset.exe: its lines on stdout, its exit code in $LASTEXITCODE.
function iisreset {
    $state = Get-LabState
    $arguments = @('iisreset') + (Get-LabWhere $state)
    foreach ($argument in $args) {
        if ([string]$argument -eq '/noforce') { $arguments += '--noforce' }
    }
    if (-not $env:CASDOCTOR_LAB) { throw 'ExchangeLab: CASDOCTOR_LAB (the casdoctor-lab program) is not set' }
    & $env:CASDOCTOR_LAB @arguments
}

# Never run against the machine the lab runs on: recorded in the call log
# (so a test sees a value that became one of these commands) and refused.
function Stop-Computer {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$ComputerName, [switch]$Force)
    Add-LabNote 'action' 'Stop-Computer' $ComputerName
    throw 'ExchangeLab: Stop-Computer is recorded in the call log, never run'
}

function Restart-Computer {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$ComputerName, [switch]$Force)
    Add-LabNote 'action' 'Restart-Computer' $ComputerName
    throw 'ExchangeLab: Restart-Computer is recorded in the call log, never run'
}

# ---- WMI / CIM, processes, the registry, files ---------------------------

function Get-LabFilterName {
    param([string]$Filter)
    $names = @()
    foreach ($match in [regex]::Matches($Filter, "Name\s*=\s*'((?:[^'\\]|\\.)*)'")) {
        $names += ($match.Groups[1].Value -replace '\\(.)', '$1')
    }
    return $names
}

function Get-CimInstance {
    [CmdletBinding()]
    param([Parameter(Position = 0)][Alias('Class')][string]$ClassName, [string]$Filter,
        [string[]]$ComputerName, [string]$Namespace)
    $state = Get-LabState
    $server = Get-LabCurrentServer $state
    $names = @()
    if ($Filter) { $names = @(Get-LabFilterName $Filter) }
    if ($ClassName -eq 'Win32_Service') {
        foreach ($service in $server.services) {
            if ($names.Count -gt 0 -and -not ($names -contains $service.name)) { continue }
            [pscustomobject]@{ Name = $service.name; DisplayName = $service.display_name; State = [string]$service.status;
                ProcessId = [uint32]$service.process_id; StartMode = (Get-LabStartType $service) -replace 'Automatic', 'Auto' }
        }
        return
    }
    if ($ClassName -eq 'Win32_Process') {
        $pools = @()
        if ($server.PSObject.Properties['app_pools']) { $pools = @($server.app_pools) }
        foreach ($pool in $pools) {
            if ($null -eq $pool.start_time -or $pool.process_id -eq 0) { continue }
            if ($names.Count -gt 0 -and -not ($names -contains 'w3wp.exe')) { continue }
            [pscustomobject]@{ Name = 'w3wp.exe'; ProcessId = [uint32]$pool.process_id;
                CommandLine = 'c:\windows\system32\inetsrv\w3wp.exe -ap "' + $pool.name + '" -v "v4.0" -l "webengine4.dll" -a \\.\pipe\iisipm -h "C:\inetpub\temp\apppools\' + $pool.name + '\' + $pool.name + '.config" -w "" -m 0';
                CreationDate = ConvertTo-LabLocalTime $pool.start_time }
        }
        return
    }
    $PSCmdlet.WriteError((New-LabError -Message 'Invalid class ' -Id 'HRESULT 0x80041010,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand' -Category ObjectNotFound -Target $ClassName))
}

function Get-WmiObject {
    [CmdletBinding()]
    param([Parameter(Position = 0)][Alias('ClassName')][string]$Class, [string]$Filter, [string[]]$ComputerName)
    Get-CimInstance -ClassName $Class -Filter $Filter
}

function Get-Process {
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param([Parameter(ParameterSetName = 'Id', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][int[]]$Id,
        [Parameter(ParameterSetName = 'Name', Position = 0)][string[]]$Name)
    process {
        if ($PSCmdlet.ParameterSetName -ne 'Id') {
            Microsoft.PowerShell.Management\Get-Process @PSBoundParameters
            return
        }
        $state = Get-LabState
        $server = Get-LabCurrentServer $state
        foreach ($one in $Id) {
            $found = $null
            foreach ($service in $server.services) {
                if ($service.process_id -eq $one -and $service.process_id -ne 0) {
                    $found = [pscustomobject]@{ Id = $one; ProcessName = $service.name; StartTime = ConvertTo-LabLocalTime $service.start_time }
                }
            }
            if ($server.PSObject.Properties['app_pools']) {
                foreach ($pool in @($server.app_pools)) {
                    if ($pool.process_id -eq $one -and $pool.process_id -ne 0) {
                        $found = [pscustomobject]@{ Id = $one; ProcessName = 'w3wp'; StartTime = ConvertTo-LabLocalTime $pool.start_time }
                    }
                }
            }
            if ($found) {
                $found
            } else {
                $PSCmdlet.WriteError((New-LabError -Message ('Cannot find a process with the process identifier ' + $one + '.') -Id 'NoProcessFoundForGivenId,Microsoft.PowerShell.Commands.GetProcessCommand' -Category ObjectNotFound -Target $one))
            }
        }
    }
}

function Get-ItemProperty {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath, [Parameter(Position = 1)][string[]]$Name)
    $where = @(@($Path) + @($LiteralPath) | Where-Object { $_ })
    if ($where -and ($where[0] -replace '/', '\') -eq $script:SetupKey) {
        [pscustomobject]@{ MsiInstallPath = $script:InstallPath; PSPath = $script:SetupKey }
        return
    }
    Microsoft.PowerShell.Management\Get-ItemProperty @PSBoundParameters
}

# ExSetup.exe: the file version of the server's installed build.
function Get-Item {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Path, [string[]]$LiteralPath)
    $where = @(@($Path) + @($LiteralPath) | Where-Object { $_ })
    if ($where -and ($where[0] -replace '/', '\') -match '\\Bin\\ExSetup\.exe$') {
        $state = Get-LabState
        $server = Get-LabCurrentServer $state
        $version = $server.version
        if ($server.PSObject.Properties['exsetup_version'] -and $server.exsetup_version) { $version = $server.exsetup_version }
        $parts = ([string]$version).Split('.')
        $long = '{0}.{1:D2}.{2:D4}.{3:D3}' -f [int]$parts[0], [int]$parts[1], [int]$parts[2], [int]$parts[3]
        [pscustomobject]@{ Name = 'ExSetup.exe'; FullName = $where[0]; VersionInfo = [pscustomobject]@{ FileVersion = $long; ProductVersion = $long } }
        return
    }
    Microsoft.PowerShell.Management\Get-Item @PSBoundParameters
}

# The server's clock: the lab's (its clock offset), in the local time zone.
function Get-Date {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)]$Date, [string]$Format, [switch]$AsUTC)
    process {
        if ($PSBoundParameters.ContainsKey('Date')) {
            Microsoft.PowerShell.Utility\Get-Date @PSBoundParameters
            return
        }
        $now = Get-LabNow
        if ($Format) { return Microsoft.PowerShell.Utility\Get-Date -Date $now -Format $Format }
        return $now
    }
}

# ---- remoting ------------------------------------------------------------

function Test-LabListed {
    param($Names, $Server)
    foreach ($name in @($Names)) {
        if ($name -eq $Server.name -or $name -eq $Server.fqdn) { return $true }
    }
    return $false
}

function New-LabTransportError {
    param([string]$Computer, [string]$Detail, [string]$Id)
    $message = 'Connecting to remote server ' + $Computer + ' failed with the following error message : ' + $Detail + ' For more information, see the about_Remote_Troubleshooting Help topic.'
    return New-LabError -Message $message -Id ($Id + ',PSSessionStateBroken') -Category OpenError -Target $Computer -ExceptionType 'System.Management.Automation.Remoting.PSRemotingTransportException'
}

# WinRM's answer for a computer: $null when it connects.
function Get-LabConnectionError {
    param($State, [string]$Computer, $Server)
    if (-not $Server) {
        return New-LabTransportError $Computer ('WinRM cannot process the request. The following error occurred while using Kerberos authentication: Cannot find the computer ' + $Computer + '. Verify that the computer exists on the network and that the name provided is spelled correctly.') 'NetworkPathNotFound'
    }
    if (Test-LabListed $State.faults.unreachable $Server) {
        return New-LabTransportError $Computer 'WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer. By default, the WinRM firewall exception for public profiles limits access to remote computers within the same local subnet.' 'WinRMOperationTimeout'
    }
    if (Test-LabListed $State.faults.access_denied $Server) {
        return New-LabTransportError $Computer 'Access is denied.' 'AccessDenied'
    }
    return $null
}

# An error of a remote block as it comes back: with where it came from.
function New-LabRemoteError {
    param($Record, [string]$Computer)
    $origin = New-Object System.Management.Automation.Remoting.OriginInfo -ArgumentList @($Computer, [guid]::NewGuid())
    try {
        return New-Object System.Management.Automation.Runspaces.RemotingErrorRecord -ArgumentList @($Record, $origin)
    } catch {
        return $Record
    }
}

# What crosses the wire: a deserialized copy with PSComputerName.
function ConvertTo-LabRemoteObject {
    param($Value, [string]$Computer)
    if ($null -eq $Value) { return $null }
    try {
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($Value, 2))
    } catch {
        # A type whose extended members the serializer cannot read: a property bag.
        $copy = New-Object PSObject
        foreach ($property in $Value.PSObject.Properties) {
            $copy.PSObject.Properties.Add((New-Object System.Management.Automation.PSNoteProperty -ArgumentList @($property.Name, $property.Value)))
        }
        $copy.PSObject.TypeNames.Insert(0, 'Deserialized.' + $Value.PSObject.TypeNames[0])
    }
    $copy = [psobject]$copy
    $copy.PSObject.Properties.Add((New-Object System.Management.Automation.PSNoteProperty -ArgumentList @('PSComputerName', $Computer)))
    $copy.PSObject.Properties.Add((New-Object System.Management.Automation.PSNoteProperty -ArgumentList @('RunspaceId', [guid]::NewGuid())))
    $copy.PSObject.Properties.Add((New-Object System.Management.Automation.PSNoteProperty -ArgumentList @('PSShowComputerName', $true)))
    return $copy
}

# The block runs "on" each computer in turn: $env:COMPUTERNAME, the install
# path as a WinRM session there has it, the commands above acting on that
# server; its $LASTEXITCODE stays there.
function Invoke-Command {
    [CmdletBinding()]
    param([Parameter(Position = 0)][scriptblock]$ScriptBlock, [string[]]$ComputerName, [int]$ThrottleLimit = 32,
        [object[]]$ArgumentList, [switch]$HideComputerName, $Session, [string]$ConfigurationName)
    if (-not $ComputerName) {
        & $ScriptBlock @ArgumentList
        return
    }
    $state = Get-LabState
    # WinRM connects to the computers (up to -ThrottleLimit at once) before
    # the blocks run, so the call log gets every reachable one in one note:
    # a note per computer would rewrite the state, and make the next command
    # read it again, once per server.
    $connections = @(foreach ($computer in $ComputerName) {
        $server = Find-LabServer $state $computer
        @{ Computer = $computer; Server = $server; Failure = (Get-LabConnectionError $state $computer $server) }
    })
    $reached = @($connections | Where-Object { -not $_.Failure } | ForEach-Object { $_.Server.name })
    if ($reached.Count -gt 0) { Add-LabNote '-' 'Invoke-Command' $reached }
    foreach ($connection in $connections) {
        $computer = $connection.Computer
        $server = $connection.Server
        if ($connection.Failure) {
            $PSCmdlet.WriteError($connection.Failure)
            continue
        }
        $saved = @{ Remote = $script:LabRemote; Computer = $env:COMPUTERNAME; InstallPath = $env:ExchangeInstallPath; ExitCode = $global:LASTEXITCODE }
        $errors = New-Object System.Collections.ArrayList
        try {
            $script:LabRemote = $server.name
            $env:COMPUTERNAME = $server.name
            if ($server.winrm_without_install_path) { Remove-Item -LiteralPath 'Env:ExchangeInstallPath' -ErrorAction SilentlyContinue } else { $env:ExchangeInstallPath = $script:InstallPath }
            try {
                & $ScriptBlock @ArgumentList 2>&1 | ForEach-Object {
                    if ($_ -is [System.Management.Automation.ErrorRecord]) {
                        [void]$errors.Add($_)
                    } else {
                        ConvertTo-LabRemoteObject $_ $computer
                    }
                }
            } catch {
                [void]$errors.Add($_)
            }
        } finally {
            $script:LabRemote = $saved.Remote
            $env:COMPUTERNAME = $saved.Computer
            $env:ExchangeInstallPath = $saved.InstallPath
            $global:LASTEXITCODE = $saved.ExitCode
        }
        foreach ($record in $errors) { $PSCmdlet.WriteError((New-LabRemoteError $record $computer)) }
    }
}

function New-PSSession {
    [CmdletBinding()]
    param([string]$ConfigurationName, [uri]$ConnectionUri, [string[]]$ComputerName, [string]$Authentication,
        [System.Management.Automation.PSCredential]$Credential, $SessionOption, [switch]$AllowRedirection)
    $state = Get-LabState
    $computer = $null
    if ($ConnectionUri) { $computer = $ConnectionUri.Host } elseif ($ComputerName) { $computer = $ComputerName[0] }
    $server = Find-LabServer $state $computer
    $failure = Get-LabConnectionError $state $computer $server
    if ($failure) {
        $PSCmdlet.WriteError($failure)
        return
    }
    $session = [pscustomobject]@{ Id = $script:NextSessionId; Name = 'WinRM' + $script:NextSessionId; ComputerName = $server.fqdn;
        ConfigurationName = $ConfigurationName; State = 'Opened'; Availability = 'Available' }
    $session.PSObject.TypeNames.Insert(0, 'System.Management.Automation.Runspaces.PSSession')
    $script:NextSessionId++
    [void]$script:Sessions.Add($session)
    return $session
}

function Get-PSSession {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$ComputerName)
    return @($script:Sessions)
}

function Remove-PSSession {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)]$Session)
    process {
        foreach ($one in @($Session)) {
            $one.State = 'Closed'
            $script:Sessions.Remove($one)
        }
    }
}

# ---- the Exchange shell ------------------------------------------------

# Puts the Exchange cmdlets into the global scope (all, or those named).
function Import-LabExchangeCommand {
    param([string[]]$Name, [switch]$Remote)
    $state = Get-LabState
    foreach ($command in $script:ExchangeCommands) {
        if ($Name -and -not ($Name -contains $command)) { continue }
        if ($command -eq 'Search-AdminAuditLog' -and $state.faults.no_audit_role) { continue }
        $body = Get-Content -LiteralPath ('function:' + 'Lab' + ($command -replace '-', ''))
        Set-Item -LiteralPath ('function:global:' + $command) -Value $body
    }
    if ($Remote) { $script:EmsRemote = $true }
}

function Get-LabLocalFqdn {
    param($State)
    $server = Find-LabServer $State $State.local_server
    if ($server -and $server.fqdn) { return $server.fqdn }
    return $State.local_server
}

# The faults every way of loading the shell meets: the delay, the missing
# snap-in (a terminating error). Returns the state.
function Enter-LabShellLoad {
    param($Cmdlet)
    $state = Get-LabState
    if (-not $script:EmsLoaded -and [int]$state.faults.shell_load_delay_ms -gt 0) {
        Start-Sleep -Milliseconds ([int]$state.faults.shell_load_delay_ms)
    }
    if ($state.faults.snapin_failure) {
        $Cmdlet.ThrowTerminatingError((New-LabError -Message "The Windows PowerShell snap-in '$script:Exchange15SnapIn' is not installed on this computer." -Id 'AddPSSnapInRead,Microsoft.PowerShell.Commands.AddPSSnapinCommand' -Category InvalidArgument -Target $script:Exchange15SnapIn -ExceptionType 'System.Management.Automation.PSArgumentException'))
    }
    return $state
}

# The shell is loaded: the call is a collection's; the hang knob holds here.
function Complete-LabShellLoad {
    param($State)
    $first = -not $script:EmsLoaded
    $script:EmsLoaded = $true
    Add-LabNote 'collect' 'Exchange Management Shell'
    if ($first -and $State.faults.hang) {
        while ($true) { Start-Sleep -Seconds 3600 }
    }
}

# bin\RemoteExchange.ps1: the banner and Connect-ExchangeServer.
function Enter-LabRemoteExchange {
    [CmdletBinding()]
    param()
    $state = Enter-LabShellLoad $PSCmdlet
    if (-not $state) { return }
    $banner = @('', '         Welcome to the Exchange Management Shell!', '', 'Full list of cmdlets: Get-Command',
        'Only Exchange cmdlets: Get-ExCommand', 'Cmdlets that match a specific string: Help *<string>*',
        'Get general help: Help', 'Get help for a cmdlet: Help <cmdlet name> or <cmdlet name> -?',
        'Exchange 2016 Docs: https://technet.microsoft.com/EN-US/library/mt587289(v=exchg.160).aspx',
        'Show quick reference guide: QuickRef', 'Exchange team blog: Get-ExBlog',
        'Show full output for a command: <command> | Format-List', '', 'Tip of the day #12:', '',
        'Do you want to see everything that occurs when you run a command? Include the Verbose',
        'parameter with the command. For example:', '', '  Get-Mailbox -Verbose', '', '')
    foreach ($line in $banner) { Write-Host $line }
    Set-Item -LiteralPath 'function:global:Connect-ExchangeServer' -Value (Get-Content -LiteralPath 'function:LabConnectExchangeServer')
}

function LabConnectExchangeServer {
    [CmdletBinding()]
    param([string]$ServerFqdn, [switch]$Auto, [string]$ClientApplication, [switch]$AllowClobber)
    $state = Get-LabState
    if ($state.faults.connect_failure) {
        throw (New-LabError -Message "Connect-ExchangeServer: No Exchange servers are available in any Active Directory sites. You can't connect to the Exchange server." -Id 'Connect-ExchangeServer' -Category ObjectNotFound)
    }
    $fqdn = Get-LabLocalFqdn $state
    Write-Host ('VERBOSE: Connecting to ' + $fqdn + '.')
    Write-Host ('VERBOSE: Connected to ' + $fqdn + '.')
    Import-LabExchangeCommand
    Complete-LabShellLoad $state
}

function Add-PSSnapin {
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory = $true)][string[]]$Name, [switch]$PassThru)
    $state = Enter-LabShellLoad $PSCmdlet
    if (-not $state) { return }
    foreach ($one in $Name) {
        if (-not (Get-PSSnapin -Registered -Name $one -ErrorAction SilentlyContinue)) {
            $PSCmdlet.WriteError((New-LabError -Message "The Windows PowerShell snap-in '$one' is not installed on this computer." -Id 'AddPSSnapInRead,Microsoft.PowerShell.Commands.AddPSSnapinCommand' -Category InvalidArgument -Target $one -ExceptionType 'System.Management.Automation.PSArgumentException'))
            continue
        }
        Import-LabExchangeCommand
        Complete-LabShellLoad $state
    }
}

# A 2013+ server has the 2013+ snap-in registered, not Exchange 2010's.
function Get-PSSnapin {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Name, [switch]$Registered)
    foreach ($one in @($Name)) {
        if ($one -eq $script:Exchange15SnapIn) {
            [pscustomobject]@{ Name = $script:Exchange15SnapIn; PSVersion = '1.0'; Description = 'Admin Tasks for the Exchange Server' }
        } else {
            $PSCmdlet.WriteError((New-LabError -Message "No Windows PowerShell snap-ins matching the pattern '$one' were found. Check the pattern and then try the command again." -Id 'NoPSSnapInsFound,Microsoft.PowerShell.Commands.GetPSSnapinCommand' -Category InvalidArgument -Target $one -ExceptionType 'System.Management.Automation.PSArgumentException'))
        }
    }
}

function Import-PSSession {
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory = $true)]$Session, [string[]]$CommandName, [switch]$DisableNameChecking,
        [switch]$AllowClobber, [string]$Prefix)
    $state = Enter-LabShellLoad $PSCmdlet
    if (-not $state) { return }
    $names = @($CommandName)
    if ($state.faults.no_audit_role -and ($names -contains 'Search-AdminAuditLog')) {
        $PSCmdlet.WriteError((New-LabError -Message "Running the Get-Command command in a remote session reported the following error: The term 'Search-AdminAuditLog' is not recognized as the name of a cmdlet, function, script file, or operable program." -Id 'ErrorFromRemoteCommand,Microsoft.PowerShell.Commands.ImportPSSessionCommand' -Category InvalidResult))
        return
    }
    if (-not $DisableNameChecking) {
        Write-Warning "The names of some imported commands from the module 'tmp_lab.psm1' include unapproved verbs that might make them less discoverable. To find the commands with unapproved verbs, run the Import-Module command again with the Verbose parameter. For a list of approved verbs, type Get-Verb."
    }
    if ($CommandName) { Import-LabExchangeCommand -Name $CommandName -Remote } else { Import-LabExchangeCommand -Remote }
    Complete-LabShellLoad $state
    return [pscustomobject]@{ Name = 'tmp_lab'; ModuleType = 'Script'; ExportedCommands = $names }
}

# ---- the Exchange cmdlets (global once the shell is loaded) --------------

function Get-LabVersionText {
    param([string]$Version)
    $parts = $Version.Split('.')
    return 'Version ' + $parts[0] + '.' + $parts[1] + ' (Build ' + $parts[2] + '.' + $parts[3] + ')'
}

function Get-LabRoleText {
    param($Server)
    $roles = @($script:RoleOrder | Where-Object { @($Server.roles) -contains $_ })
    if ($roles.Count -eq 0) { return 'None' }
    return $roles -join ', '
}

function Test-LabClientAccess {
    param($Server)
    $major = [int](([string]$Server.version).Split('.')[0])
    return (@($Server.roles) -contains 'ClientAccess') -or ($major -ge 15 -and @($Server.roles) -contains 'Mailbox')
}

function Resolve-LabIdentity {
    param($State, $Identity, [string]$Cmdlet)
    if (-not $Identity) { return @($State.servers) }
    $server = Find-LabServer $State ([string]$Identity)
    if ($server) { return @($server) }
    throw (New-LabError -Message ("The operation couldn't be performed because object '" + $Identity + "' couldn't be found on 'DC01." + $State.domain + "'.") -Id ('[Server=' + $State.local_server + '] ' + $Cmdlet) -Category NotSpecified -Target $Identity)
}

function LabGetExchangeServer {
    [CmdletBinding()]
    param([Parameter(Position = 0)]$Identity)
    Add-LabNote '-' 'Get-ExchangeServer'
    $state = Get-LabState
    foreach ($server in (Resolve-LabIdentity $state $Identity 'Get-ExchangeServer')) {
        $major = [int](([string]$server.version).Split('.')[0])
        [pscustomobject]@{ Name = $server.name; Fqdn = $server.fqdn; Edition = $server.edition;
            AdminDisplayVersion = Get-LabVersionText $server.version; ServerRole = Get-LabRoleText $server;
            Site = $state.domain + '/Configuration/Sites/' + $server.site; IsClientAccessServer = Test-LabClientAccess $server;
            IsMailboxServer = @($server.roles) -contains 'Mailbox'; IsE14OrLater = $true; IsE15OrLater = $major -ge 15; Identity = $server.name }
    }
}

function Get-LabClientAccess {
    param($Identity, [string]$Cmdlet)
    Add-LabNote '-' $Cmdlet
    $state = Get-LabState
    foreach ($server in (Resolve-LabIdentity $state $Identity $Cmdlet)) {
        if (-not (Test-LabClientAccess $server)) { continue }
        [pscustomobject]@{ Name = $server.name; Fqdn = $server.fqdn; IsOutOfService = [bool]$server.is_out_of_service; Identity = $server.name }
    }
}

function LabGetClientAccessServer {
    [CmdletBinding()]
    param([Parameter(Position = 0)]$Identity)
    $state = Get-LabState
    $local = Find-LabServer $state $state.local_server
    if ($local -and [int](([string]$local.version).Split('.')[0]) -ge 15) {
        Write-Warning 'The Get-ClientAccessServer cmdlet will be removed in a future version of Exchange. Use the Get-ClientAccessService cmdlet instead. If you have any scripts that use the Get-ClientAccessServer cmdlet, update them to use the Get-ClientAccessService cmdlet. For more information, see http://go.microsoft.com/fwlink/p/?LinkId=254711.'
    }
    Get-LabClientAccess $Identity 'Get-ClientAccessServer'
}

function LabGetClientAccessService {
    [CmdletBinding()]
    param([Parameter(Position = 0)]$Identity)
    Get-LabClientAccess $Identity 'Get-ClientAccessService'
}

function Set-LabClientAccess {
    param($Cmdlet, $Identity, [bool]$IsOutOfService)
    if (-not $env:CASDOCTOR_LAB) { throw 'ExchangeLab: CASDOCTOR_LAB (the casdoctor-lab program) is not set' }
    $value = 'false'
    if ($IsOutOfService) { $value = 'true' }
    $saved = $global:LASTEXITCODE
    $output = & $env:CASDOCTOR_LAB set-oos ([string]$Identity) $value 2>&1
    $code = $LASTEXITCODE
    $global:LASTEXITCODE = $saved
    if ($code -ne 0) {
        $message = (@($output | ForEach-Object { [string]$_ }) -join ' ') -replace '^casdoctor-lab: ', ''
        $Cmdlet.WriteError((New-LabError -Message $message -Id ('[Server=' + (Get-LabState).local_server + '] ,Microsoft.Exchange.Management.SystemConfigurationTasks.SetClientAccessServer') -Category NotSpecified -Target $Identity -ExceptionType 'System.Management.Automation.RuntimeException'))
    }
}

function LabSetClientAccessServer {
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory = $true)]$Identity, [bool]$IsOutOfService)
    Set-LabClientAccess $PSCmdlet $Identity $IsOutOfService
}

function LabSetClientAccessService {
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory = $true)]$Identity, [bool]$IsOutOfService)
    Set-LabClientAccess $PSCmdlet $Identity $IsOutOfService
}

function LabSearchAdminAuditLog {
    [CmdletBinding()]
    param([string[]]$Cmdlets, [string[]]$Parameters, [string[]]$ObjectIds, [string[]]$UserIds, $IsSuccess,
        $StartDate, $EndDate, [int]$ResultSize = 1000)
    Add-LabNote '-' 'Search-AdminAuditLog'
    $state = Get-LabState
    $entries = New-Object System.Collections.ArrayList
    foreach ($entry in @($state.audit_log)) {
        $runDate = ConvertTo-LabLocalTime $entry.run_date
        if ($Cmdlets -and -not ($Cmdlets -contains $entry.cmdlet_name)) { continue }
        $names = @($entry.parameters | ForEach-Object { $_.name })
        if ($Parameters -and -not (@($Parameters | Where-Object { $names -contains $_ }).Count -gt 0)) { continue }
        if ($ObjectIds -and -not ($ObjectIds -contains $entry.object_modified)) { continue }
        if ($UserIds -and -not ($UserIds -contains $entry.caller)) { continue }
        if ($null -ne $IsSuccess -and [bool]$IsSuccess -ne [bool]$entry.succeeded) { continue }
        if ($StartDate -and $runDate -lt [datetime]$StartDate) { continue }
        if ($EndDate -and $runDate -gt [datetime]$EndDate) { continue }
        $entryParameters = @($entry.parameters | ForEach-Object {
            if ($script:EmsRemote) { [string]$_.name } else { [pscustomobject]@{ Name = $_.name; Value = $_.value } }
        })
        $failure = $null
        if (-not $entry.succeeded) { $failure = 'The operation failed.' }
        [void]$entries.Insert(0, [pscustomobject]@{ RunDate = $runDate; Caller = $entry.caller; CmdletName = $entry.cmdlet_name;
            ObjectModified = $entry.object_modified; CmdletParameters = $entryParameters; Succeeded = [bool]$entry.succeeded; Error = $failure })
    }
    @($entries) | Select-Object -First $ResultSize
}

# The shell reports the version the lab's state says (5.1 by default), as the
# server it stands for would.
if ($env:CASDOCTOR_LAB -and $env:CASDOCTOR_LAB_STATE) {
    $labState = Get-LabState
    if ($labState.ps_version) { $PSVersionTable.PSVersion = [version]$labState.ps_version }
    # The shell runs on the state's local server.
    if (-not $script:LabRemote) { $env:COMPUTERNAME = $labState.local_server }
}

Export-ModuleMember -Function @('Get-Service', 'Restart-Service', 'Start-Service', 'iisreset', 'Stop-Computer', 'Restart-Computer', 'Get-CimInstance',
    'Get-WmiObject', 'Get-Process', 'Get-ItemProperty', 'Get-Item', 'Get-Date', 'Invoke-Command', 'New-PSSession',
    'Get-PSSession', 'Remove-PSSession', 'Add-PSSnapin', 'Get-PSSnapin', 'Import-PSSession', 'Enter-LabRemoteExchange')
