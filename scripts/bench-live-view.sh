#!/usr/bin/env bash
# What an open live view costs the balancer: runs `./lab bench` with no page open, then again with
# one page's event stream connected to the bench balancer's admin port for the whole run (an SSE
# client reading /live/events, as a browser's EventSource does; it runs on cpu 0 with the load
# client, so it takes nothing from the balancer's core but the balancer's own work for it), PAIRS
# times in alternation, and prints the headline rows of every run side by side.
#   scripts/bench-live-view.sh [PAIRS] [-- BENCH OPTIONS...]      (PAIRS defaults to 1)
# Each run writes its full Markdown to $OUT_DIR (default: a temporary directory, printed); nothing
# here rewrites docs/benchmarks.md. Exits 1 when a run fails or the stream delivered nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

pairs=1
if [ $# -gt 0 ] && [ "$1" != "--" ]; then pairs="$1"; shift; fi
if [ $# -gt 0 ] && [ "$1" = "--" ]; then shift; fi
out_dir="${OUT_DIR:-$(mktemp -d)}"
mkdir -p "$out_dir"

die() { echo "bench-live-view: $*" >&2; exit 1; }

# The bench's balancer JVM (a child of the bench JVM) and the admin port among its listening ports.
admin_port_of() { # bench pid -> prints the admin port once the balancer JVM listens
  local bench="$1" child port
  for _ in $(seq 1 600); do
    child="$(pgrep -P "$bench" -f BenchBalancerMain || true)"
    if [ -n "$child" ]; then
      for port in $(ss -Hltnp 2>/dev/null | grep "pid=$child," | awk '{print $4}' | sed 's/.*://'); do
        if curl -sf "http://127.0.0.1:$port/admin/workers" >/dev/null 2>&1; then
          echo "$port"
          return 0
        fi
      done
    fi
    kill -0 "$bench" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

run() { # name, viewer (yes|no), bench options
  local name="$1" viewer="$2" bench port viewer_pid=""
  local md="$out_dir/$name.md" events="$out_dir/$name.events"
  shift 2
  ./lab bench --out "$md" "$@" >"$out_dir/$name.log" 2>&1 &
  bench=$!
  if [ "$viewer" = yes ]; then
    port="$(admin_port_of "$bench")" || die "$name: no balancer admin port found (see $out_dir/$name.log)"
    taskset -c 0 curl -sN "http://127.0.0.1:$port/live/events" >"$events" &
    viewer_pid=$!
  fi
  wait "$bench" || die "$name: ./lab bench failed (see $out_dir/$name.log)"
  if [ -n "$viewer_pid" ]; then
    kill "$viewer_pid" 2>/dev/null || true
    wait "$viewer_pid" 2>/dev/null || true
    local ticks
    ticks="$(grep -c '^data:' "$events" || true)"
    [ "$ticks" -gt 0 ] || die "$name: the event stream delivered nothing"
    echo "$name: the page's stream received $ticks events, $(wc -c <"$events") bytes"
  fi
}

# The rows people compare: the throughput ratio and the added latency.
headline() { # md file
  grep -E '^\| (max requests/s|p50|p99) ' "$1" | head -n 3 | cut -d'|' -f2-6
}

shift_args=("$@")
for i in $(seq 1 "$pairs"); do
  set -- "${shift_args[@]}"
  run "none-$i" no "$@"
  run "viewer-$i" yes "$@"
done

echo
echo "bench-live-view: $pairs pair(s); ./lab bench ${shift_args[*]}; runs in $out_dir"
for i in $(seq 1 "$pairs"); do
  for name in "none-$i" "viewer-$i"; do
    echo "== $name"
    headline "$out_dir/$name.md"
  done
done
