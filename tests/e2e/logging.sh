#!/usr/bin/env bash
# stdout carries the report only; logs go to stderr (-v, -q) and --log-file.
source "$(dirname "$0")/lib/assert.bash"
hit=$EXAMPLES/kb4294204-hit.json

run verbose diagnose --snapshot "$hit" --format json -vv --log-file "$WORK/casdoctor.log"
expect_rc 2
expect_jq '.status == "critical"'
expect_err "casdoctor: debug: read"
expect_err "casdoctor: info: 4 servers"
grep -qF "[debug] read" "$WORK/casdoctor.log" || fail "log file lacks the debug lines"

run quiet diagnose --snapshot "$WORK/nope.json" -q
expect_rc 65
expect_err "nope.json"

run quiet-ok diagnose --snapshot "$hit" -q --log-file "$WORK/q.log"
expect_rc 2
[[ ! -s $ERR ]] || fail "-q printed on stderr"
grep -qF "servers" "$WORK/q.log" || fail "the log file is written at debug level even with -q"

run bad-log-file diagnose --snapshot "$hit" --log-file "$OUT/x.log"
expect_rc 64
expect_err "--log-file"

pass
