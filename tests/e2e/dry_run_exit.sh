#!/usr/bin/env bash
# A dry run's exit code says whether the plan has work (2, or 1 for exposed
# servers only) or not (0), and the chain that docs/remediation.md shows
# works as written: run here, verbatim, against the lab.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB

run snapshot-hit remediate --dry-run --snapshot "$EXAMPLES/kb4294204-hit.json" --format json
expect_rc 2
expect_jq '(.plan.targets | length) > 0'
run snapshot-healthy remediate --dry-run --snapshot "$EXAMPLES/healthy.json" --format json
expect_rc 0
expect_jq '(.plan.targets | length) == 0'

# The documented chain, extracted from the docs and run in a folder of its own.
chain=$(awk '/^### The dry run.s exit code/ {in_section = 1}
  in_section && /^```sh$/ {in_block = 1; next}
  in_block && /^```$/ {exit}
  in_block {print}' "$PROJECT_ROOT/docs/remediation.md")
[[ $chain == *"remediate --dry-run"* ]] || fail "no sh block in docs/remediation.md's dry-run section"
chain=${chain//casdoctor /\"\$CASDOCTOR\" }
fresh_scenario
mkdir -p "$WORK/chain" && cd "$WORK/chain" || fail "cd"
step=chain-with-work
RC=0
bash -euo pipefail -c "$chain" >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 0
[[ -s journal.jsonl ]] || fail "the chain did not run the plan (no journal)"
expect_state '[.servers[] | select(.name == "EX16A" or .name == "EX13A") | .topology_view.EX2010, .iis_view.EX2010] == [false, false, false, false]'
step=chain-nothing-to-do
RC=0
bash -euo pipefail -c "$chain" >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 0
expect_out "nothing to do"

# Exposed servers only (nothing stale after the run): work in the plan, exit 1.
run servers-exposed remediate --dry-run --servers EX16A --format json
expect_rc 1
expect_jq '(.plan.targets | length) > 0'

pass
