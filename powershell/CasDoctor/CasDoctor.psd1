@{
    RootModule        = 'CasDoctor.psm1'
    ModuleVersion     = '0.1.0'
    GUID              = '0f6e7f55-2f7c-4d8e-9a51-6c1b9a4e2d73'
    Author            = 'casdoctor'
    Description       = 'PowerShell commands over casdoctor: diagnose KB4294204 (stale IsOutOfService of Exchange 2010 CAS in 2013/2016 front ends), remediate it, prove it with an OWA logon, look up Exchange builds.'
    PowerShellVersion = '3.0'
    FunctionsToExport = @('Get-CasDoctorDiagnosis', 'Invoke-CasDoctorRemediation', 'Test-CasDoctorOwaLogon', 'Get-CasDoctorBuild')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
    FileList          = @('CasDoctor.psd1', 'CasDoctor.psm1')
    PrivateData       = @{ PSData = @{ Tags = @('Exchange', 'KB4294204', 'OWA') } }
}
