#!/usr/bin/env bash
# Never acting beyond what was approved, end to end against the lab: --plan
# takes no option that chooses targets; a snapshot plans but never runs; a
# saved plan edited to act on another server (the 2010 CAS, a fixed one, the
# local server of another machine) is refused with nothing run; a dry run
# writes only plans that --plan reads back; after a run the report is the
# state the run left, the state before it kept in plan.before.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
J=$WORK/journal.jsonl

collects() { jq '[.calls[] | select(.kind == "collect")] | length' "$CASDOCTOR_LAB_STATE"; }
calls() { jq '.calls | length' "$CASDOCTOR_LAB_STATE"; }
no_action() { [[ $(actions) -eq 0 ]] || fail "$1 ran $(actions) acting processes"; }
# plan FILE ARGS...: a JSON dry run of the lab as it is now, saved to FILE.
plan() {
  local file=$1
  shift
  "$CASDOCTOR" remediate --dry-run --format json -o "$file" "$@" 2>"$WORK/plan.err" ||
    [[ $? -le 2 ]] || fail "the dry run for $file failed: $(cat "$WORK/plan.err")"
}
# edit IN OUT FILTER: a saved plan edited with jq, as on its way through a ticket system.
edit() { jq "$3" "$1" >"$2" || fail "jq edit of $1"; }

fresh_scenario
plan "$WORK/plan.json"
[[ $(jq '.plan.targets' -c "$WORK/plan.json") == '["EX16A","EX13A"]' ]] ||
  fail "the lab's plan targets $(jq -c '.plan.targets' "$WORK/plan.json")"

# --plan runs the approved plan as it is: options that choose targets are
# usage errors before anything is collected or run.
for option in "--servers=EX16A" "--all-susceptible" "--audit-days=7"; do
  fresh_scenario
  run "plan-with-$option" remediate --plan "$WORK/plan.json" "$option" --yes --journal "$J"
  expect_rc 64
  expect_err "--plan runs the approved plan as it is"
  [[ $(calls) -eq 0 ]] || fail "--plan with $option started $(calls) processes"
done
for option in "--no-recheck" "--max-age=1h"; do
  run "$option-without-plan" remediate "$option" --dry-run
  expect_rc 64
  expect_err "are for --plan FILE"
done

# A snapshot plans only: running needs the org as it is now.
fresh_scenario
"$CASDOCTOR" collect -o "$WORK/snap.json" 2>/dev/null || fail "collect"
run snapshot-yes remediate --snapshot "$WORK/snap.json" --yes --journal "$J"
expect_rc 64
expect_err "--snapshot plans only"
no_action "remediate --snapshot --yes"
run snapshot-plan-yes remediate --snapshot "$WORK/snap.json" --plan "$WORK/plan.json" --yes \
  --journal "$J"
expect_rc 64
expect_err "--snapshot plans only"
no_action "remediate --snapshot --plan --yes"
# ... but reviewing a saved plan against a snapshot is a dry run, and starts nothing.
before=$(calls)
run snapshot-plan-review remediate --snapshot "$WORK/snap.json" --plan "$WORK/plan.json" \
  --dry-run --format json
expect_rc 2
expect_jq '.plan.dry_run and ([.plan.steps[] | .status] | unique) == ["planned"]'
[[ $(calls) -eq $before ]] || fail "a review against a snapshot started a process"

# A plan whose targets were edited to the 2010 CAS: refused as --servers
# refuses it, even with --no-recheck (which would not skip its steps).
fresh_scenario
edit "$WORK/plan.json" "$WORK/to-2010.json" \
  'walk(if type == "string" then gsub("EX16A"; "EX2010") else . end)'
run plan-to-2010 remediate --plan "$WORK/to-2010.json" --no-recheck --yes --journal "$J"
expect_rc 65
expect_err "the plan's target 'EX2010' is an Exchange 2010 server"
no_action "a plan retargeted to the 2010 CAS"

# EX16A's steps sent to the 2010 CAS's FQDN (commands edited to match).
edit "$WORK/plan.json" "$WORK/fqdn-2010.json" \
  '.plan.steps |= map(if .server == "EX16A" then
     (.fqdn = "EX2010.contoso.com" | .command |= gsub("EX16A.contoso.com"; "EX2010.contoso.com"))
   else . end)'
run plan-fqdn-2010 remediate --plan "$WORK/fqdn-2010.json" --yes --journal "$J"
expect_rc 65
expect_err "/plan/steps/0/fqdn: 'EX2010.contoso.com' is not where EX16A is reached"
no_action "a plan whose FQDN was edited"

# A fixed server needs --force again when its plan runs.
plan "$WORK/fixed.json" --servers EX16B --force
run plan-fixed remediate --plan "$WORK/fixed.json" --no-recheck --yes --journal "$J"
expect_rc 65
expect_err "the plan's target 'EX16B' has the fix"
expect_err "add --force"
no_action "a plan for a fixed server without --force"

