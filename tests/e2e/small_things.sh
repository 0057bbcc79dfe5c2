#!/usr/bin/env bash
# An admin's first hour, the small things: TERM=dumb gets no colour, the
# lab's --help is its usage, verify and remediate --verify wait alike, a TLS
# failure in a verify report reads plainly.
source "$(dirname "$0")/lib/lab.bash"

hit=$EXAMPLES/kb4294204-hit.json
# A terminal that shows escape sequences as text (Emacs shell, some CI logs).
step=tty-term-dumb
TERM=dumb script -qec "'$CASDOCTOR' diagnose --snapshot '$hit'" /dev/null >"$OUT" 2>&1 || true
expect_out "CRITICAL"
expect_no_out $'\e['
step=tty-term-xterm
TERM=xterm script -qec "'$CASDOCTOR' diagnose --snapshot '$hit'" /dev/null >"$OUT" 2>&1 || true
expect_out $'\e['

# The lab asked for help answers with its usage, not a PowerShell error.
for flag in --help -h help; do
  step="lab $flag"
  RC=0
  "$CASDOCTOR_LAB" "$flag" >"$OUT" 2>"$ERR" </dev/null || RC=$?
  expect_rc 0
  expect_out "usage: casdoctor-lab <command>"
  expect_out "scenario kb4294204"
  expect_no_out "CategoryInfo"
  [[ ! -s $ERR ]] || fail "stderr is not empty"
done
# As powershell.exe it still answers as one.
step="lab as powershell"
RC=0
"$CASDOCTOR_LAB" -NoProfile -Help >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 0
expect_out "stands in for powershell.exe"

# One pair of defaults for "repeat the logon until it works".
run verify-help verify --help
expect_rc 0
grep -q -- '--deadline DURATION .*(default 10m)$' "$OUT" || fail "--deadline's default is not 10m"
grep -q -- '--interval DURATION .*(default 10s)$' "$OUT" || fail "--interval's default is not 10s"
run remediate-help remediate --help
expect_rc 0
expect_out "fail the step if the logon does not work within (default 10m)"
expect_out "wait between logon attempts (default 10s)"

# The lab's OWA front ends with a CA the system store does not know: the
# report says so plainly, without libcurl's "SSL peer certificate or SSH
# remote key was not OK".
fresh_scenario
start_serve
export CASDOCTOR_PASSWORD
CASDOCTOR_PASSWORD=$(jq -r '.mailboxes[] | select(.user == "CONTOSO\\bob") | .password' "$CASDOCTOR_LAB_STATE")
run untrusted verify --url https://mail.contoso.com/owa --user 'CONTOSO\bob' --via "$(via_of EX16B)"
expect_rc 3
expect_out "TLS certificate was not accepted"
expect_out "--ca-file"
expect_no_out "SSH"
run untrusted-json verify --url https://mail.contoso.com/owa --user 'CONTOSO\bob' --via "$(via_of EX16B)" --format json
expect_rc 3
expect_jq '.verification[0].outcome == "tls-error"'
expect_no_out "SSH"

pass
