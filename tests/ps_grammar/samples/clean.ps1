# Parses cleanly: the self test fails if the grammar reports anything here.
$ErrorActionPreference = 'Stop'
$servers = @(Get-ExchangeServer -ErrorAction Stop | Select-Object -Property 'Name', 'Fqdn')
foreach ($server in $servers) {
    if ($server.Name -eq 'O''Brien') { Write-Output $server.Fqdn } else { Write-Output 'none' }
}
