#!/usr/bin/env bash
# The verifier against the lab's less common OWA answers: a mailbox on
# Exchange 2010 in another site whose 2010 CAS publishes an external URL
# (the front end's cross-site page, followed once to the 2010 CAS's
# owaauth.dll, as a browser would), and a front end that cannot read the
# cookies it handed out (the session goes back to the logon page); and a
# --url on a 2010 CAS itself (owaauth.dll).
source "$(dirname "$0")/lib/lab.bash"
CAROL_PW='Carol-Lab-Paris!'
URL=https://mail.contoso.com/owa

fresh_scenario
add_paris "$CAROL_PW"
start_serve
step=ports
[[ $(jq -r '[.client_access_2010[].server] | join(",")' "$PORTS") == EX2010,EX2010P ]] ||
  fail "2010 listeners: $(cat "$PORTS")"
grep -q '^EX2010P https://127.0.0.1:[0-9]* (Exchange 2010)$' "$WORK/serve.out" || fail "listing: $(cat "$WORK/serve.out")"
publish_paris

export CASDOCTOR_PASSWORD=$CAROL_PW
run cross-site verify --url "$URL" --user 'CONTOSO\carol' --via "$(via_of EX16B)" --ca-file "$CA" \
  --format json -v --log-file "$WORK/verify.log"
expect_rc 0
keep_json verify-cross-site
expect_jq '.verification[0] | .outcome == "ok" and .via == "EX16B" and .be_server == "EX2010P"'
expect_err "cross-site redirect to $paris/owa/auth/owaauth.dll"
run cross-site-text verify --url "$URL" --user 'CONTOSO\carol' --via "$(via_of EX16A)" --ca-file "$CA"
expect_rc 0
expect_out "cross-site redirect to $paris/owa/auth/owaauth.dll"

# Straight to a 2010 CAS: its own owaauth.dll form, its X-DiagInfo.
ex2010=$(jq -r '.client_access_2010[] | select(.server == "EX2010") | .url' "$PORTS")
export CASDOCTOR_PASSWORD='Alice-Lab-2010!'
run cas2010 verify --url "$ex2010/owa/auth/owaauth.dll" --user 'CONTOSO\alice' --ca-file "$CA" \
  --format json
expect_rc 0
expect_jq '.verification[0] | .outcome == "ok" and .via == null and .be_server == "EX2010"'

# The logon loop: the front end hands out cookies it cannot read back.
knob '.servers |= map(if .name == "EX16B" then .owa_rejects_sessions = true else . end)'
export CASDOCTOR_PASSWORD='Bob-Lab-2016!'
run session-rejected verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16B)" --ca-file "$CA" \
  --format json
expect_rc 2
keep_json verify-session-rejected
expect_jq '.verification[0] | .outcome == "http-error" and .http_status == 302'
expect_jq '.findings[0].evidence.detail | startswith("session rejected: back to the logon page (reason=0")'

step=secrets
for f in "$OUT" "$ERR" "$WORK/verify.log" "$CASDOCTOR_JSON_OUT"/e2e-verify-cross-site.json; do
  ! grep -qF -- "$CAROL_PW" "$f" || fail "$f contains carol's password"
done
pass
