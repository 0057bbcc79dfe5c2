@{
    RootModule        = 'ExchangeMock.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '5b0d7c39-4b0e-4f55-9a53-2f6f3a2f1c11'
    Description       = 'Test doubles of the Exchange and Windows cmdlets the casdoctor scripts call (tests/pwsh only).'
    PowerShellVersion = '3.0'
    FunctionsToExport = @('Get-ExchangeServer', 'Get-ClientAccessServer', 'Search-AdminAuditLog',
        'Invoke-Command', 'Get-Service', 'Restart-Service', 'Start-Service', 'Get-CimInstance',
        'Get-WmiObject', 'Get-Process', 'Get-Item', 'iisreset', 'Stop-Computer', 'Remove-Item')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
