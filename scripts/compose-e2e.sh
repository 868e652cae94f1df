#!/usr/bin/env bash
# End-to-end test of the lab as containers with Docker Compose v2 (`docker compose`, what users
# type): docker-compose.yml, the four Dockerfiles, the registry, the database (db=<ms>, and a stop
# and start of the postgres service), live topology toggles among the three pools, a killed
# worker, Gatling, `docker compose watch`. Offline: no image registry needed.
#
#   scripts/compose-e2e.sh
#
# 1. A Docker engine: the one that answers, or dockerd started here (docker.io and debootstrap
#    installed from the machine's Debian sources when missing, the Compose v2 plugin by
#    scripts/install-compose-v2.sh: needs root).
# 2. Local stand-ins for the Temurin base images, cached by tag: a Debian bookworm rootfs
#    (debootstrap, mirror from /etc/apt) plus the local JDK for the build stage, plus a jlink'd
#    JRE for the runtime stage, each through `docker import`; and one for the official postgres
#    image (the compose file's database): Debian's postgresql-15 with an entrypoint of its own.
# 3. The project's Dockerfiles, built by docker-compose.yml with only the base images overridden
#    (the images get the names ./lab sweep uses, sync-async-lab/<server>:<tag>, here the tag e2e), then `up -d` under a
#    project name of its own (never a user's lab), from a copy of the working tree (the watch check
#    edits a source there) with the config directory replaced by a temporary copy that the test edits.
# 4. Checks, each printed as "e2e: ... ok"; the first failure exits non-zero. Everything the
#    run created (containers, networks, volumes, the engine it started) goes away on success,
#    failure, Ctrl-C and SIGTERM. Load goes only to the project's containers, bounded.
#
# Environment: E2E_KEEP_ENGINE=1 leaves a dockerd started here running (the next run is
# faster); E2E_DOCKERD_LOG (default /tmp/compose-e2e-dockerd.log).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

project="sync-async-lab-e2e-$$"
# docker-compose.yml names the images sync-async-lab/<server>:${LAB_IMAGE_TAG:-dev}, the names ./lab
# sweep and ./lab chaos use. This run builds them under a tag of its own (the watch check changes a
# source), so the :dev images a user builds stay as they are.
image_tag="${E2E_IMAGE_TAG:-e2e}"
export LAB_IMAGE_TAG="$image_tag"
dockerd_log="${E2E_DOCKERD_LOG:-/tmp/compose-e2e-dockerd.log}"
sync_workers=4
async_workers=2
virtual_workers=2

work=""
started_dockerd=""
compose_up=""
t0=$(date +%s)

say() { echo "e2e: $*"; }
# interruptible LOG COMMAND...: runs COMMAND in the background with its output in LOG and waits
# for it, so INT and TERM act at once instead of after a long step (bash runs traps only between
# foreground commands). The redirection stays on COMMAND: the cleanup's messages go to the terminal.
interruptible() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  wait "$!"
}
die() { echo "e2e: FAILED: $*" >&2; exit 1; }
# stop_job PID: stops a background job and what it started. A job that runs a shell function (such as
# `compose ... &`) is a subshell whose command is its child: killing the subshell alone left
# `docker compose watch` running after the checks.
stop_job() {
  pkill -TERM -P "$1" 2>/dev/null || true
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid
  # This shell's own background jobs that still run (load loops, a compose client) stop first;
  # the engine stops last.
  for pid in $(jobs -p); do
    [ "$pid" = "$started_dockerd" ] || stop_job "$pid"
  done
  if [ -n "$compose_up" ]; then
    if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ]; then  # a failed check, not INT or TERM
      echo "e2e: --- state at the failure ---" >&2
      compose ps >&2 || true
      compose logs --no-color --tail 40 >&2 || true
    fi
    compose --profile gatling down -v --remove-orphans --timeout 40 >/dev/null 2>&1 || true
  fi
  [ -n "$work" ] && rm -rf "$work"
  if [ -n "$started_dockerd" ] && [ "${E2E_KEEP_ENGINE:-0}" != 1 ]; then
    kill "$started_dockerd" 2>/dev/null || true
    local i
    for i in $(seq 60); do kill -0 "$started_dockerd" 2>/dev/null || break; sleep 0.5; done
  fi
  if [ "$rc" -eq 0 ]; then
    say "all checks passed in $(elapsed "$t0")"
  else
    echo "e2e: FAILED (exit $rc) after $(elapsed "$t0")" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# The engine and the tools

