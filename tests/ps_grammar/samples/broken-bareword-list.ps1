# expect 3:1 ERROR -- a bare-word comma list, which the grammar rejects: quote each name.
$servers = @()
$servers | Select-Object Name, Fqdn
