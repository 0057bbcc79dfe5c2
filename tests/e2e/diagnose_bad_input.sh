#!/usr/bin/env bash
# Input that is not a snapshot: one line naming what and where, exit 65, no
# report on stdout, never a crash.
source "$(dirname "$0")/lib/assert.bash"

run missing-file diagnose --snapshot "$WORK/nope.json"
expect_rc 65
expect_empty_out
expect_err "nope.json"
expect_err_lines 1

printf '{\r\n    "schema":  "casdoctor.snapshot/1",\r\n    "exchange_servers":  [\r\n' >"$WORK/truncated.json"
run truncated diagnose --snapshot "$WORK/truncated.json"
expect_rc 65
expect_empty_out
expect_err "truncated.json:"
expect_err_lines 1

printf '{"schema": "casdoctor.snapshot/2"}' >"$WORK/schema.json"
run wrong-schema diagnose --snapshot "$WORK/schema.json"
expect_rc 65
expect_err "/schema"

printf 'WARNING: banner\r\n--- casdoctor:begin ---\r\n{"schema": "casdoctor.snapshot/1"\r\n' >"$WORK/cut.txt"
run begin-without-end diagnose --snapshot "$WORK/cut.txt"
expect_rc 65
expect_err "end marker"

head -c 20000 /dev/urandom >"$WORK/random.bin"
run random-bytes diagnose --snapshot "$WORK/random.bin"
expect_rc 65
expect_err_lines 1

run directory diagnose --snapshot "$WORK"
expect_rc 65

pass
