#!/usr/bin/env bash
# The logon proof against the lab's HTTPS front ends (docs/logon-proof.md):
# the stale front end fails the logon post itself (500 ServerNotFound, or
# with owa_error_page errorFE.aspx at 200 with X-OWA-Error); `ok` only with
# an Exchange 2010 back end's X-OWA-Version (a stripped header or a 2016
# mailbox is backend-not-proven, exit 1); the cross-site variants (single
# sign-on page in the front end's single-quoted markup, a plain 302, the
# manual link page, NoFbaSSL, NoLegacyCAS); CAS14WithNoWIA at the mailbox
# request, where the tool as it was said `ok`. Each verdict differs from what
# the tool said before issue 12.
source "$(dirname "$0")/lib/lab.bash"
ALICE_PW='Alice-Lab-2010!'
CAROL_PW='Carol-Lab-Paris!'
URL=https://mail.contoso.com/owa

fresh_scenario
add_paris "$CAROL_PW"
start_serve
publish_paris
server_knob() { knob ".servers |= map(if .name == \"$1\" then .$2 = $3 else . end)"; }
keep() { cat "$OUT" "$ERR" >>"$WORK/all-output"; }

# verify NAME USER FE [ARGS...]: one logon through FE, JSON report.
logon() {
  local name=$1 user=$2 fe=$3
  shift 3
  run "$name" verify --url "$URL" --user "$user" --via "$(via_of "$fe")" --ca-file "$CA" \
    --format json "$@"
  keep
}

export CASDOCTOR_PASSWORD=$ALICE_PW
# 1. The stale front end answers the logon post with 500 ServerNotFound.
logon stale-post 'CONTOSO\alice' EX16A
expect_rc 2
keep_json logon-proof-stale-post
expect_jq '.verification[0] | .outcome == "proxy-failure" and .cas_error_code == "ServerNotFound" and .http_status == 500'
expect_jq '.findings[0].evidence.detail == "the front end could not proxy the logon post (X-CasErrorCode: ServerNotFound)"'

# 2. ... or, with owa_error_page, ends on errorFE.aspx answering 200.
server_knob EX16A owa_error_page true
logon stale-errorfe 'CONTOSO\alice' EX16A
expect_rc 2
keep_json logon-proof-errorfe
expect_jq '.verification[0] | .outcome == "error-page" and .http_status == 200 and .owa_error == "Microsoft.Exchange.HttpProxy.NoAvailableDownLevelBackEndException"'
expect_jq '.findings[0] | .id == "owa.logon-failed" and .severity == "critical" and (.summary | endswith("failed: error-page (Microsoft.Exchange.HttpProxy.NoAvailableDownLevelBackEndException)"))'
expect_jq '.findings[0].evidence.detail | startswith("the logon post ended on an error page, HTTP 200")'

# 3. A front end in step with AD: the 2010 back end's X-OWA-Version proves it.
logon fixed 'CONTOSO\alice' EX16B
expect_rc 0
expect_jq '.verification[0] | .outcome == "ok" and (.backend_version | startswith("14.")) and .be_server == "ex2010.contoso.com"'

# 4. The same mailbox, but X-OWA-Version stripped: not proven, a warning.
server_knob EX2010 owa_strips_version true
logon stripped 'CONTOSO\alice' EX16B
expect_rc 1
keep_json logon-proof-not-proven
expect_jq '.status == "warning" and .verification[0].outcome == "backend-not-proven" and .verification[0].backend_version == null'
expect_jq '.findings | length == 1 and .[0].id == "owa.backend-not-proven" and .[0].severity == "warning"'
run stripped-text verify --url "$URL" --user 'CONTOSO\alice' --via "$(via_of EX16B)" --ca-file "$CA"
keep
expect_rc 1
expect_out "no X-OWA-Version on the mailbox page"
server_knob EX2010 owa_strips_version false

# 4b. The 2010 CAS lacks Integrated Windows auth: the logon post works, the
# mailbox request ends on errorFE (CAS14WithNoWIA) with 200 at /owa/.
server_knob EX2010 owa_no_windows_auth true
logon no-wia 'CONTOSO\alice' EX16B
expect_rc 2
expect_jq '.verification[0] | .outcome == "error-page" and .owa_error == "CAS14WithNoWIA" and .http_status == 200'
server_knob EX2010 owa_no_windows_auth false

# 5. A mailbox on Exchange 2016 proves nothing about the 2010 path.
export CASDOCTOR_PASSWORD='Bob-Lab-2016!'
logon bob 'CONTOSO\bob' EX16B
expect_rc 1
expect_jq '.verification[0] | .outcome == "backend-not-proven" and (.backend_version | startswith("15.1."))'

# 6. Cross-site, single sign-on in the front end's own (single-quoted) markup.
export CASDOCTOR_PASSWORD=$CAROL_PW
logon sso 'CONTOSO\carol' EX16B -v --log-file "$WORK/sso.log"
expect_rc 0
expect_jq '.verification[0] | .outcome == "ok" and .be_server == "EX2010P" and (.backend_version | startswith("14."))'
grep -q "cross-site redirect to $paris/owa/auth/owaauth.dll" "$WORK/sso.log" || fail "sso log: $(cat "$WORK/sso.log")"

# 7. The target does not use forms logon: a plain 302 without cadata, followed.
server_knob EX2010P owa_authentication '"basic"'
logon plain-302 'CONTOSO\carol' EX16B
expect_rc 0
expect_jq '.verification[0] | .outcome == "ok" and .be_server == "EX2010P"'
run plain-302-text verify --url "$URL" --user 'CONTOSO\carol' --via "$(via_of EX16B)" --ca-file "$CA"
keep
expect_rc 0
expect_out "cross-site redirect (plain 302) to $paris/owa/auth/owaauth.dll"
server_knob EX2010P owa_authentication '"forms"'

# 8. LegacyRedirectType Manual: the link page, followed once.
server_knob EX16B owa_legacy_redirect_type '"manual"'
run manual verify --url "$URL" --user 'CONTOSO\carol' --via "$(via_of EX16B)" --ca-file "$CA"
keep
expect_rc 0
expect_out "cross-site link to $paris/owa/auth/owaauth.dll"
server_knob EX16B owa_legacy_redirect_type '"silent"'

# 9. Single sign-on to an http URL: the front end's NoFbaSSL page.
http_paris=${paris/https:/http:}
knob '.servers |= map(if .name == "EX2010P" then .owa_external_url = "'"$http_paris"'/owa" else . end)'
logon nofbassl 'CONTOSO\carol' EX16B
expect_rc 2
expect_jq '.verification[0] | .outcome == "error-page" and .owa_error == "NoFbaSSL" and .http_status == 200'
knob '.servers |= map(if .name == "EX2010P" then .owa_external_url = "'"$paris"'/owa" else . end)'

# 10. NoLegacyCAS, named.
server_knob EX16B owa_fe_error '"NoLegacyCAS"'
logon nolegacycas 'CONTOSO\carol' EX16B
expect_rc 2
expect_jq '.verification[0] | .outcome == "error-page" and .owa_error == "NoLegacyCAS"'
expect_jq '.findings[0].summary | endswith("failed: error-page (NoLegacyCAS)")'

step=secrets
for f in "$WORK/all-output" "$WORK/sso.log" "$CASDOCTOR_JSON_OUT"/e2e-logon-proof-*.json; do
  [[ -e $f ]] || continue
  for pw in "$ALICE_PW" "$CAROL_PW" 'Bob-Lab-2016!'; do
    ! grep -qF -- "$pw" "$f" || fail "$f contains a password"
  done
done
pass
