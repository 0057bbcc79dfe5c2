#!/usr/bin/env bash
# casdoctor.exe diagnosing the Windows lab live, under wine: the process
# runner starts casdoctor-lab.exe as its PowerShell (UTF-16 command line,
# -EncodedCommand, the job object), and eight lab runs at once all land in
# the lab's call log (the state file is read and replaced under its lock, so
# no replacement fails on a reader holding the file open).
source "$PROJECT_ROOT/tests/e2e/lib/lab.bash"
source "$(dirname "$0")/lib/wine.bash"

"$WINE" "$CASDOCTOR_LAB" scenario kb4294204 --state "$CASDOCTOR_LAB_STATE" --now "$NOW" >/dev/null ||
  fail "the Windows lab's scenario failed"
CASDOCTOR_POWERSHELL=$(winepath -w "$CASDOCTOR_LAB" 2>/dev/null)
export CASDOCTOR_POWERSHELL

run diagnose-live diagnose --format json
expect_rc 2
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology") | .server] | sort == ["EX13A","EX16A"]'

step=parallel
calls_before=$(jq '.calls | length' "$CASDOCTOR_LAB_STATE")
for i in 1 2 3 4 5 6 7 8; do
  "$WINE" "$CASDOCTOR_LAB" -NoProfile -Command "Write-Output $i" >/dev/null 2>&1 </dev/null &
done
wait
expect_state ".calls | length == $((calls_before + 8))"
pass