apt_install() {
  [ "$(id -u)" -eq 0 ] || die "missing $*; install them (apt-get install $*) or run this as root"
  say "installing $* from the Debian sources"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_tools() {
  local missing=()
  command -v dockerd >/dev/null || command -v docker >/dev/null || missing+=(docker.io)
  command -v jq >/dev/null || missing+=(jq)
  command -v curl >/dev/null || missing+=(curl)
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
  if ! docker compose version >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || die "no Compose v2 plugin (docker compose); install it, or run this as root"
    say "installing the Compose v2 plugin (scripts/install-compose-v2.sh)"
    install_compose_v2 || die "the Compose v2 plugin could not be installed"
  fi
}

ensure_engine() {
  if ! docker info >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || die "no Docker engine answers, and starting one (dockerd) needs root"
    command -v dockerd >/dev/null || apt_install docker.io
    say "starting dockerd in the background (log: $dockerd_log)"
    # Its own session: a Ctrl-C on this script must not stop the engine before the cleanup ran.
    setsid dockerd >"$dockerd_log" 2>&1 < /dev/null &
    started_dockerd=$!
    local i
    for i in $(seq 60); do
      docker info >/dev/null 2>&1 && break
      kill -0 "$started_dockerd" 2>/dev/null || die "dockerd exited; see $dockerd_log"
      sleep 1
    done
    docker info >/dev/null 2>&1 || die "dockerd did not answer within 60 s; see $dockerd_log"
  fi
  # The client negotiates down to the engine's API (a docker 28 CLI against a 20.10 engine talks
  # 1.41); pin the result so every client of this run (CLI, compose) uses the same version.
  DOCKER_API_VERSION="$(docker version --format '{{.Client.APIVersion}}')"
  export DOCKER_API_VERSION
  compose_cmd=(docker compose)
  local version
  version="$(docker compose version --short)"
  [[ "$version" == 2.* ]] || die "docker compose is $version, not Compose v2"
  say "engine $(docker version --format '{{.Server.Version}}') (API $DOCKER_API_VERSION), docker compose $version ok"
}

compose() {
  "${compose_cmd[@]}" -p "$project" --project-directory "$work/repo" -f "$work/repo/docker-compose.yml" \
    -f "$work/override.yml" "$@"
}

# ---------------------------------------------------------------------------------------------
# Local base images (cached): scripts/base-images.sh, shared with scripts/experiments-e2e.sh

# shellcheck source=scripts/base-images.sh
. "$root/scripts/base-images.sh"
# shellcheck source=scripts/install-compose-v2.sh
. "$root/scripts/install-compose-v2.sh"

# ---------------------------------------------------------------------------------------------
# Helpers for the checks

free_port() { # a port nobody listens on at 127.0.0.1
  local port
  while :; do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

admin() { curl -fsS --max-time 5 "http://127.0.0.1:$admin_port$1"; }

eventually() { # eventually SECONDS DESCRIPTION COMMAND...: retries COMMAND every 0.2 s
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$what: not within $limit s"
    sleep 0.2
  done
}

all_healthy() {
  local ids id status n=0
  ids="$(compose ps -q)"
  for id in $ids; do
    status="$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")"
    [ "$status" = healthy ] || return 1
    n=$((n + 1))
  done
  # The balancer, the database and every worker.
  [ "$n" -eq $((2 + sync_workers + async_workers + virtual_workers)) ]
}

workers_ready() { # workers_ready TOPOLOGY: the registry lists every worker ready
  admin /admin/workers | jq -e --arg t "$1" --argjson s "$sync_workers" --argjson a "$async_workers" \
    --argjson v "$virtual_workers" '
    .topology == $t
    and ([.workers[] | select(.kind == "sync" and .state == "ready")] | length) == $s
    and ([.workers[] | select(.kind == "async" and .state == "ready")] | length) == $a
    and ([.workers[] | select(.kind == "virtual" and .state == "ready")] | length) == $v'
}

served_by() { # served_by KIND: one GET through the balancer is a 200 from a worker of KIND
  local headers
  headers="$(curl -sS --max-time 10 -D - -o /dev/null "http://127.0.0.1:$port/work?io=5")"
  grep -q '^HTTP/1.1 200' <<<"$headers" && grep -qi "^X-Worker-Id: $1-" <<<"$headers"
}

# ---------------------------------------------------------------------------------------------
# The run

check_dockerfiles() {
  local marker='^# ---- module-specific from here ----$' first="" f prefix
  for f in balancer/Dockerfile sync-worker/Dockerfile async-worker/Dockerfile gatling/Dockerfile; do
    [ -f "$f" ] || die "$f is missing"
    grep -q "$marker" "$f" || die "$f has no module-specific marker line"
    prefix="$(sed "/$marker/q" "$f")"
    if [ -z "$first" ]; then first="$prefix"; elif [ "$prefix" != "$first" ]; then
      die "$f differs from balancer/Dockerfile above the module-specific line: Docker would run the Maven build twice"
    fi
  done
  say "the four Dockerfiles share their build stage byte for byte ok"
}

have_gatling() { [ -f gatling/pom.xml ] && grep -q '<module>gatling</module>' pom.xml; }

write_override() {
  local service
  {
    echo "# Written by scripts/compose-e2e.sh: local base images, nothing else."
    echo "services:"
    for service in balancer sync-worker async-worker virtual-worker gatling; do
      echo "  $service:"
      echo "    build:"
      echo "      args:"
      echo "        JDK_IMAGE: $jdk_image"
      echo "        JRE_IMAGE: $jre_image"
    done
  } >"$work/override.yml"
}

copy_tree() { # the working tree as git sees it (tracked and new files, not ignored ones), to edit safely
  mkdir -p "$work/repo"
  git -C "$root" ls-files -z --cached --others --exclude-standard \
    | tar -C "$root" --null --no-recursion --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$work/repo" -xf -
  [ -f "$work/repo/docker-compose.yml" ] || die "could not copy the working tree to $work/repo"
}

build_images() {
  local start services=(balancer sync-worker async-worker)
  start=$(date +%s)
  have_gatling && services+=(gatling)
  # Compose v2 builds the services in parallel; identical build stages run once (BuildKit merges
  # them, the classic builder finds the first one's layers in its cache).
  local old_ids id service
  old_ids="$(docker images -q --filter "reference=sync-async-lab/*:$image_tag")"
  interruptible "$work/build.log" compose --profile gatling build "${services[@]}" \
    || { tail -40 "$work/build.log" >&2; die "docker compose build failed"; }
  for service in "${services[@]}"; do
    docker image inspect "sync-async-lab/$service:$image_tag" >/dev/null 2>&1 \
      || die "docker compose build left no sync-async-lab/$service:$image_tag (the name ./lab sweep uses)"
  done
  # This run's images replaced the previous run's: remove those that no tag holds any more.
  for id in $old_ids; do
    if [ -z "$(docker image inspect -f '{{join .RepoTags ""}}' "$id" 2>/dev/null)" ]; then
      docker rmi "$id" >/dev/null 2>&1 || true
    fi
  done
  # The shared build stage runs Maven once; the other images take it from the cache. The
  # classic builder says which steps ran: check it. BuildKit merges the identical stages of
  # parallel builds by itself.
  if grep -q '^Step [0-9]*/[0-9]* : ' "$work/build.log"; then
    local maven_runs
    maven_runs="$(awk '/^Step [0-9]+\/[0-9]+ : RUN \.\/mvnw / { getline; if ($0 ~ /Running in/) n++ } END { print n + 0 }' \
      "$work/build.log")"
    [ "$maven_runs" -le 2 ] || die "the Maven steps ran $maven_runs times: the build stages are not shared"
    say "images sync-async-lab/{$(IFS=,; echo "${services[*]}")}:$image_tag built from the project's Dockerfiles, Maven steps run: $maven_runs (2 = dependencies and sources, 1 = sources, 0 = cached) ok ($(elapsed "$start"))"
  else
    say "images sync-async-lab/{$(IFS=,; echo "${services[*]}")}:$image_tag built from the project's Dockerfiles ok ($(elapsed "$start"))"
  fi
}

start_lab() {
  local start
  start=$(date +%s)
  compose_up=1
  interruptible "$work/up.log" compose up -d || { cat "$work/up.log" >&2; die "docker compose up failed"; }
  eventually 180 "every container healthy" all_healthy
  say "up: balancer, $sync_workers sync, $async_workers async and $virtual_workers virtual workers healthy ok ($(elapsed "$start"))"
}

check_container_setup() {
  local balancer ports mounts
  balancer="$(compose ps -q balancer)"
  ports="$(docker port "$balancer")"
  grep -q "^8080/tcp -> 0.0.0.0:$port$" <<<"$ports" || die "client port 8080 not published on $port: $ports"
  grep -q "^8081/tcp -> 127.0.0.1:$admin_port$" <<<"$ports" || die "admin port not on 127.0.0.1 only: $ports"
  [ "$(grep -c '^8081/tcp' <<<"$ports")" -eq 1 ] || die "admin port published more than once: $ports"
  ! grep -q '^5701' <<<"$ports" || die "Hazelcast port 5701 is published: $ports"
  say "ports: 8080 published, 8081 on 127.0.0.1 only, 5701 not published ok"
  mounts="$(docker inspect -f '{{range .Mounts}}{{.Source}} {{.Destination}} {{.RW}}{{"\n"}}{{end}}' "$balancer")"
  grep -q "^$work/config /config false$" <<<"$mounts" || die "config not mounted read-only as a directory: $mounts"
  [ "$(docker exec "$balancer" id -u)" != 0 ] || die "the balancer runs as root"
  [ "$(docker exec "$(compose ps -q sync-worker | sed -n 1p)" id -u)" != 0 ] || die "a sync worker runs as root"
  [ "$(docker exec "$(compose ps -q virtual-worker | sed -n 1p)" id -u)" != 0 ] || die "a virtual worker runs as root"
  say "config directory mounted read-only, servers run as a non-root user ok"
}

check_registry() {
  eventually 60 "the registry lists $sync_workers sync, $async_workers async and $virtual_workers virtual workers ready" \
    workers_ready sync
  say "registry: $sync_workers sync + $async_workers async + $virtual_workers virtual workers ready, topology sync ok"
  admin /admin/workers | jq -e '[.workers[].address | startswith("127.")] | any | not' >/dev/null \
    || die "a worker registered a loopback address"
  eventually 10 "GET /work through the balancer served by a sync worker" served_by sync
  say "GET /work on the published port: 200 from a sync worker ok"
}

check_simulations() {
  if ! have_gatling; then
    say "SKIPPED Gatling FiveClientsFourWorkers and HundredRequests: the gatling module is not on this branch yet"
    return
  fi
  local start sims=(FiveClientsFourWorkers HundredRequests) sim line status report rc=0
  start=$(date +%s)
  # One container, one JVM for both: the second runs on a warm JIT. RunSimulation prints
  # "lab-result NAME STATUS REPORT" per simulation; STATUS 0 = its theory-derived assertions held.
  interruptible "$work/gatling.log" compose run --rm -T gatling "${sims[@]}" || rc=$?
  for sim in "${sims[@]}"; do
    line="$(grep "^lab-result $sim " "$work/gatling.log" || true)"
    read -r _ _ status report <<<"$line"
    if [ "${status:-}" != 0 ]; then
      grep -v '^\s*at ' "$work/gatling.log" | tail -60 >&2
      die "Gatling $sim against the containers: ${line:-no result line} (exit $rc)"
    fi
    # The report path is the container's (/results/...); the host sees it in the results copy.
    [ -f "$work/results/${report#/results/}/index.html" ] || die "Gatling $sim left no report at $report"
    say "Gatling $sim against the containers: theory-derived assertions hold, report $(basename "$report") ok"
  done
  [ "$rc" -eq 0 ] || die "the gatling container exited $rc although every simulation passed"
  say "Gatling runs took $(elapsed "$start")"
}

check_toggle() {
  local start ms
  start=$(date +%s%N)
  sed -i 's/^topology: sync$/topology: async/' "$work/config/topology.yml"
  grep -q '^topology: async$' "$work/config/topology.yml" || die "could not edit the config copy"
  eventually 10 "the balancer follows the edited topology.yml" \
    bash -c "curl -fsS http://127.0.0.1:$admin_port/admin/workers | jq -e '.topology == \"async\"'"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  admin /admin/timeline | jq -e '[.switches[] | select(.from == "sync" and .to == "async")] | length == 1' \
    >/dev/null || die "/admin/timeline has no sync -> async switch"
  eventually 10 "GET /work served by an async worker" served_by async
  say "toggle: sed on the mounted topology.yml -> active pool async in $ms ms, timeline switch recorded ok"
}

check_virtual() {
  local start ms times last
  # The third pool (the sync worker's image with --virtual), through the admin API this time (the
  # sync -> async toggle above used the file).
  start=$(date +%s%N)
  curl -fsS --max-time 5 -X POST -H "Authorization: Bearer $admin_token" \
    "http://127.0.0.1:$admin_port/admin/topology?topology=virtual" >/dev/null || die "POST /admin/topology?topology=virtual failed"
  eventually 10 "the balancer routes to the virtual pool" \
    bash -c "curl -fsS http://127.0.0.1:$admin_port/admin/workers | jq -e '.topology == \"virtual\"'"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  admin /admin/timeline | jq -e '[.switches[] | select(.from == "async" and .to == "virtual")] | length == 1' \
    >/dev/null || die "/admin/timeline has no async -> virtual switch"
  eventually 10 "GET /work served by a virtual worker" served_by virtual
  # 50 requests of io=1000 at once on blocking code: one wave (about 1 s), not 50 / slots waves.
  times="$(seq 50 | xargs -P50 -I{} curl -s -o /dev/null --max-time 15 -w '%{http_code} %{time_total}\n' \
    "http://127.0.0.1:$port/work?io=1000" | sort -k2 -n)"
  [ "$(grep -c '^200 ' <<<"$times")" -eq 50 ] || die "not every request of the virtual burst was a 200: $times"
  last="$(tail -n1 <<<"$times" | cut -d' ' -f2)"
  awk -v t="$last" 'BEGIN { exit !(t < 1.9) }' || die "50 x io=1000 on the virtual pool took $last s: more than one wave"
  say "virtual: POST /admin/topology -> active pool virtual in $ms ms, 50 x io=1000 at once answered in one wave (last $last s) ok"
}

db_answer() { # db_answer STATUS: one GET /work?db=50 through the balancer answers STATUS
  local headers
  headers="$(curl -sS --max-time 20 -D - -o "$work/db-body.json" "http://127.0.0.1:$port/work?db=50")"
  grep -q "^HTTP/1.1 $1" <<<"$headers" || return 1
  [ "$1" != 200 ] || { grep -qi '^X-Pool-Wait-Ms: [0-9]' <<<"$headers" && jq -e '.db == 50' "$work/db-body.json"; }
}

check_database() {
  local db volumes
  db="$(compose ps -q postgres)"
  [ -n "$db" ] || die "no postgres container"
  [ -z "$(docker port "$db")" ] || die "the database publishes a port: $(docker port "$db")"
  volumes="$(docker volume ls -q --filter "label=com.docker.compose.project=$project")"
  grep -q "postgres-data$" <<<"$volumes" || die "no postgres-data volume: $volumes"
  eventually 30 "GET /work?db=50 answered from the database" db_answer 200
  say "database: postgres healthy on the internal network only (no published port), volume postgres-data, GET /work?db=50 a 200 with X-Pool-Wait-Ms ok"
  compose stop postgres >/dev/null 2>&1 || die "docker compose stop postgres failed"
  eventually 30 "a 503 naming the database while it is stopped" db_answer 503
  jq -e '.database | startswith("postgresql://postgres@postgres:5432/")' "$work/db-body.json" >/dev/null \
    || die "the 503 does not name the database: $(cat "$work/db-body.json")"
  served_by sync || die "io requests failed while the database was stopped"
  compose start postgres >/dev/null 2>&1 || die "docker compose start postgres failed"
  eventually 60 "db requests served again once the database is back" db_answer 200
  say "database stopped: db requests a 503 naming it, io still served, back to 200 once it returned ok"
}

load_loop() { # load_loop FILE N: N GETs one after the other, status codes to FILE
  local i
  for i in $(seq "$2"); do
    curl -s -o /dev/null --max-time 15 -w '%{http_code}\n' "http://127.0.0.1:$port/work?io=20" >>"$1" || echo "curl-$?" >>"$1"
  done
}

check_kill() {
  local victim address ok codes failed i loops=()
  victim="$(compose ps -q async-worker | sed -n 1p)"
  address="$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$victim"):9000"
  admin /admin/workers | jq -e --arg a "$address" '.workers[] | select(.address == $a and .state == "ready")' \
    >/dev/null || die "the worker to kill ($address) is not listed ready"
  for i in 1 2 3 4; do
    load_loop "$work/codes-$i" 60 &
    loops+=($!)
  done
  sleep 1
  docker kill "$victim" >/dev/null
  ok=""
  for i in $(seq 50); do
    if admin /admin/workers | jq -e --arg a "$address" \
      '[.workers[] | select(.address == $a and .state != "ejected")] | length == 0' >/dev/null; then
      ok=1
      break
    fi
    sleep 0.2
  done
  wait "${loops[@]}"
  [ -n "$ok" ] || die "the killed worker $address was not ejected within 10 s"
  codes="$(cat "$work"/codes-*)"
  failed="$(grep -vc '^200$' <<<"$codes" || true)"
  [ "$failed" -eq 0 ] || die "$failed of $(wc -l <<<"$codes") GETs failed while a worker was killed: $(sort <<<"$codes" | uniq -c | tr '\n' ' ')"
  say "kill: docker kill of async worker $address under load -> ejected, $(wc -l <<<"$codes") GETs all 200 ok"
}

