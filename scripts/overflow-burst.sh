#!/usr/bin/env bash
# How fast the balancer answers overload on fresh connections: a sync worker (4 threads) and the
# balancer (max-queue 10) in their own JVMs, on free ports; 14 long requests fill the worker and
# the queue; then bursts of new connections, one request each, which must all get 503 +
# Retry-After. Prints the latency of every burst's answers, from each connect's start.
#
#   scripts/overflow-burst.sh [--burst 200] [--warmup 300] [--rounds 5] [--vs haproxy]
#
# --warmup N: at most N bursts before the measured rounds (0: none). The first is shown as "cold"
# (the first burst after start); then bursts go on until the proxy's JIT compilers (its C1/C2
# threads in /proc) used under 2 ms of CPU in each of 10 bursts in a row (at least 10 bursts),
# summed up in one line. A JVM compiles the path of a new connection while the first thousands
# go through it, so cold and warmed are told apart; HAProxy has no JIT and gets the minimum.
#
# --vs haproxy: then the same rounds against HAProxy (Debian's, default threads) in front of a
# second sync worker of 4 threads, maxconn 4 to it, and a 503 with Retry-After as soon as 10 wait
# in its queue: the same overload, answered by a proxy known to be fast, on the same machine.
#
# A benchmark, not a test: numbers depend on the machine; docs/overload.md has a run.
# Needs the jars: ./mvnw -q package -DskipTests (or any ./lab command builds them).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/find-jdk.sh"
JAVA_HOME="$(find_jdk)"
java="$JAVA_HOME/bin/java"
flags=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xss512k)
burst=200 rounds=5 warmup=300 vs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --burst) burst="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --vs) vs="$2"; shift 2 ;;
    *) echo "usage: $0 [--burst N] [--warmup N] [--rounds N] [--vs haproxy]" >&2; exit 2 ;;
  esac
done
if [ -n "$vs" ] && { [ "$vs" != haproxy ] || ! command -v haproxy >/dev/null; }; then
  echo "--vs: only haproxy is supported, and the haproxy command must be installed" >&2; exit 2
fi
for jar in balancer/target/balancer.jar sync-worker/target/sync-worker.jar; do
  [ -f "$root/$jar" ] || { echo "$jar is missing: run ./mvnw -q package -DskipTests first" >&2; exit 2; }
done

work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Waits until file $1 has a line matching the sed expression $2; prints what it captures.
await_line() {
  for _ in $(seq 1 300); do
    found="$(sed -n "$2" "$1" | head -n1)"
    [ -n "$found" ] && { echo "$found"; return 0; }
    sleep 0.1
  done
  echo "timed out waiting in $1:" >&2; cat "$1" >&2; return 1
}

"$java" "${flags[@]}" -jar "$root/sync-worker/target/sync-worker.jar" --id burst-sync --port 0 --threads 4 \
  2>"$work/worker.log" & pids+=($!)
worker="$(await_line "$work/worker.log" 's/.*listening on http:\/\/\([^ ]*\).*/\1/p')"

cat >"$work/topology.yml" <<EOF
topology: sync
balancer:
  port: 0
  admin-port: 0
  max-queue: 10
  queue-timeout-ms: 120000
registry:
  enabled: false
sync:
  threads: 4
  addresses: [$worker]
EOF
"$java" "${flags[@]}" ${BALANCER_JAVA_OPTS:-} -jar "$root/balancer/target/balancer.jar" --config "$work/topology.yml" \
  2>"$work/balancer.log" & pids+=($!)
balancer_pid=$!
urls="$(await_line "$work/balancer.log" 's/.*balancer on \(http:[^ ]*\) (admin \(http:[^)]*\)).*/\1 \2/p')"
url="${urls% *}" admin="${urls#* }"

echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "balancer $url (admin $admin), max-queue 10; worker $worker, 4 threads; JDK $("$java" -version 2>&1 | head -n1)"
"$java" "$root/scripts/OverflowBurst.java" --url "$url" --admin "$admin" --fill 14 --queue 10 \
  --burst "$burst" --warmup "$warmup" --rounds "$rounds" --pid "$balancer_pid"
# With LAB_LOG_LEVEL=DEBUG the balancer says how long its start-up warm-up took.
sed -n 's/.*\(warmed the client port up.*\)/balancer: \1/p' "$work/balancer.log"

[ -z "$vs" ] && exit 0
"$java" "${flags[@]}" -jar "$root/sync-worker/target/sync-worker.jar" --id burst-sync-2 --port 0 --threads 4 \
  2>"$work/worker2.log" & pids+=($!)
worker2="$(await_line "$work/worker2.log" 's/.*listening on http:\/\/\([^ ]*\).*/\1/p')"
# Two free loopback ports for HAProxy's frontend and its stats page.
read -r hport sport < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
cat >"$work/haproxy.cfg" <<EOF
global
  maxconn 4000
defaults
  mode http
  timeout connect 5s
  timeout client 120s
  timeout server 120s
  timeout queue 120s
frontend lab
  bind 127.0.0.1:$hport
  http-request return status 503 content-type application/json string "{\"error\":\"overloaded\"}" hdr Retry-After 1 if { queue(work) ge 10 }
  default_backend work
backend work
  server w1 $worker2 maxconn 4
listen stats
  bind 127.0.0.1:$sport
  stats enable
  stats uri /stats
EOF
haproxy -db -f "$work/haproxy.cfg" 2>"$work/haproxy.log" & pids+=($!)
haproxy_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$sport/stats;csv" >/dev/null 2>&1 && break
  sleep 0.1
done
echo
echo "HAProxy on http://127.0.0.1:$hport: $(haproxy -v | head -n1); worker $worker2, 4 threads, maxconn 4, 503 from 10 queued"
"$java" "$root/scripts/OverflowBurst.java" --url "http://127.0.0.1:$hport" --stats "http://127.0.0.1:$sport/stats;csv" \
  --fill 14 --queue 10 --burst "$burst" --warmup "$warmup" --rounds "$rounds" --pid "$haproxy_pid"
