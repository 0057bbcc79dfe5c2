# expect 2:30 ERROR -- a value pasted without ps_quote leaves a literal open.
Get-ExchangeServer -Identity 'O'Brien'
Write-Output 'done'
