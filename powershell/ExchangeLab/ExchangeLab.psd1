@{
    RootModule        = 'ExchangeLab.psm1'
    ModuleVersion     = '0.1.0'
    GUID              = '5b8f3c2a-7d41-4e0b-9c6e-2a9d8f1e4b37'
    Author            = 'casdoctor'
    Description       = 'The casdoctor lab''s simulated Exchange org (casdoctor-lab, docs/lab.md) as the commands of an Exchange server''s PowerShell: services, WMI, remoting, iisreset, and the Exchange cmdlets once the Exchange shell is loaded.'
    PowerShellVersion = '3.0'
    FunctionsToExport = @('Get-Service', 'Restart-Service', 'Start-Service', 'iisreset', 'Stop-Computer', 'Restart-Computer', 'Get-CimInstance',
        'Get-WmiObject', 'Get-Process', 'Get-ItemProperty', 'Get-Item', 'Get-Date', 'Invoke-Command',
        'New-PSSession', 'Get-PSSession', 'Remove-PSSession', 'Add-PSSnapin', 'Get-PSSnapin', 'Import-PSSession',
        'Enter-LabRemoteExchange')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
    FileList          = @('ExchangeLab.psd1', 'ExchangeLab.psm1', 'bin\RemoteExchange.ps1')
}
