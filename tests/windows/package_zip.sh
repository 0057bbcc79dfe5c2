#!/usr/bin/env bash
# The Windows package: `cpack` makes one ZIP holding a single program,
# casdoctor.exe, with README.md, LICENSE, the docs and the CasDoctor
# PowerShell module beside it (the
# import_table test checks that the program needs no DLL of its own).
source "$PROJECT_ROOT/tests/e2e/lib/assert.bash"
build=$(dirname "$CASDOCTOR")
step=cpack
(cd "$build" && cpack -G ZIP -B "$WORK/package" >"$OUT" 2>"$ERR") || fail "cpack failed"
zips=("$WORK"/package/casdoctor-*-windows-x86_64.zip)
[[ ${#zips[@]} -eq 1 && -f ${zips[0]} ]] || fail "expected one ZIP, found: $(ls "$WORK/package")"
python3 - "${zips[0]}" >"$OUT" 2>"$ERR" <<'PY' || fail "the ZIP's contents are wrong"
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
programs = [n for n in names if n.lower().endswith((".exe", ".dll"))]
assert programs == ["casdoctor.exe"], f"programs in the ZIP: {programs}"
for wanted in ("README.md", "LICENSE", "docs/install.md", "docs/windows.md",
               "CasDoctor/CasDoctor.psd1", "CasDoctor/CasDoctor.psm1"):
    assert wanted in names, f"{wanted} is missing: {names}"
print("\n".join(names))
PY
pass
