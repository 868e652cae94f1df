#!/usr/bin/env bash
# End-to-end test of the lab on a multi-node Docker Swarm, all on this machine:
# deploy/swarm/lab-stack.yml on four Docker engines, each in network namespaces of its own.
#
#   scripts/swarm-e2e.sh              four nodes (below)
#   scripts/swarm-e2e.sh --one-node   one node with all three labels (docker swarm init on a laptop):
#                                     the same checks, and a worker task killed instead of a node
#   ... --with-experiments            then, once the stack is gone, ./lab sweep --engine swarm (a
#                                     two-point sweep) and ./lab chaos --engine swarm --kill on the
#                                     same swarm, checking where each part ran
#
#   switch namespace   a bridge 198.18.0.1/24 and the image registry (Debian's docker-registry,
#                      unpacked into a cache directory, never installed or started as a service)
#   lab-n1             manager, lab.balancer=true    198.18.0.11
#   lab-n2             worker,  lab.generator=true   198.18.0.12
#   lab-n3, lab-n4     worker,  lab.workers=true     198.18.0.13, .14
#
# Each node is a dockerd (and its containerd) in its own network, mount, PID and UTS namespaces,
# with its own --data-root, --exec-root, socket and veth address; killing its PID namespace's
# first process kills the node's engine and every container on it at once, like a machine
# that dies. The addresses exist only inside these namespaces, so they collide with nothing.
#
# 1. The project's images, built from the four Dockerfiles on the default engine (started here
#    when none answers, like scripts/compose-e2e.sh; local stand-ins for the base images from
#    scripts/base-images.sh), copied to lab-n1 (docker save | load) and pushed to the registry.
# 2. The swarm: lab-n1 initialises it, the others join, nodes get their labels.
# 3. docker stack deploy: every task on its labelled nodes, the workers (on lab-n3 and lab-n4;
#    sync, async and virtual) join the balancer's registry (on lab-n1) across nodes by
#    tasks.balancer; the client port is served on lab-n1, the admin and Hazelcast ports are not
#    published. PostgreSQL (the stand-in image from scripts/base-images.sh, pushed like the others)
#    runs beside the balancer, healthy, 5432 published nowhere, and GET /work?db=50 through the
#    stack is a 200 from the database.
# 4. Gatling as the stack's one-shot service on lab-n2: FiveClientsFourWorkers and
#    HundredRequests across the nodes, against the theory.
# 5. The topology toggled across the swarm through the admin API (scripts/swarm-admin.sh), to
#    async and then to the virtual pool (served by a virtual worker).
# 6. lab-n4's engine killed under load: its workers are ejected, every request sent after that
#    is served, and Swarm starts their replacements on lab-n3.
# 7. docker stack rm, then the engines, the registry and the namespaces go; nothing is left.
#    Also on failure, Ctrl-C and SIGTERM. The default engine is only used to build and save
#    images; nothing of the swarm touches it. A default dockerd this script had to start is
#    stopped at the end unless it runs other clients' containers by then.
#
# Needs root (namespaces, engines). Environment: E2E_KEEP_ENGINE=1 leaves a default dockerd
# started here running; SWARM_E2E_KEEP=1 leaves the swarm up on failure for a look (clean it with
# the printed command).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

run="lab-swarm-$$"                  # namespace names: $run-sw, $run-n1 ...
one_node=""
with_experiments=""
for arg in "$@"; do
  case "$arg" in
    --one-node) one_node=1 ;;
    --with-experiments) with_experiments=1 ;;
    *) echo "usage: scripts/swarm-e2e.sh [--one-node] [--with-experiments]" >&2; exit 2 ;;
  esac
done
if [ -n "$one_node" ]; then
  nodes=(n1)
  generator_node=lab-n1
  worker_nodes=(lab-n1)
else
  nodes=(n1 n2 n3 n4)
  generator_node=lab-n2
  worker_nodes=(lab-n3 lab-n4)
fi
net=198.18.0                        # RFC 2544 benchmarking range, inside the namespaces only
registry_addr="$net.1:5000"
stack=lab
image_prefix="sync-async-lab-e2e"   # on the default engine: sync-async-lab-e2e/<server>:swarm
repo="$registry_addr/sync-async-lab"
tag=e2e
dockerd_log="${E2E_DOCKERD_LOG:-/tmp/swarm-e2e-dockerd.log}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/sync-async-lab"

work=""
started_dockerd=""
registry_pid=""
declare -A node_pid=()
stack_up=""
t0=$(date +%s)

