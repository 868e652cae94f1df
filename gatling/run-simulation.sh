#!/usr/bin/env bash
# Entry point of the gatling image: runs one simulation against the lab's balancer and writes
# its report to $RESULTS_DIR (/results, which docker-compose.yml mounts from ./results).
#
#   docker compose run --rm gatling <Simulation> [-Dname=value ...] [other RunSimulation args]
#
# -D arguments become system properties of the run (-Dusers=10, -Dio=500); BASE_URL and
# ADMIN_URL (set in the image) say where the balancer is. The exit code is the simulation's:
# 0 when its theory-derived assertions hold.
set -euo pipefail

if [ $# -lt 1 ] || [[ $1 == -* ]]; then
  echo "usage: docker compose run --rm gatling <Simulation> [-Dname=value ...]" >&2
  echo "simulations: the classes in package dev.syncasync.gatling, e.g. FiveClientsFourWorkers, HundredRequests" >&2
  exit 2
fi
simulation=$1
shift

properties=()
arguments=()
for arg in "$@"; do
  case $arg in
    -D*) properties+=("$arg") ;;
    *) arguments+=("$arg") ;;
  esac
done

results="${RESULTS_DIR:-/results}"
if ! [ -d "$results" ] || ! [ -w "$results" ]; then
  echo "gatling: cannot write the report to $results (the host's results directory): it belongs to" \
    "$(stat -c %u:%g "$results" 2>/dev/null || echo nobody) and this run is uid $(id -u)." >&2
  echo "Create it as yourself and run as yourself:" \
    "mkdir -p results && LAB_UID=\$(id -u) LAB_GID=\$(id -g) docker compose run --rm gatling $simulation" >&2
  exit 2
fi

# JAVA_FLAGS and JAVA_OPTS are word lists by design (set in the image / by the user).
# Gatling's analytics and warm-up request would reach out of the lab's network: both off.
# shellcheck disable=SC2086
exec java $JAVA_FLAGS $JAVA_OPTS \
  -Dgatling.data.enableAnalytics=false -Dgatling.http.warmUpUrl= \
  -DbaseUrl="$BASE_URL" -DadminUrl="$ADMIN_URL" "${properties[@]}" \
  -cp '/app/gatling.jar:/app/lib/*' dev.syncasync.gatling.RunSimulation \
  "$simulation" --results "$results" "${arguments[@]}"
