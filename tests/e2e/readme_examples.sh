#!/usr/bin/env bash
# The README's examples work as written: every `casdoctor ...` line of its sh
# code blocks runs from a copy of the examples folder, with the lab standing
# in for Exchange where a line collects live.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell

mkdir -p "$WORK/run" && cp -r "$PROJECT_ROOT/examples" "$WORK/run/"
"$CASDOCTOR_LAB" scenario kb4294204 --state "$CASDOCTOR_LAB_STATE" >/dev/null
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB

mapfile -t lines < <(awk '/^```sh$/ {on=1; next} /^```/ {on=0} on && /^casdoctor / {print}' \
  "$PROJECT_ROOT/README.md")
((${#lines[@]} >= 5)) || { step=extract; fail "found only ${#lines[@]} example lines in README.md"; }

casdoctor() { "$CASDOCTOR" "$@"; }
export -f casdoctor 2>/dev/null || true
for line in "${lines[@]}"; do
  step="README: $line"
  RC=0
  (cd "$WORK/run" && CASDOCTOR=$CASDOCTOR bash -c "casdoctor() { \"\$CASDOCTOR\" \"\$@\"; }; ${line%%#*}") \
    >"$OUT" 2>"$ERR" </dev/null || RC=$?
  ((RC <= 2)) || fail "exit code $RC"
  [[ -s $OUT || $line == *" -o "* || $line == *">"* ]] || fail "no report on stdout"
  expect_no_err "error"
done

echo "ran ${#lines[@]} README examples"
pass
