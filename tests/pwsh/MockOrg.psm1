# Shared by the Pester suites: an org for mocks/ExchangeMock, written to a
# file, and casdoctor run against it.

# EX2010 (the 2010 CAS, set out of service three hours ago and back two
# hours ago), EX16A (2016 CU8, services and app pools started while EX2010
# was out of service: stale), EX16B (2016 CU8, restarted after the revert:
# current), EX13A (2013 CU20, likewise current). Times relative to now and
# inside the 24 h cache expiry, so the refresh model keeps EX16A stale
# (docs/exchange-behaviour.md).
function New-MockOrg {
    $now = [datetime]::UtcNow
    $iso = { param($hoursAgo) $now.AddHours(-$hoursAgo).ToString('yyyy-MM-ddTHH:mm:ssZ') }
    function Get-Services($hoursAgo, $firstId) {
        @(
            @{ Name = 'MSExchangeADTopology'; Status = 'Running'; ProcessId = $firstId; StartTime = (& $iso $hoursAgo); StartType = 'Automatic'; Dependents = @('MSExchangeIS', 'MSExchangeServiceHost') },
            @{ Name = 'W3SVC'; Status = 'Running'; ProcessId = $firstId + 1; StartTime = (& $iso $hoursAgo); StartType = 'Automatic'; Dependents = @() },
            @{ Name = 'WAS'; Status = 'Running'; ProcessId = $firstId + 1; StartTime = (& $iso $hoursAgo); StartType = 'Automatic'; Dependents = @('W3SVC') },
            @{ Name = 'MSExchangeIS'; Status = 'Running'; ProcessId = $firstId + 2; StartTime = (& $iso $hoursAgo); StartType = 'Automatic'; Dependents = @() },
            @{ Name = 'MSExchangeServiceHost'; Status = 'Running'; ProcessId = $firstId + 3; StartTime = (& $iso $hoursAgo); StartType = 'Automatic'; Dependents = @() }
        )
    }
    function Get-AppPools($hoursAgo) {
        @(
            @{ Name = 'MSExchangeOWAAppPool'; StartTime = (& $iso $hoursAgo) },
            @{ Name = 'MSExchangeECPAppPool'; StartTime = (& $iso $hoursAgo) }
        )
    }
    $site = 'contoso.com/Configuration/Sites/Default-First-Site-Name'
    return @{
        servers = @(
            @{ Name = 'EX2010'; Fqdn = 'ex2010.contoso.com'; AdminDisplayVersion = 'Version 14.3 (Build 123.4)'; ServerRole = 'Mailbox, ClientAccess, HubTransport'; Site = $site; IsOutOfService = $false; Services = @() },
            @{ Name = 'EX16A'; Fqdn = 'ex16a.contoso.com'; AdminDisplayVersion = 'Version 15.1 (Build 1415.2)'; ServerRole = 'Mailbox'; Site = $site; IsOutOfService = $false; ExSetup = '15.01.1415.002'; Services = (Get-Services 2.5 1000); AppPools = (Get-AppPools 2.5) },
            @{ Name = 'EX16B'; Fqdn = 'ex16b.contoso.com'; AdminDisplayVersion = 'Version 15.1 (Build 1415.2)'; ServerRole = 'Mailbox'; Site = $site; IsOutOfService = $false; ExSetup = '15.01.1415.002'; Services = (Get-Services 1 2000); AppPools = (Get-AppPools 1) },
            @{ Name = 'EX13A'; Fqdn = 'ex13a.contoso.com'; AdminDisplayVersion = 'Version 15.0 (Build 1367.3)'; ServerRole = 'Mailbox, ClientAccess'; Site = $site; IsOutOfService = $false; ExSetup = '15.00.1367.003'; Services = (Get-Services 1.5 3000); AppPools = (Get-AppPools 1.5) }
        )
        unreachable   = @()
        fail          = @{}
        iisreset_exit = @{}
        audit         = @(
            @{ RunDate = (& $iso 3); Caller = 'contoso.com/Users/Administrator'; CmdletName = 'Set-ClientAccessServer'; ObjectModified = 'EX2010'; CmdletParameters = @(@{ Name = 'Identity'; Value = 'EX2010' }, @{ Name = 'IsOutOfService'; Value = 'True' }); Succeeded = $true },
            @{ RunDate = (& $iso 2); Caller = 'contoso.com/Users/Administrator'; CmdletName = 'Set-ClientAccessServer'; ObjectModified = 'EX2010'; CmdletParameters = @(@{ Name = 'Identity'; Value = 'EX2010' }, @{ Name = 'IsOutOfService'; Value = 'False' }); Succeeded = $true }
        )
    }
}

# Writes the org where the mocks read it and starts a fresh call log.
function Set-MockOrg($Org, [string]$Dir) {
    New-Item -ItemType Directory -Path $Dir -Force | Out-Null
    $env:CASDOCTOR_MOCK_ORG = Join-Path $Dir 'org.json'
    $env:CASDOCTOR_MOCK_LOG = Join-Path $Dir 'calls.log'
    ConvertTo-Json -InputObject $Org -Depth 8 | Set-Content -LiteralPath $env:CASDOCTOR_MOCK_ORG -Encoding utf8
    Set-Content -LiteralPath $env:CASDOCTOR_MOCK_LOG -Value @() -Encoding utf8
}

function Get-MockCalls {
    return @(Get-Content -LiteralPath $env:CASDOCTOR_MOCK_LOG | Where-Object { $_ })
}

# casdoctor with its stdout (one string), stderr lines and exit code.
function Invoke-CasDoctor {
    $errFile = [System.IO.Path]::GetTempFileName()
    try {
        $out = & $env:CASDOCTOR @args 2>$errFile
        $code = $LASTEXITCODE
        return [pscustomobject]@{ Code = $code; Out = ($out -join "`n"); Err = @(Get-Content -LiteralPath $errFile) }
    } finally {
        [System.IO.File]::Delete($errFile)
    }
}

Export-ModuleMember -Function New-MockOrg, Set-MockOrg, Get-MockCalls, Invoke-CasDoctor
