#!/usr/bin/env bash
# Memory stays flat however many records stream through `ssprules eval`: over 500 MB of
# generated CSV piped in on stdin, one output line per record, peak memory checked.
#   bench/stream_memory_test.sh MAKE_REGISTER SSPRULES POLICY [RECORDS]
set -euo pipefail
make_register=$1 ssprules=$2 policy=$3
records=${4:-11200000}  # ~45 bytes per record: over 500 MB
limit_kb=65536          # the whole run must fit in 64 MB
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$make_register" "$records" \
  | tee >(wc -c > "$work/bytes") \
  | /usr/bin/time -f "%M" -o "$work/rss" \
      "$ssprules" eval "$policy" - --as-of 2024-06-01 --format csv \
  | wc -l > "$work/lines"
sleep 0.2  # the byte count's process substitution finishes on its own
bytes=$(tr -d ' ' < "$work/bytes")
lines=$(tr -d ' ' < "$work/lines")
rss=$(tail -n 1 "$work/rss")
echo "streamed $bytes bytes of CSV, $((lines - 1)) records out, peak memory ${rss} KB"
if [ "$bytes" -lt 500000000 ] && [ "$records" -ge 11200000 ]; then
  echo "FAIL: less than 500 MB of input" >&2; exit 1
fi
if [ "$lines" -ne $((records + 1)) ]; then
  echo "FAIL: expected $records records and a header, got $lines lines" >&2; exit 1
fi
if [ "$rss" -gt "$limit_kb" ]; then
  echo "FAIL: peak memory ${rss} KB is over ${limit_kb} KB" >&2; exit 1
fi
