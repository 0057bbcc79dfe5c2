#!/usr/bin/env bash
# casdoctor-lab scenario / show / set-oos as a person exploring the lab uses them.
source "$(dirname "$0")/lib/lab.bash"

runlab scenario scenario kb4294204 --state "$CASDOCTOR_LAB_STATE" --now "$NOW"
expect_rc 0
expect_out "4 servers"
expect_state '.schema == "casdoctor.lab/1" and .local_server == "EX16B"'
expect_state '[.servers[].name] == ["EX2010","EX16A","EX13A","EX16B"]'
expect_state '(.servers[] | select(.name=="EX16A") | .iis_view.EX2010) == true'
expect_state '(.servers[] | select(.name=="EX16B") | .iis_view.EX2010) == false'
expect_state '[.audit_log[].parameters[1].value] == ["True","False"]'
expect_state '.audit_log[1].run_date == "2018-06-20T08:00:00Z"'

runlab show show
expect_rc 0
expect_out "EX16A   Exchange Server 2016  CU8"
expect_out "EX2010=True STALE (topology True)"
expect_out "Set-ClientAccessServer"
grep -q "EX16B .*fixed .*EX2010=False$" "$OUT" || fail "EX16B should follow AD"

runlab set-oos set-oos EX2010 true
expect_rc 0
expect_state '(.servers[] | select(.name=="EX2010") | .is_out_of_service) == true'
expect_state '(.audit_log | length) == 3'
expect_state '(.servers[] | select(.name=="EX16B") | .iis_view.EX2010) == true'

runlab set-oos-unknown set-oos EX99 false
expect_rc 1
expect_err "object 'EX99' couldn't be found"

runlab set-oos-bad-value set-oos EX2010 maybe
expect_rc 64

step=no-state
RC=0
env -u CASDOCTOR_LAB_STATE "$CASDOCTOR_LAB" show >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 64
expect_err "CASDOCTOR_LAB_STATE"

runlab bench scenario kb4294204 --state "$WORK/big.json" --servers 200 --shell-load-delay 50
expect_rc 0
[[ $(jq '.servers | length' "$WORK/big.json") == 204 ]] || fail "expected 204 servers"
[[ $(jq '.faults.shell_load_delay_ms' "$WORK/big.json") == 50 ]] || fail "delay knob not set"

# A copy: the lab takes its lock file beside the state, never in the source tree.
cp "$FIXTURES/ps51/utf8-nobom.json" "$WORK/not-a-lab-state.json"
runlab broken-state show --state "$WORK/not-a-lab-state.json"
expect_rc 65

pass