say() { echo "swarm-e2e: $*"; }
die() { echo "swarm-e2e: FAILED: $*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }
interruptible() { local log=$1; shift; "$@" >"$log" 2>&1 & wait "$!"; }

node_ip() { echo "$net.1${1#n}"; }
dk() { local n=$1; shift; docker -H "unix://$work/$n/docker.sock" "$@"; }   # the docker CLI on a node
in_switch() { nsenter --net="/run/netns/$run-sw" "$@"; }                       # a command in the switch's network

# ---------------------------------------------------------------------------------------------
# Cleanup: everything this run made, in reverse order

stop_nodes() {
  local n pid
  for n in "${!node_pid[@]}"; do
    pid=${node_pid[$n]}
    # SIGKILL to unshare: --kill-child takes the node's PID namespace down with it (engine,
    # containerd, shims, containers), and its private mounts go with its mount namespace.
    kill -9 "$pid" 2>/dev/null || true
  done
  for n in "${!node_pid[@]}"; do
    pid=${node_pid[$n]}
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    unset "node_pid[$n]"
  done
}

remove_namespaces() {
  local ns
  for ns in $(ip netns list | awk -v p="$run-" 'index($1, p) == 1 { print $1 }'); do
    ip netns del "$ns" 2>/dev/null || true
  done
}

cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  # This shell's own jobs (load loops, a long client command) stop first; the engines, the
  # registry and a default dockerd started here stop below, in order.
  for pid in $(jobs -p); do
    case " $started_dockerd $registry_pid ${node_pid[*]} " in
      *" $pid "*) ;;
      *) kill "$pid" 2>/dev/null || true ;;
    esac
  done
  if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && [ -n "$stack_up" ]; then
    echo "swarm-e2e: --- state at the failure ---" >&2
    dk n1 node ls >&2 || true
    dk n1 service ls >&2 || true
    dk n1 stack ps --no-trunc "$stack" 2>&1 | head -30 >&2 || true
    dk n1 service logs --tail 30 "${stack}_balancer" >&2 2>&1 || true
    if [ "${SWARM_E2E_KEEP:-0}" = 1 ]; then
      echo "swarm-e2e: left running (SWARM_E2E_KEEP=1): nodes ${node_pid[*]}, work $work; clean with:" >&2
      echo "  kill -9 ${node_pid[*]} $registry_pid; for ns in \$(ip netns list | grep -o '^$run-[a-z0-9]*'); do ip netns del \$ns; done; rm -rf $work" >&2
      exit "$rc"
    fi
  fi
  stop_nodes
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$registry_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  remove_namespaces
  [ -n "$work" ] && rm -rf "$work"
  if [ -n "$started_dockerd" ] && [ "${E2E_KEEP_ENGINE:-0}" != 1 ]; then
    # Started here, but others may have begun to use it since: stop it only when it runs nothing.
    if [ -z "$(docker ps -q 2>/dev/null)" ]; then
      kill "$started_dockerd" 2>/dev/null || true
      for _ in $(seq 60); do kill -0 "$started_dockerd" 2>/dev/null || break; sleep 0.5; done
    else
      say "left the default dockerd started here running: it runs containers of other clients now"
    fi
  fi
  if [ "$rc" -eq 0 ]; then
    say "all checks passed in $(elapsed "$t0")"
  else
    echo "swarm-e2e: FAILED (exit $rc) after $(elapsed "$t0")" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Tools, the default engine, the images

