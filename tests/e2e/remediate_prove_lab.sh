#!/usr/bin/env bash
# remediate proves before it plans (docs/logon-proof.md, "Proof before the
# plan"): with --verify's logon it logs on to OWA once through each candidate
# against the lab's HTTPS front ends, and the plan says which targets a
# failed logon proved stale (the stale front end's 500 ServerNotFound at the
# logon post) and which are only suspected (no logon, a logon that proves
# nothing, or one that works). A server the timers call "probably refreshed"
# that still fails the logon becomes a target; its saved plan still runs.
# The proof logons are read-only HTTP: a dry run starts no acting process.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
ALICE_PW='Alice-Lab-2010!'
URL=https://mail.contoso.com/owa
J=$WORK/journal.jsonl
server_knob() { knob ".servers |= map(if .name == \"$1\" then .$2 = $3 else . end)"; }
proof_of() { echo "[.plan.proof[] | {state, outcome}]"; }

fresh_scenario
start_serve
LOGON=(--verify --url "$URL" --user 'CONTOSO\alice' --ca-file "$CA")
export CASDOCTOR_PASSWORD=$ALICE_PW

# 1. The KB's story: both front ends fail the logon post with 500
# ServerNotFound, so both targets are proven, and the ticket says by what.
run proven remediate --dry-run "${LOGON[@]}" --via "$VIA" --format json
keep_outputs
expect_rc 2
keep_json remediate-prove-proven
expect_jq '.plan.targets == ["EX16A","EX13A"]'
expect_jq "$(proof_of) == [{\"state\":\"proven\",\"outcome\":\"proxy-failure\"},{\"state\":\"proven\",\"outcome\":\"proxy-failure\"}]"
expect_jq '[.plan.proof[].logon] == ["proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound, X-FEServer EX16A","proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound, X-FEServer EX13A"]'
expect_jq '[.plan.evidence[] | startswith("proven stale (OWA logon through it: proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound")] == [true,true]'
expect_jq '[.findings[] | select(.id == "owa.logon-failed") | .server] == ["EX16A","EX13A"]'
cp "$OUT" "$WORK/proven-plan.json"
# What the org says does not change until section 4 (the knobs below change
# only what the front ends answer a logon): one collection serves the other
# dry runs, each a PowerShell run less.
step=snapshot
"$CASDOCTOR" collect -o "$WORK/snap.json" 2>"$ERR" || fail "collect failed"
SNAP=(--snapshot "$WORK/snap.json")
run proven-ticket remediate --dry-run "${SNAP[@]}" "${LOGON[@]}" --via "$VIA" --format markdown
keep_outputs
expect_rc 2
expect_out "| EX16A | proven (logon: proxy-failure) |"
expect_out "| EX13A | proven (logon: proxy-failure) |"
expect_out "**Evidence:** proven stale (OWA logon through it: proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound, X-FEServer EX16A)"

# 2. Only suspected: EX13A's OWA app pool routes to EX2010 again (its start
# times still say stale), and EX16A cannot be reached: a logon that works
# keeps EX13A a target but last; a connect error proves nothing.
server_knob EX13A iis_view '{"EX2010": false}'
run suspected remediate --dry-run "${SNAP[@]}" "${LOGON[@]}" --via "$VIA" --format json
keep_outputs
expect_rc 2
keep_json remediate-prove-logon-works
expect_jq '.plan.targets == ["EX16A","EX13A"]'
expect_jq "$(proof_of) == [{\"state\":\"proven\",\"outcome\":\"proxy-failure\"},{\"state\":\"logon-works\",\"outcome\":\"ok\"}]"
expect_jq '.plan.evidence[1] | startswith("suspected stale, but an OWA logon through it works (ok, HTTP 200, X-FEServer EX13A, back end ex2010.contoso.com 14.")'
run suspected-ticket remediate --dry-run "${SNAP[@]}" "${LOGON[@]}" --via "$VIA" --format markdown
keep_outputs
expect_out "| EX13A | suspected (logon works: ok) |"
run unreachable remediate --dry-run "${SNAP[@]}" "${LOGON[@]}" --via "EX16A=127.0.0.1:9,$(via_of EX13A)" \
  --http-timeout 5s --format json
