# expect StringExpandable -- a double-quoted string: a value inside would be interpolated.
Restart-Service -Name "EX1$(Stop-Computer)"
