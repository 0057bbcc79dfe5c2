#!/usr/bin/env bash
# The README's examples: the KB story and a healthy org, in every format, from
# a file, stdin and to -o FILE; colour only on a terminal.
source "$(dirname "$0")/lib/assert.bash"
hit=$EXAMPLES/kb4294204-hit.json
healthy=$EXAMPLES/healthy.json

run hit-text diagnose --snapshot "$hit"
expect_rc 2
expect_out "CRITICAL"
expect_out "kb4294204.stale-topology"
expect_out "EX16A"
expect_out "EX13A"
expect_no_out $'\e['
expect_no_err "error"

run hit-json diagnose --snapshot "$hit" --format json
expect_rc 2
keep_json hit
expect_jq '.status == "critical" and .exit_code == 2 and .command == "diagnose"'
expect_jq '[.servers[].name] == ["EX2010","EX16A","EX13A","EX16B"]'
expect_jq '[.servers[] | .kb4294204] == ["not-applicable","susceptible","susceptible","fixed"]'
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology") | .server] == ["EX16A","EX13A"]'
expect_jq '[.findings[] | select(.id == "kb4294204.susceptible") | .server] == ["EX16A","EX13A"]'
expect_jq '(.findings | map(select(.server == "EX16B" and .severity != "info")) | length) == 0'
expect_jq '.servers[0].update == "SP3" and (.servers[0].build_note | test("rollup"))'

run hit-markdown diagnose --snapshot "$hit" --format markdown
expect_rc 2
expect_out "CRITICAL"
expect_out '```powershell'
expect_out "Restart-Service -Name 'MSExchangeADTopology' -Force"
expect_out "| EX16A"

run healthy-text diagnose --snapshot "$healthy"
expect_rc 0
expect_out "OK"
run healthy-json diagnose --snapshot "$healthy" --format json
expect_rc 0
keep_json healthy
expect_jq '.status == "ok" and .exit_code == 0'
expect_jq '[.findings[] | select(.severity != "info")] | length == 0'

step=stdin
RC=0
"$CASDOCTOR" diagnose --snapshot - --format json <"$hit" >"$OUT" 2>"$ERR" || RC=$?
expect_rc 2
expect_jq '.status == "critical"'

run output-file diagnose --snapshot "$hit" --format json -o "$WORK/report.json"
expect_rc 2
expect_empty_out
cp "$WORK/report.json" "$OUT"
expect_jq '.status == "critical"'

# A terminal gets colour unless --no-color or NO_COLOR says otherwise.
step=tty-colour
script -qec "'$CASDOCTOR' diagnose --snapshot '$hit'" /dev/null >"$OUT" 2>&1 || true
expect_out $'\e['
step=tty-no-color
script -qec "'$CASDOCTOR' diagnose --snapshot '$hit' --no-color" /dev/null >"$OUT" 2>&1 || true
expect_out "CRITICAL"
expect_no_out $'\e['
step=tty-NO_COLOR
NO_COLOR=1 script -qec "'$CASDOCTOR' diagnose --snapshot '$hit'" /dev/null >"$OUT" 2>&1 || true
expect_out "CRITICAL"
expect_no_out $'\e['

pass
