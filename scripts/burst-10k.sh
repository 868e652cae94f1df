#!/bin/bash
# Issue 13, point 3: N (default 10,000) simultaneous GET /work?io=2000, each on its own connection,
# through the balancer's netty data plane to two async workers (h2c), and straight to one worker,
# rounds interleaved; then the balancer's memory per open client connection (live heap after a full
# GC and RSS, idle and with N requests open). Loopback only, free ports.
#   ./mvnw -q -B package -DskipTests && scripts/burst-10k.sh [N] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}; rounds=${2:-3}
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin
jar=${BALANCER_JAR:-$root/balancer/target/balancer.jar}
worker=${WORKER_JAR:-$root/async-worker/target/async-worker.jar}
out=$(mktemp -d /tmp/burst-10k-XXXX)
python3 "$root/scripts/bench-vs-haproxy.py" --no-haproxy --worker-jar "$worker" \
  --variant "netty=$jar|-Dlab.balancer.data-plane=netty" --hold 900 --out "$out/rig.json" > "$out/rig.log" 2>&1 &
rig=$!
trap 'kill $rig 2>/dev/null; wait $rig 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do [ -s "$out/rig.json" ] && break; sleep 0.2; done
read -r bport dport pid admin < <(python3 -c "
import json,sys; d=json.load(open('$out/rig.json'))
p=lambda u: u.split(':')[2].split('/')[0]
print(p(d['paths']['netty']), p(d['paths']['direct']), d['pids']['netty'], d['admins']['netty'])")
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), open-files limit $(ulimit -n)"
echo "balancer (netty data plane) pid $pid on port $bport; direct = one async worker on port $dport"
peak() { # peak fds and RSS of $1 while the command after it runs
  local p=$1; shift; local f=$out/peak; echo "0 0" > "$f"
  ( while [ -e "$f" ] && kill -0 "$p" 2>/dev/null; do
      a=$(ls /proc/"$p"/fd 2>/dev/null | wc -l); r=$(awk '/VmRSS/{print $2}' /proc/"$p"/status 2>/dev/null || echo 0)
      read -r pf pr < "$f" 2>/dev/null || break
      [ "$a" -gt "$pf" ] && pf=$a; [ "${r:-0}" -gt "$pr" ] && pr=$r
      echo "$pf $pr" > "$f.t" 2>/dev/null && mv "$f.t" "$f" 2>/dev/null; sleep 0.1
    done ) & local s=$!
  "$@" | sed 's/^/    /'
  read -r pf pr < "$f"; rm -f "$f"; wait $s 2>/dev/null || true
  echo "    peak open files $pf, peak RSS $((pr / 1024)) MiB"
}
burst() { BURST_WARMUP=2000 "$J/java" -Xss512k "$root/scripts/Burst.java" 127.0.0.1 "$1" "$n" "/work?io=${2:-2000}" 60; }
queued() { # of the last N requests in the balancer's timeline: how many waited in its queue at all (> 1 ms), the longest wait
  curl -s "$admin/admin/timeline?limit=$n" | python3 -c "
import json,sys; r=json.load(sys.stdin)['requests']; q=[x['queueMs'] for x in r if x['uri'].startswith('/work')]
print(f'    balancer timeline: {len(q)} requests, {sum(1 for v in q if v > 1)} waited over 1 ms in its queue, longest {max(q):.1f} ms')"
}
for r in $(seq 1 "$rounds"); do
  echo "round $r, load $(cut -d' ' -f1 /proc/loadavg): through the balancer"
  peak "$pid" burst "$bport"
  queued
  echo "round $r, load $(cut -d' ' -f1 /proc/loadavg): direct to one worker"
  burst "$dport" | sed 's/^/    /'
done
heap() { "$J/jcmd" "$pid" GC.run > /dev/null; "$J/jcmd" "$pid" GC.heap_info | grep -oP 'used \K\d+(?=K)' | head -2 | paste -sd+ | bc; }
h0=$(heap); r0=$(awk '/VmRSS/{print $2}' /proc/"$pid"/status); f0=$(ls /proc/"$pid"/fd | wc -l)
BURST_WARMUP=0 "$J/java" -Xss512k "$root/scripts/Burst.java" 127.0.0.1 "$bport" "$n" "/work?io=10000" 60 > "$out/mem-burst.txt" &
b=$!; sleep 6
h1=$(heap); r1=$(awk '/VmRSS/{print $2}' /proc/"$pid"/status); f1=$(ls /proc/"$pid"/fd | wc -l)
wait $b
echo "memory: idle heap ${h0} KiB, RSS $((r0 / 1024)) MiB, $f0 files; with $((f1 - f0)) more files open (requests of io=10000 in flight): heap ${h1} KiB, RSS $((r1 / 1024)) MiB"
echo "  live heap per open client connection with its request: $(( (h1 - h0) * 1024 / (f1 - f0 > 0 ? f1 - f0 : 1) )) bytes"
echo "  RSS per open client connection: $(( (r1 - r0) * 1024 / (f1 - f0 > 0 ? f1 - f0 : 1) )) bytes (heap growth included, kernel socket buffers not)"
head -4 "$out/mem-burst.txt" | sed 's/^/  /'
