#!/usr/bin/env bash
# Installs what is missing (Debian 12, apt) and builds ssprules into build/. Fast when done before.
# Used by run-samples.sh and run-tests.sh; can be run on its own. Arguments: build targets
# (default: everything).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(g++ cmake make pkg-config
          libboost-dev libboost-date-time-dev libboost-graph-dev libyaml-cpp-dev
          libgtest-dev libgmock-dev libbenchmark-dev
          # the Python package, built and tested against Debian's /usr/bin/python3
          python3 python3-dev python3-venv python3-pip python3-setuptools python3-wheel
          pybind11-dev python3-pybind11 python3-pytest python3-numpy python3-pandas
          python3-dask python3-distributed python3-matplotlib
          python3-nbclient python3-nbformat python3-ipykernel
          # ssprules graph output is checked with Graphviz, which also draws the graph in ssprules doc
          graphviz
          # the streaming test measures peak memory with GNU time
          time
          # the browser test of ssprules doc renders the page headless
          chromium)

bash scripts/install-missing.sh "${packages[@]}"

jobs=${SSPRULES_JOBS:-2}
# configure once (and again for a tree configured before the Python package existed)
if [ ! -f build/CMakeCache.txt ] || ! grep -q '^SSPRULES_BUILD_PYTHON:BOOL=ON' build/CMakeCache.txt; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSSPRULES_BUILD_PYTHON=ON \
        -DPython_EXECUTABLE=/usr/bin/python3 ${SSPRULES_CMAKE_ARGS:-} >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build -j"$jobs" "${targets[@]}"
