#!/usr/bin/env bash
# An admin's first hour: mistakes answered in one plain line (exit 64) with
# the likely intended word; --config keys that no option takes; -o checked
# before any work (exit 73); -o - is stdout; --snapshot from a pipe.
source "$(dirname "$0")/lib/assert.bash"

usage_line() { # usage_line NAME TEXT ARGS...: exit 64, nothing on stdout, TEXT on stderr
  local name=$1 text=$2
  shift 2
  run "$name" "$@"
  expect_rc 64
  expect_empty_out
  expect_err_lines 2 # the line and "Run 'casdoctor ... --help' for usage."
  expect_err "$text"
}
# The same for a combination the command refuses once it runs: one line.
refused() {
  local name=$1 text=$2
  shift 2
  run "$name" "$@"
  expect_rc 64
  expect_empty_out
  expect_err_lines 1
  expect_err "$text"
}

usage_line typo-command "unknown command 'diagnos'; did you mean 'diagnose'?" diagnos
usage_line typo-command-options "did you mean 'remediate'?" remdiate --dry-run
usage_line unknown-command "unknown command 'frobnicate' (commands: collect, diagnose, remediate, build, verify)" frobnicate
expect_no_err "did you mean"
usage_line no-command "a command is required: collect, diagnose, remediate, build, verify"
usage_line typo-option "unknown option '--snapsot'; did you mean '--snapshot'?" \
  diagnose --snapsot "$EXAMPLES/healthy.json"
usage_line typo-option-equals "unknown option '--snapsot'; did you mean '--snapshot'?" \
  diagnose --snapsot="$EXAMPLES/healthy.json"
usage_line typo-common-option "did you mean '--format'?" diagnose --formt json
usage_line format-pdf "--format: 'pdf' is not a report format; use one of text, json, markdown, html" \
  diagnose --snapshot "$EXAMPLES/healthy.json" --format pdf
expect_no_err "Check"
usage_line format-number "'2' is not a report format" diagnose --snapshot "$EXAMPLES/healthy.json" --format 2
run format-any-case diagnose --snapshot "$EXAMPLES/healthy.json" --format JSON
expect_rc 0
expect_jq '.command == "diagnose"'

# collect writes a snapshot (JSON) or a script: another --format is an error.
refused collect-markdown "collect writes a snapshot, which is JSON: --format markdown does not apply" \
  collect --format markdown
refused collect-script-format "--print-script writes a PowerShell script" \
  collect --print-script --format json
run collect-json-script collect --print-script
expect_rc 0
expect_out "Get-ExchangeServer"

# --config: a key no option takes, or a key in the wrong section, names the
# key and the file; a right one still works.
cat >"$WORK/misplaced.toml" <<TOML
[diagnose]
snapshot = "$EXAMPLES/healthy.json"
yes = true
TOML
usage_line config-misplaced "--config $WORK/misplaced.toml: unknown key 'yes' under [diagnose] (not an option of diagnose); it belongs under [remediate]" \
  diagnose --config "$WORK/misplaced.toml"
cat >"$WORK/top.toml" <<TOML
snapshot = "$EXAMPLES/healthy.json"
TOML
usage_line config-top "unknown key 'snapshot' at the top (not a common option); it belongs under [diagnose], [remediate]" \
  diagnose --config "$WORK/top.toml"
cat >"$WORK/common-in-section.toml" <<TOML
[diagnose]
snapshot = "$EXAMPLES/healthy.json"
format = "json"
TOML
usage_line config-common-in-section "it is a common option: put it at the top, before any section" \
  diagnose --config "$WORK/common-in-section.toml"
cat >"$WORK/typo.toml" <<TOML
[diagnose]
snapshto = "$EXAMPLES/healthy.json"
TOML
usage_line config-typo "unknown key 'snapshto' under [diagnose]" diagnose --config "$WORK/typo.toml"
cat >"$WORK/section.toml" <<TOML
[diagnos]
snapshot = "$EXAMPLES/healthy.json"
TOML
usage_line config-section "unknown section [diagnos]; did you mean 'diagnose'?" \
  diagnose --config "$WORK/section.toml"
cat >"$WORK/good.toml" <<TOML
format = "json"
[diagnose]
snapshot = "$EXAMPLES/healthy.json"
[remediate]
yes = true
TOML
run config-good diagnose --config "$WORK/good.toml"
expect_rc 0
expect_jq '.command == "diagnose"'

# -o to a place that cannot take it: exit 73 before PowerShell is even started.
cat >"$WORK/powershell" <<SH
#!/bin/sh
touch "$WORK/powershell-ran"
sleep 30
SH
chmod +x "$WORK/powershell"
run unwritable-live diagnose --powershell "$WORK/powershell" -o "$WORK/no-such-folder/report.md"
expect_rc 73
expect_empty_out
expect_err_lines 1
expect_err "cannot write the report to '$WORK/no-such-folder/report.md': folder '$WORK/no-such-folder' does not exist"
[[ ! -e $WORK/powershell-ran ]] || fail "PowerShell was started before -o was checked"
run collect-unwritable collect --powershell "$WORK/powershell" -o "$WORK"
expect_rc 73
expect_err "it is a folder"
[[ ! -e $WORK/powershell-ran ]] || fail "PowerShell was started before -o was checked"

# -o - is stdout, not a file named "-".
cd "$WORK" || fail "cd"
run dash-output diagnose --snapshot "$EXAMPLES/healthy.json" --format json -o -
expect_rc 0
expect_jq '.command == "diagnose"'
[[ ! -e $WORK/- ]] || fail "-o - wrote a file named '-'"
run dash-output-build build 15.1.1531.3 -o -
expect_rc 0
expect_out "CU10"
[[ ! -e $WORK/- ]] || fail "-o - wrote a file named '-'"

# -o FILE: written whole, no temporary file left next to it.
run output-file diagnose --snapshot "$EXAMPLES/healthy.json" --format json -o "$WORK/out/report.json"
expect_rc 73
mkdir -p "$WORK/out"
run output-file diagnose --snapshot "$EXAMPLES/healthy.json" --format json -o "$WORK/out/report.json"
expect_rc 0
expect_empty_out
jq -e '.command == "diagnose"' "$WORK/out/report.json" >/dev/null || fail "the report file is not the report"
[[ $(find "$WORK/out" -mindepth 1 | wc -l) -eq 1 ]] || fail "files left next to the report: $(ls -A "$WORK/out")"

# --snapshot from a pipe (process substitution) or a FIFO.
step=snapshot-pipe
RC=0
"$CASDOCTOR" diagnose --snapshot <(cat "$EXAMPLES/healthy.json") --format json >"$OUT" 2>"$ERR" || RC=$?
expect_rc 0
expect_no_err "Illegal seek"
expect_jq '.command == "diagnose" and .status == "ok"'
step=snapshot-fifo
mkfifo "$WORK/snapshot.fifo"
cat "$EXAMPLES/kb4294204-hit.json" >"$WORK/snapshot.fifo" &
RC=0
"$CASDOCTOR" diagnose --snapshot "$WORK/snapshot.fifo" --format json >"$OUT" 2>"$ERR" || RC=$?
wait
expect_rc 2
expect_jq '.status == "critical"'

pass
