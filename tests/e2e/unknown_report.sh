#!/usr/bin/env bash
# Exit 3 always comes with a report: a missing PowerShell, a session that
# times out, a collection that fails; status unknown with the reason in
# every format, the reason as the first text line (what Nagios shows).
# Exit 64/65 and `collect` (its stdout is a snapshot) stay plain errors.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
first_line() { head -n 1 "$OUT"; }

export CASDOCTOR_POWERSHELL=$WORK/no-such-powershell
run missing-json diagnose --format json
expect_rc 3
keep_json unknown-missing-powershell
expect_jq '.status == "unknown" and .exit_code == 3 and .command == "diagnose"'
expect_jq '.findings[0].id == "collect.failed" and .findings[0].severity == "unknown"'
expect_jq '.findings[0].summary | startswith("could not collect: PowerShell not found")'
expect_jq '.findings[0].evidence.reason | contains("no-such-powershell")'
expect_err "could not collect: PowerShell not found"

run missing-text diagnose
expect_rc 3
[[ $(first_line) == "UNKNOWN: could not collect: PowerShell not found: tried CASDOCTOR_POWERSHELL '$WORK/no-such-powershell', 'pwsh' in PATH" ]] ||
  fail "first line: $(first_line)"

run missing-markdown remediate --dry-run --format markdown
expect_rc 3
expect_out "**Status: UNKNOWN** (exit code 3): could not collect: PowerShell not found"
expect_out "collect.failed"

run missing-json-remediate remediate --dry-run --format json
expect_rc 3
keep_json unknown-remediate
expect_jq '.command == "remediate" and .status == "unknown" and .findings[0].id == "collect.failed"'

run missing-html diagnose --format html
expect_rc 3
expect_out '<header class="banner unknown">'

run missing-file diagnose --format json -o "$WORK/report.json"
expect_rc 3
expect_empty_out
jq -e '.status == "unknown"' "$WORK/report.json" >/dev/null || fail "-o FILE did not get the report"

# collect writes a snapshot, not a report; usage errors stay plain.
run missing-collect collect --format json
expect_rc 3
expect_empty_out
run usage diagnose --timeout 5x --format json
expect_rc 64
expect_empty_out
run bad-input diagnose --snapshot "$WORK/nope.json" --format json
expect_rc 65
expect_empty_out
unset CASDOCTOR_POWERSHELL

# A session that does not finish in time (the lab's hang and delay knobs).
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
fresh_scenario
knob '.faults.hang = true'
run timeout-json diagnose --timeout 2s --format json
expect_rc 3
keep_json unknown-timeout
expect_jq '.status == "unknown" and .findings[0].id == "collect.failed"'
expect_jq '.findings[0].summary | test("^could not collect: the PowerShell session did not finish within 2s")'
run timeout-text diagnose --timeout 2s
expect_rc 3
[[ $(first_line) == "UNKNOWN: could not collect: the PowerShell session did not finish within 2s;"* ]] ||
  fail "first line: $(first_line)"

fresh_scenario
knob '.faults.shell_load_delay_ms = 3000'
run delay-markdown diagnose --timeout 1s --format markdown
expect_rc 3
expect_out "**Status: UNKNOWN** (exit code 3): could not collect: the PowerShell session did not finish within 1s"

# A snap-in that will not load: the shell's own words as the reason.
fresh_scenario
knob '.faults.snapin_failure = true'
run snapin-json remediate --dry-run --format json
expect_rc 3
keep_json unknown-snapin
expect_jq '.findings[0].summary | contains("Exchange Management Shell")'
pass
