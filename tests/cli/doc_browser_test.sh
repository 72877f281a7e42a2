#!/bin/sh
# Renders the `ssprules doc` page of each bundled policy in a real browser (headless Chromium)
# and checks the DOM it builds: the page loads without console errors, the decision tables are
# tables with the policy's rows and cells, the dependency graph is an inline <svg>, nothing is
# fetched from elsewhere, and Danish text survives. Then the page of a hostile policy
# (tests/cli/hostile/hostile.yaml: markup, scripts, loads and DOT statements in every text a
# policy carries), drawn by Graphviz and by a fake Graphviz that returns a hostile SVG, and a copy
# of a page with a script and an image spliced in (the Content-Security-Policy must stop them):
# no script runs (each payload would set `data-pwned` on <html>), and nothing is fetched (each
# payload loads from a loopback port this script listens on; any request there fails the test).
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

# render PAGE DOM LOG: the DOM headless Chromium builds from PAGE (a profile of its own, so
# parallel test runs do not share one; no background services)
render() {
  rm -rf "$work/$name.profile"
  timeout 60 "$browser" --headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/$name.profile" --enable-logging=stderr --v=0 \
    --dump-dom "file://$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" >"$2" 2>"$3"
  status=$?
  rm -rf "$work/$name.profile"
  if [ "$status" -ne 0 ]; then
    fail "chromium exited with status $status (log: $3)"
    return 1
  fi
  grep -q '</html>' "$2" || { fail "chromium gave no DOM (log: $3)"; return 1; }
}

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
  render "$page" "$dom" "$log" || return

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

# ---------------------------------------------------------------------------------------------
# hostile pages

# a loopback HTTP server that records every request: the hostile texts point their loads here
python=$(command -v python3 || true)
[ -n "$python" ] || { echo "FAIL: python3 is needed for the loopback server"; exit 1; }
requests="$work/requests.log"
: >"$requests"
rm -f "$work/port"
"$python" -c '
import http.server, socketserver, sys
log, port_file = sys.argv[1], sys.argv[2]
class Recorder(http.server.BaseHTTPRequestHandler):
    def record(self):
        with open(log, "a") as f:
            f.write(self.command + " " + self.path + "\n")
        self.send_response(404)
        self.end_headers()
    do_GET = do_POST = do_HEAD = do_OPTIONS = record
    def log_message(self, *args):
        pass
