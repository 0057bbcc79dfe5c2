# The CasDoctor module (powershell/CasDoctor) with the real casdoctor:
# snapshots from examples/, the lab (casdoctor-lab) as the org's PowerShell
# and OWA, and a stand-in program that records what the module passes.
BeforeAll {
    $env:CASDOCTOR_PATH = $env:CASDOCTOR
    Import-Module (Join-Path $env:CASDOCTOR_MODULE 'CasDoctor.psd1') -Force
    $hit = Join-Path $env:EXAMPLES 'kb4294204-hit.json'
    $healthy = Join-Path $env:EXAMPLES 'healthy.json'
    $work = Join-Path $env:WORK 'module'
    New-Item -ItemType Directory -Path $work -Force | Out-Null

    # The lab's kb4294204 scenario in a state file of this suite.
    $env:CASDOCTOR_LAB_STATE = Join-Path $work 'state.json'
    # The lab runs casdoctor's scripts in real pwsh with its ExchangeLab module (docs/lab.md).
    $env:CASDOCTOR_LAB_PWSH = $env:CASDOCTOR_PWSH
    $env:PSModulePath = (Join-Path $env:PROJECT_ROOT 'powershell') + [System.IO.Path]::PathSeparator + $env:PSModulePath
    function Reset-Lab {
        & $env:CASDOCTOR_LAB scenario kb4294204 --state $env:CASDOCTOR_LAB_STATE --now 2018-06-20T09:00:00Z | Out-Null
        $LASTEXITCODE | Should -Be 0
    }
    function Get-LabActions {
        return @((Get-Content -LiteralPath $env:CASDOCTOR_LAB_STATE -Raw | ConvertFrom-Json).calls | Where-Object { $_.kind -eq 'action' })
    }
    function New-Credential([string]$User, [string]$Password) {
        return New-Object System.Management.Automation.PSCredential $User, (ConvertTo-SecureString -String $Password -AsPlainText -Force)
    }

    # A program that writes its arguments (one a line) and its stdin to
    # files and prints nothing.
    $recorder = Join-Path $work 'recorder.sh'
    Set-Content -LiteralPath $recorder -Value @(
        '#!/bin/sh',
        ('printf ''%s\n'' "$@" > ''{0}/args''' -f $work),
        ('cat > ''{0}/stdin''' -f $work),
        'exit 0') -Encoding ascii
    & chmod +x $recorder
}

Describe 'the module' {
    It 'has a valid manifest whose FileList names exactly the files of its folder' {
        $manifest = Test-ModuleManifest -Path (Join-Path $env:CASDOCTOR_MODULE 'CasDoctor.psd1')
        $manifest.ExportedFunctions.Keys | Sort-Object | Should -Be @('Get-CasDoctorBuild', 'Get-CasDoctorDiagnosis', 'Invoke-CasDoctorRemediation', 'Test-CasDoctorOwaLogon')
        $listed = @($manifest.FileList | ForEach-Object { Split-Path -Leaf $_ }) | Sort-Object
        $present = @(Get-ChildItem -Path $env:CASDOCTOR_MODULE -File -Recurse | ForEach-Object { $_.Name }) | Sort-Object
        $listed | Should -Be $present
    }
    It '<_> has comment-based help with a synopsis and an example' -ForEach @('Get-CasDoctorDiagnosis', 'Invoke-CasDoctorRemediation', 'Test-CasDoctorOwaLogon', 'Get-CasDoctorBuild') {
        $help = Get-Help $_ -Full
        # Without comment-based help the synopsis is the syntax line, naming the command.
        $help.Synopsis | Should -Not -Match ([regex]::Escape($_))
        $help.Synopsis.Length | Should -BeGreaterThan 20
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
    }
}

