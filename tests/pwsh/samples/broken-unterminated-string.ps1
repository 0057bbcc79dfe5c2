# expect TerminatorExpectedAtEndOfString -- a value pasted without ps_quote leaves a literal open.
Get-ExchangeServer -Identity 'O'Brien'
Write-Output 'done'
