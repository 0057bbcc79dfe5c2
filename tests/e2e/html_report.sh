#!/usr/bin/env bash
# --format html: a self-contained page for diagnose, remediate, build and
# verify (collect refuses it), rendered by headless Chromium into a
# screenshot whose status banner has the status's colour. Without Chromium
# the test fails and says how to install it: it never passes unseen.
source "$(dirname "$0")/lib/assert.bash"
HERE=$(cd "$(dirname "$0")" && pwd)

run diagnose-html diagnose --snapshot "$EXAMPLES/kb4294204-hit.json" --format html -o "$WORK/diagnose.html"
expect_rc 2
expect_empty_out
grep -q '<header class="banner critical">' "$WORK/diagnose.html" || fail "no critical banner"
grep -q 'kb4294204.stale-topology' "$WORK/diagnose.html" || fail "no findings"
grep -qiE '<script|<link|src=|href=|@import|url\(' "$WORK/diagnose.html" && fail "the page loads or runs something"

run remediate-html remediate --snapshot "$EXAMPLES/kb4294204-hit.json" --dry-run --format html
expect_rc 2
expect_out "Plan (dry run: nothing has been run)"
expect_out "    Restart-Service -Name &#39;MSExchangeADTopology&#39; -Force"

run build-html build 15.1.1415.2 --format html
expect_rc 0
expect_out '<header class="banner ok">'

run healthy-html diagnose --snapshot "$EXAMPLES/healthy.json" --format html
expect_rc 0
expect_out '<header class="banner ok">'

run collect-html collect --format html
expect_rc 64
expect_empty_out
expect_err "--format html does not apply"

# Hostile data in a site name (a server name with such characters is
# refused when the snapshot is read; the report shows a site's last path
# part, so no '/'): shown, never markup or reordering.
rlo=$'\u202e'
jq --arg n "<img src=x onerror=alert(1)>&\"'${rlo}EX" '.exchange_servers[1].Site = $n' \
  "$EXAMPLES/kb4294204-hit.json" >"$WORK/hostile.json"
run hostile-html diagnose --snapshot "$WORK/hostile.json" --format html
expect_no_out "<img src"
expect_no_out "$rlo"
expect_out "&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;[U+202E]EX"

# The screenshot.
step=chromium
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n $browser ]] || fail "chromium is not installed: scripts/test installs it (apt-get install chromium)"
shot=$WORK/diagnose.png
profile=$(mktemp -d "$WORK/profile.XXXXXX")
timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$shot" --window-size=1280,1600 \
  "file://$WORK/diagnose.html" >"$WORK/chromium.log" 2>&1 || fail "chromium failed: $(tail -5 "$WORK/chromium.log")"
[[ -s $shot ]] || fail "no screenshot: $(tail -5 "$WORK/chromium.log")"
size=$(stat -c %s "$shot")
((size > 30000)) || fail "the screenshot is only $size bytes: an empty page?"
# The banner: #cf222e across the page's width, about 100 px high.
red=$(python3 "$HERE/lib/png_colour.py" "$shot" 207 34 46) || fail "cannot read the PNG"
((red > 50000)) || fail "only $red pixels of the critical banner's colour"
white=$(python3 "$HERE/lib/png_colour.py" "$shot" 255 255 255)
((white > 100000)) || fail "only $white white pixels: the sections did not render"
# For a person to look at (the README shows one).
cp "$shot" "$WORK/../html-report.png" 2>/dev/null || true
pass
