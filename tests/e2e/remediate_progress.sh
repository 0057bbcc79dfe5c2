#!/usr/bin/env bash
# remediate's progress on stderr against the lab: a line per step start and
# end with elapsed times, "waiting for logon (attempt k, ... of D)" while a
# front end warms up after IISReset, a redrawn status line on a terminal,
# nothing with -q; stdout keeps only the report.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
export CASDOCTOR_PASSWORD='Alice-Lab-2010!'
URL=https://mail.contoso.com/owa
J=$WORK/journal.jsonl

fresh_scenario
run plain remediate --yes --journal "$J" --format json
expect_rc 1  # the steps worked; the servers are still below the CU
keep_json remediate-progress
expect_err "casdoctor: running 6 steps on 2 servers"
expect_err "casdoctor: [1/2 EX16A] restart-topology: started (0s into the run)"
expect_err "casdoctor: [1/2 EX16A] restart-topology: done after "
expect_err "casdoctor: [2/2 EX13A] check-services: done after "
expect_err "(step 6/6)"
expect_err "casdoctor: finished after "
expect_err "6 of 6 steps succeeded, 0 failed, 0 not run"
grep -q $'\r' "$ERR" && fail "plain progress (stderr not a terminal) has a carriage return"
# Every start has its end, in order per server.
[[ $(grep -c ': started (' "$ERR") -eq 6 ]] || fail "expected 6 start lines"
[[ $(grep -c ': done after ' "$ERR") -eq 6 ]] || fail "expected 6 done lines"
jq -e '.status == "warning"' "$OUT" >/dev/null || fail "stdout is not only the report"

# -q: no progress at all.
fresh_scenario
run quiet remediate --yes --journal "$J" --format json -q
expect_rc 1
[[ ! -s $ERR ]] || fail "-q printed on stderr: $(cat "$ERR")"

# A front end that answers 503 for a while after IISReset: the wait shows.
fresh_scenario
# 10 s: the check-services step (a PowerShell run) comes in between.
knob '.servers |= map(if .name == "EX16A" then .owa_warmup_ms = 10000 else . end)'
start_serve
run logon-wait remediate --yes --journal "$J" --verify --url "$URL" --user 'CONTOSO\alice' \
  --via "$VIA" --ca-file "$CA" --verify-deadline 30s --verify-interval 500ms --format json
expect_rc 1
expect_err "casdoctor: [1/2 EX16A] verify-logon: started"
expect_err "casdoctor: [1/2 EX16A] verify-logon: waiting for logon (attempt 1, "
expect_err "s of 30s)"
expect_err "casdoctor: [1/2 EX16A] verify-logon: done after "
expect_err "8 of 8 steps succeeded"

# On a terminal (script(1) gives stderr a pty): a status line redrawn with \r.
command -v script >/dev/null || fail "script(1) (util-linux) is missing: it gives the test a terminal"
fresh_scenario
step=terminal
tty_rc=0
script -qec "'$CASDOCTOR' remediate --yes --journal '$J' --format json >'$WORK/tty.out'" \
  "$WORK/tty.log" </dev/null >/dev/null 2>&1 || tty_rc=$?
[[ $tty_rc -eq 1 ]] || fail "remediate on a terminal exited $tty_rc, expected 1: $(cat "$WORK/tty.log")"
grep -q $'\r\e\\[Kcasdoctor: \\[0/6 steps, ' "$WORK/tty.log" || fail "no status line on the terminal: $(cat -v "$WORK/tty.log" | head -c 2000)"
grep -q 'EX16A restart-topology' "$WORK/tty.log" || fail "the status line does not name the running step"
grep -q '6 of 6 steps succeeded' "$WORK/tty.log" || fail "no summary on the terminal"
jq -e '.status == "warning"' "$WORK/tty.out" >/dev/null || fail "stdout on a terminal run is not the report"
pass
