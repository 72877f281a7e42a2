#!/usr/bin/env bash
# Installs what is missing (Debian 12, apt) and builds ssprules into build/. Fast when done before.
#
#   bash scripts/setup.sh          everything: the library, the CLI, the tests, the benchmarks and
#                                  the Python package, with every package the test suite uses
#   bash scripts/setup.sh --cli    the main job's needs only: the compiler, CMake, Boost and
#                                  yaml-cpp, and the `ssprules` CLI (build/ssprules)
#
# A tree configured by --cli is configured again, keeping what it built, when everything is asked
# for later.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mode=all
if [ "${1:-}" = "--cli" ]; then
  mode=cli
  shift
fi

# what the library and the CLI need
cli_packages=(g++ cmake make libboost-dev libboost-date-time-dev libboost-graph-dev
              libyaml-cpp-dev)
# what the test suite, the benchmarks and the Python package add
test_packages=(pkg-config libgtest-dev libgmock-dev libbenchmark-dev
               # the Python package, built and tested against Debian's /usr/bin/python3
               python3 python3-dev python3-venv python3-pip python3-setuptools python3-wheel
               pybind11-dev python3-pybind11 python3-pytest python3-numpy python3-pandas python3-dateutil
               python3-dask python3-distributed python3-matplotlib
               python3-nbclient python3-nbformat python3-ipykernel
               # mypy checks the package's annotations and the examples (tests/test_typing.py)
               python3-mypy
               # ssprules graph output is checked with Graphviz, which also draws ssprules doc's graph
               graphviz
               # the streaming tests measure peak memory with GNU time
               time
               # the browser test of ssprules doc renders the page headless
               chromium)

jobs=${SSPRULES_JOBS:-2}
if [ "$mode" = cli ]; then
  bash scripts/install-missing.sh "${cli_packages[@]}"
  if [ ! -f build/CMakeCache.txt ]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSSPRULES_BUILD_TESTS=OFF \
          -DSSPRULES_BUILD_BENCHMARKS=OFF -DSSPRULES_BUILD_PYTHON=OFF -DSSPRULES_INSTALL=OFF \
          ${SSPRULES_CMAKE_ARGS:-} >/dev/null
  fi
  cmake --build build -j"$jobs" --target ssprules_cli
  exit 0
fi

bash scripts/install-missing.sh "${cli_packages[@]}" "${test_packages[@]}"
# configure once (and again for a tree configured without the tests or the Python package)
# (the test suite's build treats compiler warnings in ssprules' own code as errors)
if [ ! -f build/CMakeCache.txt ] || ! grep -q '^SSPRULES_BUILD_PYTHON:BOOL=ON' build/CMakeCache.txt ||
   ! grep -q '^SSPRULES_BUILD_TESTS:BOOL=ON' build/CMakeCache.txt ||
   ! grep -q '^SSPRULES_WERROR:BOOL=ON' build/CMakeCache.txt; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSSPRULES_BUILD_TESTS=ON \
        -DSSPRULES_BUILD_BENCHMARKS=ON -DSSPRULES_BUILD_PYTHON=ON -DSSPRULES_INSTALL=ON \
        -DSSPRULES_WERROR=ON \
        -DPython_EXECUTABLE=/usr/bin/python3 ${SSPRULES_CMAKE_ARGS:-} >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build -j"$jobs" "${targets[@]}"
