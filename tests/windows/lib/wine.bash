# Shared by the Windows end-to-end tests, sourced after tests/e2e/lib/assert.bash
# (or lab.bash): its run() with casdoctor.exe under wine. stdin is /dev/null.
: "${WINE:?set by ctest}"

run() {
  step=$1
  shift
  RC=0
  "$WINE" "$CASDOCTOR" "$@" >"$OUT" 2>"$ERR" </dev/null || RC=$?
}

# No CR anywhere in a file: one line-end policy, LF (sys/console.hpp).
expect_lf_only() { ! grep -q $'\r' "$1" || fail "$1 has CR line ends"; }
