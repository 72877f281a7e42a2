#!/usr/bin/env bash
# The sanitizer runs (docs/hardening.md): the `asan-ubsan` preset (AddressSanitizer +
# UndefinedBehaviorSanitizer: the unit and conformance tests, ctest label `unit`; the CLI is built
# too) and the `tsan` preset (ThreadSanitizer: the multi-threaded unit tests). Each is configured,
# built (only what its tests need) and run: ctest's closing lines are printed, and the failing
# tests' output. Exits non-zero if any step of either fails. Needs what scripts/setup.sh installs
# (g++ 12 ships the sanitizer runtimes). Trees: build/asan-ubsan, build/tsan; logs in each.
# Arguments: the presets to run (default: both).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs=${SSPRULES_JOBS:-2}
presets=("$@")
((${#presets[@]})) || presets=(asan-ubsan tsan)

status=0
for preset in "${presets[@]}"; do
  dir=build/$preset
  start=$SECONDS
  echo "-- $preset: configure and build"
  mkdir -p "$dir"
  if ! cmake --preset "$preset" >"$dir/configure.log" 2>&1; then
    cat "$dir/configure.log"
    echo "$preset: configure failed" >&2
    status=1
    continue
  fi
  if ! cmake --build --preset "$preset" -j "$jobs" >"$dir/build.log" 2>&1; then
    grep -E -B2 -A12 "error|Error [0-9]" "$dir/build.log" | head -200 || tail -40 "$dir/build.log"
    echo "$preset: build failed (the whole log: $dir/build.log)" >&2
    status=1
    continue
  fi
  built=$((SECONDS - start))
  echo "-- $preset: built in ${built} s; ctest --preset $preset"
  if ctest --preset "$preset" -j "$jobs" >"$dir/ctest.log" 2>&1; then
    # the closing lines: "100% tests passed, ...", the label times, the total time
    sed -n '/% tests passed/,$p' "$dir/ctest.log"
  else
    # the failing tests with their output, then the closing lines
    grep -v -E '^ *Start +[0-9]+: |  Passed +[0-9.]+ sec$' "$dir/ctest.log"
    status=1
  fi
  echo "-- $preset: $((SECONDS - start)) s in all"
  echo
done
exit "$status"
