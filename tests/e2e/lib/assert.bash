# Shared by the end-to-end tests: run the built binary, capture stdout,
# stderr and the exit code, and assert on them. Every failure names the test
# step; the script ends non-zero at the first one.
set -uo pipefail

: "${CASDOCTOR:?set by ctest}" "${CASDOCTOR_JSON_OUT:?set by ctest}" "${WORK:?set by ctest}"
rm -rf "$WORK" && mkdir -p "$WORK" "$CASDOCTOR_JSON_OUT"
OUT=$WORK/stdout
ERR=$WORK/stderr
RC=0
step=""

fail() {
  printf 'FAIL [%s]: %s\n' "$step" "$*" >&2
  printf -- '--- stdout:\n%s\n--- stderr:\n%s\n' "$(head -c 3000 "$OUT" 2>/dev/null)" \
    "$(head -c 3000 "$ERR" 2>/dev/null)" >&2
  exit 1
}

# run NAME ARGS...: runs casdoctor with ARGS (stdin from /dev/null unless redirected by the caller).
run() {
  step=$1
  shift
  RC=0
  "$CASDOCTOR" "$@" >"$OUT" 2>"$ERR" || RC=$?
}

expect_rc() { [[ $RC -eq $1 ]] || fail "exit code $RC, expected $1"; }
expect_out() { grep -qF -- "$1" "$OUT" || fail "stdout lacks: $1"; }
expect_no_out() { ! grep -qF -- "$1" "$OUT" || fail "stdout has: $1"; }
expect_err() { grep -qF -- "$1" "$ERR" || fail "stderr lacks: $1"; }
expect_no_err() { ! grep -qF -- "$1" "$ERR" || fail "stderr has: $1"; }
expect_empty_out() { [[ ! -s $OUT ]] || fail "stdout is not empty"; }
expect_err_lines() {
  local n
  n=$(wc -l <"$ERR")
  [[ $n -eq $1 ]] || fail "stderr has $n lines, expected $1"
}
# expect_jq FILTER: the filter must print "true" for the JSON on stdout.
expect_jq() {
  local got
  got=$(jq -r "$1" "$OUT" 2>&1) || fail "stdout is not JSON ($got)"
  [[ $got == true ]] || fail "jq '$1' gave: $got"
}
# keep_json NAME: stdout is a report; keep it for the schema test.
keep_json() { cp "$OUT" "$CASDOCTOR_JSON_OUT/e2e-$1.json"; }

pass() { echo "PASS: $(basename "$0")"; }
