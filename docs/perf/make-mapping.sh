#!/usr/bin/env bash
# Writes a catalogue.csv of N programs (default 1000) to stdout, made from the
# demo's national mapping with numbered program_ids: the input of the
# whole-system import figures in docs/PERFORMANCE.md.
set -euo pipefail
n=${1:-1000}
src="$(dirname "$0")/../../internal/demo/national.csv"
awk -v n="$n" 'NR == 1 { print; next } { rows[++r] = $0 }
  END { for (i = 0; i < n; i++) { line = rows[i % r + 1]; sub(/^[^,]*/, "&-" i, line); print line } }' "$src"