with socketserver.TCPServer(("127.0.0.1", 0), Recorder) as server:
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()
' "$requests" "$work/port" &
server=$!
trap 'kill "$server" 2>/dev/null' EXIT
for _ in $(seq 1 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port" 2>/dev/null)
[ -n "$port" ] || { echo "FAIL: the loopback server did not start"; exit 1; }

# the hostile policy, its loads aimed at the server
hostile="$work/hostile"
rm -rf "$hostile"
mkdir -p "$hostile"
sed "s/@PORT@/$port/g" tests/cli/hostile/hostile.yaml >"$hostile/hostile.yaml"

# a fake Graphviz whose SVG tries everything the sanitiser must remove
fake_dot="$hostile/fake-dot"
cat >"$fake_dot" <<FAKE
#!/bin/sh
cat >/dev/null
cat <<'SVG'
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<svg width="200pt" height="100pt" viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="document.documentElement.setAttribute('data-pwned','svg-onload')">
<script>document.documentElement.setAttribute('data-pwned','svg-script')</script>
<style>@import url(http://127.0.0.1:$port/svg-style-import); g { fill: url(http://127.0.0.1:$port/svg-style-url); }</style>
<g id="graph0" class="graph" onclick="document.documentElement.setAttribute('data-pwned','onclick')" style="background: url(http://127.0.0.1:$port/svg-style-attribute)">
<title>a &lt;script&gt; title</title>
<a xlink:href="javascript:document.documentElement.setAttribute('data-pwned','a-href')" href="http://127.0.0.1:$port/svg-a" target="_top"><polygon fill="url(http://127.0.0.1:$port/svg-fill#x)" stroke="black" points="0,0 10,0 10,10"/></a>
<image xlink:href="http://127.0.0.1:$port/svg-image.png" href="file:///etc/passwd" width="10" height="10"/>
<use href="http://127.0.0.1:$port/svg-use.svg#a"/>
<foreignObject width="100" height="100"><iframe xmlns="http://www.w3.org/1999/xhtml" src="http://127.0.0.1:$port/svg-iframe"></iframe><img xmlns="http://www.w3.org/1999/xhtml" src="http://127.0.0.1:$port/svg-img" onerror="document.documentElement.setAttribute('data-pwned','img')"/></foreignObject>
<animate attributeName="href" to="javascript:document.documentElement.setAttribute('data-pwned','animate')"/>
<set attributeName="onmouseover" to="document.documentElement.setAttribute('data-pwned','set')"/>
<text x="5" y="50" onmouseover="document.documentElement.setAttribute('data-pwned','text')"><![CDATA[<script>document.documentElement.setAttribute('data-pwned','cdata')</script>]]> &#60;img src=x onerror=alert(1)&#62;</text>
<!-- <script>document.documentElement.setAttribute('data-pwned','comment')</script> -->
</g>
</svg>
SVG
FAKE
chmod +x "$fake_dot"

# check_hostile NAME [DOC_OPTIONS...]: the page of the hostile policy runs and loads nothing
check_hostile() {
  name=$1
  shift
  before=$failures
  page="$work/$name.html"
  dom="$work/$name.dom.html"
  log="$work/$name.chromium.log"
  rm -f "$page" "$dom" "$log"
  if ! "$cli" doc "$hostile/hostile.yaml" -o "$page" "$@" 2>"$work/$name.doc.log"; then
    fail "ssprules doc of the hostile policy failed: $(cat "$work/$name.doc.log")"
    return
  fi
  grep -q '<svg' "$page" || fail "no graph was drawn"
  grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">" "$page" ||
    fail "the page has no Content-Security-Policy"
  render "$page" "$dom" "$log" || return
  verify_hostile_dom
  [ "$failures" = "$before" ] && echo "ok [$name]: no script ran, nothing was fetched"
}

# the DOM of a hostile page, parsed (a policy's text may spell any markup: only elements count):
# no payload ran, and nothing that loads, runs or links elsewhere was built
verify_hostile_dom() {
  problems=$("$python" - "$dom" <<'PY'
import html.parser, sys
loads = {"script", "iframe", "frame", "img", "image", "object", "embed", "link", "use", "base",
         "foreignobject", "animate", "set", "audio", "video", "source", "form", "meta-refresh"}
class Walk(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems, self.open, self.styles, self.csp = [], [], 0, False
    def handle_starttag(self, tag, attrs):
        self.element(tag, attrs)
        if tag not in ("meta", "br", "hr", "link", "img", "input", "wbr", "col", "area"):
            self.open.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.element(tag, attrs)
    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass
    def element(self, tag, attrs):
        in_svg = "svg" in self.open or tag == "svg"
        a = dict(attrs)
        if tag in loads:
            self.problems.append(f"<{tag}> element")
        if tag == "style":
            self.styles += 1
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content") == ("default-src 'none'; style-src 'unsafe-inline'; "
                                            "base-uri 'none'; form-action 'none'")
        if in_svg and tag == "a":
            self.problems.append("<a> in the drawing")
        for name, value in attrs:
            value = value or ""
            if name == "data-pwned":
                self.problems.append(f"a script ran: data-pwned={value}")
            elif name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            elif name in ("href", "xlink:href", "src", "action", "formaction", "srcset"):
                if in_svg or not (value.startswith("#") or value.startswith("https://") or
                                  value.startswith("http://")) or name != "href":
                    self.problems.append(f"<{tag} {name}={value[:60]}>")
            elif in_svg and (name == "style" or ("url(" in value and "url(#" not in value)):
                self.problems.append(f"<{tag} {name}={value[:60]}> in the drawing")
w = Walk()
w.feed(open(sys.argv[1], encoding="utf-8", errors="replace").read())
if w.styles != 1:
    w.problems.append(f"{w.styles} <style> elements, not the page's one")
if not w.csp:
    w.problems.append("no Content-Security-Policy in the DOM")
print("\n".join(w.problems[:10]))
PY
)
  [ -z "$problems" ] || fail "the DOM is not safe:
$(printf '%s\n' "$problems" | sed 's/^/    /')"
}

check_hostile hostile_graphviz
check_hostile hostile_fake_graphviz --dot "$fake_dot"
# the DOT text itself: the injected statements stayed inside strings (one digraph, no URL or
# image attribute of its own)
"$cli" graph "$hostile/hostile.yaml" >"$work/hostile.dot" 2>/dev/null
name=hostile_dot
[ "$(grep -c '^digraph ' "$work/hostile.dot")" = 1 ] || fail "the DOT text holds another graph"
grep -E '^  [^ ].*(URL|image)=' "$work/hostile.dot" | grep -v 'label=' | grep . &&
  fail "the DOT text holds an injected attribute"

# defence in depth: a script and an image spliced into a page are refused by its policy
name=hostile_csp
page="$work/$name.html"
dom="$work/$name.dom.html"
log="$work/$name.chromium.log"
sed "s|<body>|<body><script>document.documentElement.setAttribute('data-pwned','csp')</script><img src=\"http://127.0.0.1:$port/csp-img\"><link rel=\"stylesheet\" href=\"http://127.0.0.1:$port/csp-css\">|" \
  "$work/hostile_graphviz.html" >"$page"
before=$failures
if render "$page" "$dom" "$log"; then
  grep -q 'data-pwned=' "$dom" && fail "the Content-Security-Policy let a script run"
  [ "$failures" = "$before" ] && echo "ok [$name]: the Content-Security-Policy refused the spliced script (and its loads: see network)"
fi

sleep 0.5  # a load that was let through has reached the server by now
name=network
if [ -s "$requests" ]; then
  fail "the pages fetched from the loopback server:"
  sed 's/^/    /' "$requests"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "the pages of both bundled policies and of the hostile policy render safely in $("$browser" --version 2>/dev/null | head -n 1)"