apt_install() {
  [ "$(id -u)" -eq 0 ] || die "missing $*; install them (apt-get install $*) or run this as root"
  say "installing $* from the Debian sources"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_tools() {
  [ "$(id -u)" -eq 0 ] || die "network namespaces and Docker engines need root"
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v jq >/dev/null || missing+=(jq)
  command -v curl >/dev/null || missing+=(curl)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v nsenter >/dev/null || missing+=(util-linux)
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
  command -v docker-init >/dev/null || die "docker-init (tini, part of docker.io) is missing"
  [ -d /etc/docker ] || mkdir -p /etc/docker
}

# Debian's docker-registry, unpacked (dpkg-deb -x) into the cache: installing the package would
# start a registry service on port 5000 for the whole machine.
ensure_registry_binary() {
  registry_bin="$(command -v docker-registry || true)"
  [ -z "$registry_bin" ] || return 0
  registry_bin="$cache/docker-registry/usr/bin/docker-registry"
  [ -x "$registry_bin" ] && return 0
  local dl="$work/registry-deb"
  mkdir -p "$dl"
  say "fetching Debian's docker-registry package into $cache/docker-registry (unpacked, not installed)"
  if ! (cd "$dl" && apt-get download docker-registry >/dev/null 2>&1); then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    (cd "$dl" && apt-get download docker-registry >/dev/null 2>&1) || die "apt-get download docker-registry failed"
  fi
  rm -rf "$cache/docker-registry"
  mkdir -p "$cache/docker-registry"
  dpkg-deb -x "$dl"/docker-registry_*.deb "$cache/docker-registry"
  [ -x "$registry_bin" ] || die "the docker-registry package holds no usr/bin/docker-registry"
}

ensure_default_engine() {
  if ! docker info >/dev/null 2>&1; then
    say "starting the default dockerd in the background (log: $dockerd_log)"
    setsid dockerd >"$dockerd_log" 2>&1 < /dev/null &
    started_dockerd=$!
    for _ in $(seq 60); do
      docker info >/dev/null 2>&1 && break
      kill -0 "$started_dockerd" 2>/dev/null || die "dockerd exited; see $dockerd_log"
      sleep 1
    done
    docker info >/dev/null 2>&1 || die "dockerd did not answer within 60 s; see $dockerd_log"
  fi
  DOCKER_API_VERSION="$(docker version --format '{{.Client.APIVersion}}')"
  export DOCKER_API_VERSION
  say "default engine $(docker version --format '{{.Server.Version}}') (API $DOCKER_API_VERSION) for the image builds ok"
}

build_images() {
  local start server
  start=$(date +%s)
  # shellcheck source=scripts/base-images.sh
  . "$root/scripts/base-images.sh"
  base_images
  postgres_image   # sets $postgres_image: Debian's postgresql-15 as the official image's stand-in
  for server in balancer sync-worker async-worker gatling; do
    interruptible "$work/build-$server.log" docker build -f "$server/Dockerfile" \
      --build-arg "JDK_IMAGE=$jdk_image" --build-arg "JRE_IMAGE=$jre_image" \
      -t "$image_prefix/$server:swarm" . \
      || { tail -40 "$work/build-$server.log" >&2; die "docker build of $server failed"; }
  done
  say "images built from the project's Dockerfiles on the default engine ok ($(elapsed "$start"))"
}

# ---------------------------------------------------------------------------------------------
# The machines: a switch, a registry, four engines

make_network() {
  ip netns add "$run-sw"
  ip -n "$run-sw" link set lo up
  ip -n "$run-sw" link add br0 type bridge
  ip -n "$run-sw" addr add "$net.1/24" dev br0
  ip -n "$run-sw" link set br0 up
  local n
  for n in "${nodes[@]}"; do
    ip netns add "$run-$n"
    ip -n "$run-$n" link set lo up
    ip -n "$run-sw" link add "$n" type veth peer name eth0 netns "$run-$n"
    ip -n "$run-sw" link set "$n" master br0 up
    ip -n "$run-$n" addr add "$(node_ip "$n")/24" dev eth0
    ip -n "$run-$n" link set eth0 up
  done
  say "network: switch $net.1/24 and ${#nodes[@]} node namespaces ($run-*) ok"
}

start_registry() {
  mkdir -p "$work/registry"
  cat >"$work/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: $registry_addr
EOF
  # nsenter (no fork for a network namespace) and setsid (not a group leader here) both exec:
  # $! is the registry itself. Disowned: its end is the cleanup's business, not a job report.
  nsenter --net="/run/netns/$run-sw" setsid "$registry_bin" serve "$work/registry.yml" \
    >"$work/registry.log" 2>&1 < /dev/null &
  registry_pid=$!
  disown "$registry_pid"
  for _ in $(seq 50); do
    in_switch curl -fsS --max-time 1 "http://$registry_addr/v2/" >/dev/null 2>&1 && break
    sleep 0.2
  done
  in_switch curl -fsS --max-time 1 "http://$registry_addr/v2/" >/dev/null || die "the registry does not answer; see $work/registry.log"
  say "registry: Debian's docker-registry $("$registry_bin" --version 2>&1 | awk '{ print $NF }') at $registry_addr ok"
}

start_node() {
  local n=$1 dir="$work/$1"
  mkdir -p "$dir"
  echo '{}' >"$dir/daemon.json"
  # Own network (nsenter), own PID, mount and UTS namespaces (unshare): the node's hostname, a
  # private /etc/docker (its own engine key), /proc of its PID namespace. docker-init reaps the
  # daemon's orphans as PID 1.
  setsid nsenter --net="/run/netns/$run-$n" \
    unshare --pid --fork --kill-child --mount-proc --uts --propagation private -- \
    bash -c 'hostname "$1" && mount -t tmpfs -o mode=755 tmpfs /etc/docker && shift && exec docker-init -s -- dockerd "$@"' \
    _ "lab-$n" \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/exec/dockerd.pid" \
    -H "unix://$dir/docker.sock" --config-file "$dir/daemon.json" \
    --insecure-registry "$registry_addr" --shutdown-timeout 5 \
    >"$dir/dockerd.log" 2>&1 < /dev/null &
  node_pid[$n]=$!
  disown "${node_pid[$n]}"
}

start_nodes() {
  local start n
  start=$(date +%s)
  for n in "${nodes[@]}"; do start_node "$n"; done
  for n in "${nodes[@]}"; do
    for _ in $(seq 120); do
      dk "$n" info >/dev/null 2>&1 && break
      kill -0 "${node_pid[$n]}" 2>/dev/null || die "the engine of lab-$n exited; see $work/$n/dockerd.log"
      sleep 0.5
    done
    dk "$n" info >/dev/null 2>&1 || die "the engine of lab-$n did not answer within 60 s"
  done
  say "engines: ${#nodes[@]} dockerd in namespaces of their own, each with its own data root, exec root, socket and address ok ($(elapsed "$start"))"
}

make_swarm() {
  local start n token
  start=$(date +%s)
  # The overlay networks' pool: clear of every address the namespaces use.
  dk n1 swarm init --advertise-addr "$(node_ip n1)" --listen-addr "$(node_ip n1):2377" \
    --default-addr-pool 10.218.0.0/16 >/dev/null
  token="$(dk n1 swarm join-token -q worker)"
  for n in "${nodes[@]:1}"; do
    dk "$n" swarm join --token "$token" --advertise-addr "$(node_ip "$n")" "$(node_ip n1):2377" >/dev/null
  done
  dk n1 node update --label-add lab.balancer=true lab-n1 >/dev/null
  dk n1 node update --label-add lab.generator=true "$generator_node" >/dev/null
  for n in "${worker_nodes[@]}"; do dk n1 node update --label-add lab.workers=true "$n" >/dev/null; done
  local ready
  ready="$(dk n1 node ls --format '{{.Hostname}} {{.Status}}' | awk '$2 == "Ready"' | wc -l)"
  [ "$ready" -eq "${#nodes[@]}" ] || die "only $ready of ${#nodes[@]} nodes are Ready: $(dk n1 node ls)"
  if [ -n "$one_node" ]; then
    say "swarm: lab-n1 alone, manager with lab.balancer, lab.generator and lab.workers, Ready ok ($(elapsed "$start"))"
  else
    say "swarm: lab-n1 manager (lab.balancer), lab-n2 (lab.generator), lab-n3 and lab-n4 (lab.workers), all Ready ok ($(elapsed "$start"))"
  fi
}

push_images() {
  local start server images=()
  start=$(date +%s)
  for server in balancer sync-worker async-worker gatling; do images+=("$image_prefix/$server:swarm"); done
  images+=("$postgres_image")
  interruptible "$work/load.log" bash -c "docker save ${images[*]} | docker -H unix://$work/n1/docker.sock load" \
    || { cat "$work/load.log" >&2; die "docker save | load into lab-n1 failed"; }
  for server in balancer sync-worker async-worker gatling; do
    dk n1 tag "$image_prefix/$server:swarm" "$repo/$server:$tag"
    interruptible "$work/push-$server.log" dk n1 push "$repo/$server:$tag" \
      || { cat "$work/push-$server.log" >&2; die "push of $server to the registry failed"; }
  done
  dk n1 tag "$postgres_image" "$repo/postgres:$tag"
  interruptible "$work/push-postgres.log" dk n1 push "$repo/postgres:$tag" \
    || { cat "$work/push-postgres.log" >&2; die "push of the postgres stand-in to the registry failed"; }
  say "images: saved from the default engine, loaded into lab-n1, pushed to $registry_addr ok ($(elapsed "$start"))"
}

# ---------------------------------------------------------------------------------------------
# The lab on the swarm

deploy() { # deploy [VAR=value ...]: docker stack deploy with the run's settings
  env LAB_IMAGE_REPO="$repo" LAB_IMAGE_TAG="$tag" LAB_PORT="$port" LAB_CONFIG_DIR="$work/config" \
    SYNC_WORKERS=4 ASYNC_WORKERS=2 VIRTUAL_WORKERS=2 LAB_POSTGRES_IMAGE="$repo/postgres:$tag" "$@" \
    docker -H "unix://$work/n1/docker.sock" stack deploy --resolve-image never \
    -c deploy/swarm/lab-stack.yml "$stack"
}

# GET on the balancer's admin port from inside its container (on lab-n1): the port is published
# nowhere, and this poll is too frequent for scripts/swarm-admin.sh's one-shot tasks.
admin_get() {
  local id
  id="$(dk n1 ps -q --filter "label=com.docker.swarm.service.name=${stack}_balancer" | head -n 1)"
  [ -n "$id" ] || return 1
  # shellcheck disable=SC2016
  dk n1 exec "$id" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8081 && printf "GET %s HTTP/1.0\r\n\r\n" "$1" >&3 && sed "1,/^\r$/d" <&3' _ "$1"
}

workers_ready() { # workers_ready TOPOLOGY SYNC ASYNC VIRTUAL
  admin_get /admin/workers | jq -e --arg t "$1" --argjson s "$2" --argjson a "$3" --argjson v "$4" '
    .topology == $t
    and ([.workers[] | select(.kind == "sync" and .state == "ready")] | length) == $s
    and ([.workers[] | select(.kind == "async" and .state == "ready")] | length) == $a
    and ([.workers[] | select(.kind == "virtual" and .state == "ready")] | length) == $v' >/dev/null
}

eventually() { # eventually SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$what: not within $limit s"
    sleep 0.5
  done
}

# The running tasks of the stack as "service node address" lines (address on the lab network).
task_placement() {
  local id name node address
  dk n1 stack ps --no-trunc --filter desired-state=running --format '{{.ID}} {{.Name}} {{.Node}}' "$stack" \
    | while read -r id name node; do
        address="$(dk n1 inspect --type task --format \
          '{{range .NetworksAttachments}}{{if eq .Network.Spec.Name "'"${stack}_lab"'"}}{{index .Addresses 0}}{{end}}{{end}}' "$id")"
        echo "${name%.*} $node ${address%/*}"
      done
}

deploy_lab() {
  local start
  start=$(date +%s)
  stack_up=1
  interruptible "$work/deploy.log" deploy || { cat "$work/deploy.log" >&2; die "docker stack deploy failed"; }
  eventually 240 "the registry lists 4 sync, 2 async and 2 virtual workers ready" workers_ready sync 4 2 2
  say "deploy: balancer, 4 sync, 2 async and 2 virtual workers up, all registered and ready ok ($(elapsed "$start"))"
}

check_placement() {
  task_placement >"$work/placement"
  sort "$work/placement" | sed 's/^/swarm-e2e:   /'
  awk -v s="${stack}_balancer" '$1 == s && $2 != "lab-n1" { bad = 1 } END { exit bad }' "$work/placement" \
    || die "the balancer does not run on lab-n1"
  local on_worker_nodes="${worker_nodes[*]}"
  awk -v ok=" $on_worker_nodes " '$1 ~ /worker$/ && index(ok, " " $2 " ") == 0 { bad = 1 } END { exit bad }' "$work/placement" \
    || die "a worker runs outside $on_worker_nodes"
  [ "$(awk '$1 ~ /worker$/ { print $2 }' "$work/placement" | sort -u | wc -l)" -eq "${#worker_nodes[@]}" ] \
    || die "the workers do not spread over $on_worker_nodes"
  # Every registered worker address is a task on a lab.workers node: they joined by service DNS.
  local address node
  for address in $(admin_get /admin/workers | jq -r '.workers[].address'); do
    node="$(awk -v a="${address%:*}" '$3 == a { print $2 }' "$work/placement")"
    [[ " $on_worker_nodes " == *" $node "* ]] || die "registered worker $address is no task on $on_worker_nodes"
  done
  say "placement: balancer on lab-n1, workers on ${on_worker_nodes// / and } only; the registry on lab-n1 lists each of them by its overlay address ok"
}

check_ports() {
  local headers
  headers="$(in_switch curl -sS --max-time 10 -D - -o /dev/null "http://$(node_ip n1):$port/work?io=5")"
  grep -q '^HTTP/1.1 200' <<<"$headers" && grep -qi '^X-Worker-Id: sync-' <<<"$headers" \
    || die "GET /work on lab-n1:$port was not a 200 from a sync worker: $headers"
  local n p
  for n in "${nodes[@]}"; do
    for p in 8081 5701; do
      ! in_switch bash -c "exec 3<>/dev/tcp/$(node_ip "$n")/$p" 2>/dev/null || die "port $p answers on lab-$n"
    done
  done
  say "ports: client port $port on lab-n1 serves (200 from a sync worker); 8081 and 5701 published on no node ok"
  local balancer health
  balancer="$(dk n1 ps -q --filter "label=com.docker.swarm.service.name=${stack}_balancer" | head -n 1)"
  health="$(dk n1 inspect -f '{{json .Config.Healthcheck}}' "$balancer")"
  jq -e '(.Test | length) > 1 and .StartPeriod == 180000000000' <<<"$health" >/dev/null \
    || die "the balancer's health check is not the image's with the stack's start period: $health"
  [ "$(dk n1 exec "$balancer" id -u)" != 0 ] || die "the balancer runs as root"
  say "the balancer keeps its image's health check (start period 180 s from the stack) and runs as a non-root user ok"
}

check_simulations() {
  local start sims="FiveClientsFourWorkers HundredRequests" state="" sim line status report node volume
  start=$(date +%s)
  interruptible "$work/deploy-gatling.log" deploy LAB_GATLING_REPLICAS=1 LAB_SIMULATIONS="$sims" \
    || { cat "$work/deploy-gatling.log" >&2; die "docker stack deploy with Gatling failed"; }
  for _ in $(seq 600); do
    state="$(dk n1 service ps --format '{{.CurrentState}}' "${stack}_gatling" | head -n 1)"
    case $state in Complete* | Failed* | Rejected*) break ;; esac
    sleep 0.5
  done
  node="$(dk n1 service ps --format '{{.Node}}' "${stack}_gatling" | head -n 1)"
  dk n1 service logs --raw "${stack}_gatling" >"$work/gatling.log" 2>&1 || true
  [[ $state == Complete* ]] || { grep -v '^\s*at ' "$work/gatling.log" | tail -40 >&2; die "the Gatling task ended '$state'"; }
  [ "$node" = "$generator_node" ] || die "Gatling ran on $node, not on $generator_node"
  volume="$(dk "${generator_node#lab-}" volume inspect -f '{{.Mountpoint}}' "${stack}_results")"
  for sim in $sims; do
    line="$(grep "^lab-result $sim " "$work/gatling.log" || true)"
    read -r _ _ status report <<<"$line"
    [ "${status:-}" = 0 ] || die "Gatling $sim across the nodes: ${line:-no result line}"
    [ -f "$volume/${report#/results/}/index.html" ] || die "Gatling $sim left no report in the volume ${stack}_results on $generator_node"
    grep "^lab: $sim " "$work/gatling.log" | sed 's/^/swarm-e2e:   /' || true
    say "Gatling $sim on $generator_node -> balancer on lab-n1 -> workers on ${worker_nodes[*]}: theory-derived assertions hold, report in volume ${stack}_results ok"
  done
  say "Gatling runs took $(elapsed "$start")"
}

topology_is() { admin_get /admin/topology | jq -e --arg t "$1" '.topology == $t'; }

served_by() { # served_by KIND: one GET through the balancer is a 200 from a worker of KIND
  local headers
  headers="$(in_switch curl -sS --max-time 10 -D - -o /dev/null "http://$(node_ip n1):$port/work?io=5")"
  grep -q '^HTTP/1.1 200' <<<"$headers" && grep -qi "^X-Worker-Id: $1-" <<<"$headers"
}

check_toggle() {
  local start out
  start=$(date +%s%N)
  out="$(DOCKER_HOST="unix://$work/n1/docker.sock" scripts/swarm-admin.sh -s "$stack" topology async 2>&1)" || die "scripts/swarm-admin.sh topology async: $out"
  eventually 10 "the balancer switched to async" topology_is async
  admin_get /admin/timeline | jq -e '[.switches[] | select(.from == "sync" and .to == "async")] | length == 1' >/dev/null \
    || die "/admin/timeline has no sync -> async switch"
  eventually 10 "GET /work served by an async worker" served_by async
  say "toggle: scripts/swarm-admin.sh topology async (a one-shot task on the overlay) -> active pool async in $(( ($(date +%s%N) - start) / 1000000 )) ms, timeline switch recorded ok"
  say "  $(tr '\n' ' ' <<<"$out")"
  out="$(DOCKER_HOST="unix://$work/n1/docker.sock" scripts/swarm-admin.sh -s "$stack" workers 2>/dev/null)" \
    || die "scripts/swarm-admin.sh workers failed: $out"
  jq -e '.topology == "async" and (.workers | length) == 8' <<<"$out" >/dev/null \
    || die "scripts/swarm-admin.sh workers: not the 8 workers and topology async: $out"
  say "scripts/swarm-admin.sh workers: GET /admin/workers from the manager lists the 8 workers, topology async ok"
  # The virtual pool: the sync worker's image with --virtual, in the stack as in docker-compose.yml.
  start=$(date +%s%N)
  out="$(DOCKER_HOST="unix://$work/n1/docker.sock" scripts/swarm-admin.sh -s "$stack" topology virtual 2>&1)" \
    || die "scripts/swarm-admin.sh topology virtual: $out"
  eventually 10 "the balancer switched to virtual" topology_is virtual
  eventually 10 "GET /work served by a virtual worker" served_by virtual
  say "toggle: scripts/swarm-admin.sh topology virtual -> active pool virtual in $(( ($(date +%s%N) - start) / 1000000 )) ms, GET /work a 200 from a virtual worker ok"
}

db_answer() { # db_answer: one GET /work?db=50 through the stack's client port is a 200 from the database
  local headers
  headers="$(in_switch curl -sS --max-time 20 -D - -o "$work/db-body.json" "http://$(node_ip n1):$port/work?db=50")"
  grep -q '^HTTP/1.1 200' <<<"$headers" && grep -qi '^X-Pool-Wait-Ms: [0-9]' <<<"$headers" \
    && jq -e '.db == 50' "$work/db-body.json"
}

postgres_healthy() {
  local id
  id="$(dk n1 ps -q --filter "label=com.docker.swarm.service.name=${stack}_postgres" | head -n 1)"
  [ -n "$id" ] && [ "$(dk n1 inspect -f '{{.State.Health.Status}}' "$id")" = healthy ]
}

check_database() {
  local start n
  start=$(date +%s)
  eventually 120 "the postgres task on lab-n1 healthy (pg_isready)" postgres_healthy
  for n in "${nodes[@]}"; do
    ! in_switch bash -c "exec 3<>/dev/tcp/$(node_ip "$n")/5432" 2>/dev/null || die "port 5432 answers on lab-$n"
  done
  dk n1 volume ls -q | grep -q "^${stack}_postgres-data$" || die "no ${stack}_postgres-data volume on lab-n1"
  eventually 60 "GET /work?db=50 through the stack answered from the database" db_answer
  say "database: postgres healthy on lab-n1 (volume ${stack}_postgres-data), 5432 published on no node; GET /work?db=50 through the stack a 200 with X-Pool-Wait-Ms ok ($(elapsed "$start"))"
}

load_loop() { # load_loop FILE UNTIL: GETs one after another until the epoch second UNTIL; "start_ms end_ms code" per line
  local until=$1 file=$2 s e code i
  for i in $(seq 2000); do
    [ "$(date +%s)" -lt "$until" ] || break
    s=$(date +%s%3N)
    code="$(in_switch curl -s -o /dev/null --max-time 15 -w '%{http_code}' "http://$(node_ip n1):$port/work?io=50" || true)"
    e=$(date +%s%3N)
    echo "$s $e ${code:-000}" >>"$file"
  done
}

node_down() { dk n1 node ls --format '{{.Hostname}} {{.Status}}' | grep -qx "$1 Down"; }
no_services() { [ -z "$(dk n1 service ls -q)" ]; }
no_containers() { [ -z "$(dk "$1" ps -aq)" ]; }
no_stack_networks() { ! dk n1 network ls --format '{{.Name}}' | grep -q "^${stack}_"; }

check_node_kill() {
  local start victims until kill_ms ejected_ms i loops=() total failed late
  start=$(date +%s)
  task_placement >"$work/placement"
  victims="$(awk '$1 ~ /worker$/ && $2 == "lab-n4" { print $3 ":9000" }' "$work/placement" | sort)"
  [ -n "$victims" ] || die "no worker runs on lab-n4"
  until=$(( $(date +%s) + 25 ))
  for i in 1 2 3 4; do
    load_loop "$until" "$work/load-$i" &
    loops+=($!)
  done
  sleep 2
  kill_ms=$(date +%s%3N)
  kill -9 "${node_pid[n4]}"
  unset "node_pid[n4]"
  ejected_ms=""
  for _ in $(seq 200); do
    if admin_get /admin/workers | jq -e --arg v "$victims" '
        ($v | split("\n")) as $gone
        | [.workers[] | select(.state == "ready" and (.address as $a | $gone | any(. == $a)))] | length == 0' >/dev/null 2>&1; then
      ejected_ms=$(date +%s%3N)
      break
    fi
    sleep 0.1
  done
  wait "${loops[@]}"
  [ -n "$ejected_ms" ] || die "the workers on lab-n4 ($victims) were not ejected within 20 s"
  cat "$work"/load-* >"$work/load"
  total=$(wc -l <"$work/load")
  failed=$(awk '$3 != 200' "$work/load" | wc -l)
  # Sent after the balancer stopped routing to lab-n4: every one must be served.
  late=$(awk -v t="$ejected_ms" '$1 >= t && $3 != 200' "$work/load" | wc -l)
  [ "$late" -eq 0 ] || die "$late GETs sent after the ejection failed: $(awk -v t="$ejected_ms" '$1 >= t && $3 != 200' "$work/load" | head -5 | tr '\n' ';')"
  [ "$(awk -v t="$ejected_ms" '$1 >= t' "$work/load" | wc -l)" -gt 20 ] || die "too few GETs after the ejection to tell"
  say "node kill: lab-n4's engine killed under load (its workers $(tr '\n' ' ' <<<"$victims" | sed 's/ $//')) -> all ejected after $(( ejected_ms - kill_ms )) ms ok"
  if [ "$failed" -eq 0 ]; then
    say "  $total GETs from 4 clients, none failed ok"
  else
    say "  $total GETs from 4 clients: $failed failed ($(awk '$3 != 200 { print $3 " after " $2 - $1 " ms" }' "$work/load" | sort | uniq -c | sed 's/^ *//' | paste -sd, - | sed 's/,/, /g')), all sent before the ejection; every GET sent after it was a 200 ok"
  fi
  # Swarm notices the dead node and starts the lost tasks on lab-n3, the other lab.workers node.
  eventually 60 "Swarm marks lab-n4 Down" node_down lab-n4
  eventually 120 "the registry lists 4 sync, 2 async and 2 virtual workers ready again" workers_ready virtual 4 2 2
  task_placement >"$work/placement"
  ! awk '$1 ~ /worker$/ && $2 != "lab-n3" { bad = 1 } END { exit !bad }' "$work/placement" \
    || die "after the kill a worker runs outside lab-n3: $(cat "$work/placement")"
  say "rescheduled: Swarm marked lab-n4 Down and started its workers on lab-n3; 4 sync + 2 async + 2 virtual ready again ok ($(elapsed "$start"))"
}

# One node: a worker task's container killed under load instead of a node; Swarm starts a new task.
check_task_kill() {
  local start victim address until kill_ms ejected_ms i loops=() total failed late
  start=$(date +%s)
  # A worker of the active pool (virtual, since check_toggle).
  victim="$(dk n1 ps -q --filter "label=com.docker.swarm.service.name=${stack}_virtual-worker" | head -n 1)"
  address="$(dk n1 inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$victim"):9000"
  until=$(( $(date +%s) + 15 ))
  for i in 1 2 3 4; do
    load_loop "$until" "$work/load-$i" &
    loops+=($!)
  done
  sleep 2
  kill_ms=$(date +%s%3N)
  dk n1 kill "$victim" >/dev/null
  ejected_ms=""
  for _ in $(seq 200); do
    if admin_get /admin/workers | jq -e --arg a "$address" \
        '[.workers[] | select(.address == $a and .state == "ready")] | length == 0' >/dev/null 2>&1; then
      ejected_ms=$(date +%s%3N)
      break
    fi
    sleep 0.1
  done
  wait "${loops[@]}"
  [ -n "$ejected_ms" ] || die "the killed worker $address was not ejected within 20 s"
  cat "$work"/load-* >"$work/load"
  total=$(wc -l <"$work/load")
  failed=$(awk '$3 != 200' "$work/load" | wc -l)
  [ "$failed" -eq 0 ] || die "$failed of $total GETs failed while a worker was killed: $(awk '$3 != 200' "$work/load" | head -5 | tr '\n' ';')"
  say "task kill: docker kill of virtual worker $address under load -> ejected after $(( ejected_ms - kill_ms )) ms; $total GETs, all 200 ok"
  eventually 120 "the registry lists 4 sync, 2 async and 2 virtual workers ready again" workers_ready virtual 4 2 2
  say "restarted: Swarm replaced the killed task; 4 sync + 2 async + 2 virtual ready again ok ($(elapsed "$start"))"
}

