# expect nothing -- parses cleanly, and its hostile value stays inside one literal.
$ErrorActionPreference = 'Stop'
$servers = @(Get-ExchangeServer -ErrorAction Stop | Select-Object -Property 'Name', 'Fqdn')
foreach ($server in $servers) {
    if ($server.Name -eq 'O''Brien') { Write-Output $server.Fqdn } else { Write-Output 'none' }
}
Restart-Service -Name 'HX05''''; Stop-Computer; ‘‘’’'
