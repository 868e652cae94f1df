#!/usr/bin/env bash
# Entry point of the gatling image: runs simulations against the lab's balancer and writes
# their reports to $RESULTS_DIR (/results, which docker-compose.yml mounts from ./results).
#
#   docker compose run --rm gatling <Simulation> [key=value ...] [<Simulation> ...] [-Dname=value ...]
#   docker compose run --rm gatling HundredRequests io=400 FiveClientsFourWorkers
#
# Everything but -D options goes to dev.syncasync.gatling.RunSimulation (key=value pairs apply
# to the simulation before them); -D options are system properties for every run. BASE_URL and
# ADMIN_URL (set in the image) say where the balancer is. The exit code is RunSimulation's:
# 0 when every run's theory-derived assertions held, 1 when some failed or could not run, 2 for a
# bad command line (RunSimulation --help lists the simulations).
set -euo pipefail

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
  echo "gatling: cannot write the reports to $results (the host's results directory): it belongs to" \
    "$(stat -c %u:%g "$results" 2>/dev/null || echo nobody) and this run is uid $(id -u)." >&2
  echo "Create it as yourself and run as yourself:" \
    "mkdir -p results && LAB_UID=\$(id -u) LAB_GID=\$(id -g) docker compose run --rm gatling ${1:-<Simulation>}" >&2
  exit 2
fi

# JAVA_FLAGS and JAVA_OPTS are word lists by design (set in the image / by the user).
# Gatling's analytics and warm-up request would reach out of the lab's network: both off here
# too, whatever gatling.conf says.
# shellcheck disable=SC2086
exec java $JAVA_FLAGS $JAVA_OPTS \
  -Dgatling.data.enableAnalytics=false -Dgatling.http.warmUpUrl= \
  -DbaseUrl="$BASE_URL" -DadminUrl="$ADMIN_URL" "${properties[@]}" \
  -cp '/app/gatling.jar:/app/lib/*' dev.syncasync.gatling.RunSimulation \
  --results "$results" "${arguments[@]}"