remove_stack() {
  local start n left
  start=$(date +%s)
  dk n1 stack rm "$stack" >/dev/null
  eventually 90 "the stack's services are gone" no_services
  for n in "${!node_pid[@]}"; do
    eventually 90 "lab-$n has no container left" no_containers "$n"
  done
  eventually 60 "the stack's networks are gone" no_stack_networks
  left="$(dk n1 config ls -q)"
  [ -z "$left" ] || die "configs left after docker stack rm: $left"
  stack_up=""
  say "stack rm: no service, container, network or config of the stack left on any live node ok ($(elapsed "$start"))"
}

# ./lab on the swarm from the switch's network (where the node addresses are), the engines of the
# live nodes named for the stats and chaos.
lab_on_swarm() {
  local engines="" n
  for n in "${!node_pid[@]}"; do engines+="${engines:+,}lab-$n=unix://$work/$n/docker.sock"; done
  nsenter --net="/run/netns/$run-sw" env DOCKER_HOST="unix://$work/n1/docker.sock" LAB_IMAGE_REPO="$repo" \
    LAB_IMAGE_TAG="$tag" LAB_SWARM_ENGINES="$engines" ./lab "$@"
}

swarm_leftovers() { # swarm_leftovers LABEL-VALUE: what a run left on the swarm (services, configs, networks)
  local f="label=dev.syncasync.lab=$1"
  { dk n1 service ls --filter "$f" --format 'service {{.Name}}'; dk n1 config ls --filter "$f" --format 'config {{.Name}}'
    dk n1 network ls --filter "$f" --format 'network {{.Name}}'; } | tr '\n' ' '
}

