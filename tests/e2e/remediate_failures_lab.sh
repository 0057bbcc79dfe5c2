#!/usr/bin/env bash
# A failure is never called a success. The lab models remoting the Exchange
# way (a remote block's native exit code is not the local process's), and
# against it: iisreset failing on a busy server (stop timeout with /noforce)
# fails the step and the run (exit 2); iisreset exiting 0 without restarting
# anything fails the step by the start times; the happy path still succeeds.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
J=$WORK/journal.jsonl

iis_fault() { knob "(.servers[] | select(.name == \"$1\") | .iisreset_fault) = \"$2\""; }
# step_jq SERVER ACTION FILTER: FILTER over that step of the report, must be true.
step_jq() { expect_jq "[.plan.steps[] | select(.server == \"$1\" and .action == \"$2\")][0] | $3"; }

# ---- the lab's remoting model ----
fresh_scenario
iis_fault EX16A stop-timeout
ps remote-unchecked "Invoke-Command -ComputerName 'EX16A.contoso.com' -ScriptBlock { iisreset /noforce }"
expect_rc 0 # the failure stays on EX16A: nothing of it crosses Invoke-Command
expect_out "Restart attempt failed."
fresh_scenario
iis_fault EX16A stop-timeout
ps remote-checked "Invoke-Command -ComputerName 'EX16A.contoso.com' -ErrorAction Stop -ScriptBlock { iisreset /noforce; if (\$LASTEXITCODE -ne 0) { throw 'iisreset failed' } }"
expect_rc 1
expect_err "iisreset failed"
expect_err "+ PSComputerName        : EX16A.contoso.com"
fresh_scenario
iis_fault EX16A stop-timeout
ps remote-forced "Invoke-Command -ComputerName 'EX16A.contoso.com' -ErrorAction Stop -ScriptBlock { iisreset; if (\$LASTEXITCODE -ne 0) { throw 'iisreset failed' } }"
expect_rc 0 # without /noforce the worker processes are killed and IIS restarts
expect_out "Internet services successfully restarted"
fresh_scenario
iis_fault EX16B stop-timeout
ps local-checked "iisreset /noforce; if (\$LASTEXITCODE -ne 0) { throw 'iisreset failed' }"
expect_rc 1
expect_err "iisreset failed"

# ---- remote iisreset fails (a busy server): the step fails, exit 2 ----
fresh_scenario
iis_fault EX16A stop-timeout
run stop-timeout remediate --yes --journal "$J" --format json
expect_rc 2
keep_json remediate-iisreset-stop-timeout
step_jq EX16A restart-topology '.status == "succeeded"'
step_jq EX16A iisreset '.status == "failed" and .exit_code == 1'
step_jq EX16A iisreset '.output | contains("Restart attempt failed.")'
step_jq EX16A iisreset '.output | contains("iisreset failed: its exit code is not 0")'
step_jq EX16A iisreset '.output | contains("casdoctor: not restarted and running after the step:")'
step_jq EX16A check-services '.status == "skipped"'
expect_jq '[.plan.steps[] | select(.server == "EX13A") | .status] | all(. == "skipped")'
jq -e -s '[.[] | select(.event == "outcome" and .action == "iisreset")][0].status == "failed"' "$J" >/dev/null ||
  fail "the journal does not record the failed iisreset"

# ---- iisreset exits 0 but restarts nothing: failed by the start times ----
fresh_scenario
iis_fault EX16A no-restart
w3svc_before=$(jq -r '.servers[] | select(.name == "EX16A") | .services[] | select(.name == "W3SVC") | .start_time' "$CASDOCTOR_LAB_STATE")
run no-restart remediate --yes --journal "$J" --format json
expect_rc 2
keep_json remediate-iisreset-no-restart
step_jq EX16A iisreset '.status == "failed" and .exit_code == 0'
step_jq EX16A iisreset '.output | contains("Internet services successfully restarted")'
step_jq EX16A iisreset '.output | test("W3SVC \\(started [^)]*, before the step began at ")'
[[ $(jq -r '.servers[] | select(.name == "EX16A") | .services[] | select(.name == "W3SVC") | .start_time' "$CASDOCTOR_LAB_STATE") == "$w3svc_before" ]] ||
  fail "the no-restart knob restarted W3SVC"

# ---- the happy path still succeeds ----
fresh_scenario
run happy remediate --yes --journal "$J" --format json
# 1: the steps worked; the servers are still below the CU (the after state).
expect_rc 1
expect_jq '.status == "warning" and all(.findings[]; .id != "kb4294204.stale-topology")'
expect_jq '[.plan.steps[] | .status] | all(. == "succeeded")'
step_jq EX16A iisreset '.output | contains("casdoctor: restarted and running: IISADMIN, WAS, W3SVC")'
step_jq EX13A restart-topology '.output | contains("casdoctor: restarted and running: MSExchangeADTopology")'
pass
