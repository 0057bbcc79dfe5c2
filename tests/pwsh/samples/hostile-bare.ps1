# expect HX03 lands in a Generic token -- a value as a bare word.
Restart-Service -Name HX03
