#!/usr/bin/env bash
# The Linux packages (docs/install.md): `cpack` makes a .deb and a .tar.gz
# holding the casdoctor program, its documents and the CasDoctor PowerShell
# module, never the lab or the tests; the .deb depends on the libraries the
# program links (libcurl), as dpkg-shlibdeps finds them.
source "$(dirname "$0")/lib/assert.bash"
build=$(dirname "$CASDOCTOR")
step=cpack
(cd "$build" && cpack -G "DEB;TGZ" -B "$WORK/package" >"$OUT" 2>"$ERR") || fail "cpack failed"

step=tgz
tgzs=("$WORK"/package/casdoctor-*-linux-*.tar.gz)
[[ ${#tgzs[@]} -eq 1 && -f ${tgzs[0]} ]] || fail "expected one .tar.gz, found: $(ls "$WORK/package")"
tar -tzf "${tgzs[0]}" | sed 's|^[^/]*/||' | sort >"$WORK/tgz.txt"
for wanted in bin/casdoctor share/doc/casdoctor/README.md share/doc/casdoctor/LICENSE \
  share/doc/casdoctor/docs/install.md share/powershell/Modules/CasDoctor/CasDoctor.psd1; do
  grep -qx "$wanted" "$WORK/tgz.txt" || fail ".tar.gz lacks $wanted: $(cat "$WORK/tgz.txt")"
done
! grep -q 'casdoctor-lab\|proc_helper\|unit_tests' "$WORK/tgz.txt" || fail ".tar.gz ships a test program"

step=deb
debs=("$WORK"/package/casdoctor_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "expected one .deb, found: $(ls "$WORK/package")"
dpkg-deb -c "${debs[0]}" >"$WORK/deb.txt" || fail "dpkg-deb cannot read the .deb"
grep -q '\./usr/bin/casdoctor$' "$WORK/deb.txt" || fail ".deb lacks /usr/bin/casdoctor: $(cat "$WORK/deb.txt")"
grep -q '\./usr/share/doc/casdoctor/README.md$' "$WORK/deb.txt" || fail ".deb lacks the README"
! grep -q 'casdoctor-lab' "$WORK/deb.txt" || fail ".deb ships the lab"
depends=$(dpkg-deb -f "${debs[0]}" Depends)
[[ $depends == *libcurl4* && $depends == *libstdc++6* ]] || fail ".deb Depends: $depends"
[[ $(dpkg-deb -f "${debs[0]}" Package) == casdoctor ]] || fail "package name"

step=run
mkdir -p "$WORK/root"
tar -xzf "${tgzs[0]}" -C "$WORK/root" --strip-components=1
"$WORK/root/bin/casdoctor" --version >"$OUT" 2>"$ERR" || fail "the packaged program does not run"
[[ $(head -1 "$OUT") == "casdoctor "*Linux* ]] || fail "--version: $(cat "$OUT")"
pass
