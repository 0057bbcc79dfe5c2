#!/usr/bin/env bash
# Action scripts against the lab: the KB's workaround on a susceptible
# server, restart delays and their warnings, and what they change.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
fresh_scenario
knob '(.servers[] | select(.name=="EX16A") | .restart_delay_ms) = 4200'
before=$(jq -r '.servers[] | select(.name=="EX16A") | .services[] | select(.name=="MSExchangeIS") | .start_time' "$CASDOCTOR_LAB_STATE")

# The revert again (a no-op for AD, but logged): what the restarts must follow.
ps set-oos "Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn
Set-ClientAccessServer -Identity 'EX2010' -IsOutOfService \$false"
expect_rc 0
expect_state '(.audit_log | length) == 3'

ps no-force "Invoke-Command -ComputerName 'EX16A.contoso.com' -ScriptBlock { Restart-Service -Name 'MSExchangeADTopology' }"
expect_rc 1
expect_err "because it has dependent services. It can only be stopped if the Force flag is set."
expect_err "+ PSComputerName        : EX16A.contoso.com"

ps restart "Invoke-Command -ComputerName 'EX16A.contoso.com' -ScriptBlock { Restart-Service -Name 'MSExchangeADTopology' -Force }"
expect_rc 0
expect_out "WARNING: Waiting for service 'Microsoft Exchange Active Directory Topology (MSExchangeADTopology)' to stop..."
expect_out "WARNING: Waiting for service 'Microsoft Exchange Active Directory Topology (MSExchangeADTopology)' to start..."
expect_state "(.servers[] | select(.name==\"EX16A\") | .services[] | select(.name==\"MSExchangeIS\") | .start_time) != \"$before\""
expect_state '(.servers[] | select(.name=="EX16A") | .topology_view.EX2010) == false'
expect_state '(.servers[] | select(.name=="EX16A") | .iis_view.EX2010) == true'

ps iisreset "Invoke-Command -ComputerName 'EX16A.contoso.com' -ScriptBlock { iisreset /noforce }"
expect_rc 0
[[ $(tr -d '\r' <"$OUT") == $'Attempting stop...\nInternet services successfully stopped\nAttempting start...\nInternet services successfully restarted' ]] ||
  fail "iisreset output"
expect_state '(.servers[] | select(.name=="EX16A") | .iis_view.EX2010) == false'

# Locally, on the server the shell runs on (EX16B).
ps local "Restart-Service -Name 'W3SVC'; iisreset /noforce"
expect_rc 0
expect_out "Internet services successfully restarted"

# Counting calls: acting scripts, and the servers they contacted.
expect_state '[.calls[] | select(.kind == "action")] | length == 5'
expect_state '[.calls[] | select(.kind == "action" and .targets == ["EX16A"])] | length == 3'

# Parallel restarts stay parallel: the state lock is not held while a
# restart takes its time.
# 10 s each: serially 20 s and more; in parallel 10 s plus the start of
# PowerShell (a few seconds on a busy machine).
knob '(.servers[] | select(.name=="EX13A" or .name=="EX16B") | .restart_delay_ms) = 10000'
step=parallel
start=$(date +%s%N)
for server in EX13A EX16B; do
  "$CASDOCTOR_LAB" -NoProfile -Command "Invoke-Command -ComputerName '$server.contoso.com' -ScriptBlock { Restart-Service -Name 'W3SVC' }" \
    >"$WORK/par-$server.out" 2>&1 </dev/null &
done
wait
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
(( elapsed >= 10000 && elapsed < 19000 )) || fail "two 10 s restarts in parallel took $elapsed ms"
expect_state '[.calls[] | select(.kind == "action")] | length == 7'

# EX16A is fixed now, EX13A is still stale.
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
run diagnose diagnose --format json
expect_rc 2
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology") | .server] == ["EX13A"]'

pass
