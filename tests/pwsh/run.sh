#!/usr/bin/env bash
# run.sh oracle DUMPER_EXE WORK_DIR   the parser oracle over every generated script
# run.sh pester TESTS_FILE            one Pester suite (tests/pwsh/*.Tests.ps1)
#
# CASDOCTOR_PWSH (and for Pester CASDOCTOR_PESTER) name the real PowerShell
# and Pester that scripts/lib.sh (pwsh_setup) installs. Without them the test
# says why and exits 77, which ctest reports as skipped (SKIP_RETURN_CODE),
# never as passed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mode=${1:-}

skip() {
  printf 'SKIPPED: %s\n' "$*" >&2
  exit 77
}
fail() { printf 'pwsh tests: %s\n' "$*" >&2; exit 1; }

if [[ -z ${CASDOCTOR_PWSH:-} ]]; then
  skip "no PowerShell: CASDOCTOR_PWSH is not set (scripts/test installs pwsh with the .NET SDK;" \
    "without the SDK the PowerShell tests cannot run here)"
fi
[[ -x $CASDOCTOR_PWSH ]] || fail "CASDOCTOR_PWSH '$CASDOCTOR_PWSH' is not an executable"
# No update check (a call to the internet at start) and no telemetry.
export POWERSHELL_UPDATECHECK=Off POWERSHELL_TELEMETRY_OPTOUT=1
# Runs this short gain nothing from profile-guided tiering (docs/lab.md, "Test cost").
export DOTNET_TieredPGO=${DOTNET_TieredPGO:-0}
pwsh_run() { timeout 600 "$CASDOCTOR_PWSH" -NoLogo -NoProfile -NonInteractive "$@"; }

case $mode in
  oracle)
    dumper=${2:?dumper}
    work=${3:?work dir}
    rm -rf "$work"
    mkdir -p "$work"
    "$dumper" "$work"
    shopt -s nullglob
    scripts=("$work"/*.ps1)
    ((${#scripts[@]} > 0)) || fail "the dumper wrote no script into $work"
    pwsh_run -File "$here/oracle.ps1" "${scripts[@]}"
    ;;
  pester)
    file=${2:?tests file}
    [[ -n ${CASDOCTOR_PESTER:-} ]] || skip "no Pester: CASDOCTOR_PESTER is not set (scripts/test installs it)"
    [[ -f $CASDOCTOR_PESTER ]] || fail "CASDOCTOR_PESTER '$CASDOCTOR_PESTER' is not a file"
    # Pester's exit code is the number of failed tests; a suite that finds
    # no test at all fails too.
    pwsh_run -Command "& {
      \$ErrorActionPreference = 'Stop'
      Import-Module -Name \$env:CASDOCTOR_PESTER -Force
      \$config = New-PesterConfiguration
      \$config.Run.Path = \$args[0]
      \$config.Run.PassThru = \$true
      \$config.Output.Verbosity = 'Detailed'
      \$result = Invoke-Pester -Configuration \$config
      if (\$result.TotalCount -eq 0) { Write-Error 'no test ran'; exit 1 }
      if (\$result.FailedCount -gt 0 -or \$result.Result -ne 'Passed') { exit 1 }
      exit 0
    }" "$file"
    ;;
  *)
    fail "usage: run.sh oracle DUMPER_EXE WORK_DIR | run.sh pester TESTS_FILE"
    ;;
esac
