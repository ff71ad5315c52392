#!/usr/bin/env bash
# Runs the whole suite once as `go test -json` and pipes it into the
# clinical safety case report: the report prints each package's verdict and
# the output of every failed test (what plain `go test` shows), then writes
# build/safety/safety-case.{md,html}. The raw results stay in
# build/test-results.json. Fails when any test fails or any hazard control
# lacks a passing test.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
"${GO:-go}" test -count=1 -json ./... | tee build/test-results.json | ./bin/throughline safety report --results - --out build/safety