Describe 'Get-CasDoctorDiagnosis' {
    It 'returns the report of a snapshot with the exit code as ExitCode' {
        $report = Get-CasDoctorDiagnosis -Snapshot $hit
        $report.schema | Should -Be 'casdoctor.report/1'
        $report.status | Should -Be 'critical'
        $report.ExitCode | Should -Be 2
        @($report.findings | Where-Object { $_.id -eq 'kb4294204.stale-topology' }).server | Sort-Object | Should -Be @('EX13A', 'EX16A')
    }
    It 'reports a healthy org with ExitCode 0' {
        (Get-CasDoctorDiagnosis -Snapshot $healthy).ExitCode | Should -BeIn @(0, 1)
    }
    It 'turns casdoctor errors into PowerShell errors with its message' {
        $result = Get-CasDoctorDiagnosis -Snapshot (Join-Path $work 'missing.json') -ErrorVariable failures -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].Exception.Message | Should -BeLike "cannot read '*missing.json'*"
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CasDoctor.Exit65,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        { Get-CasDoctorDiagnosis -Snapshot (Join-Path $work 'missing.json') -ErrorAction Stop } | Should -Throw "cannot read*"
    }
    It 'stops with a clear error when casdoctor cannot be found' {
        { Get-CasDoctorDiagnosis -Snapshot $hit -CasDoctorPath (Join-Path $work 'no-such-program') } | Should -Throw
    }
    It 'collects live through the lab standing in for PowerShell' {
        Reset-Lab
        $report = Get-CasDoctorDiagnosis -PowerShellPath $env:CASDOCTOR_LAB
        $report.ExitCode | Should -Be 2
        @($report.findings | Where-Object { $_.id -eq 'kb4294204.stale-topology' }).server | Sort-Object | Should -Be @('EX13A', 'EX16A')
    }
}

Describe 'Get-CasDoctorBuild' {
    It 'returns one object per build, from arguments or the pipeline' {
        $builds = '15.1.1415.2', 'Version 15.0 (Build 1395.4)' | Get-CasDoctorBuild
        $builds | Should -HaveCount 2
        $builds[0].product | Should -Be 'Exchange Server 2016'
        $builds[0].kb4294204 | Should -Be 'susceptible'
        $builds[1].kb4294204 | Should -Be 'fixed'
        $builds[0].ExitCode | Should -Be 0
        @($builds[0].Findings).id | Should -Contain 'build.unsupported'
    }
    It 'writes an error for what is not a build number' {
        $null = Get-CasDoctorBuild 'nonsense' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.Message | Should -Be "not a build number: 'nonsense'"
    }
}

Describe 'Invoke-CasDoctorRemediation' {
    It 'declares ConfirmImpact High and -WhatIf/-Confirm' {
        $command = Get-Command Invoke-CasDoctorRemediation
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        $binding = $command.ScriptBlock.Attributes | Where-Object { $_ -is [System.Management.Automation.CmdletBindingAttribute] }
        "$($binding.ConfirmImpact)" | Should -Be 'High'
    }
    It '-Snapshot only plans' {
        $plan = Invoke-CasDoctorRemediation -Snapshot $hit -Confirm:$false
        $plan.plan.dry_run | Should -Be $true
        @($plan.plan.steps | Where-Object { $_.status -ne 'planned' }) | Should -HaveCount 0
    }
    It '-WhatIf is the dry run: the plan comes back and nothing runs' {
        Reset-Lab
        $plan = Invoke-CasDoctorRemediation -PowerShellPath $env:CASDOCTOR_LAB -WhatIf
        $plan.plan.dry_run | Should -Be $true
        @($plan.plan.steps.server | Select-Object -Unique) | Sort-Object | Should -Be @('EX13A', 'EX16A')
        Get-LabActions | Should -HaveCount 0
    }
    It '-Confirm:$false runs exactly the planned steps, and the org is clean after' {
        Reset-Lab
        $planned = Invoke-CasDoctorRemediation -PowerShellPath $env:CASDOCTOR_LAB -WhatIf
        $journal = Join-Path $work 'journal.jsonl'
        $run = Invoke-CasDoctorRemediation -PowerShellPath $env:CASDOCTOR_LAB -Confirm:$false -Journal $journal
        $run.plan.dry_run | Should -Be $false
        $stepsOf = { param($report) @($report.plan.steps | ForEach-Object { '{0}/{1}' -f $_.server, $_.action }) }
        & $stepsOf $run | Should -Be (& $stepsOf $planned)
        @($run.plan.steps.status | Select-Object -Unique) | Should -Be @('succeeded')
        $run.ExitCode | Should -Be 1
        Test-Path -LiteralPath $journal | Should -Be $true
        @(Get-LabActions).Count | Should -BeGreaterThan 0
        $after = Get-CasDoctorDiagnosis -PowerShellPath $env:CASDOCTOR_LAB
        @($after.findings | Where-Object { $_.id -eq 'kb4294204.stale-topology' }) | Should -HaveCount 0
    }
}

