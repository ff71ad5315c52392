#!/usr/bin/env bash
# Runs every fuzz target in the module for FUZZTIME each (default 20s).
# Targets are found in the source, so a new parser's fuzz target is never
# left out of `make fuzz`.
set -euo pipefail
cd "$(dirname "$0")/.."
time=${FUZZTIME:-20s}
grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(' cmd internal | sort | while read -r file; do
	dir=./$(dirname "$file")
	for target in $(grep -oE '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
		echo "fuzz $target in $dir for $time"
		"${GO:-go}" test -run '^$' -fuzz "^$target\$" -fuzztime "$time" "$dir"
	done
done
