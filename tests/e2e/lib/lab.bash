# Shared by the lab's end-to-end tests (lab_*.sh): run casdoctor-lab like
# the assert.bash helpers run casdoctor, with a state file of the test's own.
source "$(dirname "${BASH_SOURCE[0]}")/assert.bash"

: "${CASDOCTOR_LAB:?set by ctest}"
export CASDOCTOR_LAB_STATE=$WORK/state.json
NOW=2018-06-20T09:00:00Z

# The lab's PowerShell (docs/lab.md): `casdoctor-lab powershell` runs real
# pwsh (CASDOCTOR_PWSH, which scripts/lib.sh installs) with the ExchangeLab
# module from powershell/ on PSModulePath.
if [[ -n ${CASDOCTOR_PWSH:-} ]]; then
  export CASDOCTOR_LAB_PWSH=$CASDOCTOR_PWSH
  export PSModulePath=$PROJECT_ROOT/powershell
  export POWERSHELL_UPDATECHECK=Off POWERSHELL_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
  export DOTNET_TieredPGO=${DOTNET_TieredPGO:-0}
fi

# need_lab_powershell: a test that runs PowerShell in the lab skips (exit 77,
# which ctest reports as skipped) where there is no pwsh, and says why.
need_lab_powershell() {
  if [[ -z ${CASDOCTOR_PWSH:-} || ! -x ${CASDOCTOR_PWSH:-} ]]; then
    printf 'SKIPPED: the lab runs PowerShell in real pwsh, and there is none: CASDOCTOR_PWSH is %s (scripts/test installs pwsh with the .NET SDK)\n' \
      "'${CASDOCTOR_PWSH:-unset}'" >&2
    exit 77
  fi
}

# runlab NAME ARGS...: runs casdoctor-lab with ARGS, stdin from /dev/null.
runlab() {
  step=$1
  shift
  RC=0
  "$CASDOCTOR_LAB" "$@" </dev/null >"$OUT" 2>"$ERR" || RC=$?
}

# ps NAME SCRIPT: the script through -EncodedCommand, as casdoctor passes it.
ps() {
  local encoded
  encoded=$(printf '%s' "$2" | iconv -f UTF-8 -t UTF-16LE | base64 -w0)
  runlab "$1" -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand "$encoded"
}

# state FILTER: jq over the state file, must print "true".
expect_state() {
  local got
  got=$(jq -r "$1" "$CASDOCTOR_LAB_STATE" 2>&1) || fail "state is not JSON ($got)"
  [[ $got == true ]] || fail "state: jq '$1' gave: $got"
}

# actions: how many acting PowerShell runs the call log holds (a dry run
# must add none).
actions() { jq '[.calls[] | select(.kind == "action")] | length' "$CASDOCTOR_LAB_STATE"; }

# keep_outputs: keeps the last run's stdout and stderr in all-output, for a
# test that checks at the end that no output ever held the password.
keep_outputs() { cat "$OUT" "$ERR" >>"$WORK/all-output"; }

# knob FILTER: changes the state file with jq (a test setting a fault knob).
knob() {
  jq "$1" "$CASDOCTOR_LAB_STATE" >"$WORK/state.tmp" && mv "$WORK/state.tmp" "$CASDOCTOR_LAB_STATE"
}

fresh_scenario() {
  "$CASDOCTOR_LAB" scenario kb4294204 --state "$CASDOCTOR_LAB_STATE" --now "$NOW" >/dev/null ||
    fail "scenario failed"
}

# start_serve: `casdoctor-lab serve` in the background (stopped on exit);
# sets PORTS (its port file), CA (the lab CA), VIA (every front end as
# SERVER=127.0.0.1:PORT) and SERVE_PID. via_of SERVER gives one of them.
start_serve() {
  PORTS=$WORK/ports.json
  rm -f "$PORTS"
  "$CASDOCTOR_LAB" serve --state "$CASDOCTOR_LAB_STATE" --port-file "$PORTS" \
    >"$WORK/serve.out" 2>"$WORK/serve.err" &
  SERVE_PID=$!
  trap 'kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null' EXIT
  for _ in $(seq 100); do [[ -s $PORTS ]] && break; sleep 0.1; done
  step=serve
  [[ -s $PORTS ]] || fail "casdoctor-lab serve wrote no port file: $(cat "$WORK/serve.err")"
  CA=$CASDOCTOR_LAB_STATE.ca.pem
  VIA=$(jq -r '[.front_ends[] | "\(.server)=127.0.0.1:\(.port)"] | join(",")' "$PORTS")
}
via_of() { jq -r --arg s "$1" '.front_ends[] | select(.server == $s) | "\(.server)=127.0.0.1:\(.port)"' "$PORTS"; }

# add_paris PASSWORD: EX2010P, a copy of EX2010 in site Paris, holding carol's
# mailbox (before start_serve). publish_paris: sets `paris` to its listener's
# URL and makes that its OWA ExternalUrl (after start_serve).
add_paris() {
  knob '.servers += [.servers[] | select(.name == "EX2010") | .name = "EX2010P" | .fqdn = "EX2010P.contoso.com" | .site = "Paris"]
    | .mailboxes += [{"user": "CONTOSO\\carol", "upn": "carol@contoso.com", "password": "'"$1"'", "home_server": "EX2010P"}]'
}
publish_paris() {
  paris=$(jq -r '.client_access_2010[] | select(.server == "EX2010P") | .url' "$PORTS")
  knob '.servers |= map(if .name == "EX2010P" then .owa_external_url = "'"$paris"'/owa" else . end)'
}
