#!/usr/bin/env bash
# scripts/demo: builds only the two programs it runs (never the test suite),
# with the build's progress on stderr instead of behind /dev/null, and echoes
# each command so that it can be pasted back (--user 'CONTOSO\alice').
# cmake and dpkg-query are stand-ins here that record how they were called;
# the demo then runs the story on the binaries this build made.
source "$(dirname "$0")/lib/assert.bash"
: "${CASDOCTOR_LAB:?set by ctest}"
if [[ -z ${CASDOCTOR_PWSH:-} ]]; then
  printf 'SKIPPED: the demo runs the lab in real pwsh, and CASDOCTOR_PWSH is not set (scripts/test installs pwsh with the .NET SDK)\n' >&2
  exit 77
fi

build_dir=$(dirname "$CASDOCTOR")
[[ $(dirname "$CASDOCTOR_LAB") == "$build_dir" ]] || fail "casdoctor and casdoctor-lab in different folders"
mkdir -p "$WORK/bin"
cat >"$WORK/bin/cmake" <<SH
#!/bin/sh
printf '%s\n' "\$*" >>"$WORK/cmake-calls"
case "\$*" in --build*) echo "[1/2] Building CXX object stand-in.o"; echo "[2/2] Linking CXX executable casdoctor";; esac
SH
cat >"$WORK/bin/dpkg-query" <<'SH'
#!/bin/sh
printf 'install ok installed'
SH
chmod +x "$WORK/bin/cmake" "$WORK/bin/dpkg-query"

step=demo
RC=0
PATH=$WORK/bin:$PATH CASDOCTOR_BUILD=$build_dir timeout 500 bash "$PROJECT_ROOT/scripts/demo" \
  >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 0

# Only the demo's own targets are built, and the build's output is shown.
build_call=$(grep -- '--build' "$WORK/cmake-calls") || fail "cmake --build was not called"
[[ $build_call == *"--target casdoctor casdoctor-lab" ]] || fail "built: $build_call"
expect_err "[1/2] Building CXX object stand-in.o"
expect_err "built casdoctor casdoctor-lab in "
expect_err "(only what changed)"

# The echoed commands read back as typed.
expect_out "\$ casdoctor verify --url https://mail.contoso.com/owa --user 'CONTOSO\\alice' --via "
expect_no_out "--user CONTOSO\\alice"
# The story: stale before (exit 2), fixed by the remediation, healthy after.
expect_out "== Live diagnosis"
expect_out "(exit code 2)"
expect_out "== A healthy org, from a snapshot =="
[[ $(tail -1 "$OUT") == "(exit code 0)" ]] || fail "the healthy snapshot did not end with exit 0"

# A first build (no .ninja_log yet) says how long it will take, from the
# CPU time measured in docs/performance.md and this machine's cores.
step=first-build
fresh=$WORK/fresh-build
mkdir -p "$fresh"
RC=0
PATH=$WORK/bin:$PATH CASDOCTOR_BUILD=$fresh bash -c \
  'source "$1/scripts/lib.sh"; build_targets casdoctor casdoctor-lab' _ "$PROJECT_ROOT" \
  >"$OUT" 2>"$ERR" </dev/null || RC=$?
expect_rc 0
cpu=$(sed -n 's/^casdoctor_cold_build_cpu_seconds=//p' "$PROJECT_ROOT/scripts/lib.sh")
expect_err "for the first time: about $(((cpu + 59) / 60)) CPU-minutes"
expect_err "machine's $(nproc) core(s) when nothing else runs"
grep -q "$(((cpu + 59) / 60)) CPU-minutes" "$PROJECT_ROOT/docs/performance.md" ||
  grep -q "$cpu" "$PROJECT_ROOT/docs/performance.md" || fail "docs/performance.md does not show the ${cpu} s"

pass