Describe 'Test-CasDoctorOwaLogon' {
    BeforeAll {
        Reset-Lab
        $ports = Join-Path $work 'ports.json'
        Remove-Item -LiteralPath $ports -ErrorAction SilentlyContinue
        $serve = Start-Process -FilePath $env:CASDOCTOR_LAB -ArgumentList @('serve', '--state', $env:CASDOCTOR_LAB_STATE, '--port-file', $ports) -PassThru -RedirectStandardOutput (Join-Path $work 'serve.out') -RedirectStandardError (Join-Path $work 'serve.err')
        $deadline = (Get-Date).AddSeconds(20)
        while (-not ((Test-Path -LiteralPath $ports) -and (Get-Item -LiteralPath $ports).Length -gt 0) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $frontEnds = (Get-Content -LiteralPath $ports -Raw | ConvertFrom-Json).front_ends
        $via = @($frontEnds | ForEach-Object { '{0}=127.0.0.1:{1}' -f $_.server, $_.port })
        $ca = $env:CASDOCTOR_LAB_STATE + '.ca.pem'
    }
    AfterAll {
        if ($serve -and -not $serve.HasExited) { $serve.Kill(); $serve.WaitForExit(5000) | Out-Null }
    }
    It 'shows the KB4294204 symptom through the stale front end, ok through the current one' {
        $report = Test-CasDoctorOwaLogon -Url 'https://mail.contoso.com/owa' -Credential (New-Credential 'CONTOSO\alice' 'Alice-Lab-2010!') -Via $via -CaFile $ca
        $report.ExitCode | Should -Be 2
        ($report.verification | Where-Object { $_.via -eq 'EX16A' } | Select-Object -First 1).outcome | Should -Be 'proxy-failure'
        ($report.verification | Where-Object { $_.via -eq 'EX16B' } | Select-Object -First 1).outcome | Should -Be 'ok'
    }
    It 'a wrong password is a failed logon, not an error of the module' {
        $report = Test-CasDoctorOwaLogon -Url 'https://mail.contoso.com/owa' -Credential (New-Credential 'CONTOSO\bob' 'wrong') -Via ($via | Where-Object { $_ -like 'EX16B=*' }) -CaFile $ca
        $report.ExitCode | Should -Be 2
    }
}

Describe 'what the module passes to casdoctor' {
    It 'gives the password on stdin only, and every argument intact' {
        $user = 'CONTOSO\o"brien x\'
        $password = 'Pa ss"w\0rd €'
        $null = Test-CasDoctorOwaLogon -Url 'https://mail.contoso.com/owa' -Credential (New-Credential $user $password) -Via 'EX16A=10.0.0.1', 'EX16B' -CasDoctorPath $recorder
        $arguments = @(Get-Content -LiteralPath (Join-Path $work 'args') -Encoding utf8)
        $arguments | Should -Be @('verify', '--url', 'https://mail.contoso.com/owa', '--user', $user, '--password-stdin', '--via', 'EX16A=10.0.0.1,EX16B', '--format', 'json')
        ($arguments -join ' ') | Should -Not -BeLike '*Pa ss*'
        [System.IO.File]::ReadAllText((Join-Path $work 'stdin'), [System.Text.Encoding]::UTF8) | Should -BeExactly ($password + "`n")
    }
}
