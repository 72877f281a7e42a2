#!/usr/bin/env bash
# The whole test suite: unit, conformance, CLI and packaging tests (ctest), the bundled
# policies' own YAML tests, then the Python package's tests (pytest, Debian's python3).
# Last, the sanitizer runs (scripts/sanitize.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

ctest --test-dir build --output-on-failure -j"${SSPRULES_JOBS:-2}"
echo
echo "== policy tests: build/ssprules test rules/"
build/ssprules test rules/
echo
echo "== Python tests: pytest bindings/python/tests"
PYTHONPATH=build/python /usr/bin/python3 -m pytest bindings/python/tests -q -p no:cacheprovider
echo
echo "== sanitizers: scripts/sanitize.sh (ASan+UBSan: unit and conformance tests; TSan: the thread tests)"
bash scripts/sanitize.sh
