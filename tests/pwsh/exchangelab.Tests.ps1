# The ExchangeLab module (powershell/ExchangeLab): the lab's Exchange org as
# the commands of an Exchange server's PowerShell, run as casdoctor runs it:
# `casdoctor-lab powershell` (real pwsh with the module) over a state file.
BeforeAll {
    $labModule = Join-Path $env:PROJECT_ROOT 'powershell/ExchangeLab'
    $work = Join-Path $env:WORK 'exchangelab'
    New-Item -ItemType Directory -Path $work -Force | Out-Null
    $state = Join-Path $work 'state.json'

    function Reset-Lab([string]$Knob) {
        & $env:CASDOCTOR_LAB scenario kb4294204 --state $state --now 2018-06-20T09:00:00Z | Out-Null
        $LASTEXITCODE | Should -Be 0
        if ($Knob) {
            & jq $Knob $state | Set-Content -LiteralPath "$state.new" -Encoding ascii
            Move-Item -LiteralPath "$state.new" -Destination $state -Force
        }
    }
    function Get-Lab {
        return Get-Content -LiteralPath $state -Raw | ConvertFrom-Json
    }
    # Runs SCRIPT as casdoctor does (-EncodedCommand) in the lab's shell;
    # Out, Err (text) and Code.
    function Invoke-Lab([string]$Script) {
        $encoded = [System.Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
        $env:CASDOCTOR_LAB_STATE = $state
        $env:CASDOCTOR_LAB_PWSH = $env:CASDOCTOR_PWSH
        $env:PSModulePath = Join-Path $env:PROJECT_ROOT 'powershell'
        $errFile = Join-Path $work 'err.txt'
        $out = & $env:CASDOCTOR_LAB -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand $encoded 2> $errFile
        return [pscustomobject]@{ Out = (@($out) -join "`n"); Err = [System.IO.File]::ReadAllText($errFile); Code = $LASTEXITCODE }
    }
    # The banner and the VERBOSE lines are host output (Write-Host): 6>$null.
    $loadShell = '. (Join-Path $env:ExchangeInstallPath ''bin\RemoteExchange.ps1'') 6>$null; Connect-ExchangeServer -Auto 6>$null; '
}

Describe 'the module files' {
    It 'have a valid manifest whose FileList names the files of the folder' {
        $manifest = Test-ModuleManifest -Path (Join-Path $labModule 'ExchangeLab.psd1')
        $manifest.ExportedFunctions.Keys | Should -Contain 'Invoke-Command'
        $manifest.ExportedFunctions.Keys | Should -Not -Contain 'Get-ExchangeServer'
        $listed = @($manifest.FileList | ForEach-Object { $_.Substring($labModule.Length + 1) -replace '\\', '/' }) | Sort-Object
        $present = @(Get-ChildItem -Path $labModule -File -Recurse | ForEach-Object { $_.FullName.Substring($labModule.Length + 1) -replace '\\', '/' }) | Sort-Object
        $listed | Should -Be $present
    }
    It 'parse without errors in the real parser: <Name>' -ForEach @(
        @{ Name = 'ExchangeLab.psm1' }, @{ Name = 'ExchangeLab.psd1' }, @{ Name = 'bin/RemoteExchange.ps1' }) {
        $tokens = $null
        $errors = $null
        [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $labModule $Name), [ref]$tokens, [ref]$errors) | Out-Null
        @($errors).Count | Should -Be 0
    }
}

