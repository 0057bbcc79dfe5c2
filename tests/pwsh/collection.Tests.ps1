# The collection script in real PowerShell against mocked Exchange and
# Windows cmdlets (mocks/ExchangeMock, found through PSModulePath the way
# Test-ExchangeShell finds a loaded Exchange shell): `casdoctor collect` starts
# pwsh exactly as it would start powershell.exe, and `casdoctor diagnose`
# reads what the script wrote.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MockOrg.psm1') -Force
    $mocks = Join-Path $PSScriptRoot 'mocks'
    $pathBefore = $env:PSModulePath
    $env:PSModulePath = $mocks + [System.IO.Path]::PathSeparator + $env:PSModulePath
    $env:COMPUTERNAME = 'EX16B'
    $script:case = 0

    # Collects the org; returns the collect run, the snapshot (parsed), the
    # diagnosis run and its report (parsed), and the mock call log.
    function Invoke-Collection($Org, [string[]]$Options = @()) {
        $script:case++
        $dir = Join-Path $env:WORK ('collection-{0}' -f $script:case)
        Set-MockOrg $Org $dir
        $snapshotFile = Join-Path $dir 'snapshot.json'
        $collect = Invoke-CasDoctor collect -o $snapshotFile --powershell $env:CASDOCTOR_PWSH --timeout 2m @Options
        $result = [ordered]@{ Collect = $collect; Calls = Get-MockCalls; File = $snapshotFile; Snapshot = $null; Diagnose = $null; Report = $null }
        if (Test-Path -LiteralPath $snapshotFile) {
            $result.Snapshot = Get-Content -LiteralPath $snapshotFile -Raw | ConvertFrom-Json
            $result.Diagnose = Invoke-CasDoctor diagnose --snapshot $snapshotFile --format json
            $result.Report = $result.Diagnose.Out | ConvertFrom-Json
        }
        return [pscustomobject]$result
    }
    function Get-Finding($Report, [string]$Id, [string]$Server) {
        return @($Report.findings | Where-Object { $_.id -eq $Id -and (-not $Server -or $_.server -eq $Server) })
    }
}
AfterAll {
    $env:PSModulePath = $pathBefore
}

