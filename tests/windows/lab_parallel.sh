#!/usr/bin/env bash
# The Windows lab's state file under eight writers at once: each
# `casdoctor-lab.exe set-oos` reads, changes and replaces the state under its
# lock (LockFileEx), and reads take the lock too, because replacing a file
# that a reader holds open fails on Windows: every one of the eight audit
# entries must land. (casdoctor.exe's live path is live_collect.sh: no
# PowerShell runs under wine.)
source "$PROJECT_ROOT/tests/e2e/lib/lab.bash"
source "$(dirname "$0")/lib/wine.bash"

"$WINE" "$CASDOCTOR_LAB" scenario kb4294204 --state "$CASDOCTOR_LAB_STATE" --now "$NOW" >/dev/null ||
  fail "the Windows lab's scenario failed"

step=parallel
before=$(jq '.audit_log | length' "$CASDOCTOR_LAB_STATE")
pids=()
for i in 1 2 3 4 5 6 7 8; do
  value=$([[ $((i % 2)) -eq 0 ]] && echo true || echo false)
  "$WINE" "$CASDOCTOR_LAB" set-oos EX2010 "$value" --state "$CASDOCTOR_LAB_STATE" \
    >"$WORK/set-$i.out" 2>"$WORK/set-$i.err" </dev/null &
  pids+=($!)
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || fail "set-oos run $((i + 1)) failed: $(cat "$WORK/set-$((i + 1)).err")"
done
expect_state ".audit_log | length == $((before + 8))"
expect_state '[.audit_log[-8:][] | .parameters[] | select(.name == "IsOutOfService")] | length == 8'
pass
