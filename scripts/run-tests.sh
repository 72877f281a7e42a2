#!/usr/bin/env bash
# The whole test suite: unit, conformance, CLI and packaging tests (ctest), then the bundled
# policies' own YAML tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

ctest --test-dir build --output-on-failure -j"${SSPRULES_JOBS:-2}"
echo
echo "== policy tests: build/ssprules test rules/"
build/ssprules test rules/
