#!/usr/bin/env bash
# remediate --yes --verify: the password's environment variable is gone
# before the first PowerShell starts (the collection comes before the plan
# is known to need it), and the logon steps still get the password.
source "$(dirname "$0")/lib/lab.bash"
need_lab_powershell
ALICE_PW='Alice-Lab-2010!'
URL=https://mail.contoso.com/owa
J=$WORK/journal.jsonl

# PowerShell that records its environment, one file per process.
WRAP=$WORK/powershell
cat >"$WRAP" <<EOF
#!/usr/bin/env bash
env >"$WORK/env.\$\$"
exec "$CASDOCTOR_LAB" "\$@"
EOF
chmod +x "$WRAP"
export CASDOCTOR_POWERSHELL=$WRAP

expect_no_password_in_children() {
  local dumps
  dumps=$(find "$WORK" -maxdepth 1 -name 'env.*' | wc -l)
  ((dumps >= 1)) || fail "no PowerShell ran"
  ! grep -l -e "$1" -e "$ALICE_PW" "$WORK"/env.* || fail "a PowerShell inherited the password"
}

fresh_scenario
start_serve
LOGON=(--url "$URL" --user 'CONTOSO\alice' --via "$VIA" --ca-file "$CA")

step=verify
export CASDOCTOR_PASSWORD=$ALICE_PW
run execute remediate --yes --verify "${LOGON[@]}" --verify-deadline 30s --verify-interval 500ms \
  --journal "$J" --format json
# 1: the steps worked; the servers are still below the CU (the after state).
expect_rc 1
keep_json remediate-password-env
expect_jq '[.plan.steps[] | select(.action == "verify-logon") | .status] | (length > 0 and all(. == "succeeded"))'
expect_no_password_in_children CASDOCTOR_PASSWORD

# Another variable, and a saved plan whose logon steps need it.
rm -f "$WORK"/env.*
unset CASDOCTOR_PASSWORD
fresh_scenario
run dry-run remediate --dry-run --verify "${LOGON[@]}" --verify-interval 500ms --format json
expect_rc 2
cp "$OUT" "$WORK/plan.json"
rm -f "$WORK"/env.*
export PROBE_PW=$ALICE_PW
run saved-plan remediate --plan "$WORK/plan.json" --yes --password-env PROBE_PW --ca-file "$CA" \
  --journal "$J" --format json
expect_rc 1  # the steps worked; the servers are still below the CU
expect_no_password_in_children PROBE_PW

pass
