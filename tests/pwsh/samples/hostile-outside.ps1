# expect HX01: the literal does not hold the whole value -- a value pasted into a literal without doubling its quote.
Restart-Service -Name 'HX01'; Stop-Computer; ''
