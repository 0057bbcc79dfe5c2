#!/usr/bin/env bash
# Remediation end to end against the lab: a dry run starts no acting
# process; --yes restarts exactly the stale servers (with their dependents)
# and diagnose is clean afterwards; faults stop, skip, time out and
# interrupt as documented; the journal records every step.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
J=$WORK/journal.jsonl

start_of() { jq -r --arg s "$1" --arg v "$2" \
  '.servers[] | select(.name == $s) | .services[] | select(.name == $v) | .start_time' "$CASDOCTOR_LAB_STATE"; }

fresh_scenario
run dry-run remediate --dry-run --format json
expect_rc 2
keep_json remediate-dry-run
expect_jq '.plan.dry_run == true and [.plan.steps[] | .status] == ["planned","planned","planned","planned","planned","planned"]'
expect_jq '[.plan.steps[] | .server] | unique == ["EX13A","EX16A"]'
[[ $(actions) -eq 0 ]] || fail "the dry run started $(actions) acting processes"
expect_state '[.calls[] | select(.kind == "collect")] | length == 1'
cp "$OUT" "$WORK/plan.json"

run what-if remediate --what-if --format markdown
expect_rc 2
expect_out '```powershell'
expect_out "Invoke-Command -ComputerName 'EX16A.contoso.com'"
expect_out "Rollback"
[[ $(actions) -eq 0 ]] || fail "--what-if started an acting process"

calls_before=$(jq '.calls | length' "$CASDOCTOR_LAB_STATE")
"$CASDOCTOR" collect -o "$WORK/snap.json" >/dev/null 2>&1
calls_before=$((calls_before + 1))
run dry-run-snapshot remediate --dry-run --snapshot "$WORK/snap.json"
expect_rc 2
[[ $(jq '.calls | length' "$CASDOCTOR_LAB_STATE") -eq $calls_before ]] || fail "a dry run from a snapshot started a process"

run no-terminal remediate --journal "$J"
expect_rc 64
expect_err "--yes"
[[ $(actions) -eq 0 ]] || fail "remediate without a terminal and --yes ran something"

run bad-servers remediate --dry-run --servers EX2010
expect_rc 64
run fixed-without-force remediate --dry-run --servers EX16B
expect_rc 64
run fixed-with-force remediate --dry-run --servers EX16B --force --format json
expect_rc 2
expect_jq '[.plan.steps[] | .server] | unique == ["EX16B"]'

# The real run: exactly the stale servers restart, with their dependents.
ex16b_before=$(start_of EX16B MSExchangeADTopology)
is_before=$(start_of EX16A MSExchangeIS)
sleep 0.05
run execute remediate --yes --journal "$J" --format json
# 1: the state after the run, every step succeeded; the servers stay below the fix level.
expect_rc 1
keep_json remediate-executed
expect_jq '.plan.dry_run == false and ([.plan.steps[] | .status] | unique) == ["succeeded"]'
expect_jq '[.plan.steps[] | .exit_code] | all(. == 0)'
[[ $(start_of EX16B MSExchangeADTopology) == "$ex16b_before" ]] || fail "EX16B (fixed) was restarted"
[[ $(start_of EX16A MSExchangeIS) != "$is_before" ]] || fail "EX16A's dependent MSExchangeIS did not restart"
expect_state '[.calls[] | select(.kind == "action") | .targets[]] | unique == ["EX13A","EX16A"]'
[[ $(stat -c %a "$J") == 600 ]] || fail "journal mode is $(stat -c %a "$J")"
[[ $(jq -s 'map(select(.event == "intent")) | length' "$J") -eq 6 ]] || fail "journal lacks intent lines"
[[ $(jq -s 'map(select(.event == "outcome")) | length' "$J") -eq 6 ]] || fail "journal lacks outcome lines"
jq -e -s '[.[] | select(.event == "intent" or .event == "outcome") | .server] | .[0] == .[1]' "$J" >/dev/null ||
  fail "intent does not precede its outcome"

run after diagnose --format json
expect_rc 1
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology")] | length == 0'

run nothing-to-do remediate --dry-run
expect_rc 0
expect_out "nothing to do: no server needs the KB4294204 workaround"

# The approved plan, run later: fresh and still needed -> runs; nothing stale -> skipped.
run plan-after-fix remediate --plan "$WORK/plan.json" --yes --journal "$J" --format json
expect_jq '[.plan.steps[] | .status] | all(. == "skipped")'
actions_now=$(actions)
fresh_scenario
run plan-approved remediate --plan "$WORK/plan.json" --yes --journal "$J" --format json
expect_rc 1  # the state after the run: exposed, not stale
expect_jq '[.plan.steps[] | .status] | all(. == "succeeded")'
fresh_scenario
sleep 0.6
run plan-too-old remediate --plan "$WORK/plan.json" --max-age 500ms --yes --journal "$J"
expect_rc 65
expect_err "--max-age"

