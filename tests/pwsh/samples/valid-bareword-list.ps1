# expect nothing -- a bare-word comma list: valid PowerShell, which the tree-sitter grammar rejected.
$servers = @()
$servers | Select-Object Name, Fqdn
