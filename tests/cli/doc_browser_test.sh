#!/bin/sh
# Renders the `ssprules doc` page of each bundled policy in a real browser (headless Chromium)
# and checks the DOM it builds: the page loads without console errors, the decision tables are
# tables with the policy's rows and cells, the dependency graph is an inline <svg>, nothing is
# fetched from elsewhere, and Danish text survives.
#   usage: doc_browser_test.sh SSPRULES_EXECUTABLE WORK_DIR   (run from the source tree)
# Exit 0 passed, 1 failed, 77 skipped (Chromium is not installed; ctest reports it as skipped).
set -u
cli=$1
work=$2

browser=
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser=$(command -v "$candidate")
    break
  fi
done
if [ -z "$browser" ]; then
  echo "SKIPPED: no Chromium found (Debian: apt-get install -y chromium); the page was not rendered"
  exit 77
fi

mkdir -p "$work"
failures=0
fail() {
  echo "FAIL [$name]: $*"
  failures=$((failures + 1))
}

# count of non-overlapping occurrences of a fixed string in a file
count() { grep -o -F -- "$1" "$2" | wc -l | tr -d ' '; }

# check NAME POLICY DECISION_TABLE_ID ROWS CELL_TEXT TEXT
check() {
  name=$1 policy=$2 table=$3 rows=$4 cell=$5 text=$6
  before=$failures
  page="$work/$name.html"
  dom="$work/$name.dom.html"
  log="$work/$name.chromium.log"
  rm -f "$page" "$dom" "$log"
  if ! "$cli" doc "$policy" -o "$page"; then
    fail "ssprules doc $policy failed"
    return
  fi
  # a profile of its own, so parallel test runs do not share one
  timeout 60 "$browser" --headless=new --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/$name.profile" --enable-logging=stderr --v=0 \
    --dump-dom "file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")" >"$dom" 2>"$log"
  status=$?
  rm -rf "$work/$name.profile"
  if [ "$status" -ne 0 ]; then
    fail "chromium exited with status $status (log: $log)"
    return
  fi
  grep -q '</html>' "$dom" || { fail "chromium gave no DOM (log: $log)"; return; }

  # loaded without errors: no console messages, no failed loads, no blocked resources
  if grep -E 'CONSOLE|Uncaught|net::ERR_|Refused to|Failed to load' "$log"; then
    fail "the browser reported errors while loading the page"
  fi
  # self-contained: nothing to fetch (links to web sources are only anchors)
  if grep -E -i '<(script|link|img|iframe|object|embed)[ >]|url\(' "$dom" >/dev/null; then
    fail "the page refers to external resources or scripts"
  fi
  # the browser parsed the same structure the page was written with
  for tag in '<table' '<tr' '<svg' '<blockquote' '<section' '<article'; do
    written=$(count "$tag" "$page")
    parsed=$(count "$tag" "$dom")
    [ "$written" = "$parsed" ] || fail "$tag: $written written, $parsed in the DOM"
  done
  [ "$(count '<table' "$dom")" -ge 4 ] || fail "fewer than 4 tables in the DOM"
  [ "$(count '<table class="decision"' "$dom")" -ge 1 ] || fail "no decision table in the DOM"
  [ "$(count '<svg' "$dom")" = 1 ] || fail "no inline <svg> graph in the DOM"
  grep -q '<pre class="dot">' "$dom" && fail "the graph is DOT text, not a drawing (is Graphviz installed?)"

  # the decision table: its body has one <tr> per row of the policy's table, and the known cell
  decision=$(sed -n "/<table class=\"decision\" id=\"$table\"/,/<\/table>/p" "$dom")
  [ -n "$decision" ] || { fail "no decision table $table in the DOM"; return; }
  body_rows=$(printf '%s\n' "$decision" | sed -n '/<tbody>/,/<\/tbody>/p' | grep -o '<tr>' | wc -l | tr -d ' ')
  [ "$body_rows" = "$rows" ] || fail "decision table $table has $body_rows rows, expected $rows"
  printf '%s\n' "$decision" | grep -q -F "<code>$cell</code>" ||
    fail "decision table $table has no cell $cell"
  grep -q -F "$text" "$dom" || fail "the DOM lacks the text: $text"
  [ "$failures" = "$before" ] &&
    echo "ok [$name]: $(count '<table' "$dom") tables, $body_rows rows in $table, svg drawn"
}

check copenhagen rules/copenhagen/ssp-plus.yaml table-route 3 self_supporting \
  'Udmøntning af midler til SSP+ (2009-56664)'
check kolding rules/kolding/ssp.yaml table-programme 5 '17..24' \
  'Handleplanen strækker sig over perioden 2022-2025.'

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "the pages of both bundled policies render in $("$browser" --version 2>/dev/null | head -n 1)"
