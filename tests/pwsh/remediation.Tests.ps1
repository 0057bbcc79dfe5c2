# Every remediation command casdoctor plans, run in real PowerShell against
# mocked cmdlets (mocks/ExchangeMock): the restart, iisreset with its exit
# code, the state query the executor parses, the on_failure commands, through
# Invoke-Command and on the local server, and with hostile server and
# service names (which must arrive at the cmdlets intact, as one argument).
BeforeDiscovery {
    # casdoctor_dump_scripts writes every plan's commands, one a line.
    $dumped = Join-Path $env:WORK 'remediation-dumped'
    & $env:CASDOCTOR_DUMPER $dumped | Out-Null
    $plans = @(Get-ChildItem -Path $dumped -Filter '*plan-*.ps1' | ForEach-Object {
            @{ Name = $_.BaseName; Lines = @(Get-Content -LiteralPath $_.FullName | Where-Object { $_ -and $_ -notlike 'casdoctor verify *' }) }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MockOrg.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'mocks/ExchangeMock/ExchangeMock.psd1') -Force
    $dumped = Join-Path $env:WORK 'remediation-dumped'
    $hostile = @(Get-Content -LiteralPath (Join-Path $dumped 'hostile-plan-remote.hostile') -Encoding utf8 | ForEach-Object { $_.Split([char]9, 2)[1] })
    $evil = "EX1'; Remove-Item C:\ -Recurse; '"

    # The mock org plus every server name plan_cases.hpp and
    # hostile_cases.hpp use, each with IIS and dependents of its own name.
    function New-PlanMockOrg {
        $org = New-MockOrg
        $template = ($org.servers | Where-Object { $_.Name -eq 'EX16A' })
        foreach ($name in @('EX16FIX', 'EX19', $evil) + $hostile) {
            $services = @($template.Services | ForEach-Object { $_.Clone() }) + @(
                @{ Name = $name; Status = 'Running'; ProcessId = 4000; StartTime = '2018-06-19T08:00:00Z'; StartType = 'Automatic'; Dependents = @() })
            $org.servers += @{ Name = $name; Fqdn = ($name + '.contoso.com'); AdminDisplayVersion = 'Version 15.1 (Build 1415.2)'; ServerRole = 'Mailbox'; Site = 'Site1'; IsOutOfService = $false; ExSetup = '15.01.1415.002'; Services = $services }
        }
        foreach ($server in $org.servers) {
            $server.Services = @($server.Services) + @(@{ Name = 'IISADMIN'; Status = 'Running'; ProcessId = 900; StartTime = '2018-06-19T08:00:00Z'; StartType = 'Automatic'; Dependents = @() })
        }
        return $org
    }
    $script:case = 0
    function Set-Org($Org) {
        $script:case++
        Set-MockOrg $Org (Join-Path $env:WORK ('remediation-{0}' -f $script:case))
    }
    # Runs one command line as the executor would: here, on $Computer.
    function Invoke-Line([string]$Line, [string]$Computer = 'CASHOST') {
        $before = $env:COMPUTERNAME
        $env:COMPUTERNAME = $Computer
        try {
            return , @(& ([scriptblock]::Create($Line)))
        } finally {
            $env:COMPUTERNAME = $before
        }
    }
    # The plan for examples/kb4294204-hit.json (EX16A stale), as JSON.
    $planRun = Invoke-CasDoctor remediate --dry-run --snapshot (Join-Path $env:EXAMPLES 'kb4294204-hit.json') --format json
    $steps = @(($planRun.Out | ConvertFrom-Json).plan.steps)
    function Get-StepCommand([string]$Action) { return ($steps | Where-Object { $_.action -eq $Action } | Select-Object -First 1).command }
    function Get-FailureCommands([string]$Action) {
        $text = ($steps | Where-Object { $_.action -eq $Action } | Select-Object -First 1).on_failure
        return @($text -split "`n" | Where-Object { $_ -like 'PS> *' } | ForEach-Object { $_.Substring(4) })
    }
}

Describe 'the remediation commands against mocked cmdlets' {
    BeforeEach { Set-Org (New-PlanMockOrg) }

    It 'restart-topology restarts MSExchangeADTopology with -Force on the server, after printing its clock' {
        $output = Invoke-Line (Get-StepCommand 'restart-topology')
        [datetime]::Parse($output[0], [cultureinfo]::InvariantCulture) | Should -BeOfType [datetime]
        Get-MockCalls | Should -Contain 'EX16A|Restart-Service|MSExchangeADTopology Force=True'
    }

    It 'restart-topology fails (a terminating error) when the restart fails on the server' {
        $org = New-PlanMockOrg
        $org.fail = @{ 'Restart-Service' = 'Service MSExchangeADTopology cannot be stopped' }
        Set-Org $org
        { Invoke-Line (Get-StepCommand 'restart-topology') } | Should -Throw '*cannot be stopped*'
    }

    It 'a server that does not answer fails the step' {
        $org = New-PlanMockOrg
        $org.unreachable = @('EX16A')
        Set-Org $org
        { Invoke-Line (Get-StepCommand 'restart-topology') } | Should -Throw '*WinRM cannot complete the operation*'
        Get-MockCalls | Where-Object { $_ -like '*Restart-Service*' } | Should -BeNullOrEmpty
    }

    It 'the injection detector works: a name pasted without quoting runs its payload' {
        Invoke-Line ('Restart-Service -Name EX1; Stop-Computer -Force') | Out-Null
        Get-MockCalls | Should -Contain 'INJECTED|Stop-Computer|-Force'
    }

    It 'iisreset runs with /noforce /timeout:120 and leaves the local exit code alone' {
        $global:LASTEXITCODE = 0
        $output = Invoke-Line (Get-StepCommand 'iisreset')
        $output | Should -Contain 'Internet services successfully restarted'
        Get-MockCalls | Should -Contain 'EX16A|iisreset|/noforce /timeout:120'
        $global:LASTEXITCODE | Should -Be 0
    }

    It 'iisreset with a non-zero exit code fails the step through remoting' {
        $org = New-PlanMockOrg
        $org.iisreset_exit = @{ EX16A = 1 }
        Set-Org $org
        { Invoke-Line (Get-StepCommand 'iisreset') } | Should -Throw '*iisreset failed: its exit code is not 0*'
    }

    It 'check-services prints one JSON line of the services and their processes' {
        $output = Invoke-Line (Get-StepCommand 'check-services')
        $state = $output[-1] | ConvertFrom-Json
        @($state.Services.Name) | Should -Contain 'MSExchangeADTopology'
        @($state.Services.Name) | Should -Contain 'W3SVC'
        ($state.Services | Where-Object { $_.Name -eq 'MSExchangeADTopology' }).State | Should -Be 'Running'
        @($state.Processes.Id) | Should -Contain 1000
        Get-MockCalls | Should -Contain "EX16A|Get-CimInstance|Win32_Service Name = 'MSExchangeADTopology' OR Name = 'W3SVC' OR Name = 'WAS'"
    }

    It 'check-services asks Get-Process only for running services (a stopped one has ProcessId 0)' {
        $org = New-PlanMockOrg
        $topology = ($org.servers | Where-Object { $_.Name -eq 'EX16A' }).Services | Where-Object { $_.Name -eq 'MSExchangeADTopology' }
        $topology.Status = 'Stopped'
        $topology.ProcessId = 0
        Set-Org $org
        $output = Invoke-Line (Get-StepCommand 'check-services')
        $state = $output[-1] | ConvertFrom-Json
        ($state.Services | Where-Object { $_.Name -eq 'MSExchangeADTopology' }).State | Should -Be 'Stopped'
        $asked = @(Get-MockCalls | Where-Object { $_ -like '*|Get-Process|*' })
        $asked | Should -Not -BeNullOrEmpty
        foreach ($call in $asked) { ($call -split '\|')[-1] -split ',' | Should -Not -Contain '0' }
    }

    It 'check-services still answers when none of its services exists on the server' {
        $org = New-PlanMockOrg
        ($org.servers | Where-Object { $_.Name -eq 'EX16A' }).Services = @()
        Set-Org $org
        # Get-Process -Id with an empty list is a parameter binding error that
        # -ErrorAction SilentlyContinue does not silence: the query must not make that call.
        $output = Invoke-Line (Get-StepCommand 'check-services')
        $state = $output[-1] | ConvertFrom-Json
        @($state.Services) | Where-Object { $_ } | Should -BeNullOrEmpty
        @($state.Processes) | Where-Object { $_ } | Should -BeNullOrEmpty
    }

    It 'the on_failure commands of restart-topology start the topology service and its automatic dependents' {
        foreach ($line in Get-FailureCommands 'restart-topology') { Invoke-Line $line | Out-Null }
        $calls = Get-MockCalls
        $calls | Should -Contain 'EX16A|Start-Service|MSExchangeADTopology'
        $calls | Should -Contain 'EX16A|Start-Service|MSExchangeIS'
        $calls | Should -Contain 'EX16A|Start-Service|MSExchangeServiceHost'
    }

    It 'the on_failure commands of iisreset start IIS and show its services' {
        $output = foreach ($line in Get-FailureCommands 'iisreset') { Invoke-Line $line }
        Get-MockCalls | Should -Contain 'EX16A|iisreset|/start'
        @($output | Where-Object { $_.Name }).Name | Should -Be @('IISADMIN', 'WAS', 'W3SVC')
    }

    It '<Name>: every command runs, and names reach the cmdlets whole' -ForEach $plans {
        foreach ($line in $Lines) {
            # The local plans name their server nowhere in a command: it is
            # the one they run on.
            $computer = 'CASHOST'
            if ($Name -eq 'plan-local-stale') { $computer = 'EX16A' }
            if ($Name -eq 'plan-evil-local') { $computer = $evil }
            if ($Name -eq 'hostile-plan-local') { $computer = $hostile[0] }
            { Invoke-Line $line $computer | Out-Null } | Should -Not -Throw -Because $line
        }
        if ($Name -like 'hostile-plan-remote') {
            $calls = Get-MockCalls
            foreach ($value in $hostile) {
                $calls | Should -Contain ('CASHOST|Invoke-Command|' + $value + '.contoso.com')
                $calls | Should -Contain ($value + '|Restart-Service|MSExchangeADTopology Force=True')
                @($calls | Where-Object { $_ -like ('*|Start-Service|*') -and $_.EndsWith(',' + $value) }).Count | Should -BeGreaterThan 0
            }
        }
        Get-MockCalls | Where-Object { $_ -like 'INJECTED|*' } | Should -BeNullOrEmpty
    }
}
