#!/usr/bin/env bash
# The concurrency ladder (issue 14, point 6): 1,000 and 10,000 simultaneous io=2000 requests through
# the balancer on each pool (Gatling's ConcurrencyLadder, asserted against the theory), and how much
# memory each worker JVM holds per waiting request.
#
#   scripts/ladder.sh [--pools sync,async,virtual] [--cap 4096] [--hold 10000] [--hold-io 20000] [--out DIR]
#
# One `./lab up` (its own free ports, its own registry cluster name, the sync pool 4 x 1 in its JVM,
# no async or virtual worker there), then per pool:
#   sync     ConcurrencyLadder -Dn=1000 -Dio=50: 250 waves of ~51 ms (at io=2000 the sync pool's 1000
#            would be 250 waves of 2 s, 8 minutes; the simulation refuses steps predicted past 120 s)
#   async,   one `./lab worker KIND` in a JVM of its own (-XX:NativeMemoryTracking=summary, its heap
#   virtual  fixed and touched at start: -Xms512m -Xmx512m -XX:+AlwaysPreTouch, so RSS moves only
#            outside the heap), joined through the registry; the pool switched to by the admin API; then
#            1. the ladder: ConcurrencyLadder -Dn=1000,10000 -Dio=2000
#            2. memory: the worker JVM fresh (joined, no request yet), idle after the ladder (warm, the
#               balancer's keep-alive connections open), then while 1000 and then --hold requests of
#               io=--hold-io wait in it (ConcurrencyLadder -Dn=1000,HOLD). Each snapshot: jcmd
#               GC.class_histogram (a full GC first: the live heap, virtual threads' stacks included),
#               jcmd VM.native_memory summary (platform thread stacks), /proc/PID/status (RSS, threads)
#               and its sockets. Per waiting request: (plateau - idle) / requests waiting, and the
#               slope between the two plateaus (what one more waiting request adds, without the
#               fixed cost the first ones share); per connection: (idle - fresh) / connections opened.
#            The worker leaves (SIGTERM) before the next pool, so the balancer holds one pool's
#            connections at a time.
# The waves seen are the balancer's: GET /admin/timeline, each request's wave = round(queueMs / io) + 1.
#
# --cap is the balancer's max-connections-per-worker (a config key; the shipped default is 512): it caps
# HTTP/1.1 connections only. The async and virtual workers are reached by h2c (the default
# async-upstream and virtual-upstream), every request a stream on a few connections, so neither the cap
# nor the 20,000 files one process may open here cuts 10,000 requests into waves.
#
# Loopback only; every run is bounded (each Gatling run by `timeout`, each wait by a deadline). Writes
# its logs, snapshots and reports to --out (default: a temporary directory, printed) and prints
# Markdown tables at the end (also in OUT/ladder-tables.md). Exit 0 when every run agreed with the
# theory, 1 when one disagreed or failed, 2 for a bad option.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

pools=sync,async,virtual cap=4096 hold=10000 hold_io=20000 out="" worker_heap=512m
sync_n=1000 sync_io=50 ladder_n=1000,10000 ladder_io=2000
usage() { echo "usage: $0 [--pools sync,async,virtual] [--cap N] [--hold N] [--hold-io MS] [--out DIR]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --pools) pools="$2"; shift 2 ;;
    --cap) cap="$2"; shift 2 ;;
    --hold) hold="$2"; shift 2 ;;
    --hold-io) hold_io="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) usage ;;
  esac
done
[[ "$cap" =~ ^[0-9]+$ ]] && [ "$cap" -ge 1000 ] && [ "$cap" -le 9000 ] || { echo "--cap must be 1000..9000" >&2; exit 2; }
[[ "$hold" =~ ^[0-9]+$ ]] && [ "$hold" -ge 2000 ] && [ "$hold" -le 10000 ] || { echo "--hold must be 2000..10000" >&2; exit 2; }
[[ "$hold_io" =~ ^[0-9]+$ ]] && [ "$hold_io" -ge 5000 ] && [ "$hold_io" -le 60000 ] \
  || { echo "--hold-io must be 5000..60000 ms" >&2; exit 2; }
