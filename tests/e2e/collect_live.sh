#!/usr/bin/env bash
# Live collection through the lab's PowerShell stand-in: one process per run,
# whatever the org's size; every way the shell misbehaves ends as exit 3 with
# what happened, and nothing is left running.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
fresh_scenario

calls() { jq '.calls | length' "$CASDOCTOR_LAB_STATE"; }

run collect collect -o "$WORK/snap.json"
expect_rc 0
expect_empty_out
[[ $(calls) -eq 1 ]] || fail "collect started $(calls) PowerShell processes, expected 1"
cp "$WORK/snap.json" "$OUT"
expect_jq '.schema == "casdoctor.snapshot/1" and (.exchange_servers | length) == 4'
expect_state '.calls[0].kind == "collect" and .calls[0].form == "encoded-command" and .calls[0].exit_code == 0'

run diagnose-snapshot diagnose --snapshot "$WORK/snap.json" --format json
expect_rc 2
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology") | .server] == ["EX16A","EX13A"]'

run diagnose-live diagnose --format json
expect_rc 2
keep_json live
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology") | .server] == ["EX16A","EX13A"]'
expect_jq '[.servers[] | .kb4294204] == ["not-applicable","susceptible","susceptible","fixed"]'
[[ $(calls) -eq 2 ]] || fail "diagnose started more than one PowerShell process"

# A larger org is still one process.
"$CASDOCTOR_LAB" scenario kb4294204 --state "$CASDOCTOR_LAB_STATE" --servers 40 >/dev/null
run forty collect -o "$WORK/forty.json"
expect_rc 0
[[ $(calls) -eq 1 ]] || fail "a 44-server org took $(calls) processes"
[[ $(jq '.exchange_servers | length' "$WORK/forty.json") -eq 44 ]] || fail "not all 44 servers collected"

# The audit window reaches the script.
fresh_scenario
run audit-days collect --audit-days 7 --throttle 4 -o "$WORK/a.json"
expect_rc 0
"$CASDOCTOR" collect --print-script --audit-days 7 --throttle 4 >"$WORK/script.ps1"
grep -q 'AddDays(-7)' "$WORK/script.ps1" || fail "--audit-days did not reach the script"
grep -q 'ThrottleLimit 4' "$WORK/script.ps1" || fail "--throttle did not reach the script"

# Access denied on one server: that server goes to errors, the rest is diagnosed.
fresh_scenario
knob '.faults.access_denied = ["EX13A"]'
run access-denied diagnose --format json
keep_json access-denied
expect_jq '[.findings[] | select(.id == "collect.partial") | .server] | index("EX13A") != null'
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology") | .server] == ["EX16A"]'
expect_jq '.status == "critical"'
expect_err "Access is denied"

# UTF-16 output.
fresh_scenario
knob '.faults.output_encoding = "utf-16le"'
run utf16 diagnose --format json
expect_rc 2
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology")] | length == 2'

# A snap-in that will not load: the shell's own words, exit 3.
fresh_scenario
knob '.faults.snapin_failure = true'
run snapin collect
expect_rc 3
expect_empty_out
expect_err "PowerShell (exit code 3)"
expect_err "Exchange Management Shell"
run snapin-diagnose diagnose --format json
expect_rc 3
expect_jq '.status == "unknown" and .findings[0].id == "collect.failed"'

# Garbled and truncated output: exit 3 saying where it broke.
for kind in random truncated; do
  fresh_scenario
  knob ".faults.garbage_output = \"$kind\""
  run "garbage-$kind" collect
  expect_rc 3
  expect_empty_out
  expect_err "<PowerShell output>"
done

# A hung shell: exit 3 at --timeout, and no process left behind.
fresh_scenario
knob '.faults.hang = true'
start=$(date +%s)
run hang diagnose --timeout 2s
expect_rc 3
expect_err "did not finish within 2s"
(($(date +%s) - start < 30)) || fail "the timeout did not stop the session promptly"
pid=$(jq '.calls[-1].pid' "$CASDOCTOR_LAB_STATE")
sleep 0.5
if kill -0 "$pid" 2>/dev/null; then fail "the hung PowerShell (pid $pid) is still running"; fi

# A slow shell load within the timeout is fine.
fresh_scenario
knob '.faults.shell_load_delay_ms = 1500'
run slow collect -o "$WORK/slow.json" --timeout 1m
expect_rc 0

pass
