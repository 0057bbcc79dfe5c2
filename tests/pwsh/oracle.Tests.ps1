# The parser oracle (oracle.ps1) must catch what it is there to catch, or
# pwsh.parser_oracle proves nothing: each sample's first line says what the
# oracle must report ("# expect TEXT -- why", or "# expect nothing").
BeforeDiscovery {
    $samples = @(Get-ChildItem -Path (Join-Path $PSScriptRoot 'samples') -Filter '*.ps1' | ForEach-Object {
        $first = Get-Content -LiteralPath $_.FullName -TotalCount 1
        $expect = ($first -replace '^# expect (.*?) -- .*$', '$1')
        @{ Name = $_.Name; File = $_.FullName; Expect = $expect }
    })
}

Describe 'oracle.ps1' {
    BeforeAll {
        $oracle = Join-Path $PSScriptRoot 'oracle.ps1'
        function Invoke-Oracle([string[]]$Files) {
            $global:LASTEXITCODE = -1
            $output = & $oracle @Files
            return @{ Code = $LASTEXITCODE; Text = ($output | Out-String) }
        }
    }

    It '<Name>: reports <Expect>' -ForEach $samples {
        $result = Invoke-Oracle @($File)
        if ($Expect -eq 'nothing') {
            $result.Text | Should -Match '0 finding\(s\)'
            $result.Code | Should -Be 0
        } else {
            $result.Code | Should -Be 1
            $result.Text | Should -BeLike ('*' + [System.Management.Automation.WildcardPattern]::Escape($Expect) + '*')
        }
    }

    It 'fails when no script is given' {
        (Invoke-Oracle @()).Code | Should -Be 2
    }
}