check_experiments() {
  local start out label rows
  start=$(date +%s)
  ./lab sweep --help >/dev/null   # builds the jars here, where Maven Central is reachable, when they are stale
  printf '%s\n' 'simulation: HundredRequests' 'parameters: [users=20, io=100, warmup=20]' 'timeout-s: 300' \
    'sync:' '  workers: [2]' 'async:' '  workers: [1]' >"$work/sweep.yml"
  out="$work/sweep-results"
  interruptible "$work/sweep.log" lab_on_swarm sweep --engine swarm "$work/sweep.yml" --results "$out" \
    || { cat "$work/sweep.log" >&2; die "./lab sweep --engine swarm failed"; }
  grep '^lab: point ' "$work/sweep.log" | sed 's/^/swarm-e2e:   /'
  rows="$(tail -n +2 "$out/sweep.csv" | wc -l)"
  [ "$rows" -eq 2 ] || die "sweep.csv has $rows rows, not 2"
  # Requests, throughput, worker memory (sampled on the workers' own engines), and where: columns 7, 9, 21, 25-27.
  awk -F, -v w=" ${worker_nodes[*]} " -v g="$generator_node" '
      NR > 1 && !($7 > 0 && $9 > 0 && $21 > 10 && $25 == "lab-n1" && $27 == g) { bad = 1; print "bad row: " $0 }
      NR > 1 { n = split($26, parts, " "); for (i = 1; i <= n; i++) { split(parts[i], kv, ":"); if (index(w, " " kv[1] " ") == 0) { bad = 1; print "worker outside" w ": " $0 } } }
      END { exit bad }' "$out/sweep.csv" >&2 || die "sweep.csv: a point without readings, or a part on the wrong node"
  label="$(sed -n 's/^lab: run label dev\.syncasync\.lab=//p' "$work/sweep.log" | head -1)"
  local left
  left="$(swarm_leftovers "$label")"
  [ -z "$left" ] || die "the sweep left objects labelled $label: $left"
  say "./lab sweep --engine swarm: 2 points, balancer on lab-n1, workers on ${worker_nodes[*]}, Gatling on $generator_node, stats from each node's engine; nothing labelled left ok ($(elapsed "$start"))"
  start=$(date +%s)
  interruptible "$work/chaos.log" lab_on_swarm chaos --engine swarm --kill --results "$work/chaos" \
    || { cat "$work/chaos.log" >&2; die "./lab chaos --engine swarm --kill failed"; }
  grep -E '^lab: (lab up|the balancer stopped)' "$work/chaos.log" | sed 's/^/swarm-e2e:   /'
  jq -e '.ejectedMs >= 0 and .requests > 0' "$work/chaos/chaos.json" >/dev/null \
    || die "chaos.json does not report the ejection: $(cat "$work/chaos/chaos.json")"
  say "./lab chaos --engine swarm --kill: a worker task killed on its node's engine, ejected after $(jq .ejectedMs "$work/chaos/chaos.json") ms, $(jq .failed "$work/chaos/chaos.json") of $(jq .requests "$work/chaos/chaos.json") requests failed ok ($(elapsed "$start"))"
}