sync_workers_healthy() { # every sync-worker container runs IMAGE_ID and is healthy, and there are all of them
  local ids id n=0
  ids="$(compose ps -q sync-worker)"
  for id in $ids; do
    [ "$(docker inspect -f '{{.Image}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id")" = "$1 healthy" ] \
      || return 1
    n=$((n + 1))
  done
  [ "$n" -eq "$sync_workers" ]
}

check_watch() {
  local start before after probe watcher
  start=$(date +%s)
  before="$(docker image inspect -f '{{.Id}}' "sync-async-lab/sync-worker:$image_tag")"
  # `docker compose watch` as a developer runs it, on the running lab (--no-up: it is up already).
  compose watch --no-up sync-worker >"$work/watch.log" 2>&1 &
  watcher=$!
  eventually 30 "docker compose watch watches sync-worker" grep -qi 'watch' "$work/watch.log"
  kill -0 "$watcher" 2>/dev/null || { cat "$work/watch.log" >&2; die "docker compose watch exited"; }
  # A source change in the copy: a new resource in the sync worker's jar.
  probe="$work/repo/sync-worker/src/main/resources/compose-watch-probe.txt"
  mkdir -p "$(dirname "$probe")"
  echo "written by scripts/compose-e2e.sh at $(date +%s%N)" >"$probe"
  eventually 300 "a new sync-worker image after the source change" \
    bash -c "[ \"\$(docker image inspect -f '{{.Id}}' sync-async-lab/sync-worker:$image_tag)\" != '$before' ]"
  after="$(docker image inspect -f '{{.Id}}' "sync-async-lab/sync-worker:$image_tag")"
  eventually 180 "every sync worker recreated from the new image and healthy" sync_workers_healthy "$after"
  eventually 60 "the registry lists $sync_workers sync workers ready again" bash -c \
    "curl -fsS http://127.0.0.1:$admin_port/admin/workers | jq -e --argjson s $sync_workers \
      '[.workers[] | select(.kind == \"sync\" and .state == \"ready\")] | length == \$s'"
  stop_job "$watcher"
  say "watch: a source change under sync-worker/src -> image rebuilt, $sync_workers sync workers recreated, healthy and ready ok ($(elapsed "$start"))"
}

