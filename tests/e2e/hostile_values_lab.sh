#!/usr/bin/env bash
# Data never becomes code, against the lab: an org whose server FQDN or
# dependent service names could break out of a PowerShell literal is refused
# (exit 65, the field named) before any command is made, and nothing but the
# read-only collection runs; long but valid names go through the stdin
# bootstrap and stay literals; a child's escape sequences on stderr reach the
# log as escapes.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
J=$WORK/journal.jsonl

calls() { jq '.calls | length' "$CASDOCTOR_LAB_STATE"; }
no_action_ran() {
  local acting
  acting=$(jq '[.calls[] | select(.kind != "collect")] | length' "$CASDOCTOR_LAB_STATE")
  [[ $acting -eq 0 && $(calls) -eq 1 ]] || fail "$(calls) calls, $acting not the collection"
  [[ ! -s $J ]] || fail "the journal has entries: $(cat "$J")"
}
server_index() { jq --arg s "$1" '[.servers[].name] | index($s)' "$CASDOCTOR_LAB_STATE"; }

# FQDN with a line of VT: on `-Command -` stdin it would end the literal.
fresh_scenario
knob '(.servers[] | select(.name == "EX16A") | .fqdn) = "EX16A.contoso.com\n\u000b\n; Stop-Computer; '"'"'"'
run hostile-fqdn remediate --yes --journal "$J"
expect_rc 65
expect_empty_out
expect_err "/exchange_servers/"
expect_err "/Fqdn: contains a control character U+000A at character 18"
expect_no_err "Stop-Computer"
expect_err_lines 1
no_action_ran

# A 12,000-character FQDN.
fresh_scenario
knob '(.servers[] | select(.name == "EX16A") | .fqdn) = ("a" * 11988 + ".contoso.com")'
run long-fqdn remediate --yes --journal "$J"
expect_rc 65
expect_err "/Fqdn: is 12000 characters long, more than 255"
no_action_ran

# A dependent service whose name holds a line separator and an RLO.
fresh_scenario
rename='def r: if . == "MSExchangeIS" then "MSExchangeIS\u2028; Stop-Computer" else . end;
  (.servers[] | select(.name == "EX16A") | .services[]) |= (.name |= r | .dependents |= map(r))'
knob "$rename"
run hostile-dependent remediate --yes --journal "$J"
expect_rc 65
expect_err "/dependent_services/"
expect_err "/Name: contains white space other than a plain space U+2028 at character 13"
no_action_ran
run hostile-dependent-diagnose diagnose
expect_rc 65
expect_empty_out

run hostile-dependent-collect collect -o "$WORK/refused.json"
expect_rc 65
[[ ! -e $WORK/refused.json ]] || fail "collect wrote a snapshot it refused"

# The same refusal from a saved snapshot file.
fresh_scenario
"$CASDOCTOR" collect -o "$WORK/snap.json" >/dev/null 2>&1
step=collect-file
[[ -s $WORK/snap.json ]] || fail "collect wrote no snapshot"
jq '.dependent_services[1].Name = "MSExchangeIS\u000c"' "$WORK/snap.json" >"$WORK/hostile.json"
run hostile-snapshot-file diagnose --snapshot "$WORK/hostile.json"
expect_rc 65
expect_err "hostile.json: /dependent_services/1/Name: contains a control character U+000C at character 13"

# Long names, quotes in them, all valid: the check step's script is too
# long for the command line and reaches the lab through the stdin bootstrap.
fresh_scenario
pad=$(printf 'x%.0s' $(seq 180))
long_names='[range(0; 70) | "Svc'"'"'$(Stop-Computer)`;\(.)-'"$pad"'"]'
knob "(.servers[] | select(.name == \"EX16A\") | .services) += [$long_names[] | {name: ., status: \"Running\", start_time: \"2018-06-18T09:00:00Z\", process_id: 4242}]
  | (.servers[] | select(.name == \"EX16A\") | .services[] | select(.name == \"MSExchangeADTopology\") | .dependents) += $long_names"
# A PowerShell that notes its command line, to replay casdoctor's own
# bootstrap below.
printf '#!/usr/bin/env bash
printf "%%s\n" "$@" >>%q
exec %q "$@"
' "$WORK/argv.txt" "$CASDOCTOR_LAB" >"$WORK/argv-shell"
chmod +x "$WORK/argv-shell"
CASDOCTOR_POWERSHELL=$WORK/argv-shell run long-names remediate --yes --journal "$J" --servers EX16A --format json
# 2: the after state still has EX13A stale (only EX16A was asked for).
expect_rc 2
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology") | .server] == ["EX13A"]'
expect_jq '[.plan.steps[] | .status] | unique == ["succeeded"]'
step=long-names-calls
jq -e '[.calls[] | select(.form == "encoded-command-stdin")] | length >= 1' "$CASDOCTOR_LAB_STATE" >/dev/null ||
  fail "no call took the stdin bootstrap: $(jq -c '[.calls[] | .form]' "$CASDOCTOR_LAB_STATE")"
jq -e '[.calls[] | .commands[]? | ascii_downcase] | index("stop-computer") == null' "$CASDOCTOR_LAB_STATE" >/dev/null ||
  fail "a value ran as a command: $(jq -c '[.calls[] | .commands]' "$CASDOCTOR_LAB_STATE")"

# casdoctor's bootstrap (as it reached PowerShell above) in real PowerShell:
# stdin as base64 of UTF-8.
fresh_scenario
encoded=
while IFS= read -r arg; do
  if [[ $(printf '%s' "$arg" | base64 -d 2>/dev/null | iconv -f UTF-16LE -t UTF-8 2>/dev/null) == *'FromBase64String(-join @($input))'* ]]; then
    encoded=$arg
    break
  fi
done <"$WORK/argv.txt"
step=find-bootstrap
[[ -n $encoded ]] || fail "no command line carried the stdin bootstrap"
step=lab-bootstrap
RC=0
printf "Write-Output 'caf\303\251 ok'" | base64 -w 8 |
  "$CASDOCTOR_LAB" -NoProfile -NonInteractive -EncodedCommand "$encoded" >"$OUT" 2>"$ERR" || RC=$?
expect_rc 0
expect_out "café ok"
jq -e '.calls[-1].form == "encoded-command-stdin"' "$CASDOCTOR_LAB_STATE" >/dev/null || fail "form not recorded"
step=lab-bootstrap-not-base64
RC=0
printf 'not base64!' | "$CASDOCTOR_LAB" -NoProfile -EncodedCommand "$encoded" >"$OUT" 2>"$ERR" || RC=$?
# Real PowerShell would run the empty script block after the failed decoding
# and exit 0: the bootstrap catches it and exits 1, so nothing passes for done.
expect_rc 1
expect_empty_out
expect_err 'casdoctor: the script on stdin did not decode:'

# A child that writes escape sequences and an RLO to stderr.
cat >"$WORK/noisy-shell" <<'EOF'
#!/usr/bin/env bash
printf 'boom \033[31mred\033[0m \342\200\256txt.exe\a\n' >&2
exit 1
EOF
chmod +x "$WORK/noisy-shell"
CASDOCTOR_POWERSHELL=$WORK/noisy-shell run noisy-child collect
expect_rc 3
expect_err 'boom \x1b[31mred\x1b[0m \u202Etxt.exe\x07'
step=noisy-child-bytes
if LC_ALL=C grep -q -e $'\033' -e $'\a' -e $'\342\200\256' "$ERR"; then
  fail "a raw escape, BEL or RLO reached stderr"
fi

pass
