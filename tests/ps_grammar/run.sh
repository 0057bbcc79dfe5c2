#!/usr/bin/env bash
# run.sh DUMPER_EXE NODE_MODULES_DIR [WORK_DIR]
#
# Writes every script casdoctor generates (casdoctor_dump_scripts) and parses
# each with the tree-sitter PowerShell grammar (parse_check.mjs). Fails when
# the packages are missing, when no script was written, or on any ERROR or
# MISSING node. The scripts stay in WORK_DIR for a look after a failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dumper=${1:-}
modules=${2:-}
work=${3:-}

fail() { printf 'ps_grammar: %s\n' "$*" >&2; exit 1; }

[[ -n $dumper && -x $dumper ]] || fail "usage: run.sh DUMPER_EXE NODE_MODULES_DIR [WORK_DIR] (no dumper at '$dumper')"
[[ -n $modules ]] || fail "CASDOCTOR_PS_GRAMMAR_MODULES is not set. Configure with
  -DCASDOCTOR_PS_GRAMMAR_MODULES=<dir>/node_modules (scripts/test does: see ps_grammar_setup in scripts/lib.sh)"
[[ -d $modules/web-tree-sitter && -d $modules/tree-sitter-powershell ]] ||
  fail "no web-tree-sitter and tree-sitter-powershell in $modules (run scripts/test, or npm ci in a copy of tests/ps_grammar)"
command -v node >/dev/null || fail "node is not installed (scripts/lib.sh installs Debian's nodejs)"

if [[ -z $work ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work"
mkdir -p "$work"

"$dumper" "$work"
shopt -s nullglob
scripts=("$work"/*.ps1)
((${#scripts[@]} > 0)) || fail "the dumper wrote no script into $work"

CASDOCTOR_PS_GRAMMAR_MODULES=$modules node "$here/parse_check.mjs" "${scripts[@]}"
