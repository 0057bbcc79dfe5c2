#!/usr/bin/env bash
# A terminal is a console (GetConsoleMode), not any character device:
# `remediate < NUL` must refuse to prompt (exit 64) rather than take NUL,
# which _isatty calls a tty, for a terminal and read "no" from it.
source "$PROJECT_ROOT/tests/e2e/lib/assert.bash"
source "$(dirname "$0")/lib/wine.bash"

exe=$(winepath -w "$CASDOCTOR" 2>/dev/null)
step=remediate-from-nul
RC=0
# One argument, which wine quotes whole for cmd /c (an inner quote would
# reach cmd.exe as \"); so the build folder must hold no space.
[[ $exe != *' '* ]] || fail "the build folder has a space: $exe"
"$WINE" cmd /c "$exe remediate < NUL" >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 64
expect_err "without a terminal to confirm on"
pass
