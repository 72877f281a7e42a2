#!/usr/bin/env bash
# Fuzzes the library with libFuzzer (docs/hardening.md, "Fuzzing"):
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 20 seconds each, all three targets)
#
# Configures build-fuzz/ with Clang (-fsanitize=fuzzer,address,undefined), builds the targets
# (policy_fuzzer, expression_fuzzer, records_fuzzer) with -j2, and runs each for SECONDS on a
# temporary copy of a seed corpus made from the bundled policies, the conformance cases and the
# example records. A single input that runs longer than 5 seconds is a hang; more than 2 GB of
# memory is a failure too. Prints the executions (and, with one worker, the peak memory) per target and exits non-zero
# when any target crashed, hung or ran out of memory; the input that did it is kept in
# build-fuzz/artifacts/<target>/ (reproduce: build-fuzz/fuzz/<target> FILE) and the whole log
# in build-fuzz/logs/<target>.log. SSPRULES_FUZZ_BUILD_DIR names another build tree,
# SSPRULES_JOBS the compile jobs (default 2), SSPRULES_FUZZ_ARGS more libFuzzer flags, which
# override the defaults below (e.g. `-max_len=100000`, `-entropic=1`, `-seed=1`), ASAN_OPTIONS
# more AddressSanitizer options (after the defaults below, so they win).
#
# What one execution costs decides how many run (docs/hardening.md, "Fuzzing"): the defaults
# are -entropic=0 (libFuzzer's entropic schedule updates a 4 MB frequency table for every
# feature of every run, and one run of these targets touches ~10,000 features: half of each
# execution), -max_len=8192 for the policies (inputs grew to the largest seed, 26 KB, and parsing
# is linear in them) and 256 for the records (the readers' limits and chunk boundaries are
# reached by the small-limit readers), and ASAN_OPTIONS with no allocation stacks (unwinding
# at every malloc was a tenth of an execution; a failing input is run once more with full
# stacks for the report), a 4 MB quarantine (256 MB held freed memory: most of the 1 GB
# peak; returning old chunks was a sixth of the records fuzzer) and freshly allocated memory filled up to 256 bytes (enough for objects; not every
# 4 KB buffer). Each target runs in libFuzzer's fork mode with SSPRULES_FUZZ_WORKERS processes
# (default: one per core), which share what they find.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-20}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(policy_fuzzer expression_fuzzer records_fuzzer)
case $seconds in '' | *[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;; esac

# Clang with its libFuzzer runtime, and what the library needs (as scripts/setup.sh does).
packages=(clang libclang-rt-14-dev cmake make libboost-dev libboost-date-time-dev
          libboost-graph-dev libyaml-cpp-dev)
bash scripts/install-missing.sh "${packages[@]}"

build=${SSPRULES_FUZZ_BUILD_DIR:-build-fuzz}
if [ ! -f $build/CMakeCache.txt ]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  CC=clang CXX=clang++ cmake -S . -B $build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSSPRULES_BUILD_FUZZERS=ON -DSSPRULES_BUILD_TESTS=OFF -DSSPRULES_BUILD_CLI=OFF \
    -DSSPRULES_BUILD_BENCHMARKS=OFF -DSSPRULES_BUILD_PYTHON=OFF -DSSPRULES_INSTALL=OFF >/dev/null
fi
build_args=()
for t in "${targets[@]}"; do build_args+=(--target "$t"); done
mkdir -p $build/logs
if ! cmake --build $build -j"${SSPRULES_JOBS:-2}" "${build_args[@]}" >$build/logs/build.log 2>&1; then
  tail -40 $build/logs/build.log >&2
  echo "fuzz: the build failed (whole log: $build/logs/build.log)" >&2
  exit 1
fi

# Seed corpora, made afresh from files in the repository (nothing is duplicated in git).
work=$(mktemp -d "${TMPDIR:-/tmp}/ssprules-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
seed() {  # seed TARGET FILE...: copies each file under a name made from its path
  mkdir -p "$work/$1"
  local target=$1 f
  shift
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$work/$target/$(echo "$f" | tr '/' '_')"
  done
}
shopt -s nullglob globstar
seed policy_fuzzer rules/**/*.yaml tests/conformance/*/rules.yaml tests/cli/*.yaml \
  tests/bad_input/policies/*.yaml
# a policy that cites a document, followed by `#@file` and the document's text (the policy
# fuzzer serves that text as every cited file)
for f in rules/**/*.yaml tests/conformance/*/rules.yaml tests/cli/*.yaml; do
  doc=$(sed -nE 's/^ *file: *([^ #]+).*$/\1/p' "$f" | head -1)
  if [ -n "$doc" ] && [ -f "$(dirname "$f")/$doc" ]; then
    { cat "$f"; printf '\n#@file\n'; cat "$(dirname "$f")/$doc"; } \
      >"$work/policy_fuzzer/file_$(echo "$f" | tr '/' '_')"
  fi
done
# the records fuzzer's first byte picks the format and a chunk size: B is CSV (chunks of 1),
# C is CSV after the Copenhagen header row, A and D are JSON Lines (chunks of 1 and 2)
mkdir -p "$work/records_fuzzer"
for f in examples/*.csv tests/cli/*.csv tests/bad_input/records/*.csv; do
  name=$(echo "$f" | tr '/' '_')
  { printf B; cat "$f"; } >"$work/records_fuzzer/$name"
  { printf C; tail -n +2 "$f"; } >"$work/records_fuzzer/body_$name"
done
for f in examples/*.jsonl tests/bad_input/records/*.jsonl; do
  name=$(echo "$f" | tr '/' '_')
  { printf A; cat "$f"; } >"$work/records_fuzzer/$name"
  { printf D; head -n 3 "$f"; } >"$work/records_fuzzer/head_$name"
done
# the expression fuzzer's input is one byte choosing where the expression goes (output,
# `when`, table cell) and the expression: every expression written in the policies
mkdir -p "$work/expression_fuzzer"
n=0
for f in rules/**/*.yaml tests/conformance/*/rules.yaml; do
  while IFS= read -r e; do
    n=$((n + 1))
    printf '%s%s' "$((n % 3))" "$e" >"$work/expression_fuzzer/e$n"
  done < <(sed -nE "s/^ *(expr|when|then|otherwise|[a-z_]+):[ ]+([^[{|>#'\"].*[^ ])[ ]*\$/\\2/p" "$f" |
           grep -E '[(=<>+*/]| and | or |not |\?\?| in ' | sort -u)
done
printf '2>= 18' >"$work/expression_fuzzer/cell"
printf '0if a then "x" else '"'"'y'"'"'' >"$work/expression_fuzzer/if"

export ASAN_OPTIONS="malloc_context_size=0:quarantine_size_mb=4:max_malloc_fill_size=256${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
workers=${SSPRULES_FUZZ_WORKERS:-$(nproc 2>/dev/null || echo 1)}
case $workers in '' | *[!0-9]* | 0) workers=1 ;; esac
failed=0
printf '\n%-18s %12s %10s %10s %9s  %s\n' target executions seconds "per second" "peak RSS" result
for t in "${targets[@]}"; do
  mkdir -p "$build/artifacts/$t"
  log=$build/logs/$t.log
  flags=(-entropic=0)
  case $t in
    policy_fuzzer) flags+=(-dict=fuzz/policy.dict -max_len=8192) ;;
    expression_fuzzer) flags+=(-dict=fuzz/policy.dict) ;;
    records_fuzzer) flags+=(-max_len=256) ;;
  esac
  ((workers > 1)) && flags+=(-fork="$workers")
  status=0
  start=$(date +%s)
  $build/fuzz/$t "$work/$t" "${flags[@]}" -max_total_time="$seconds" -timeout=5 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/artifacts/$t/" \
    ${SSPRULES_FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
  elapsed=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  if [ -z "$execs" ]; then  # fork mode: the last progress line counts every worker's runs
    execs=$(sed -nE 's/^#([0-9]+): cov:.*/\1/p' "$log" | tail -1)
  fi
  rate=$( ((elapsed > 0)) && [ -n "$execs" ] && echo $((execs / elapsed)) || echo "?")
  if [ "$status" -eq 0 ]; then
    result=ok
  else
    failed=1
    result="FAILED (exit $status): $(grep -m1 -E 'ERROR:|ALARM|out-of-memory|invariant broken|runtime error' "$log" || echo 'see the log')"
  fi
  printf '%-18s %12s %10s %10s %9s  %s\n' "$t" "${execs:-?}" "$elapsed" "$rate" "${rss:-?} MB" \
    "$result"
  if [ "$status" -ne 0 ]; then
    # what happened (the stack and the input's bytes), then where the input is kept; the
    # input runs once more with allocation stacks, which the fuzzing run leaves out for speed
    grep -v -E '^#[0-9]+|^INFO:|^\s*$' "$log" | tail -60 | sed 's/^/    /' || true
    artifact=$(ls -t "$build/artifacts/$t"/* 2>/dev/null | head -1 || true)
    if [ -n "$artifact" ]; then
      ASAN_OPTIONS=malloc_context_size=30 $build/fuzz/$t "$artifact" >"$log.again" 2>&1 || true
      echo "    once more, with allocation stacks ($log.again):"
      grep -v -E '^INFO:|^\s*$' "$log.again" | head -80 | sed 's/^/    /' || true
    fi
    echo "    log: $log"
  fi
done
exit $failed
