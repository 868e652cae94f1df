#!/usr/bin/env bash
# End-to-end test of ./lab sweep and ./lab chaos: the lab as containers driven through the
# Docker API (the experiments module), on an engine started here when none answers, with the
# local base images of scripts/base-images.sh (no image registry needed).
#
#   scripts/experiments-e2e.sh
#
# 1. An engine: the one that answers, or dockerd started here (needs root; docker.io installed
#    from the Debian sources when missing). Where none can be started, the run is SKIPPED with
#    the reason and exits 0.
# 2. The base images (cached) and the project's images, built by ./lab through the build API.
# 3. ./lab sweep config/sweeps/small.yml: sweep.csv has a row per point with real readings.
# 4. ./lab chaos --kill: the killed worker is reported ejected, failures counted.
# 5. The run's label finds no container, network or volume left, also after a SIGTERM in the
#    middle of a run; the JUnit tests that need an engine (ContainerExperimentsTest) run here,
#    where the engine is up.
#
# Environment: E2E_KEEP_ENGINE=1 leaves a dockerd started here running;
# E2E_DOCKERD_LOG (default /tmp/experiments-e2e-dockerd.log).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dockerd_log="${E2E_DOCKERD_LOG:-/tmp/experiments-e2e-dockerd.log}"
work=""
started_dockerd=""
t0=$(date +%s)

