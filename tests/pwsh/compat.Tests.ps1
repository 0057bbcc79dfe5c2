# Nothing newer than PowerShell 3.0 in any script casdoctor generates, nor
# in the CasDoctor module: Exchange 2013/2016 run on Windows Server 2012
# (3.0) and 2012 R2 (4.0). compat.ps1 walks the syntax tree; its samples
# below prove each rule fires.
BeforeDiscovery {
    $dir = Join-Path $env:WORK 'compat'
    & $env:CASDOCTOR_DUMPER $dir | Out-Null
    $generated = @(Get-ChildItem -Path $dir -Filter '*.ps1' | ForEach-Object { @{ Name = $_.Name; File = $_.FullName } })
    $module = @(Get-ChildItem -Path $env:CASDOCTOR_MODULE -Include '*.ps1', '*.psm1', '*.psd1' -Recurse -ErrorAction SilentlyContinue | ForEach-Object { @{ Name = $_.Name; File = $_.FullName } })
    # The lab's Exchange module: admins rehearse with it in Windows PowerShell 5.1.
    $labModule = @(Get-ChildItem -Path (Join-Path $env:PROJECT_ROOT 'powershell/ExchangeLab') -Include '*.ps1', '*.psm1', '*.psd1' -Recurse -ErrorAction SilentlyContinue | ForEach-Object { @{ Name = $_.Name; File = $_.FullName } })
    $newer = @(
        @{ Code = 'using namespace System.Text'; Expect = 'using statement' }
        @{ Code = 'class Server { [string]$Name }'; Expect = 'class or enum' }
        @{ Code = 'enum Kind { A; B }'; Expect = 'class or enum' }
        @{ Code = '$x = [System.Text.StringBuilder]::new()'; Expect = '::new()' }
        @{ Code = '$x = $a ? 1 : 2'; Expect = 'ternary' }
        @{ Code = '$x = $a ?? 2'; Expect = 'null-coalescing' }
        @{ Code = '$x ??= 2'; Expect = '??=' }
        @{ Code = 'Get-Item x && Get-Item y'; Expect = 'pipeline chain' }
        @{ Code = '${x}?.Name'; Expect = 'null-conditional' }
        @{ Code = '$list.ForEach({ $_ })'; Expect = '.ForEach()' }
        @{ Code = '$list.Where({ $_ })'; Expect = '.Where()' }
        @{ Code = '1..3 | ForEach-Object -Parallel { $_ }'; Expect = 'ForEach-Object -Parallel' }
        @{ Code = '$o = $t | ConvertFrom-Json -AsHashtable'; Expect = 'ConvertFrom-Json -AsHashtable' }
        @{ Code = '$o = $t | ConvertFrom-Json -AsHash'; Expect = 'ConvertFrom-Json -AsHashtable' }
        @{ Code = 'ConvertTo-Json -InputObject $x -AsArray'; Expect = 'ConvertTo-Json -AsArray' }
        @{ Code = 'Get-Content -Path x -AsByteStream'; Expect = 'Get-Content -AsByteStream' }
        @{ Code = 'Set-Content -Path x -Value y -NoNewline'; Expect = 'Set-Content -NoNewline' }
        @{ Code = 'Invoke-RestMethod -Uri $u -SkipCertificateCheck'; Expect = '-SkipCertificateCheck' }
        @{ Code = 'Join-Path a b -AdditionalChildPath c'; Expect = 'Join-Path -AdditionalChildPath' }
        @{ Code = 'Get-ChildItem -Depth 2'; Expect = 'Get-ChildItem -Depth' }
        @{ Code = '$f = New-TemporaryFile'; Expect = 'New-TemporaryFile' }
        @{ Code = 'Get-FileHash x'; Expect = 'Get-FileHash' }
        @{ Code = 'Get-Date -AsUTC'; Expect = 'Get-Date -AsUTC' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'compat.ps1')
}

Describe 'the PowerShell 3.0 check' {
    It 'flags <Code>' -ForEach $newer {
        $problems = Get-CompatProblem $Code
        ($problems -join "`n") | Should -BeLike ('*' + [System.Management.Automation.WildcardPattern]::Escape($Expect) + '*')
    }
    It 'passes what 3.0 has' {
        Get-CompatProblem '$o = [pscustomobject]@{ A = [ordered]@{ B = 1 } }; Get-Service -Name x -ErrorAction Ignore | Where-Object { $_.Status -eq ''Running'' }; $a -in @(1) ; New-Object System.Text.UTF8Encoding $false; [datetime]::SpecifyKind($d, ''Utc'')' | Should -BeNullOrEmpty
    }
}

Describe 'every generated script needs only PowerShell 3.0' {
    It '<Name>' -ForEach $generated {
        Get-CompatProblem ([System.IO.File]::ReadAllText($File)) | Should -BeNullOrEmpty
    }
}

Describe 'the CasDoctor module needs only PowerShell 3.0' {
    It 'has files to check' {
        @(Get-ChildItem -Path $env:CASDOCTOR_MODULE -Include '*.psm1', '*.psd1' -Recurse).Count | Should -BeGreaterThan 1
    }
    It '<Name>' -ForEach $module {
        Get-CompatProblem ([System.IO.File]::ReadAllText($File)) | Should -BeNullOrEmpty
    }
}

Describe 'the ExchangeLab module needs nothing newer than PowerShell 3.0 syntax' {
    It 'has files to check' {
        @(Get-ChildItem -Path (Join-Path $env:PROJECT_ROOT 'powershell/ExchangeLab') -Include '*.ps1', '*.psm1', '*.psd1' -Recurse).Count | Should -BeGreaterThan 2
    }
    It '<Name>' -ForEach $labModule {
        Get-CompatProblem ([System.IO.File]::ReadAllText($File)) | Should -BeNullOrEmpty
    }
}
