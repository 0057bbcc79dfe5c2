#!/usr/bin/env bash
# casdoctor-lab serve: OWA's forms logon over HTTPS, one listener per front
# end, sharing the state with the PowerShell stand-in.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
fresh_scenario
start_serve
[[ -s $CA && -s $CASDOCTOR_LAB_STATE.cert.pem && -s $CASDOCTOR_LAB_STATE.key.pem ]] || fail "certificate files"
[[ $(jq -r '[.front_ends[].server] | join(",")' "$PORTS") == EX16A,EX13A,EX16B ]] || fail "front ends: $(cat "$PORTS")"
grep -q '^EX16A https://127.0.0.1:[0-9]*$' "$WORK/serve.out" || fail "listing: $(cat "$WORK/serve.out")"

port_of() { jq -r ".front_ends[] | select(.server==\"$1\") | .port" "$PORTS"; }

# logon FE USER PASSWORD: posts auth.owa then GETs /owa/ through FE with the
# cookies; sets LOGON (the POST's headers) and GOT (the GET's headers).
logon() {
  local port jar=$WORK/cookies.txt
  port=$(port_of "$1")
  rm -f "$jar"
  step="logon $1 $2"
  LOGON=$(curl -sS --cacert "$CA" --connect-to "mail.contoso.com:443:127.0.0.1:$port" -c "$jar" -o /dev/null -D - \
    --data-urlencode destination=https://mail.contoso.com/owa/ -d flags=4 -d forcedownlevel=0 \
    --data-urlencode "username=$2" --data-urlencode "password=$3" -d passwordText= -d isUtf8=1 \
    https://mail.contoso.com/owa/auth.owa | tr -d '\r') || fail "curl POST"
  GOT=$(curl -sS --cacert "$CA" --connect-to "mail.contoso.com:443:127.0.0.1:$port" -b "$jar" -o "$WORK/body.html" -D - \
    https://mail.contoso.com/owa/ | tr -d '\r') || fail "curl GET"
}
has() { grep -qi "^$2" <<<"$1" || fail "expected '$2' in: $1"; }

# The stale front end fails the logon post itself, before any cookie.
logon EX16A 'CONTOSO\alice' 'Alice-Lab-2010!'
has "$LOGON" "HTTP/1.1 500"
has "$LOGON" "X-CasErrorCode: ServerNotFound"
has "$LOGON" "X-FEServer: EX16A"
! grep -qi "^Set-Cookie: cadata" <<<"$LOGON" || fail "cookies with the routing failure: $LOGON"

logon EX16B 'CONTOSO\alice' 'Alice-Lab-2010!'
has "$GOT" "HTTP/1.1 200"
has "$GOT" "X-DiagInfo: EX2010"
grep -q "<title>Outlook</title>" "$WORK/body.html" || fail "OWA page"

logon EX16A 'bob@contoso.com' 'Bob-Lab-2016!'
has "$GOT" "HTTP/1.1 200"
has "$GOT" "X-BEServer: EX16B"

logon EX13A 'CONTOSO\bob' 'nope'
has "$LOGON" "HTTP/1.1 302"
has "$LOGON" "Location: /owa/auth/logon.aspx?url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=2"
has "$GOT" "Location: /owa/auth/logon.aspx?url=.*&reason=0"

# The KB's workaround on EX16A through the PowerShell stand-in.
ps restart "Invoke-Command -ComputerName 'EX16A.contoso.com' -ScriptBlock { Restart-Service -Name 'MSExchangeADTopology' -Force; iisreset /noforce }"
expect_rc 0
logon EX16A 'CONTOSO\alice' 'Alice-Lab-2010!'
has "$GOT" "HTTP/1.1 200"
has "$GOT" "X-DiagInfo: EX2010"
has "$GOT" "X-FEServer: EX16A"

step=stop
kill -TERM "$SERVE_PID"
rc=0
wait "$SERVE_PID" || rc=$?
trap - EXIT
(( rc == 0 )) || fail "serve exited $rc after SIGTERM"
pass