Describe 'the collection script against mocked cmdlets' {
    It 'collects a whole org that casdoctor then diagnoses' {
        $org0 = New-MockOrg
        $run = Invoke-Collection $org0
        $run.Collect.Code | Should -Be 0
        $run.Snapshot.schema | Should -Be 'casdoctor.snapshot/1'
        $run.Snapshot.collected_on | Should -Be 'EX16B'
        @($run.Snapshot.exchange_servers).Count | Should -Be 4
        @($run.Snapshot.services | Where-Object { $_.Server -eq 'EX16A' }).Count | Should -Be 3
        @($run.Snapshot.dependent_services | Where-Object { $_.Server -eq 'EX16A' }).Name | Should -Be @('MSExchangeIS', 'MSExchangeServiceHost')
        @($run.Snapshot.exsetup_versions).Count | Should -Be 3
        @($run.Snapshot.audit).Count | Should -Be 2
        # RunDate arrives as a DateTime of unspecified kind; the log keeps UTC.
        $text = Get-Content -LiteralPath $run.File -Raw
        $written = [regex]::Matches($text, '"RunDate":"([^"]+)"') | ForEach-Object { [System.DateTimeOffset]::Parse($_.Groups[1].Value, [cultureinfo]::InvariantCulture) }
        $given = $org0.audit | ForEach-Object { [System.DateTimeOffset]::Parse($_.RunDate, [cultureinfo]::InvariantCulture) }
        $written | Should -Be $given
        [regex]::Matches($text, '"RunDate":"[^"]+Z"').Count | Should -Be 2
        @($run.Snapshot.errors).Count | Should -Be 0
        # One Invoke-Command per 2013/2016 server, by FQDN; never the 2010 one.
        @($run.Calls | Where-Object { $_ -like '*|Invoke-Command|*' }) -replace '^.*\|', '' | Sort-Object | Should -Be @('ex13a.contoso.com', 'ex16a.contoso.com', 'ex16b.contoso.com')
        $run.Calls | Should -Contain 'EX16B|Search-AdminAuditLog|Cmdlets=Set-ClientAccessServer Parameters=IsOutOfService Days=30'
        $run.Diagnose.Code | Should -Be 2
        Get-Finding $run.Report 'kb4294204.stale-topology' 'EX16A' | Should -HaveCount 1
        Get-Finding $run.Report 'kb4294204.stale-topology' 'EX16B' | Should -HaveCount 0
        Get-Finding $run.Report 'collect.partial' | Should -HaveCount 0
    }

    It 'passes --audit-days to Search-AdminAuditLog' {
        $run = Invoke-Collection (New-MockOrg) @('--audit-days', '7')
        $run.Collect.Code | Should -Be 0
        $run.Calls | Should -Contain 'EX16B|Search-AdminAuditLog|Cmdlets=Set-ClientAccessServer Parameters=IsOutOfService Days=7'
    }

    It 'keeps the other servers when one does not answer' {
        $org = New-MockOrg
        $org.unreachable = @('EX13A')
        $run = Invoke-Collection $org
        $run.Collect.Code | Should -Be 0
        $failure = @($run.Snapshot.errors | Where-Object { $_.Server -eq 'EX13A' })
        $failure | Should -HaveCount 1
        $failure[0].Step | Should -Be 'remote'
        $failure[0].Message | Should -BeLike '*WinRM cannot complete the operation*'
        @($run.Snapshot.services | Where-Object { $_.Server -eq 'EX13A' }) | Should -HaveCount 0
        @($run.Snapshot.services | Where-Object { $_.Server -eq 'EX16A' }) | Should -HaveCount 3
        @(Get-Finding $run.Report 'collect.partial' 'EX13A' | Where-Object { $_.summary -like 'Could not collect remote*' }) | Should -HaveCount 1
        Get-Finding $run.Report 'kb4294204.stale-topology' 'EX16A' | Should -HaveCount 1
    }

    It 'reports a step that fails on one server and keeps the rest of it' {
        $org = New-MockOrg
        ($org.servers | Where-Object { $_.Name -eq 'EX16B' }).ExSetup = $null
        $run = Invoke-Collection $org
        $run.Collect.Code | Should -Be 0
        $failure = @($run.Snapshot.errors | Where-Object { $_.Server -eq 'EX16B' })
        $failure | Should -HaveCount 1
        $failure[0].Step | Should -Be 'exsetup_versions'
        $failure[0].Message | Should -BeLike '*ExchangeInstallPath is not set*'
        @($run.Snapshot.services | Where-Object { $_.Server -eq 'EX16B' }) | Should -HaveCount 3
    }

    It 'says the audit log was not read, rather than read and empty, when the search fails' {
        $org = New-MockOrg
        $org.fail = @{ 'Search-AdminAuditLog' = 'The admin audit log search failed: access denied' }
        $run = Invoke-Collection $org
        $run.Collect.Code | Should -Be 0
        $run.Snapshot.audit | Should -BeNullOrEmpty
        (Get-Content -LiteralPath $run.File -Raw) | Should -Match '"audit":null'
        @($run.Snapshot.errors | Where-Object { $_.Step -eq 'audit' }).Message | Should -Be 'The admin audit log search failed: access denied'
        Get-Finding $run.Report 'kb4294204.stale-topology' | Should -HaveCount 0
        $run.Diagnose.Code | Should -Not -Be 0
    }

    It 'reports a failed Get-ExchangeServer instead of an empty org' {
        $org = New-MockOrg
        $org.fail = @{ 'Get-ExchangeServer' = 'Active Directory server dc1.contoso.com is not available.' }
        $run = Invoke-Collection $org
        $run.Collect.Code | Should -Be 0
        @($run.Snapshot.errors | Where-Object { $_.Step -eq 'exchange_servers' }).Message | Should -Be 'Active Directory server dc1.contoso.com is not available.'
        $run.Diagnose.Code | Should -Be 3
    }

    It 'reads AdminDisplayVersion as an object and IsOutOfService as text (remoting)' {
        $org = New-MockOrg
        ($org.servers | Where-Object { $_.Name -eq 'EX16A' }).AdminDisplayVersion = @{ Major = 15; Minor = 1; Build = 1415; Revision = 2 }
        ($org.servers | Where-Object { $_.Name -eq 'EX2010' }).IsOutOfService = 'False'
        $run = Invoke-Collection $org
        $run.Collect.Code | Should -Be 0
        ($run.Snapshot.exchange_servers | Where-Object { $_.Name -eq 'EX16A' }).AdminDisplayVersion | Should -Be 'Version 15.1 (Build 1415.2)'
        ($run.Report.servers | Where-Object { $_.name -eq 'EX16A' }).build | Should -Be '15.1.1415.2'
        ($run.Report.servers | Where-Object { $_.name -eq 'EX2010' }).is_out_of_service | Should -Be $false
        Get-Finding $run.Report 'kb4294204.stale-topology' 'EX16A' | Should -HaveCount 1
    }

    It 'CmdletParameters that arrived as one string (remote EMS): an errors entry, never a guessed revert' {
        $org = New-MockOrg
        foreach ($entry in $org.audit) {
            $entry.CmdletParameters = 'Identity=EX2010 IsOutOfService=' + $entry.CmdletParameters[1].Value
        }
        $run = Invoke-Collection $org
        $run.Collect.Code | Should -Be 0
        @($run.Snapshot.errors).Count | Should -BeGreaterThan 0
        # The parameters are not names and values: staleness may only be
        # claimed against the real revert (read from the string), never
        # against a guess.
        $revert = [System.DateTimeOffset]::Parse($org.audit[1].RunDate, [cultureinfo]::InvariantCulture)
        foreach ($finding in (Get-Finding $run.Report 'kb4294204.stale-topology')) {
            $when = $finding.evidence.revert.run_date
            if ($when -isnot [datetime]) { $when = [datetime]::Parse($when, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal) }
            $when.ToUniversalTime() | Should -Be $revert.UtcDateTime
        }
    }

    It 'writes a snapshot that reads the same in the form Windows PowerShell 5.1 writes' {
        $run = Invoke-Collection (New-MockOrg)
        $text = Get-Content -LiteralPath $run.File -Raw
        # 5.1: dates as \/Date(ms)\/, service states as enum numbers, ' < > &
        # as \u escapes, and "key":  value with two spaces.
        $epoch = [datetime]::new(1970, 1, 1, 0, 0, 0, [System.DateTimeKind]::Utc)
        $ps51 = [regex]::Replace($text, '"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)"', {
                param($m)
                $ms = [int64]([datetime]::Parse($m.Groups[1].Value, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal) - $epoch).TotalMilliseconds
                '"\/Date({0})\/"' -f $ms
            })
        $ps51 = $ps51.Replace('"Status":"Running"', '"Status":4').Replace("'", '\u0027').Replace('":', '":  ')
        $ps51 | Should -Match 'Date\('
        $file51 = Join-Path (Split-Path $run.File) 'snapshot-ps51.json'
        [System.IO.File]::WriteAllText($file51, $ps51, (New-Object System.Text.UnicodeEncoding $false, $true))
        $diagnose51 = Invoke-CasDoctor diagnose --snapshot $file51 --format json
        $diagnose51.Code | Should -Be $run.Diagnose.Code
        $ids = { param($r) @($r.findings | ForEach-Object { '{0}/{1}' -f $_.id, $_.server }) }
        & $ids ($diagnose51.Out | ConvertFrom-Json) | Should -Be (& $ids $run.Report)
    }

    It 'ends with exit 3 and the reason when no Exchange shell can be loaded' {
        $env:PSModulePath = $pathBefore
        try {
            $run = Invoke-Collection (New-MockOrg) @('--ems', 'local')
        } finally {
            $env:PSModulePath = $mocks + [System.IO.Path]::PathSeparator + $pathBefore
        }
        $run.Collect.Code | Should -Be 3
        ($run.Collect.Err -join "`n") | Should -BeLike '*cannot load the Exchange Management Shell*ExchangeInstallPath is not set*'
        $run.Calls | Should -HaveCount 0
    }
}
