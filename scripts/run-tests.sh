#!/usr/bin/env bash
# The whole test suite: the formatting check, a build with warnings as errors, unit,
# conformance, CLI and packaging tests (ctest), the bundled
# policies' own YAML tests, then the Python package's tests (pytest, Debian's python3).
# Last, the sanitizer runs (scripts/sanitize.sh) and a short fuzz run of every libFuzzer target
# (scripts/fuzz.sh, 20 seconds each; SSPRULES_FUZZ_SECONDS changes it, 0 skips it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "== formatting: scripts/check-format.sh (clang-format, .clang-format)"
bash scripts/check-format.sh
bash scripts/setup.sh  # builds with warnings as errors (SSPRULES_WERROR)

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
echo
fuzz_seconds=${SSPRULES_FUZZ_SECONDS:-20}
case $fuzz_seconds in '' | *[!0-9]*)
  echo "run-tests: SSPRULES_FUZZ_SECONDS must be a whole number of seconds (0 skips fuzzing)" >&2
  exit 2 ;;
esac
if [ "$fuzz_seconds" -gt 0 ]; then
  echo "== fuzzing: scripts/fuzz.sh $fuzz_seconds (each libFuzzer target for $fuzz_seconds s)"
  bash scripts/fuzz.sh "$fuzz_seconds"
fi