stop_everything() {
  local start left
  start=$(date +%s)
  stop_nodes
  kill "$registry_pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$registry_pid" 2>/dev/null || break; sleep 0.1; done
  registry_pid=""
  remove_namespaces
  [ -z "$(ip netns list | grep "^$run-" || true)" ] || die "network namespaces left: $(ip netns list | grep "^$run-")"
  left="$(ps -eo args | grep -F "$work/" | grep -v grep || true)"
  [ -z "$left" ] || die "processes of the run left: $left"
  ! grep -qF "$work/" /proc/mounts || die "mounts of the run left: $(grep -F "$work/" /proc/mounts | head -3)"
  say "engines, registry and namespaces removed: no process, mount or namespace of the run left ok ($(elapsed "$start"))"
}

main() {
  ensure_tools
  work="$(mktemp -d /tmp/swarm-e2e.XXXXXX)"
  chmod 755 "$work"
  ensure_registry_binary
  ensure_default_engine
  build_images
  make_network
  start_registry
  start_nodes
  make_swarm
  push_images
  cp -a config "$work/config"
  port=$(( 20000 + RANDOM % 20000 ))   # inside lab-n1's own network namespace: nothing else binds there
  unset LAB_ADMIN_TOKEN LAB_GATLING_REPLICAS LAB_SIMULATIONS LAB_TOPOLOGY_CONFIG
  deploy_lab
  check_placement
  check_ports
  check_database
  check_simulations
  check_toggle
  if [ -n "$one_node" ]; then check_task_kill; else check_node_kill; fi
  remove_stack
  if [ -n "$with_experiments" ]; then check_experiments; fi
  stop_everything
}

main "$@"
