# expect MissingEndCurlyBrace -- a script block that is never closed.
foreach ($server in $servers) {
    if ($server.Name -eq 'EX1') {
        Write-Output $server.Fqdn
}
