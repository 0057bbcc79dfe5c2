# The lab's RemoteExchange.ps1 (ExchangeLab module, docs/lab.md): as
# Exchange's own, dot-sourced, it prints the shell's banner and defines
# Connect-ExchangeServer, which loads the Exchange cmdlets.
Enter-LabRemoteExchange
