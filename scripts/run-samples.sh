#!/usr/bin/env bash
# The main job: evaluates the bundled sample cases against the bundled policies.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --cli >&2   # only what the CLI needs

status=0
for pair in "copenhagen/ssp-plus.yaml copenhagen-cases.csv" "kolding/ssp.yaml kolding-cases.csv"; do
  read -r policy cases <<<"$pair"
  echo "== rules/$policy on examples/$cases"
  build/ssprules eval "rules/$policy" "examples/$cases" --format table || status=$?
  echo
done
exit "$status"