keep_outputs
expect_rc 2
expect_jq '.plan.targets == ["EX16A","EX13A"]'
expect_jq "$(proof_of) == [{\"state\":\"suspected\",\"outcome\":\"connect-error\"},{\"state\":\"logon-works\",\"outcome\":\"ok\"}]"
expect_jq '.plan.evidence[0] | startswith("suspected stale (start times only; the OWA logon through it proves nothing (connect-error): no HTTP answer")'
server_knob EX13A iis_view '{"EX2010": true}'

# 3. No proof asked for, or none possible: suspected, and why.
run no-prove remediate --dry-run "${SNAP[@]}" "${LOGON[@]}" --via "$VIA" --no-prove --format json
keep_outputs
expect_rc 2
expect_jq '[.plan.proof[] | .state] == ["suspected","suspected"] and ([.plan.proof[] | .outcome] | all(. == null))'
expect_jq '.plan.evidence[0] | startswith("suspected stale (start times only; no OWA logon through it before planning (--no-prove); prove it with casdoctor verify --via EX16A)")'
expect_jq '[.findings[] | select(.id == "owa.logon-failed")] == []'
unset CASDOCTOR_PASSWORD
run no-password remediate --dry-run "${SNAP[@]}" "${LOGON[@]}" --via "$VIA" --format json
keep_outputs
expect_rc 2
expect_jq '[.plan.proof[] | .state] == ["suspected","suspected"]'
expect_jq '.plan.proof[0].reason | startswith("no OWA logon through it before planning (no password)")'
expect_err "no proof logons before planning, the targets stay suspected: no password"
run no-password-run remediate --yes "${LOGON[@]}" --via "$VIA" --journal "$J"
keep_outputs
expect_rc 64
expect_err "no password"
run no-prove-alone remediate --dry-run --no-prove
expect_rc 64
expect_err "--no-prove is for --verify"
export CASDOCTOR_PASSWORD=$ALICE_PW

# 4. 25 h later the timers say "probably refreshed": a logon that works
# confirms it (nothing to do), but a server that did not refresh (EX16A's
# app pool still holds the old value) fails the logon and becomes a target.
runlab advance advance 25h
[[ $RC -eq 0 ]] || fail "advance failed: $(cat "$ERR")"
run refreshed remediate --dry-run "${LOGON[@]}" --via "$VIA" --format json
keep_outputs
expect_rc 0
expect_jq '.plan.targets == []'
expect_jq '[.plan.notes[] | test("^EX1[36]A: probably refreshed .*; an OWA logon through it works \\(ok, HTTP 200")] == [true,true]'
server_knob EX16A iis_view '{"EX2010": true}'
run not-refreshed remediate --dry-run "${LOGON[@]}" --via "$VIA" --format json
keep_outputs
expect_rc 2
keep_json remediate-prove-probably-refreshed
expect_jq '.plan.targets == ["EX16A"]'
expect_jq "$(proof_of) == [{\"state\":\"proven\",\"outcome\":\"proxy-failure\"}]"
expect_jq '.plan.evidence[0] | endswith("the start times said probably refreshed by the 24 h cache expiry since the revert, but the logon shows the stale value")'
expect_jq '[.findings[] | select(.server == "EX16A") | .id] | index("kb4294204.probably-refreshed") != null'
expect_jq '[.plan.notes[] | startswith("EX13A: probably refreshed")] == [true]'
cp "$OUT" "$WORK/refreshed-plan.json"
step=dry-runs-read-only
[[ $(actions) -eq 0 ]] || fail "a dry run with proof logons started an acting process"

# 5. The saved plan runs: the recheck keeps a target the logon proved, and
# after the restarts the logon through EX16A works.
run execute remediate --plan "$WORK/refreshed-plan.json" --yes --ca-file "$CA" --journal "$J" \
  --format json
keep_outputs
expect_rc 1
expect_jq '[.plan.steps[] | .status] == ["succeeded","succeeded","succeeded","succeeded"]'
expect_jq '[.verification[] | {via, outcome}] == [{"via":"EX16A","outcome":"ok"}]'

# Never the password: not in what was printed, the journal or the plans.
step=secrets
leaks=$(grep -lF -e "$ALICE_PW" -e 'Alice-Lab' "$WORK/all-output" "$J" "$WORK/proven-plan.json" \
  "$WORK/refreshed-plan.json" "$CASDOCTOR_JSON_OUT"/e2e-remediate-prove-*.json)
[[ -z $leaks ]] || fail "the password is in: $leaks"
pass
