#!/usr/bin/env bash
# self_test.sh NODE_MODULES_DIR
#
# Proves that parse_check.mjs catches what it is there to catch, or the
# grammar test of the generated scripts proves nothing:
#   - each samples/broken-*.ps1 fails (exit 1) with the report its first line
#     announces ("# expect LINE:COL ERROR|MISSING");
#   - samples/clean.ps1 passes (exit 0);
#   - no file at all is an error (exit 2), not a pass.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
modules=${1:-}
failures=0

fail() { printf 'ps_grammar self test: %s\n' "$*" >&2; failures=$((failures + 1)); }

if [[ -z $modules ]]; then
  printf 'ps_grammar self test: CASDOCTOR_PS_GRAMMAR_MODULES is not set. Configure with\n' >&2
  printf '  -DCASDOCTOR_PS_GRAMMAR_MODULES=<dir>/node_modules (scripts/test does)\n' >&2
  exit 1
fi
export CASDOCTOR_PS_GRAMMAR_MODULES=$modules

check() {  # check FILE -> sets out, rc
  out=$(node "$here/parse_check.mjs" "$@" 2>&1)
  rc=$?
}

shopt -s nullglob
broken=("$here"/samples/broken-*.ps1)
((${#broken[@]} > 0)) || fail "no samples/broken-*.ps1"
for file in "${broken[@]}"; do
  read -r _ _ place kind _ < "$file"
  check "$file"
  printf '%s\n' "$out"
  [[ $rc -eq 1 ]] || fail "$file: exit code $rc, expected 1"
  grep -qF "$file:$place: $kind" <<<"$out" || fail "$file: no report '$place: $kind'"
done

check "$here/samples/clean.ps1"
[[ $rc -eq 0 ]] || fail "samples/clean.ps1: exit code $rc, expected 0: $out"

check
[[ $rc -eq 2 ]] || fail "no files: exit code $rc, expected 2"

if ((failures > 0)); then
  printf 'ps_grammar self test: %d check(s) failed\n' "$failures" >&2
  exit 1
fi
printf 'ps_grammar self test: parse_check catches every broken sample\n'
