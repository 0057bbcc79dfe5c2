#!/usr/bin/env bash
# A report that cannot be written is a failure (exit 3, one line on stderr),
# not a success: stdout on a full device, -o on one; and a journal that
# cannot be written leaves a report that says why no step ran.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB

# full NAME ARGS...: casdoctor ARGS with stdout on /dev/full.
full() {
  step=$1
  shift
  RC=0
  : >"$OUT"
  "$CASDOCTOR" "$@" </dev/null >/dev/full 2>"$ERR" || RC=$?
}
expect_stdout_error() {
  expect_rc 3
  expect_err "cannot write to stdout: No space left on device"
  expect_err_lines 1
}

full diagnose-text diagnose --snapshot "$EXAMPLES/healthy.json"
expect_stdout_error
full diagnose-json diagnose --snapshot "$EXAMPLES/healthy.json" --format json
expect_stdout_error
full diagnose-markdown diagnose --snapshot "$EXAMPLES/healthy.json" --format markdown
expect_stdout_error
full list-checks diagnose --list-checks
expect_stdout_error
full build build 15.1.1415.2
expect_stdout_error
full print-script collect --print-script
expect_stdout_error
full help --help
expect_rc 3
expect_err "cannot write to stdout"

# A file that cannot be written is an I/O error (sysexits EX_IOERR, 74).
run output-file diagnose --snapshot "$EXAMPLES/healthy.json" -o /dev/full
expect_rc 74
expect_err "cannot write '/dev/full': No space left on device"
expect_err_lines 1

fresh_scenario
full collect collect
expect_stdout_error
full dry-run remediate --dry-run
expect_stdout_error

# The journal on a full device: nothing runs, and every step says why.
fresh_scenario
run journal-full remediate --yes --journal /dev/full --format json
expect_rc 2
keep_json remediate-journal-full
expect_jq '[.plan.steps[] | .status] | all(. == "skipped")'
expect_jq '[.plan.steps[] | .output] | all(. == "not run: the journal could not be written: cannot write '"'/dev/full'"': No space left on device")'
expect_err "the journal could not be written: cannot write '/dev/full': No space left on device"

pass
