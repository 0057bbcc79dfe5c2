#!/usr/bin/env bash
# casdoctor.exe verify through WinHTTP (src/sys/http_client_winhttp.cpp),
# under wine, against the Linux lab's HTTPS server on loopback: the logon
# through a stale front end and a healthy one (cookies kept through the
# logon, redirects read not followed, --via keeping the namespace's name for
# Host and the certificate check, --ca-file checked by casdoctor itself),
# and the failures: no --ca-file (tls-error), a closed port (connect-error),
# a slow front end (timeout); --insecure lets an untrusted certificate by.
: "${CASDOCTOR_LINUX_LAB:?set by ctest (scripts/test-windows builds the Linux lab)}"
CASDOCTOR_LAB=$CASDOCTOR_LINUX_LAB
source "$PROJECT_ROOT/tests/e2e/lib/lab.bash"
source "$(dirname "$0")/lib/wine.bash"
URL=https://mail.contoso.com/owa

fresh_scenario
start_serve

export CASDOCTOR_PASSWORD='Alice-Lab-2010!'
run alice-stale verify --url "$URL" --user 'CONTOSO\alice' --via "$VIA" --ca-file "$CA" --format json
expect_rc 2
expect_jq '[.verification[] | select(.via == "EX16A")][0] | .outcome == "proxy-failure" and .cas_error_code == "ServerNotFound"'
expect_jq '[.verification[] | select(.via == "EX16B")][0].outcome == "ok"'
expect_lf_only "$OUT"

# bob's mailbox is on 2016: the logon works but proves no 2010 back end
# (docs/logon-proof.md), a warning, as on Linux.
export CASDOCTOR_PASSWORD='Bob-Lab-2016!'
run bob-ok verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16A)" --ca-file "$CA" --format json
expect_rc 1
expect_jq '.status == "warning" and .verification[0].outcome == "backend-not-proven"'

run untrusted verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16B)" --format json
expect_rc 3
expect_jq '.verification[0].outcome == "tls-error"'

run insecure verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16B)" --insecure --format json
expect_rc 1
expect_jq '.verification[0].outcome == "backend-not-proven"'

# A CA file that did not issue the server's certificate: refused before the
# password is sent.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/other.key" -out "$WORK/other-ca.pem" \
  -days 2 -subj "/CN=Another CA" 2>/dev/null || fail "openssl could not make a CA"
run other-ca verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16B)" --ca-file "$WORK/other-ca.pem" --format json
expect_rc 3
expect_jq '.verification[0].outcome == "tls-error"'

run closed-port verify --url "$URL" --user 'CONTOSO\bob' --via EX16B=127.0.0.1:1 --ca-file "$CA" --format json
expect_rc 3
expect_jq '.verification[0].outcome == "connect-error"'

knob '.servers |= map(if .name == "EX16B" then .owa_delay_ms = 4000 else . end)'
run slow verify --url "$URL" --user 'CONTOSO\bob' --via "$(via_of EX16B)" --ca-file "$CA" --timeout 1s --format json
expect_rc 3
expect_jq '.verification[0].outcome == "timeout"'
pass