# A plan naming a server that is gone from the org is refused.
fresh_scenario
knob 'del(.servers[] | select(.name == "EX13A"))'
run plan-server-gone remediate --plan "$WORK/plan.json" --yes --journal "$J"
expect_rc 65
expect_err "EX13A"
[[ $(actions) -eq 0 ]] || fail "a refused plan ran something"

# On a terminal it shows the plan and asks; the default is no.
fresh_scenario
step=terminal-no
printf 'n\n' | script -qec "'$CASDOCTOR' remediate --journal '$J'" /dev/null >"$OUT" 2>&1 || true
expect_out "Run these steps now? [y/N]"
[[ $(actions) -eq 0 ]] || fail "answering no ran something"
step=terminal-empty
printf '\n' | script -qec "'$CASDOCTOR' remediate --journal '$J'" /dev/null >"$OUT" 2>&1 || true
[[ $(actions) -eq 0 ]] || fail "an empty answer ran something"
step=terminal-yes
printf 'y\n' | script -qec "'$CASDOCTOR' remediate --journal '$J'" /dev/null >"$OUT" 2>&1 || true
[[ $(actions) -eq 4 ]] || fail "answering yes ran $(actions) restarts, expected 4 (two per stale server)"

# Access denied on the first server once the plan is approved: it fails, the
# rest are skipped; or, with --keep-going, the rest go on.
fresh_scenario
"$CASDOCTOR" remediate --dry-run --format json -o "$WORK/denied-plan.json" 2>/dev/null
knob '.faults.access_denied = ["EX16A"]'
run denied remediate --plan "$WORK/denied-plan.json" --no-recheck --yes --journal "$WORK/denied.jsonl" --format json
expect_rc 2
expect_jq '[.plan.steps[] | select(.server == "EX16A") | .status][0] == "failed"'
expect_jq '[.plan.steps[] | select(.server == "EX13A") | .status] | all(. == "skipped")'
[[ $(jq -s 'map(select(.event == "outcome")) | length' "$WORK/denied.jsonl") -ge 1 ]] || fail "journal incomplete"
run denied-keep-going remediate --plan "$WORK/denied-plan.json" --no-recheck --yes --keep-going --journal "$J" --format json
expect_rc 2
expect_jq '[.plan.steps[] | select(.server == "EX13A") | .status] | all(. == "succeeded")'

# A hanging restart: the step times out, its child is gone.
fresh_scenario
knob '(.servers[] | select(.name == "EX16A") | .hang_restart) = true'
start=$(date +%s)
run hang remediate --yes --step-timeout 2s --journal "$J" --format json
expect_rc 2
expect_jq '[.plan.steps[] | select(.server == "EX16A") | .status][0] == "failed"'
(($(date +%s) - start < 60)) || fail "the step timeout did not stop the hanging restart"
pid=$(jq '[.calls[] | select(.kind == "action")][0].pid' "$CASDOCTOR_LAB_STATE")
sleep 0.3
if kill -0 "$pid" 2>/dev/null; then fail "the hanging restart (pid $pid) is still running"; fi

# A journal that cannot be written stops before the next action.
fresh_scenario
run journal-full remediate --yes --journal /dev/full --format json
[[ $RC -ne 0 ]] || fail "a failing journal did not fail the run"
[[ $(actions) -eq 0 ]] || fail "an action ran although its journal line could not be written"

# Ctrl-C: the running child is stopped, the step is interrupted, exit 130.
fresh_scenario
knob '(.servers[] | select(.name == "EX16A") | .restart_delay_ms) = 20000'
step=interrupt
"$CASDOCTOR" remediate --yes --journal "$J" --format json >"$OUT" 2>"$ERR" &
cpid=$!
for _ in $(seq 100); do [[ $(actions) -ge 1 ]] && break; sleep 0.1; done
sleep 0.5
kill -INT "$cpid"
RC=0
wait "$cpid" || RC=$?
expect_rc 130
keep_json remediate-interrupted
expect_jq '[.plan.steps[] | select(.server == "EX16A") | .status][0] == "interrupted"'
expect_jq '[.plan.steps[] | select(.server == "EX13A") | .status] | all(. == "skipped")'
pid=$(jq '[.calls[] | select(.kind == "action")][0].pid' "$CASDOCTOR_LAB_STATE")
sleep 0.3
if kill -0 "$pid" 2>/dev/null; then fail "the interrupted child (pid $pid) is still running"; fi

pass