teardown() {
  local start left
  start=$(date +%s)
  compose --profile gatling down -v --remove-orphans --timeout 40 >"$work/down.log" 2>&1 \
    || { cat "$work/down.log" >&2; die "docker compose down failed"; }
  compose_up=""
  left="$(docker ps -aq --filter "label=com.docker.compose.project=$project")"
  [ -z "$left" ] || die "containers left after down: $left"
  left="$(docker network ls -q --filter "label=com.docker.compose.project=$project")"
  [ -z "$left" ] || die "networks left after down: $left"
  left="$(docker volume ls -q --filter "label=com.docker.compose.project=$project")"
  [ -z "$left" ] || die "volumes left after down: $left"
  say "down: no container, network or volume of project $project left ok ($(elapsed "$start"))"
}

main() {
  check_dockerfiles
  ensure_tools
  ensure_engine
  work="$(mktemp -d /tmp/compose-e2e.XXXXXX)"
  copy_tree
  base_images
  postgres_image
  export LAB_POSTGRES_IMAGE="$postgres_image"
  write_override
  build_images
  cp -a "$work/repo/config" "$work/config"
  mkdir -p "$work/results"
  # The gatling service runs as LAB_UID:LAB_GID (default 1000:1000), like a user who owns ./results.
  chown 1000:1000 "$work/results" 2>/dev/null || chmod 777 "$work/results"
  port="$(free_port)"
  admin_port="$(free_port)"
  export LAB_CONFIG_DIR="$work/config" LAB_RESULTS_DIR="$work/results" LAB_PORT="$port" \
    LAB_ADMIN_PORT="$admin_port" SYNC_WORKERS="$sync_workers" ASYNC_WORKERS="$async_workers" \
    VIRTUAL_WORKERS="$virtual_workers"
  unset LAB_UID LAB_GID
  # A token of this run's own, for the admin API toggle to the virtual pool.
  admin_token="e2e-$$-$RANDOM"
  export LAB_ADMIN_TOKEN="$admin_token"
  start_lab
  check_container_setup
  check_registry
  check_database
  check_simulations
  check_toggle
  check_kill
  check_virtual
  check_watch
  teardown
}

main "$@"
