# expect does not occur in the script -- a value that never reached the script proves nothing.
Restart-Service -Name 'EX1'
