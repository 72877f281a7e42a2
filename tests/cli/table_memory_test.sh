#!/usr/bin/env bash
# `ssprules eval --format table` streams in flat memory: RECORDS generated CSV records piped in
# (and a tenth as many, to compare), every one printed, ids far longer than the first block's
# printed whole, peak memory checked with GNU time (it once held every row: 297 MB for
# 1,000,000 records, and bad_alloc with nothing written under a 100 MB cap).
#   tests/cli/table_memory_test.sh SSPRULES POLICY [RECORDS]   (run from the source tree)
set -euo pipefail
ssprules=$1 policy=$2
records=${3:-1000000}
limit_kb=65536   # the whole run must fit in 64 MB
growth_kb=8192   # and 10 times the records may cost at most 8 MB more
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x /usr/bin/time ] || { echo "FAIL: GNU time (/usr/bin/time) is needed" >&2; exit 1; }

long_early=$(printf 'early%.0s' $(seq 1 400))  # 2,000 characters, after the first block
long_late=$(printf 'late-%.0s' $(seq 1 800))   # 4,000 characters, the last record

# run N: N records (the long ids among them) through the table; sets rss and lines
run() {
  local n=$1
  awk -v n="$n" -v early="$long_early" -v late="$long_late" 'BEGIN {
    print "id,birth_date,category,benefit_status"
    for (i = 1; i <= n; i++) {
      id = sprintf("case-%07d", i)
      if (i == 5000) id = early
      if (i == n) id = late
      printf "%s,200%d-0%d-1%d,%d,%s\n", id, i % 10, 1 + i % 9, i % 10, 1 + i % 4,
             i % 2 ? "recipient" : "self_supporting"
    }
  }' | /usr/bin/time -f "%M" -o "$work/rss" \
        "$ssprules" eval "$policy" - --as-of 2025-03-01 --format table >"$work/table.txt"
  rss=$(tail -n 1 "$work/rss")
  lines=$(wc -l <"$work/table.txt")
  echo "$n records: $((lines - 2)) rows printed, peak memory ${rss} KB"
  if [ "$lines" -ne $((n + 2)) ]; then
    echo "FAIL: expected a header, a rule and $n rows, got $lines lines" >&2; exit 1
  fi
  for id in "$long_early" "$long_late"; do
    if [ "$id" = "$long_early" ] && [ "$n" -lt 5000 ]; then continue; fi
    grep -q -F -- "$id  2025-03-01  " "$work/table.txt" ||
      { echo "FAIL: a ${#id}-character id was not printed whole" >&2; exit 1; }
  done
  # every record once, in order
  if ! awk -v n="$n" 'NR > 2 && NR < n + 2 && NR - 2 != 5000 {
         if ($1 != sprintf("case-%07d", NR - 2)) { print "row " NR - 2 ": " $1; bad = 1; exit }
       } END { exit bad }' "$work/table.txt"; then
    echo "FAIL: a record is missing or out of order" >&2; exit 1
  fi
  if [ "$rss" -gt "$limit_kb" ]; then
    echo "FAIL: peak memory ${rss} KB is over ${limit_kb} KB" >&2; exit 1
  fi
}

run $((records / 10))
small=$rss
run "$records"
if [ "$rss" -gt $((small + growth_kb)) ]; then
  echo "FAIL: peak memory grew from ${small} KB to ${rss} KB with 10 times the records" >&2
  exit 1
fi
