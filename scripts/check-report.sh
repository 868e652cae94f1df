#!/usr/bin/env bash
# Checks a demo report the way a reader would see it: renders DIR/index.html in headless
# Chromium (networking off, fresh profile), then checks the rendered DOM has the results
# table with rows and at least two non-empty timelines, and takes DIR/screenshot.png.
#   scripts/check-report.sh results/20250101-120000
# Exits 0 when the report is fine, 1 with a message saying what is wrong, 2 on bad usage.
# CHROMIUM overrides the browser (default: chromium on the PATH, then /usr/bin/chromium).
set -euo pipefail

TIMEOUT_SECONDS=60
MIN_SCREENSHOT_BYTES=10240

die() { echo "check-report: $*" >&2; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 DIR   (a demo results directory holding index.html)" >&2; exit 2; }
dir="$(cd "$1" 2>/dev/null && pwd)" || die "$1: no such directory"
page="$dir/index.html"
[ -f "$page" ] || die "$page: no such file (did the demo finish?)"

chromium="${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}"
[ -x "$chromium" ] || die "chromium not installed: apt-get install chromium"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Each run gets its own profile, so nothing cached from another run can make a broken page look fine.
run_chromium() { # name, then chromium arguments; stdout to $work/name.out
  local name="$1"
  shift
  if ! timeout --kill-after=5 "$TIMEOUT_SECONDS" "$chromium" --headless --no-sandbox --disable-gpu \
      --disable-quic --no-first-run --disable-background-networking --disable-component-update \
      --disable-sync --user-data-dir="$work/profile-$name" "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    tail -n 20 "$work/$name.err" >&2
    die "chromium $name failed or took more than ${TIMEOUT_SECONDS}s (stderr above)"
  fi
}

url="file://$page"
run_chromium dom --dump-dom "$url"
dom="$work/dom.out"

grep -q 'id="results"' "$dom" || die "$page: no results table (id=\"results\") after rendering"
rows="$(grep -o 'class="row"' "$dom" | wc -l)"
[ "$rows" -ge 1 ] || die "$page: the results table has no rows (class=\"row\")"

# One line per gantt chart: how many service bars it holds. A chart with none is an empty timeline.
bars_per_gantt="$(awk 'BEGIN { RS = "</svg>" } /<svg class="gantt"/ { print gsub(/class="bar service/, "") }' "$dom")"
gantts="$(printf '%s\n' "$bars_per_gantt" | grep -c . || true)"
[ "$gantts" -ge 2 ] || die "$page: $gantts timeline chart(s) (svg class=\"gantt\"), expected at least 2"
if printf '%s\n' "$bars_per_gantt" | grep -qx 0; then
  die "$page: a timeline chart has no request bars (bars per chart: $(echo $bars_per_gantt))"
fi

screenshot="$dir/screenshot.png"
rm -f "$screenshot"
run_chromium screenshot --screenshot="$screenshot" --window-size=1400,2400 "$url"
[ -f "$screenshot" ] || die "chromium wrote no screenshot to $screenshot"
size="$(wc -c <"$screenshot")"
[ "$size" -gt "$MIN_SCREENSHOT_BYTES" ] || die "$screenshot is only $size bytes: the page looks blank"

echo "report ok: $rows rows, $gantts timelines (bars: $(echo $bars_per_gantt)), screenshot $screenshot"
