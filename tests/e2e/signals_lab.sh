#!/usr/bin/env bash
# SIGINT, SIGTERM and SIGHUP while casdoctor runs PowerShell: the shell and
# everything it started are killed, casdoctor exits 130 and says which
# signal; during a remediation the running step's outcome line says
# `interrupted`. A SIGHUP that nohup asked to ignore stays ignored.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
J=$WORK/journal.jsonl
MARK=casdoctor-signals-$$-$RANDOM

# PowerShell with a descendant of its own; both carry MARK in their command
# line, so pgrep finds whatever of the tree is left.
WRAP=$WORK/powershell
cat >"$WRAP" <<EOF
#!/usr/bin/env bash
(exec -a "$MARK-descendant" sleep 300) &
exec -a "$MARK-shell" "$CASDOCTOR_LAB" "\$@"
EOF
chmod +x "$WRAP"
export CASDOCTOR_POWERSHELL=$WRAP

marked() { pgrep -f -- "$MARK" | wc -l; }
wait_marked() {
  for _ in $(seq 200); do (($(marked) >= $1)) && return; sleep 0.05; done
  fail "the shell did not start ($(marked) marked processes)"
}
expect_tree_gone() {
  for _ in $(seq 100); do (($(marked) == 0)) && return; sleep 0.05; done
  fail "left running after the signal: $(pgrep -af -- "$MARK")"
}

# interrupt NAME SIGNAL ARGS...: casdoctor ARGS in the background, SIGNAL
# once the shell and its descendant run.
interrupt() {
  step=$1
  local signal=$2
  shift 2
  "$CASDOCTOR" "$@" >"$OUT" 2>"$ERR" &
  local pid=$!
  wait_marked 2
  sleep 0.3
  kill -s "$signal" "$pid"
  RC=0
  wait "$pid" || RC=$?
}

fresh_scenario
knob '.faults.hang = true'
for signal in INT TERM HUP; do
  interrupt "collect-$signal" "$signal" collect --timeout 30s
  expect_rc 130
  expect_err "interrupted by SIG$signal"
  expect_empty_out
  expect_tree_gone
done

interrupt diagnose-TERM TERM diagnose --timeout 30s
expect_rc 130
expect_err "interrupted by SIGTERM: the PowerShell session and everything it started were stopped"
expect_tree_gone

# nohup: SIGHUP stays ignored, the collection goes on until SIGTERM.
step=nohup
env --ignore-signal=HUP "$CASDOCTOR" collect --timeout 30s >"$OUT" 2>"$ERR" &
pid=$!
wait_marked 2
kill -HUP "$pid"
sleep 0.5
kill -0 "$pid" 2>/dev/null || fail "a SIGHUP that nohup ignores stopped casdoctor"
(($(marked) == 2)) || fail "a SIGHUP that nohup ignores stopped the shell"
kill -TERM "$pid"
RC=0
wait "$pid" || RC=$?
expect_rc 130
expect_tree_gone

# SIGHUP in the middle of a step: the step is interrupted, in the journal too.
fresh_scenario
knob '(.servers[] | select(.name == "EX16A") | .restart_delay_ms) = 20000'
step=remediate-HUP
"$CASDOCTOR" remediate --yes --journal "$J" --format json >"$OUT" 2>"$ERR" &
pid=$!
for _ in $(seq 200); do grep -q '"event":"intent"' "$J" 2>/dev/null && break; sleep 0.05; done
grep -q '"event":"intent"' "$J" || fail "no step started"
wait_marked 2
sleep 0.3
kill -HUP "$pid"
RC=0
wait "$pid" || RC=$?
expect_rc 130
expect_tree_gone
keep_json remediate-hangup
expect_jq '[.plan.steps[] | .status] == ["interrupted","skipped","skipped","skipped","skipped","skipped"]'
expect_jq '[.plan.steps[1:][] | .output] | all(. == "not run: interrupted")'
outcome=$(jq -sc '[.[] | select(.event == "outcome")]' "$J")
[[ $(jq 'length' <<<"$outcome") -eq 1 ]] || fail "journal outcome lines: $outcome"
[[ $(jq -r '.[0] | "\(.server) \(.action) \(.status)"' <<<"$outcome") == "EX16A restart-topology interrupted" ]] ||
  fail "journal outcome: $outcome"
[[ $(jq -sr '.[-1] | "\(.event) \(.interrupted)"' "$J") == "end true" ]] || fail "no end line: $(tail -1 "$J")"

pass