# A plan made on EX16A (its steps run there without Invoke-Command), run
# from EX13A: its local steps would restart EX13A.
fresh_scenario
knob '.local_server = "EX16A"'
plan "$WORK/local.json" --servers EX16A
[[ $(jq -r '.plan.steps[0].fqdn' "$WORK/local.json") == "" ]] || fail "EX16A's steps are not local"
knob '.local_server = "EX13A"'
run plan-local-elsewhere remediate --plan "$WORK/local.json" --yes --journal "$J"
expect_rc 65
expect_err "which is now 'EX13A', not EX16A"
no_action "a local plan run on another server"

# What a dry run writes, --plan reads back: an FQDN the logon step could not
# connect to is refused while planning, and --via mends it.
fresh_scenario
knob '(.servers[] | select(.name == "EX13A") | .fqdn) = "ex13a .contoso.com"'
LOGON=(--verify --url https://mail.contoso.com/owa --user 'CONTOSO\alice')
run verify-bad-fqdn remediate --dry-run "${LOGON[@]}" --format json
expect_rc 65
expect_err "EX13A's FQDN 'ex13a .contoso.com' is not a host name the logon step can connect to"
expect_err "--via EX13A=HOST[:PORT]"
expect_empty_out
run verify-via remediate --dry-run "${LOGON[@]}" --via EX13A=127.0.0.1:4431 --format json \
  -o "$WORK/verify-plan.json"
expect_rc 2
run verify-plan-reads-back remediate --plan "$WORK/verify-plan.json" --dry-run --format json
expect_rc 2
expect_jq '[.plan.steps[] | select(.action == "verify-logon") | .logon.address] == ["EX16A.contoso.com","127.0.0.1:4431"]'

# After a successful run the report is the state the run left: the org is
# collected again; no stale value, the servers still below the fix level;
# the findings before the run are the plan's.
fresh_scenario
run execute remediate --yes --journal "$J" --format json
keep_json remediate-approval-after
expect_rc 1
expect_jq '.status == "warning" and .exit_code == 1'
expect_jq '([.plan.steps[] | .status] | unique) == ["succeeded"]'
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology")] | length == 0'
expect_jq '[.findings[] | select(.id == "kb4294204.susceptible") | .server] | sort == ["EX13A","EX16A"]'
expect_jq '.plan.before.status == "critical"'
expect_jq '[.plan.before.findings[] | select(.id == "kb4294204.stale-topology") | .server] | sort == ["EX13A","EX16A"]'
[[ $(collects) -eq 2 ]] || fail "expected the collection before and the one after the run, got $(collects)"

fresh_scenario
run execute-text remediate --yes --journal "$J"
expect_rc 1
expect_out "WARNING: remediation ran on 2 servers: 6 of 6 steps succeeded"
expect_out "Status and findings: the org after the run. Before it: CRITICAL, 2 servers hold a stale IsOutOfService value;"
expect_out "FINDINGS AFTER THE RUN"
expect_out "FINDINGS BEFORE THE RUN"

fresh_scenario
run execute-markdown remediate --yes --journal "$J" --format markdown
expect_rc 1
expect_out "## Findings after the run"
expect_out "## Findings before the run"

# The collection after the run fails: the state is not known, and the report
# says so instead of OK. A shell that hands every call to the lab but fails
# a collection once a restart has run.
cat >"$WORK/flaky-shell" <<'EOF'
#!/usr/bin/env bash
input=$(mktemp)
cat >"$input"
script=$(cat "$input")
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ ${args[i]} == -EncodedCommand ]]; then
    script+=$(printf '%s' "${args[i + 1]}" | base64 -d | iconv -f UTF-16LE -t UTF-8)
  fi
done
ran=$(jq '[.calls[] | select(.kind == "action")] | length' "$CASDOCTOR_LAB_STATE")
if [[ $script == *casdoctor:begin* && $ran -gt 0 ]]; then
  rm -f "$input"
  echo "Connecting to remote server failed: the WinRM client cannot process the request." >&2
  exit 1
fi
exec "$CASDOCTOR_LAB" "$@" <"$input"
EOF
chmod +x "$WORK/flaky-shell"
fresh_scenario
run after-not-collected remediate --yes --journal "$J" --format json --powershell "$WORK/flaky-shell"
keep_json remediate-approval-after-unknown
expect_rc 3
expect_jq '.status == "unknown" and ([.plan.steps[] | .status] | unique) == ["succeeded"]'
expect_jq '[.findings[] | .id] == ["remediate.after-unknown"]'
expect_jq '.findings[0].summary | test("collecting the org again after the run failed: .*WinRM")'
expect_jq '.plan.before.status == "critical"'
expect_err "the state after the run is not known"

pass
