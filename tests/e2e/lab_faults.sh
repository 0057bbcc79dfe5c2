#!/usr/bin/env bash
# The fault knobs: snap-in failure, access denied, hangs (15 s: real pwsh
# starts slowly on a busy machine), UTF-16 output,
# garbage inside the markers.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
fresh_scenario
"$CASDOCTOR" collect --print-script >"$WORK/collect.ps1" 2>/dev/null || fail "no collection script"
collect() { runlab "$1" -NoLogo -NoProfile -NonInteractive -File "$WORK/collect.ps1"; }
document() { sed -n '/^--- casdoctor:begin ---/,/^--- casdoctor:end ---/p' "$OUT" | sed '1d;$d' | tr -d '\r'; }

knob '.faults.snapin_failure = true'
collect snapin-failure
expect_rc 3
expect_empty_out
expect_err "casdoctor: cannot load the Exchange Management Shell: The Windows PowerShell snap-in 'Microsoft.Exchange.Management.PowerShell.SnapIn' is not installed on this computer."
ps snapin-plain "Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn"
expect_rc 1
expect_err "Add-PSSnapin : The Windows PowerShell snap-in"
expect_err "AddPSSnapInRead,Microsoft.PowerShell.Commands.AddPSSnapinCommand"
knob '.faults.snapin_failure = false'

knob '.faults.access_denied = ["EX16A"]'
collect access-denied
expect_rc 0
document >"$WORK/doc.json"
jq -e '.errors == [{"Server":"EX16A","Step":"remote","Message":"Connecting to remote server EX16A.contoso.com failed with the following error message : Access is denied. For more information, see the about_Remote_Troubleshooting Help topic."}]' \
  "$WORK/doc.json" >/dev/null || fail "errors: $(jq -c .errors "$WORK/doc.json")"
jq -e '[.services[].Server] | unique == ["EX13A","EX16B"]' "$WORK/doc.json" >/dev/null || fail "the others go on"
knob '.faults.access_denied = []'

knob '.faults.hang = true'
step=hang
RC=0
timeout 15 "$CASDOCTOR_LAB" -NoLogo -File "$WORK/collect.ps1" >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 124
expect_out "Welcome to the Exchange Management Shell!"
expect_no_out "casdoctor:begin"
expect_state '.calls[-1].kind == "collect" and .calls[-1].exit_code == null'
knob '.faults.hang = false'

knob '(.servers[] | select(.name=="EX13A") | .hang_restart) = true'
step=hang-restart
RC=0
timeout 15 "$CASDOCTOR_LAB" -Command "Invoke-Command -ComputerName EX13A.contoso.com -ScriptBlock { Restart-Service MSExchangeADTopology -Force }" >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 124
expect_out "WARNING: Waiting for service 'Microsoft Exchange Active Directory Topology (MSExchangeADTopology)' to stop..."
expect_state '(.servers[] | select(.name=="EX13A") | .services[] | select(.name=="MSExchangeADTopology") | .status) == "StopPending"'

knob '.faults.output_encoding = "utf-16le"'
collect utf16
expect_rc 0
[[ $(head -c 2 "$OUT" | od -An -tx1 | tr -d ' \n') == fffe ]] || fail "no UTF-16LE byte order mark"
# grep -c reads to the end: with pipefail, grep -q could leave iconv to die of SIGPIPE.
iconv -f UTF-16 -t UTF-8 "$OUT" | grep -c -- "--- casdoctor:begin ---" >/dev/null || fail "not UTF-16LE text"
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
run diagnose-utf16 diagnose --format json
expect_rc 2
knob '.faults.output_encoding = "utf-8"'

knob '.faults.garbage_output = "truncated"'
collect truncated
expect_rc 0
expect_out "--- casdoctor:end ---"
document | jq . >/dev/null 2>&1 && fail "the document should be cut off"
run diagnose-truncated diagnose
expect_rc 3
knob '.faults.garbage_output = "random"'
run diagnose-random diagnose
expect_rc 3

knob '.faults.garbage_output = "none" | .faults.shell_load_delay_ms = 1200'
start=$(date +%s%N)
collect delay
expect_rc 0
(( ($(date +%s%N) - start) / 1000000 >= 1200 )) || fail "the shell loaded too fast"

pass
