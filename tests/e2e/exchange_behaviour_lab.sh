#!/usr/bin/env bash
# Exchange's own cache behaviour (docs/exchange-behaviour.md) in the lab, and
# casdoctor's verdict on it: app pools recycled without W3SVC, the 24 h / 4 h
# refreshes, a server that never picked up True, remote EMS's string-typed
# audit parameters, an account without the audit role, the snap-in only on
# request, ExchangeInstallPath missing in WinRM, PSVersion, proven/suspected.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
export CASDOCTOR_POWERSHELL=$CASDOCTOR_LAB
stale='[.findings[] | select(.id == "kb4294204.stale-topology") | .server]'

# ---- app pools: their own start times, recycled without W3SVC ----
fresh_scenario
run collect collect -o "$WORK/snap.json"
expect_rc 0
cp "$WORK/snap.json" "$OUT"
expect_jq '.ps_version == "5.1.14393.693"'
expect_jq '[.app_pools[] | select(.Server == "EX16A") | .Name] == ["MSExchangeOWAAppPool","MSExchangeECPAppPool","MSExchangeServicesAppPool"]'

# The topology service restarted after the revert, then IIS recycled the
# app pools: W3SVC still started before the revert, the caches are current.
ps restart-topology "Invoke-Command -ComputerName 'EX16A.contoso.com' -ScriptBlock { Restart-Service -Name 'MSExchangeADTopology' -Force }"
[[ $RC -eq 0 ]] || fail "restart in the lab failed: $(cat "$ERR")"
runlab recycle recycle-app-pool EX16A
[[ $RC -eq 0 ]] || fail "recycle-app-pool failed: $(cat "$ERR")"
expect_state '[.servers[] | select(.name == "EX16A") | .services[] | select(.name == "W3SVC") | .start_time < "2018-06-20T08:00:00Z"] == [true]'
run recycled diagnose --format json
expect_rc 2
keep_json app-pool-recycled
expect_jq "$stale == [\"EX13A\"]"

# Recycling only the app pools, with the topology service from the True
# period: the w3wp refilled from a stale topology service.
fresh_scenario
runlab recycle-only recycle-app-pool EX16A MSExchangeOWAAppPool
run recycled-stale diagnose --format json
expect_rc 2
expect_jq "$stale == [\"EX16A\",\"EX13A\"]"
expect_jq '[.findings[] | select(.id == "kb4294204.stale-topology" and .server == "EX16A") | .evidence.started_before_revert] == [["MSExchangeADTopology","MSExchangeECPAppPool"]]'

# ---- 24 h later: the caches probably refreshed themselves ----
fresh_scenario
runlab advance advance 25h
[[ $RC -eq 0 ]] || fail "advance failed: $(cat "$ERR")"
expect_state '[.servers[] | select(.name == "EX16A") | .iis_view.EX2010] == [false]'
run day-later diagnose --format json
expect_rc 1
keep_json probably-refreshed
expect_jq "$stale == []"
expect_jq '[.findings[] | select(.id == "kb4294204.probably-refreshed") | .server] == ["EX16A","EX13A"]'
expect_jq '[.findings[] | select(.id == "kb4294204.probably-refreshed") | .severity] | unique == ["warning"]'

# ---- a server that never picked up True ----
"$CASDOCTOR_LAB" scenario kb4294204 --now "$NOW" --never-picked-up EX13A >/dev/null || fail "scenario"
expect_state '[.servers[] | select(.name == "EX13A") | .iis_view.EX2010] == [false]'
run never-true diagnose --format json
expect_rc 2
expect_jq "$stale == [\"EX16A\"]"

# ---- the plan: proven or only suspected, and the maintenance first ----
fresh_scenario
run plan remediate --dry-run --format json
expect_rc 2
keep_json plan-suspected
expect_jq '[.plan.evidence[] | startswith("suspected stale")] == [true, true]'
expect_jq '[.plan.steps[] | select(.action == "restart-topology") | .impact[] | select(contains("Move-ActiveMailboxDatabase"))] | length == 2'

# ---- remote EMS: audit parameters as names only ----
fresh_scenario
run remote-strings diagnose --ems remote --ems-uri http://ex16b.contoso.com/PowerShell/ --format json
expect_rc 3
keep_json remote-audit-strings
expect_jq '[.findings[] | select(.id == "collect.partial" and .evidence.step == "audit") | .evidence.message | startswith("audit parameter values unavailable")] == [true]'
expect_jq "$stale == []"

# ---- an account without the audit role ----
fresh_scenario
knob '.faults.no_audit_role = true'
run no-role-remote diagnose --ems remote --ems-uri http://ex16b.contoso.com/PowerShell/ --format json
expect_rc 3
expect_jq '(.servers | length) == 4'
expect_jq '[.findings[] | select(.id == "collect.partial" and .evidence.step == "audit") | .evidence.message | contains("View-Only Audit Logs")] == [true]'
run no-role-local diagnose --format json
expect_rc 3
expect_jq '[.findings[] | select(.id == "collect.partial" and .evidence.step == "audit") | .evidence.message | contains("View-Only Audit Logs")] == [true]'

# ---- the 2013+ snap-in only on request ----
run script collect --print-script
expect_rc 0
expect_no_out "'Microsoft.Exchange.Management.PowerShell.SnapIn'"
run script-snapin collect --print-script --ems-snapin
expect_out "'Microsoft.Exchange.Management.PowerShell.SnapIn'"
fresh_scenario
knob '.faults.connect_failure = true'
run no-snapin collect --ems local -o "$WORK/s.json"
expect_rc 3
expect_err "Connect-ExchangeServer"
run with-snapin collect --ems local --ems-snapin -o "$WORK/s.json"
expect_rc 0

# ---- ExchangeInstallPath missing in the WinRM session ----
fresh_scenario
knob '(.servers[] | select(.name == "EX16A") | .winrm_without_install_path) = true'
run collect-winrm collect -o "$WORK/w.json"
expect_rc 0
cp "$WORK/w.json" "$OUT"
expect_jq '[.errors[] | select(.Step == "exsetup_versions")] == []'
expect_jq '[.exsetup_versions[] | select(.Server == "EX16A") | .FileVersion] == ["15.01.1415.002"]'

pass
