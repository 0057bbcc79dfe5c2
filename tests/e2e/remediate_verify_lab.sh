#!/usr/bin/env bash
# remediate --verify against the lab's PowerShell stand-in and its HTTPS
# front ends: each server's restart is followed by an OWA logon through it,
# retried while IIS warms up (the owa_warmup_ms knob answers 503 at first);
# a logon that cannot recover (the 2010 CAS out of service again) fails its
# step at the deadline, a wrong password at once. The plan carries the logon
# but never the password, and a saved plan runs its logon steps as approved.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
ALICE_PW='Alice-Lab-2010!'
URL=https://mail.contoso.com/owa
J=$WORK/journal.jsonl

fresh_scenario
# 10 s: the check-services step (a PowerShell run) comes before the logon.
knob '.servers |= map(if .name == "EX16A" or .name == "EX13A" then .owa_warmup_ms = 10000 else . end)'
start_serve
LOGON=(--url "$URL" --user 'CONTOSO\alice' --via "$VIA")
unset CASDOCTOR_PASSWORD

# Usage errors, before anything is collected or run.
run verify-without-url remediate --dry-run --verify --user 'CONTOSO\alice'
expect_rc 64
expect_err "--verify needs --url and --user"
run url-without-verify remediate --dry-run --url "$URL" --user 'CONTOSO\alice'
expect_rc 64
expect_err "add --verify"
run via-all remediate --dry-run --verify --url "$URL" --user 'CONTOSO\alice' --via all
expect_rc 64
expect_err "--via all"
run password-argument remediate --dry-run --verify "${LOGON[@]}" --password "$ALICE_PW"
keep_outputs
expect_rc 64
expect_err "--password is not accepted"
run bad-deadline remediate --dry-run --verify "${LOGON[@]}" --verify-deadline soon
expect_rc 64
expect_err "not a duration: 'soon'"
[[ $(jq '.calls | length' "$CASDOCTOR_LAB_STATE") -eq 0 ]] || fail "a usage error started PowerShell"

# The dry run needs no password; its plan carries each logon, not a secret.
run dry-run remediate --dry-run --verify "${LOGON[@]}" --verify-deadline 30s \
  --verify-interval 500ms --format json
keep_outputs
expect_rc 2
keep_json remediate-verify-dry-run
expect_jq '[.plan.steps[] | .action] == ["restart-topology","iisreset","check-services","verify-logon","restart-topology","iisreset","check-services","verify-logon"]'
ex16a_port=$(jq -r '.front_ends[] | select(.server == "EX16A") | .port' "$PORTS")
expect_jq "[.plan.steps[] | select(.action == \"verify-logon\" and .server == \"EX16A\")][0].logon == {\"url\":\"$URL\",\"user\":\"CONTOSO\\\\alice\",\"address\":\"127.0.0.1:$ex16a_port\",\"deadline_ms\":30000,\"interval_ms\":500}"
expect_jq '[.plan.steps[] | select(.action != "verify-logon") | .logon] | all(. == null)'
cp "$OUT" "$WORK/plan.json"
run ticket remediate --dry-run --verify "${LOGON[@]}" --format markdown
expect_rc 2
expect_out "**Then the logon test:**"
expect_out "casdoctor verify --url 'https://mail.contoso.com/owa' --user 'CONTOSO\\alice'"
[[ $(actions) -eq 0 ]] || fail "a dry run started an acting process"

run plan-with-verify remediate --plan "$WORK/plan.json" --yes --verify "${LOGON[@]}"
expect_rc 64
expect_err "make a new one"

# No password: refused before the question, nothing runs.
run no-password remediate --plan "$WORK/plan.json" --yes --ca-file "$CA" --journal "$J"
expect_rc 64
expect_err "no password"
[[ $(actions) -eq 0 ]] || fail "remediate ran without the password its logon steps need"

# The approved plan: restarts, checks, and a logon through each server that
# works once IIS has warmed up.
export CASDOCTOR_PASSWORD=$ALICE_PW
run execute remediate --plan "$WORK/plan.json" --yes --ca-file "$CA" --journal "$J" \
  --format json -v --log-file "$WORK/execute.log"
keep_outputs
expect_rc 1  # the state after the run: no stale value, still below the fix level
keep_json remediate-verify-executed
expect_jq '([.plan.steps[] | .status] | unique) == ["succeeded"]'
expect_jq '[.plan.steps[] | select(.action == "verify-logon") | .output] | all(test("attempt 1 at [^:]+:[^:]+:[^:]+: http-error, HTTP 503"))'
expect_jq '[.plan.steps[] | select(.action == "verify-logon") | .output] | all(test("works \\(([2-9]|[1-9][0-9]+) attempts\\)"))'
expect_jq '[.verification[] | {via, outcome, be_server}] == [{"via":"EX16A","outcome":"ok","be_server":"ex2010.contoso.com"},{"via":"EX13A","outcome":"ok","be_server":"ex2010.contoso.com"}]'
expect_jq '[.findings[] | select(.id == "owa.logon-failed")] | length == 0'
step=journal
[[ $(jq -s '[.[] | select(.event == "outcome" and .action == "verify-logon" and .status == "succeeded")] | length' "$J") -eq 2 ]] ||
  fail "the journal lacks the logon steps' outcomes"

# The 2010 CAS out of service again: no logon through EX16A can work, so the
# step fails at its deadline and the report says why.
"$CASDOCTOR_LAB" set-oos EX2010 true --state "$CASDOCTOR_LAB_STATE" || fail "set-oos"
knob '.servers |= map(.owa_warmup_ms = 0)'
run not-recovered remediate --yes --servers EX16A --verify "${LOGON[@]}" --ca-file "$CA" \
  --verify-deadline 2s --verify-interval 500ms --journal "$J" --format json
keep_outputs
expect_rc 2
keep_json remediate-verify-failed
expect_jq '[.plan.steps[] | .status] == ["succeeded","succeeded","succeeded","failed"]'
expect_jq '.plan.steps[3].output | test("did not work within 2s \\(--verify-deadline, [0-9]+ attempts\\); last: proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound")'
expect_jq '.verification[0].outcome == "proxy-failure" and .verification[0].cas_error_code == "ServerNotFound"'
expect_jq '[.findings[] | select(.id == "owa.logon-failed") | .server] == ["EX16A"]'

# A wrong password: waiting cannot fix it, so the step fails at the first try.
"$CASDOCTOR_LAB" set-oos EX2010 false --state "$CASDOCTOR_LAB_STATE" || fail "set-oos"
export CASDOCTOR_PASSWORD='not-her-password'
run wrong-password remediate --yes --servers EX16A --verify "${LOGON[@]}" --ca-file "$CA" \
  --verify-deadline 1m --journal "$J" --format json
keep_outputs
expect_rc 2
expect_jq '.plan.steps[3].status == "failed" and (.plan.steps[3].output | test("bad-credentials through EX16A: waiting cannot fix this"))'
expect_jq '.plan.steps[3].duration_ms < 30000'

step=secrets
for f in "$WORK/all-output" "$WORK/execute.log" "$J" "$WORK/plan.json" \
  "$CASDOCTOR_JSON_OUT"/e2e-remediate-verify-*.json; do
  [[ -e $f ]] || continue
  for pw in "$ALICE_PW" 'Alice-Lab' 'not-her-password'; do
    ! grep -qF -- "$pw" "$f" || fail "$f contains a password"
  done
done
pass
