#!/usr/bin/env bash
# casdoctor verify against `casdoctor-lab serve`: the KB4294204 symptom
# (proxy-failure ServerNotFound through the stale front ends), bad
# credentials, `diagnose --via all`, the password rules (never on the
# command line; exit 64 when none is given) and recovery after
# `remediate --yes`. No output, log or report ever carries the password.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
ALICE_PW='Alice-Lab-2010!'
BOB_PW='Bob-Lab-2016!'
URL=https://mail.contoso.com/owa
LOG=$WORK/verify.log

fresh_scenario
start_serve
[[ $(jq -r .ca_file "$PORTS") == "$CA" ]] || fail "the port file names another CA: $(cat "$PORTS")"

# Every output of every run, for the secret check at the end.

export CASDOCTOR_PASSWORD=$ALICE_PW
run alice-stale verify --url "$URL" --user 'CONTOSO\alice' --via "$VIA" --ca-file "$CA" \
  --format json -vv --log-file "$LOG"
keep_outputs
expect_rc 2
keep_json verify-stale
expect_jq '.command == "verify" and .status == "critical" and .exit_code == 2'
expect_jq '[.verification[] | select(.via == "EX16A")][0] | .outcome == "proxy-failure" and .cas_error_code == "ServerNotFound"'
expect_jq '[.verification[] | select(.via == "EX16B")][0].outcome == "ok"'
expect_jq '[.findings[] | select(.id == "owa.logon-failed") | .server] | index("EX16A") != null'
expect_jq '[.findings[] | select(.id == "owa.logon-failed") | .server] | index("EX16B") == null'
if jq -e '.front_ends[] | select(.server == "EX13A")' "$PORTS" >/dev/null; then
  expect_jq '[.verification[] | select(.via == "EX13A")][0].outcome == "proxy-failure"'
fi

export CASDOCTOR_PASSWORD=$BOB_PW
# bob's mailbox is on Exchange 2016: the logon works but proves nothing about
# the 2010 path KB4294204 breaks (docs/logon-proof.md): a warning.
run bob-ok verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16A)" --ca-file "$CA" \
  --format json
keep_outputs
expect_rc 1
keep_json verify-ok
expect_jq '.status == "warning" and (.verification | length) == 1 and .verification[0].outcome == "backend-not-proven"'

# The 2010 form (owaauth.dll), which 2013+ front ends accept too.
run bob-owaauth verify --url https://mail.contoso.com/owa/auth/owaauth.dll --user 'CONTOSO\bob' \
  --via "$(via_of EX16B)" --ca-file "$CA" --format json
keep_outputs
expect_rc 1
expect_jq '.verification[0].outcome == "backend-not-proven" and .verification[0].url == "https://mail.contoso.com/owa/auth/owaauth.dll"'

# No HTTP answer: the lab's CA is not in the system store (tls-error), a
# closed port (connect-error), a front end slower than --timeout (timeout).
# Nothing could be tested: exit 3.
run untrusted verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16B)" --format json
keep_outputs
expect_rc 3
expect_jq '.verification[0].outcome == "tls-error" and .status == "unknown"'
run closed-port verify --url "$URL" --user 'CONTOSO\bob' --via EX16B=127.0.0.1:1 --ca-file "$CA" \
  --format json
keep_outputs
expect_rc 3
expect_jq '.verification[0].outcome == "connect-error"'
knob '.servers |= map(if .name == "EX16B" then .owa_delay_ms = 3000 else . end)'
run slow verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16B)" --ca-file "$CA" \
  --timeout 1s --format json
keep_outputs
expect_rc 3
expect_jq '.verification[0].outcome == "timeout"'
knob '.servers |= map(.owa_delay_ms = 0)'

export CASDOCTOR_PASSWORD='wrong-password'
run wrong-password verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16B)" \
  --ca-file "$CA" --format json
keep_outputs
expect_rc 2
expect_jq '.verification[0].outcome == "bad-credentials"'

run password-argument verify --url "$URL" --user 'CONTOSO\bob' --password "$BOB_PW" --ca-file "$CA"
keep_outputs
expect_rc 64
expect_err "--password is not accepted"
expect_no_err "$BOB_PW"

unset CASDOCTOR_PASSWORD
run no-password verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16B)" --ca-file "$CA"
keep_outputs
expect_rc 64
expect_err "no password"

step=password-stdin
RC=0
printf '%s\r\n' "$BOB_PW" | "$CASDOCTOR" verify --url "$URL" --user 'bob@contoso.com' \
  --via "$(via_of EX16B)" --ca-file "$CA" --password-stdin --format markdown >"$OUT" 2>"$ERR" || RC=$?
keep_outputs
expect_rc 1  # bob's mailbox is on 2016: backend-not-proven
expect_out "## Verification"

export CASDOCTOR_PASSWORD=$ALICE_PW
run diagnose-with-logon diagnose --url "$URL" --user 'CONTOSO\alice' --via "$VIA" --ca-file "$CA" \
  --format json --log-file "$LOG.diagnose"
keep_outputs
expect_rc 2
keep_json diagnose-verify
expect_jq '[.findings[] | select(.id == "owa.logon-failed")] | length >= 1'
expect_jq '(.verification | length) >= 2'

# --via all: every 2013/2016 front end of the collected org (not the 2010
# CAS); the addresses given beside it stand in for DNS.
run diagnose-via-all diagnose --url "$URL" --user 'CONTOSO\alice' --via "all,$VIA" --ca-file "$CA" \
  --format json
keep_outputs
expect_rc 2
keep_json diagnose-verify-all
expect_jq '[.verification[].via] | sort == ["EX13A","EX16A","EX16B"]'
expect_jq '[.verification[] | select(.via == "EX16A")][0].cas_error_code == "ServerNotFound"'
expect_jq '[.verification[] | select(.via == "EX16B")][0].outcome == "ok"'
run via-all-not-a-front-end diagnose --url "$URL" --user 'CONTOSO\alice' --via "all,EX2010=127.0.0.1:1" \
  --ca-file "$CA"
keep_outputs
expect_rc 64
expect_err "--via EX2010: not an OWA front end of the org"
run verify-via-all verify --url "$URL" --user 'CONTOSO\alice' --via "all,$VIA" --ca-file "$CA"
expect_rc 64
expect_err "--via all needs the org's servers"

run remediate remediate --yes --journal "$WORK/journal.jsonl" --format json
keep_outputs
expect_rc 1  # the state after the run: no stale value, still below the fix level

export CASDOCTOR_PASSWORD=$ALICE_PW
run alice-recovered verify --url "$URL" --user 'CONTOSO\alice' --via "$VIA" --ca-file "$CA" \
  --until-ok --deadline 20s --interval 1s --format text -v --log-file "$LOG.after" \
  -o "$WORK/report.txt"
keep_outputs
expect_rc 0
grep -q "VERIFICATION" "$WORK/report.txt" || fail "the text report lacks its VERIFICATION table"

step=secrets
for f in "$WORK/all-output" "$LOG" "$LOG.diagnose" "$LOG.after" "$WORK/report.txt" \
  "$WORK/journal.jsonl" "$CASDOCTOR_JSON_OUT"/e2e-verify-*.json "$CASDOCTOR_JSON_OUT"/e2e-diagnose-verify.json; do
  [[ -e $f ]] || continue
  for pw in "$ALICE_PW" "$BOB_PW" 'Alice-Lab' 'Bob-Lab'; do
    ! grep -qF -- "$pw" "$f" || fail "$f contains a password"
  done
done
[[ -s $LOG ]] || fail "the verbose log is empty"
pass
