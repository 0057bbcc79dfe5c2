#!/usr/bin/env bash
# The command line itself: version, help, usage errors (exit 64, one line
# plus a hint, nothing on stdout), --config.
source "$(dirname "$0")/lib/assert.bash"

version=$(sed -n 's/^project(casdoctor VERSION \([0-9.]*\).*/\1/p' "$PROJECT_ROOT/CMakeLists.txt")
run version --version
expect_rc 0
# "casdoctor 0.1.0 (commit 9816e77a1b2c, built 2026-11-25, Linux-x86_64)"
line=$(cat "$OUT")
[[ $line =~ ^casdoctor\ ${version//./\\.}\ \(commit\ ([0-9a-f]{12}(-dirty)?|unknown),\ built\ [0-9]{4}-[0-9]{2}-[0-9]{2},\ [A-Za-z]+-[A-Za-z0-9_]+\)$ ]] ||
  fail "--version printed '$line'"
commit=${BASH_REMATCH[1]%-dirty}
# The commit is the one the build was configured at: an object of this repository.
if [[ $commit != unknown ]] && command -v git >/dev/null; then
  git -C "$PROJECT_ROOT" cat-file -e "$commit^{commit}" 2>/dev/null || fail "--version names commit $commit, not in the repository"
fi

run help --help
expect_rc 0
expect_out "Examples:"
expect_out "diagnose"
expect_out "Exit codes:"

run diagnose-help diagnose --help
expect_rc 0
expect_out "--snapshot"
expect_out "Common options"
expect_out "--format"

for args in "--bogus" "" "diagnose --format yaml" "diagnose --snapshot" "build" "frobnicate"; do
  # shellcheck disable=SC2086
  run "usage: '$args'" $args
  expect_rc 64
  expect_empty_out
  expect_err_lines 2
  expect_err "casdoctor: "
  expect_err "--help' for usage."
done

# Without --snapshot, diagnose collects live: no PowerShell is exit 3 naming what was tried.
export CASDOCTOR_POWERSHELL=$WORK/no-such-powershell
run no-powershell diagnose
expect_rc 3
expect_out "UNKNOWN: could not collect: PowerShell not found"
expect_err "PowerShell not found"
expect_err "no-such-powershell"
run no-powershell-option collect --powershell "$WORK/nope.exe"
expect_rc 3
expect_err "nope.exe"
unset CASDOCTOR_POWERSHELL

run bad-timeout diagnose --timeout 5x
expect_rc 64
expect_err "not a duration"

run list-checks diagnose --list-checks
expect_rc 0
for id in kb4294204.stale-topology kb4294204.susceptible cas2010.out-of-service service.not-running \
  owa.logon-failed owa.backend-not-proven build.unknown build.unsupported collect.partial; do
  expect_out "$id"
done
run list-checks-json diagnose --list-checks --format json
expect_rc 0
expect_jq '(.checks | length) == 10 and (.checks | map(.severity) | index("unknown")) != null'
run list-checks-html diagnose --list-checks --format html
expect_rc 0
expect_out "<!DOCTYPE html>"
expect_out "<td>kb4294204.stale-topology</td>"

cat >"$WORK/casdoctor.toml" <<TOML
format = "json"
[diagnose]
snapshot = "$EXAMPLES/healthy.json"
TOML
run config diagnose --config "$WORK/casdoctor.toml"
expect_rc 0
expect_jq '.schema == "casdoctor.report/1" and .command == "diagnose"'
keep_json config

run config-missing diagnose --config "$WORK/nope.toml"
expect_rc 64

pass