say() { echo "experiments-e2e: $*"; }
die() { echo "experiments-e2e: FAILED: $*" >&2; exit 1; }
skip() { echo "experiments-e2e: SKIPPED: $*"; exit 0; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }
interruptible() { local log=$1; shift; "$@" >"$log" 2>&1 & wait "$!"; }
apt_install() {
  [ "$(id -u)" -eq 0 ] || die "missing $*; install them (apt-get install $*) or run this as root"
  say "installing $* from the Debian sources"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in $(jobs -p); do
    [ "$pid" = "$started_dockerd" ] || kill "$pid" 2>/dev/null || true
  done
  [ -n "$work" ] && rm -rf "$work"
  if [ -n "$started_dockerd" ] && [ "${E2E_KEEP_ENGINE:-0}" != 1 ]; then
    kill "$started_dockerd" 2>/dev/null || true
    local i
    for i in $(seq 60); do kill -0 "$started_dockerd" 2>/dev/null || break; sleep 0.5; done
  fi
  if [ "$rc" -eq 0 ]; then say "done in $(elapsed "$t0")"; else echo "experiments-e2e: FAILED (exit $rc) after $(elapsed "$t0")" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_engine() {
  docker info >/dev/null 2>&1 && return
  [ "$(id -u)" -eq 0 ] || skip "no Docker engine answers, and starting one (dockerd) needs root"
  command -v dockerd >/dev/null || apt_install docker.io || skip "docker.io could not be installed"
  say "starting dockerd in the background (log: $dockerd_log)"
  setsid dockerd >"$dockerd_log" 2>&1 < /dev/null &
  started_dockerd=$!
  local i
  for i in $(seq 60); do
    docker info >/dev/null 2>&1 && return
    kill -0 "$started_dockerd" 2>/dev/null || skip "dockerd exited; see $dockerd_log"
    sleep 1
  done
  skip "dockerd did not answer within 60 s; see $dockerd_log"
}

leftovers() { # leftovers LABEL-VALUE: what a run left on the engine
  docker ps -aq --filter "label=dev.syncasync.lab=$1"
  docker network ls -q --filter "label=dev.syncasync.lab=$1"
  docker volume ls -q --filter "label=dev.syncasync.lab=$1"
}

run_label() { sed -n 's/^lab: run label dev\.syncasync\.lab=//p' "$1" | head -1; }

check_sweep() {
  local start out="$work/sweep" label rows
  start=$(date +%s)
  interruptible "$work/sweep.log" ./lab sweep config/sweeps/small.yml --build --results "$out" \
    || { cat "$work/sweep.log" >&2; die "./lab sweep config/sweeps/small.yml failed"; }
  grep '^lab: point ' "$work/sweep.log"
  rows="$(tail -n +2 "$out/sweep.csv" | wc -l)"
  [ "$rows" -eq 3 ] || die "sweep.csv has $rows rows, not 3"
  # Every point measured requests, throughput, and worker memory (columns 7, 9, 21).
  awk -F, 'NR > 1 && !($7 > 0 && $9 > 0 && $21 > 10) { bad = 1; print "bad row: " $0 } END { exit bad }' \
    "$out/sweep.csv" >&2 || die "sweep.csv has a point without real readings"
  grep -q '<svg ' "$out/index.html" || die "index.html has no chart"
  label="$(run_label "$work/sweep.log")"
  [ -z "$(leftovers "$label")" ] || die "the sweep left objects labelled $label"
  say "sweep: 3 points measured, sweep.csv and index.html written, nothing labelled $label left ok ($(elapsed "$start"))"
}

check_chaos() {
  local start out="$work/chaos" label
  start=$(date +%s)
  interruptible "$work/chaos.log" ./lab chaos --kill --results "$out" \
    || { cat "$work/chaos.log" >&2; die "./lab chaos --kill failed"; }
  cat "$out/chaos.txt"
  jq -e '.ejectedMs >= 0 and .requests > 0 and (.failed | type == "number")' "$out/chaos.json" >/dev/null \
    || die "chaos.json does not report the ejection: $(cat "$out/chaos.json")"
  label="$(run_label "$work/chaos.log")"
  [ -z "$(leftovers "$label")" ] || die "chaos left objects labelled $label"
  say "chaos: kill detected in $(jq .ejectedMs "$out/chaos.json") ms, $(jq .failed "$out/chaos.json") of $(jq .requests "$out/chaos.json") requests failed, nothing left ok ($(elapsed "$start"))"
}

check_sigterm() { # a run stopped by SIGTERM mid-way removes what it created (its shutdown hook)
  local start pid label="" i
  start=$(date +%s)
  ./lab chaos --kill --results "$work/term" >"$work/term.log" 2>&1 &
  pid=$!
  for i in $(seq 600); do
    label="$(run_label "$work/term.log")"
    [ -n "$label" ] && [ -n "$(docker ps -q --filter "label=dev.syncasync.lab=$label")" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/term.log" >&2; die "./lab chaos ended before it created containers"; }
    sleep 0.2
  done
  [ -n "$label" ] || die "./lab chaos created no labelled container within 120 s"
  kill -TERM "$pid"
  wait "$pid" || true
  [ -z "$(leftovers "$label")" ] || die "after SIGTERM, objects labelled $label are left: $(leftovers "$label" | tr '\n' ' ')"
  grep -q 'removing the containers and networks labelled' "$work/term.log" || die "the shutdown hook said nothing"
  say "SIGTERM during ./lab chaos: the shutdown hook removed everything labelled $label ok ($(elapsed "$start"))"
}

check_junit() {
  local start
  start=$(date +%s)
  interruptible "$work/junit.log" ./mvnw -B -ntp -o -q -pl experiments -am verify -Dtest=ContainerExperimentsTest \
    -Dsurefire.failIfNoSpecifiedTests=false \
    || { tail -80 "$work/junit.log" >&2; die "ContainerExperimentsTest failed"; }
  grep -q 'SKIPPED ContainerExperimentsTest' "$work/junit.log" && die "ContainerExperimentsTest skipped with an engine up: $(grep SKIPPED "$work/junit.log")"
  say "ContainerExperimentsTest against the engine ok ($(elapsed "$start"))"
}

main() {
  command -v jq >/dev/null || apt_install jq
  ensure_engine
  say "engine $(docker version --format '{{.Server.Version}}') (API $(docker version --format '{{.Server.APIVersion}}')) ok"
  work="$(mktemp -d /tmp/experiments-e2e.XXXXXX)"
  # shellcheck source=scripts/base-images.sh
  . "$root/scripts/base-images.sh"
  base_images
  postgres_image   # the database of a sweep that reaches one (ContainerExperimentsTest's pool-size sweep)
  export LAB_JDK_IMAGE="$jdk_image" LAB_JRE_IMAGE="$jre_image" LAB_POSTGRES_IMAGE="$postgres_image"
  # shellcheck source=scripts/find-jdk.sh
  . "$root/scripts/find-jdk.sh"
  JAVA_HOME="$(find_jdk)"
  export JAVA_HOME
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
  check_sweep
  check_chaos
  check_sigterm
  check_junit
}

main "$@"
