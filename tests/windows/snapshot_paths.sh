#!/usr/bin/env bash
# casdoctor.exe under wine diagnoses snapshots: a UTF-8 one and a UTF-16
# transcript (what Windows PowerShell 5.1's `>` writes), read from and
# written to folders named in Japanese and Russian (the command line is read
# as UTF-16, paths go through sys::path_from_utf8), with the log file there
# too; the build look-up; LF line ends everywhere.
source "$PROJECT_ROOT/tests/e2e/lib/assert.bash"
source "$(dirname "$0")/lib/wine.bash"

DIR="$WORK/東京 Москва"
mkdir -p "$DIR"
cp "$EXAMPLES/kb4294204-hit.json" "$DIR/снимок.json"
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$EXAMPLES/kb4294204-hit.json"; } >"$DIR/transcript-東京.json"

run utf8-snapshot diagnose --snapshot "$DIR/снимок.json" --format json -o "$DIR/отчёт.json" \
  --log-file "$DIR/журнал.log"
expect_rc 2
[[ -s "$DIR/отчёт.json" ]] || fail "no report written to $DIR/отчёт.json ($(ls "$DIR"))"
[[ -s "$DIR/журнал.log" ]] || fail "no log written to $DIR/журнал.log ($(ls "$DIR"))"
jq -e '.status == "critical"' "$DIR/отчёт.json" >/dev/null || fail "the report is not critical"
jq -e '[.findings[].id] | index("kb4294204.stale-topology") != null' "$DIR/отчёт.json" >/dev/null ||
  fail "no stale-topology finding"
expect_lf_only "$DIR/отчёт.json"
expect_lf_only "$DIR/журнал.log"
expect_lf_only "$ERR"

run utf16-transcript diagnose --snapshot "$DIR/transcript-東京.json" --format json
expect_rc 2
expect_jq '.status == "critical" and ([.findings[] | select(.id == "kb4294204.stale-topology") | .server] | sort == ["EX13A","EX16A"])'
expect_lf_only "$OUT"

run missing diagnose --snapshot "$DIR/нет.json"
expect_rc 65
expect_err "нет.json"

run build-lookup build 15.1.1531.3 15.0.1367.3 --format json
expect_rc 0
expect_jq '[.servers[] | .kb4294204] == ["fixed","susceptible"]'

run markdown diagnose --snapshot "$DIR/снимок.json" --format markdown
expect_rc 2
expect_lf_only "$OUT"
pass
