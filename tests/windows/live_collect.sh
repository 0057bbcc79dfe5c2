#!/usr/bin/env bash
# casdoctor.exe collecting live under wine: the process runner starts a
# powershell.exe stand-in (tests/helpers/replay_powershell.cpp; no
# PowerShell runs under wine) through the job object with the UTF-16 command
# line; the script it decodes from -EncodedCommand must be the one
# `collect --print-script` prints, byte for byte, and the recorded
# PowerShell 5.1 console output it answers (banner, markers, CR LF) is
# diagnosed like a snapshot file. A PowerShell that prints no snapshot is
# "could not collect" (exit 3), never a verdict.
source "$PROJECT_ROOT/tests/e2e/lib/assert.bash"
source "$(dirname "$0")/lib/wine.bash"
: "${REPLAY_POWERSHELL:?set by ctest}"

CASDOCTOR_POWERSHELL=$(winepath -w "$REPLAY_POWERSHELL" 2>/dev/null)
export CASDOCTOR_POWERSHELL
# What the collection script prints on powershell.exe 5.1's stdout: the
# Exchange shell's banner (from the transcript fixture), then the snapshot
# between the markers, UTF-8 without BOM (the script sets
# [Console]::OutputEncoding so), CR LF line ends.
{
  sed -n '1,/^--- casdoctor:begin ---/p' "$PROJECT_ROOT/tests/fixtures/ps51/transcript.txt"
  sed 's/$/\r/' "$EXAMPLES/kb4294204-hit.json"
  printf -- '--- casdoctor:end ---\r\n'
} >"$WORK/ps51-output.txt"
CASDOCTOR_REPLAY_OUTPUT=$(winepath -w "$WORK/ps51-output.txt" 2>/dev/null)
CASDOCTOR_REPLAY_SCRIPT=$(winepath -w "$WORK/decoded.ps1" 2>/dev/null)
export CASDOCTOR_REPLAY_OUTPUT CASDOCTOR_REPLAY_SCRIPT

options=(--ems remote --ems-uri 'http://ex16a.contoso.com/PowerShell/' --audit-days 7)
run print-script collect --print-script "${options[@]}"
expect_rc 0
cp "$OUT" "$WORK/printed.ps1"

rm -f "$WORK/decoded.ps1"
run diagnose-live diagnose --format json "${options[@]}"
expect_rc 2
[[ -f $WORK/decoded.ps1 ]] || fail "the stand-in was not started (or not by casdoctor's command line): $(cat "$ERR")"
cmp -s "$WORK/printed.ps1" "$WORK/decoded.ps1" ||
  fail "the script that arrived differs from --print-script: $(diff "$WORK/printed.ps1" "$WORK/decoded.ps1" | head -5)"
grep -q "'http://ex16a.contoso.com/PowerShell/'" "$WORK/decoded.ps1" || fail "the options did not reach the script"
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology") | .server] | sort == ["EX13A","EX16A"]'
expect_lf_only "$OUT"

# A non-zero exit after a whole snapshot: the verdict stands, with a warning.
export CASDOCTOR_REPLAY_EXIT=1
run exit-after-snapshot diagnose --format json
expect_rc 2
expect_err "PowerShell exited with code 1 after printing the snapshot"

: >"$WORK/empty.txt"
CASDOCTOR_REPLAY_OUTPUT=$(winepath -w "$WORK/empty.txt" 2>/dev/null)
run no-output diagnose --format json
expect_rc 3
expect_jq '.status == "unknown"'
expect_err "PowerShell (exit code 1) printed no snapshot"
pass
