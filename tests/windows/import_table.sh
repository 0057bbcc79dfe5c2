#!/usr/bin/env bash
# casdoctor.exe and casdoctor-lab.exe are single static programs: their import
# tables name only DLLs that ship with every Windows (no libstdc++-6.dll,
# libgcc_s_seh-1.dll or libwinpthread-1.dll beside them), and --version says
# the platform is Windows.
source "$PROJECT_ROOT/tests/e2e/lib/assert.bash"
source "$(dirname "$0")/lib/wine.bash"
: "${OBJDUMP:?set by ctest}"

# Windows' own DLLs (System32), lower case.
allowed=" kernel32.dll msvcrt.dll user32.dll advapi32.dll winhttp.dll crypt32.dll shell32.dll"
allowed+=" ws2_32.dll mswsock.dll bcrypt.dll ntdll.dll ole32.dll shlwapi.dll secur32.dll "
for exe in "$CASDOCTOR" "$CASDOCTOR_LAB"; do
  step="imports of $(basename "$exe")"
  "$OBJDUMP" -p "$exe" >"$OUT" 2>"$ERR" || fail "objdump failed"
  dlls=$(sed -n 's/^\s*DLL Name: //p' "$OUT" | tr 'A-Z' 'a-z')
  [[ -n $dlls ]] || fail "no import table read"
  for dll in $dlls; do
    [[ $allowed == *" $dll "* ]] || fail "imports $dll, which does not ship with Windows"
  done
done

run version --version
expect_rc 0
expect_out "Windows-x86_64"
expect_lf_only "$OUT"
pass