Describe 'the Exchange shell' {
    BeforeEach { Reset-Lab }
    It 'is there only once the script loads it, and lists the org' {
        $r = Invoke-Lab ('[bool](Get-Command -Name Get-ExchangeServer -ErrorAction Ignore); ' + $loadShell +
            '$names = foreach ($s in Get-ExchangeServer) { $s.Name + ''='' + $s.AdminDisplayVersion }; $names -join '',''')
        $r.Code | Should -Be 0
        $r.Out | Should -Be ("False`nEX2010=Version 14.3 (Build 123.4),EX16A=Version 15.1 (Build 1415.2),EX13A=Version 15.0 (Build 1367.3),EX16B=Version 15.1 (Build 1713.5)")
        (Get-Lab).calls[-1].kind | Should -Be 'collect'
    }
    It 'reports the version of PowerShell the state names' {
        (Invoke-Lab '$PSVersionTable.PSVersion.ToString()').Out | Should -Be '5.1.14393.693'
    }
    It 'gives audit parameters with values locally, names only through remote EMS' {
        $local = Invoke-Lab ($loadShell + '(Search-AdminAuditLog -Cmdlets Set-ClientAccessServer -ResultSize 1).CmdletParameters | ForEach-Object { $_.Name + ''='' + $_.Value }')
        $local.Out | Should -Be "Identity=EX2010`nIsOutOfService=False"
        $remote = Invoke-Lab ('$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://EX16A.contoso.com/PowerShell/; ' +
            'Import-PSSession -Session $s -CommandName Search-AdminAuditLog -DisableNameChecking | Out-Null; ' +
            '(Search-AdminAuditLog -ResultSize 1).CmdletParameters | ForEach-Object { $_.GetType().Name + '':'' + $_ }')
        $remote.Out | Should -Be "String:Identity`nString:IsOutOfService"
    }
    It 'fails the import that names Search-AdminAuditLog without the audit role' {
        Reset-Lab '.faults.no_audit_role = true'
        $r = Invoke-Lab ('$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://EX16A.contoso.com/PowerShell/; ' +
            'try { Import-PSSession -Session $s -CommandName Get-ExchangeServer, Search-AdminAuditLog -ErrorAction Stop | Out-Null } catch { ''failed: '' + $_ }; [bool](Get-Command Get-ExchangeServer -ErrorAction Ignore)')
        $r.Out | Should -BeLike "failed: Running the Get-Command command in a remote session reported the following error: The term 'Search-AdminAuditLog' is not recognized*`nFalse"
    }
    It 'changes AD and the audit log through Set-ClientAccessServer' {
        $r = Invoke-Lab ($loadShell + 'Set-ClientAccessServer -Identity EX2010 -IsOutOfService $true; try { Set-ClientAccessServer -Identity NOPE -IsOutOfService $true -ErrorAction Stop } catch { $_.Exception.Message }')
        $r.Out | Should -Be "The operation couldn't be performed because object 'NOPE' couldn't be found on 'DC01.contoso.com'."
        $lab = Get-Lab
        ($lab.servers | Where-Object { $_.name -eq 'EX2010' }).is_out_of_service | Should -BeTrue
        $lab.audit_log[-1].object_modified | Should -Be 'EX2010'
        $lab.calls[-1].kind | Should -Be 'action'
    }
    It 'searches the audit log by cmdlet, parameter and date window, newest first' {
        # The story: IsOutOfService set at 07:00 and reverted at 08:00 on 2018-06-20 (UTC).
        $r = Invoke-Lab ($loadShell + @'
$windows = @(@($null, $null), @('2018-06-19T09:00:00', '2018-06-20T09:00:00'), @('2018-06-20T07:30:00', '2018-06-20T09:00:00'),
    @('2018-06-20T05:00:00', '2018-06-20T07:30:00'), @('2018-06-20T08:30:00', '2018-06-20T09:00:00'))
$counts = foreach ($w in $windows) { @(Search-AdminAuditLog -Cmdlets set-clientaccessserver -Parameters IsOutOfService -StartDate $w[0] -EndDate $w[1]).Count }
$counts -join ','
@(Search-AdminAuditLog -Cmdlets Set-Mailbox).Count
$all = @(Search-AdminAuditLog)
[string]($all[0].RunDate -gt $all[1].RunDate) + ':' + ($all[0].CmdletParameters | Where-Object Name -eq IsOutOfService).Value
'@)
        $r.Code | Should -Be 0
        $r.Out | Should -Be "2,2,1,1,0`n0`nTrue:False"
    }
}

Describe 'services and remoting' {
    BeforeEach { Reset-Lab }
    It 'refuses Restart-Service without -Force where dependents run, restarts them with it' {
        $before = ((Get-Lab).servers | Where-Object { $_.name -eq 'EX16A' }).services | Where-Object { $_.name -eq 'MSExchangeADTopology' }
        $r = Invoke-Lab ('Invoke-Command -ComputerName EX16A.contoso.com -ScriptBlock { try { Restart-Service -Name MSExchangeADTopology -ErrorAction Stop } catch { $_.FullyQualifiedErrorId } }; ' +
            'Invoke-Command -ComputerName EX16A.contoso.com -ScriptBlock { Restart-Service -Name MSExchangeADTopology -Force }')
        $r.Code | Should -Be 0
        $r.Out | Should -BeLike 'ServiceHasDependentServices*'
        $lab = Get-Lab
        $after = ($lab.servers | Where-Object { $_.name -eq 'EX16A' }).services | Where-Object { $_.name -eq 'MSExchangeADTopology' }
        $after.process_id | Should -Not -Be $before.process_id
        $lab.calls[-1].kind | Should -Be 'action'
        $lab.calls[-1].targets | Should -Be @('EX16A')
    }
    It 'keeps a remote native exit code remote' {
        Reset-Lab '(.servers[] | select(.name == "EX16A") | .iisreset_fault) = "stop-timeout"'
        $r = Invoke-Lab ('Invoke-Command -ComputerName EX16A.contoso.com -ScriptBlock { iisreset /noforce /timeout:120 | Out-Null; ''remote:'' + $LASTEXITCODE }; ''local:'' + [string]$LASTEXITCODE')
        $r.Out | Should -Be "remote:1`nlocal:"
        $r.Code | Should -Be 0
    }
    It 'brings back errors from the block with the computer, and stops on them with -ErrorAction Stop' {
        $r = Invoke-Lab 'Invoke-Command -ComputerName EX16A.contoso.com -ErrorAction Stop -ScriptBlock { throw ''broken'' }; ''not reached'''
        $r.Code | Should -Be 1
        $r.Out | Should -Not -BeLike '*not reached*'
        $r.Err | Should -BeLike '*broken*'
        $r.Err | Should -BeLike '*PSComputerName*EX16A.contoso.com*'
    }
    It 'answers WinRM failures as Windows does' {
        Reset-Lab '.faults.access_denied = ["EX13A"]'
        $r = Invoke-Lab 'Invoke-Command -ComputerName EX13A.contoso.com, EX16A.contoso.com -ErrorAction SilentlyContinue -ErrorVariable failed -ScriptBlock { $env:COMPUTERNAME }; $failed | ForEach-Object { $_.TargetObject + '': '' + $_.Exception.Message }'
        $r.Out | Should -Be "EX16A`nEX13A.contoso.com: Connecting to remote server EX13A.contoso.com failed with the following error message : Access is denied. For more information, see the about_Remote_Troubleshooting Help topic."
    }
    It 'returns deserialized objects with PSComputerName' {
        $r = Invoke-Lab '$o = Invoke-Command -ComputerName EX16A.contoso.com -ScriptBlock { Get-Service -Name W3SVC }; $o.PSComputerName + '' '' + $o.PSObject.TypeNames[0] + '' '' + $o.Status'
        $r.Out | Should -Be 'EX16A.contoso.com Deserialized.System.ServiceProcess.ServiceController Running'
    }
    It 'lists the Exchange application pools w3wp processes with their start times' {
        $r = Invoke-Lab 'Invoke-Command -ComputerName EX16A.contoso.com -ScriptBlock { Get-CimInstance -ClassName Win32_Process -Filter "Name = ''w3wp.exe''" | ForEach-Object { if ($_.CommandLine -match ''-ap\s+"?(MSExchange\w*AppPool)'') { $Matches[1] + '' '' + $_.CreationDate.ToUniversalTime().ToString(''s'') } } }'
        $r.Out | Should -Match 'MSExchangeOWAAppPool 2018-06-20T07:06:00'
    }
    It 'records and refuses Stop-Computer' {
        $r = Invoke-Lab 'Stop-Computer -Force; ''not reached'''
        $r.Code | Should -Be 1
        $r.Out | Should -Not -BeLike '*not reached*'
        (Get-Lab).calls[-1].commands | Should -Contain 'Stop-Computer'
        (Get-Lab).calls[-1].kind | Should -Be 'action'
    }
    It 'tells the lab clock' {
        (Invoke-Lab 'Get-Date -Format o').Out | Should -BeLike '2018-06-20T09:0*'
    }
}
