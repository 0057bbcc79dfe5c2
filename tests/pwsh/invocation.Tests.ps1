# The two ways casdoctor starts PowerShell (invocation.hpp), run by real
# pwsh: -EncodedCommand with the whole script, and -EncodedCommand with the
# stdin bootstrap and the script as base64 lines on stdin (for scripts past
# the Windows command line limit). casdoctor_dump_scripts writes both
# command lines (invoke-short.*, invoke-long.*) for a script that prints a
# hostile value and the length of a literal of two spaces.
BeforeAll {
    $dir = Join-Path $env:WORK 'invocation'
    & $env:CASDOCTOR_DUMPER $dir | Out-Null
    $LASTEXITCODE | Should -Be 0
    $expected = [System.IO.File]::ReadAllText((Join-Path $dir 'hostile-plan-remote.hostile')).Split("`n")[3].Split("`t")[1]

    function Invoke-Recorded([string]$Stem) {
        $arguments = @([System.IO.File]::ReadAllLines((Join-Path $dir "$Stem.args")) | Where-Object { $_ })
        $stdin = [System.IO.File]::ReadAllText((Join-Path $dir "$Stem.stdin"))
        $start = New-Object System.Diagnostics.ProcessStartInfo $env:CASDOCTOR_PWSH
        foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.StandardOutputEncoding = New-Object System.Text.UTF8Encoding $false
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        $process.StandardInput.Write($stdin)
        $process.StandardInput.Close()
        $out = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        return @{ Code = $process.ExitCode; Lines = @($out -split "`r?`n" | Where-Object { $_ }); Arguments = $arguments; Stdin = $stdin }
    }
}

Describe 'PowerShell invocation' {
    It 'runs a short script from -EncodedCommand alone' {
        $run = Invoke-Recorded 'invoke-short'
        $run.Stdin | Should -BeNullOrEmpty
        $run.Code | Should -Be 0
        $run.Lines | Should -Be @($expected, '2')
    }
    It 'runs a script past the command line limit through the stdin bootstrap' {
        $run = Invoke-Recorded 'invoke-long'
        $run.Stdin.Length | Should -BeGreaterThan 32767
        ($run.Arguments -join ' ').Length | Should -BeLessThan 32767
        $run.Code | Should -Be 0
        $run.Lines | Should -Be @($expected, '2')
    }
    It 'starts PowerShell with -NoProfile -NonInteractive and never -Command' {
        $run = Invoke-Recorded 'invoke-long'
        $run.Arguments | Should -Contain '-NoProfile'
        $run.Arguments | Should -Contain '-NonInteractive'
        $run.Arguments | Should -Not -Contain '-Command'
    }
}