for p in ${pools//,/ }; do
  case "$p" in sync|async|virtual) ;; *) echo "--pools: sync, async or virtual, got '$p'" >&2; exit 2 ;; esac
done
out="${out:-$(mktemp -d /tmp/ladder.XXXXXX)}"
mkdir -p "$out"

# shellcheck source=scripts/find-jdk.sh
. scripts/find-jdk.sh
JAVA_HOME="$(find_jdk)"
export JAVA_HOME
jcmd="$JAVA_HOME/bin/jcmd"

say() { echo "ladder: $*" | tee -a "$out/ladder.log"; }
die() { echo "ladder: FAILED: $*" >&2; exit 1; }

pids=()
cleanup() {
  local i
  for (( i=${#pids[@]}-1; i>=0; i-- )); do kill "${pids[$i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Builds the jars first when they are missing or stale (./lab does that by itself).
./lab --version >/dev/null

token="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
cat >"$out/ladder.yml" <<EOF
# scripts/ladder.sh's lab: free ports, its own registry cluster; only the sync pool runs in ./lab up's JVM.
topology: sync
balancer:
  port: 0
  admin-port: 0
  admin-token: $token
  max-connections-per-worker: $cap
  # The clients' connections: Gatling's 10,000 plus its calibration's 50 and the warm-up's.
  max-client-connections: 10500
  timeline-size: 20000
sync:
  workers: 4
  threads: 1
async:
  workers: 0
virtual:
  workers: 0
registry:
  cluster-name: ladder-$token
  port: 0
EOF

machine="$(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1)), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(uname -sr), open files $(ulimit -n); JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1)"
say "machine: $machine"
say "out: $out"

./lab up "$out/ladder.yml" >"$out/up.log" 2>&1 &
up_pid=$!
pids+=("$up_pid")
for _ in $(seq 1 600); do
  grep -q 'sync-async lab is up' "$out/up.log" && break
  kill -0 "$up_pid" 2>/dev/null || { cat "$out/up.log" >&2; die "./lab up stopped"; }
  sleep 0.2
done
grep -q 'sync-async lab is up' "$out/up.log" || die "./lab up did not come up in 120 s (see $out/up.log)"
url="$(sed -n 's/^  balancer  \(http:[^ ]*\) .*/\1/p' "$out/up.log" | head -n1)"
admin="$(sed -n 's/.* admin \(http:[^ ]*\) .*/\1/p' "$out/up.log" | head -n1)"
registry="$(sed -n 's/^  registry  Hazelcast \([^,]*\),.*/\1/p' "$out/up.log" | head -n1)"
[ -n "$url" ] && [ -n "$admin" ] && [ -n "$registry" ] || die "cannot read the lab's addresses from $out/up.log"
say "lab: balancer $url, admin $admin, registry $registry, max-connections-per-worker $cap (./lab up pid $up_pid)"

workers_json() { curl -sf --max-time 5 "$admin/admin/workers"; }
in_flight_of() { workers_json | jq -r --arg id "$1" '[.workers[] | select(.id == $id) | .inFlight][0] // -1'; }

# Runs ConcurrencyLadder with the given -D options; its output to $1.log, exit code to $1.rc.
gatling() {
  local name="$1"
  shift
  say "$name: ./lab gatling ConcurrencyLadder $* (load $(cut -d' ' -f1-3 /proc/loadavg))"
  local rc=0
  timeout 600 ./lab gatling ConcurrencyLadder --url "$url" --admin-url "$admin" --results "$out/results" "$@" \
    >"$out/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$out/$name.rc"
  grep -E '^lab: (expect|measured|the balancer sends|DISAGREES)' "$out/$name.log" | sed "s/^/ladder: $name: /" \
    | tee -a "$out/ladder.log"
  say "$name: exit $rc (load after $(cut -d' ' -f1-3 /proc/loadavg))"
  return 0
}

# The waves the balancer dispatched a rung in, from its timeline: the balancer gives each request the
# lowest free slot of its worker (a sync worker's thread, or one of the in-flight limit's places), so a
# request's wave is how many of the rung's requests its slot had carried before it, plus one.
waves_seen() { # pool n io
  curl -sf --max-time 20 "$admin/admin/timeline?limit=20000" \
    | jq -r --arg pool "$1" --arg tag "tag=$2-at-once-io-$3" '
    [.requests[] | select(.topology == $pool and (.uri | endswith($tag)) and .dispatchUs != null)]
    | [group_by("\(.worker)/\(.slot)")[] | sort_by(.dispatchUs) | keys[] | . + 1] | group_by(.) | map(length)
    | if length > 6 then "\(length) waves: \(.[0:3] | map(tostring) | join(" + ")) + ... + \(.[-1]) (\(add) requests)"
      else "\(length) wave\(if length == 1 then "" else "s" end): \(map(tostring) | join(" + "))" end'
}

# Memory of JVM $1, as "liveBytes nmtCommittedKB threadStacksKB platformThreads rssKB sockets"; files under $2.
# Live = the class histogram's total without jdk.internal.vm.FillerElement arrays (dead space the
# collector fills, not objects anyone holds).
snapshot() {
  local pid="$1" file="$2" live nmt stack threads rss sockets
  "$jcmd" "$pid" GC.class_histogram >"$file.histo"
  "$jcmd" "$pid" VM.native_memory summary scale=KB >"$file.nmt"
  live="$(awk '$1 == "Total" {t = $3} /jdk\.internal\.vm\.FillerElement/ {f += $3} END {print t - f}' "$file.histo")"
  nmt="$(sed -n 's/^Total: reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p' "$file.nmt")"
  stack="$(sed -n '/^-  *Thread (/,/stack:/ s/.*(stack: reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p' "$file.nmt" | head -n1)"
  threads="$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")"
  rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")"
  sockets="$(find "/proc/$pid/fd" -lname 'socket:*' 2>/dev/null | wc -l)"
  echo "${live:-0} ${nmt:-0} ${stack:-0} ${threads:-0} ${rss:-0} ${sockets:-0}" | tee "$file.snap"
}

# Waits until worker $1 holds exactly $2 requests, twice in a row 0.5 s apart, within $3 s.
await_plateau() {
  local id="$1" want="$2" deadline=$(( $(date +%s) + $3 )) seen before=-1
  while [ "$(date +%s)" -lt "$deadline" ]; do
    seen="$(in_flight_of "$id" || echo -1)"
    if [ "$seen" = "$want" ] && [ "$before" = "$want" ]; then return 0; fi
    before="$seen"
    sleep 0.5
  done
  say "worker $id never held $want requests at once (last: $seen)"
  return 1
}

tables="$out/ladder-tables.md"
: >"$out/rungs.txt"
: >"$out/memory.txt"
: >"$out/connections.txt"

rung_rows() { # pool name-of-run io
  local pool="$1" run="$2" io="$3" line name n measured expect
  while IFS= read -r line; do
    name="${line#lab: measured }"; name="${name%%: *}"
    n="${name%% *}"
    measured="${line#lab: measured $name: }"
    expect="$(grep -F "lab: expect $name: " "$out/$run.log" | head -n1 | sed 's/.*: waves: \([0-9]*\) at once on \([^ ]*\) slots, \([0-9]*\) waves\{0,1\} .*/\2 slots, \3 wave(s)/')"
    echo "| $pool | $name | $expect | $(waves_seen "$pool" "$n" "$io") | ${measured} |" >>"$out/rungs.txt"
  done < <(grep '^lab: measured ' "$out/$run.log")
}

status=0
for pool in ${pools//,/ }; do
  if [ "$pool" = sync ]; then
    curl -sf -X POST -H "Authorization: Bearer $token" "$admin/admin/topology?topology=sync" >/dev/null \
      || die "cannot switch to the sync pool"
    gatling sync-ladder "-Dn=$sync_n" "-Dio=$sync_io"
    rung_rows sync sync-ladder "$sync_io"
    [ "$(cat "$out/sync-ladder.rc")" = 0 ] || status=1
    continue
  fi
  id="ladder-$pool"
  # A fixed heap, touched at start: RSS then moves only with what lives outside the heap.
  JAVA_OPTS="-XX:NativeMemoryTracking=summary -Xms$worker_heap -Xmx$worker_heap -XX:+AlwaysPreTouch" ./lab worker "$pool" --join "$registry" --config "$out/ladder.yml" \
    --id "$id" >"$out/worker-$pool.log" 2>&1 &
  wpid=$!
  pids+=("$wpid")
  for _ in $(seq 1 300); do
    [ "$(workers_json | jq -r --arg id "$id" '[.workers[] | select(.id == $id) | .state][0] // ""')" = ready ] && break
    kill -0 "$wpid" 2>/dev/null || { cat "$out/worker-$pool.log" >&2; die "./lab worker $pool stopped"; }
    sleep 0.2
  done
  curl -sf -X POST -H "Authorization: Bearer $token" "$admin/admin/topology?topology=$pool" >/dev/null \
    || die "cannot switch to the $pool pool"
  say "$pool: worker $id, JVM pid $wpid, ready; the $pool pool is active"
  read -r fresh_live _ _ fresh_threads fresh_rss fresh_sockets < <(snapshot "$wpid" "$out/$pool-fresh")
  say "$pool: fresh (no request yet): live heap $fresh_live B, $fresh_threads threads, RSS $fresh_rss KB, $fresh_sockets sockets"

  gatling "$pool-ladder" "-Dn=$ladder_n" "-Dio=$ladder_io"
  rung_rows "$pool" "$pool-ladder" "$ladder_io"
  [ "$(cat "$out/$pool-ladder.rc")" = 0 ] || status=1

  # Memory: idle (warm, after the ladder), then at each plateau of a held burst.
  read -r idle_live idle_nmt idle_stack idle_threads idle_rss idle_sockets < <(snapshot "$wpid" "$out/$pool-idle")
  say "$pool: idle after the ladder: live heap $idle_live B, NMT committed $idle_nmt KB, thread stacks $idle_stack KB, $idle_threads threads, RSS $idle_rss KB, $idle_sockets sockets"
  echo "$pool $(( idle_sockets - fresh_sockets )) $(( idle_live - fresh_live )) $(( (idle_rss - fresh_rss) * 1024 )) $(( idle_threads - fresh_threads ))" \
    >>"$out/connections.txt"
  gatling "$pool-memory" "-Dn=1000,$hold" "-Dio=$hold_io" &
  gpid=$!
  for held in 1000 "$hold"; do
    if await_plateau "$id" "$held" 240; then
      sleep 1
      read -r live nmt stack threads rss sockets < <(snapshot "$wpid" "$out/$pool-$held")
      in_flight="$(in_flight_of "$id")"
      say "$pool: $held waiting (in flight after the snapshot: $in_flight): live heap $live B, NMT committed $nmt KB, thread stacks $stack KB, $threads threads, RSS $rss KB, $sockets sockets"
      echo "$pool $held $(( live - idle_live )) $(( (nmt - idle_nmt) * 1024 )) $(( (stack - idle_stack) * 1024 )) $(( threads - idle_threads )) $(( (rss - idle_rss) * 1024 ))" \
        >>"$out/memory.txt"
    else
      status=1
    fi
  done
  wait "$gpid" || true
  rung_rows "$pool" "$pool-memory" "$hold_io"
  [ "$(cat "$out/$pool-memory.rc")" = 0 ] || status=1
  # What grew most in the live heap at the highest plateau, by class.
  if [ -f "$out/$pool-$hold.histo" ]; then
    awk '/jdk\.internal\.vm\.FillerElement/ { next }
         FNR == NR { if ($1 ~ /^[0-9]+:$/) idle[$4] = $3; next }
         $1 ~ /^[0-9]+:$/ { d = $3 - idle[$4]; if (d > 0) printf "%d %s\n", d, $4 }' \
      "$out/$pool-idle.histo" "$out/$pool-$hold.histo" | sort -rn | head -n 6 >"$out/$pool-growth.txt"
  fi
  kill "$wpid" 2>/dev/null || true
  for _ in $(seq 1 400); do kill -0 "$wpid" 2>/dev/null || break; sleep 0.1; done
  say "$pool: worker $id stopped"
done

{
  echo "Machine: $machine. Balancer max-connections-per-worker $cap. Command: scripts/ladder.sh --pools $pools --cap $cap --hold $hold --hold-io $hold_io"
  echo
  echo "| pool | rung | theory: slots, waves | waves seen (balancer timeline) | measured vs theory |"
  echo "|---|---|---|---|---|"
  cat "$out/rungs.txt"
  echo
  echo "Each worker JVM: heap fixed at $worker_heap and touched at start (-Xms -Xmx -XX:+AlwaysPreTouch), so RSS grows only outside the heap. Per waiting request = (plateau - idle after the ladder) / requests waiting; the idle worker already holds the balancer's pooled keep-alive connections."
  echo
  echo "| pool | requests waiting in the worker | live heap after a full GC, per request | RSS outside the heap, per request | heap + outside, per request | platform thread stacks (NMT), per request | platform threads added |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  awk '{ printf "| %s | %d | %.0f B | %.0f B | **%.0f B (%.2f KiB)** | %.0f B | %d |\n", $1, $2, $3 / $2, $7 / $2,
               ($3 + $7) / $2, ($3 + $7) / $2 / 1024, $5 / $2, $6 }' "$out/memory.txt"
  echo
  echo "What one more waiting request adds (slope between the two plateaus, the fixed cost the first ones share left out):"
  echo
  echo "| pool | between | live heap, per request | RSS outside the heap, per request | heap + outside, per request |"
  echo "|---|---|---:|---:|---:|"
  awk '{ n[$1] += 1; k = $1 "," n[$1]; held[k] = $2; live[k] = $3; rss[k] = $7 }
       END { for (p in n) if (n[p] >= 2) { a = p ",1"; b = p ",2"; d = held[b] - held[a];
             printf "| %s | %d and %d | %.0f B | %.0f B | **%.0f B (%.2f KiB)** |\n", p, held[a], held[b],
               (live[b] - live[a]) / d, (rss[b] - rss[a]) / d, (live[b] - live[a] + rss[b] - rss[a]) / d,
               (live[b] - live[a] + rss[b] - rss[a]) / d / 1024 } }' "$out/memory.txt"
  echo
  echo "| pool | keep-alive connections the ladder left open | live heap, per connection | RSS outside the heap, per connection | platform threads added |"
  echo "|---|---:|---:|---:|---:|"
  awk '$2 > 0 { printf "| %s | %d | %.0f B | %.0f B | %d |\n", $1, $2, $3 / $2, $4 / $2, $5 }' "$out/connections.txt"
  for f in "$out"/*-growth.txt; do
    [ -f "$f" ] || continue
    echo
    echo "$(basename "$f" -growth.txt): the live heap's growth at $hold waiting, largest classes: $(awk '{ printf "%s%s %.0f B/request", sep, $2, $1 / '"$hold"'; sep = ", " }' "$f")"
  done
} >"$tables"
echo
cat "$tables"
say "tables in $tables; exit $status"
exit "$status"
