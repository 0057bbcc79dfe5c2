#!/usr/bin/env bash
# casdoctor-lab as powershell.exe: real pwsh with the ExchangeLab module
# (docs/lab.md), every form casdoctor may pass a script in, casdoctor's own
# collection script, and the call log.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
fresh_scenario

query='Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn; Get-ExchangeServer | Select-Object Name, AdminDisplayVersion | ConvertTo-Json -Compress'

ps encoded "$query"
expect_rc 0
expect_out '{"Name":"EX16A","AdminDisplayVersion":"Version 15.1 (Build 1415.2)"}'

# A pwsh installed as a .NET tool (as scripts/lib.sh installs it) is a shim
# that starts `dotnet pwsh.dll`: the wrapper runs that pwsh itself, so pwsh's
# parent is the wrapper (one .NET start per run, and signals reach pwsh).
if [[ -d $(dirname "$CASDOCTOR_PWSH")/.store/powershell ]]; then
  ps parent '$f = (Get-Content -Raw "/proc/$PID/stat") -split " "; (Get-Item "/proc/$($f[3])/exe").Target'
  expect_rc 0
  [[ $(tr -d '\r' <"$OUT") == "$(readlink -f "$CASDOCTOR_LAB")" ]] ||
    fail "pwsh's parent is $(cat "$OUT"), not the wrapper"
fi

# Real PowerShell: a pipeline's script block runs for every item.
ps real-engine '(1..3 | ForEach-Object { $_ * 2 }) -join ","'
expect_rc 0
expect_out '2,4,6'

step=stdin
RC=0
printf '%s\r\n' "$query" | "$CASDOCTOR_LAB" -nol -nop -noni -Command - >"$OUT" 2>"$ERR" || RC=$?
expect_rc 0
expect_out '"Name":"EX13A"'

runlab command powershell -NoProfile -COMMAND "Write-Output 'it''s' ; Write-Output \"two\""
expect_rc 0
[[ $(tr -d '\r' <"$OUT") == $'it\'s\ntwo' ]] || fail "unexpected output"

printf '%s\n' "$query" >"$WORK/query.ps1"
runlab file -NoLogo -File "$WORK/query.ps1"
expect_rc 0
expect_out '"Name":"EX2010"'

ln -sf "$CASDOCTOR_LAB" "$WORK/powershell"
step=argv0
RC=0
"$WORK/powershell" -Command "Write-Output hello" >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 0
expect_out hello

runlab unknown -Command "Get-Bogus -Name x"
expect_rc 1
expect_err "The term 'Get-Bogus' is not recognized"
expect_err "~~~~~~~~~"

runlab no-ems -Command "Get-ExchangeServer"
expect_rc 1
expect_err "The term 'Get-ExchangeServer' is not recognized"

step=no-state
RC=0
env -u CASDOCTOR_LAB_STATE "$CASDOCTOR_LAB" -NoProfile -Command "Get-Date" >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 1
expect_err "CASDOCTOR_LAB_STATE"

# casdoctor's own collection script, exactly as casdoctor generates it.
"$CASDOCTOR" collect --print-script >"$WORK/collect.ps1" 2>/dev/null || fail "no collection script"
runlab collect -NoLogo -NoProfile -NonInteractive -File "$WORK/collect.ps1"
expect_rc 0
expect_out "Welcome to the Exchange Management Shell!"
expect_out "VERBOSE: Connected to EX16B.contoso.com."
sed -n '/^--- casdoctor:begin ---/,/^--- casdoctor:end ---/p' "$OUT" | sed '1d;$d' | tr -d '\r' >"$WORK/doc.json"
jq -e '.schema == "casdoctor.snapshot/1" and (.services | length) == 9 and (.audit | length) == 2' \
  "$WORK/doc.json" >/dev/null || fail "snapshot content: $(head -c 300 "$WORK/doc.json")"
jq -e '[.services[] | select(.Server=="EX16A" and .Name=="MSExchangeADTopology")][0].StartTime == "2018-06-20T07:05:00.0000000Z"' \
  "$WORK/doc.json" >/dev/null || fail "EX16A topology start time"

# casdoctor diagnosing the lab live: the two susceptible servers are stale.
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
run diagnose-live diagnose --format json
expect_rc 2
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology") | .server] | sort == ["EX13A","EX16A"]'

# Parallel runs: every one is in the call log (the state file is locked).
calls_before=$(jq '.calls | length' "$CASDOCTOR_LAB_STATE")
for i in 1 2 3 4 5 6 7 8; do
  "$CASDOCTOR_LAB" -NoProfile -Command "Write-Output $i" >/dev/null 2>&1 </dev/null &
done
wait
expect_state ".calls | length == $((calls_before + 8))"

# The call log: one entry per run, with its form, kind and exit code.
expect_state '[.calls[] | .kind] | index("collect") != null'
expect_state '[.calls[] | select(.form == "encoded-command")] | length >= 2'
expect_state '[.calls[] | select(.kind == "action")] | length == 0'
expect_state '[.calls[] | select(.exit_code == 1)] | length == 2'
expect_state 'all(.calls[]; (.pid | type) == "number" and (.time | type) == "string")'

pass
