#!/usr/bin/env bash
# The README's two Gatling commands, exactly as written there, against `./lab up` in this
# checkout (CI's fresh clone): `./lab gatling HundredRequests --url URL --admin-url URL` and
# the Maven goal `./mvnw -pl gatling -am gatling:test ...`, which must resolve the sibling
# modules from the reactor - nothing of the project is installed in the local Maven repository
# (this script checks that it stays so). Each must run the simulation and leave a report;
# whether the measurements agree with the theory is printed, not required here: on a shared
# CI machine other processes may disturb them (./lab demo's guard measures that; this checks
# that the commands work). The lab binds free ports, never 8080/8081/5701.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

. scripts/find-jdk.sh
JAVA_HOME="$(find_jdk)"
export JAVA_HOME

work=$(mktemp -d)
lab_pid=""
cleanup() {
  if [ -n "$lab_pid" ] && kill -0 "$lab_pid" 2>/dev/null; then
    kill -TERM "$lab_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$lab_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$lab_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The project's jars in the local Maven repository newer than this checkout's POM (0 when the
# directory does not exist, as on a fresh machine: find fails there, which pipefail would not forgive).
installed_jars() {
  if [ -d "${HOME}/.m2/repository/dev/syncasync" ]; then
    find "${HOME}/.m2/repository/dev/syncasync" -name '*.jar' -newer "$root/pom.xml" | wc -l
  else
    echo 0
  fi
}

installed_before=$(installed_jars)

# ./lab up on free ports: a copy of the topology with port 0 everywhere (the summary prints the real ones).
sed -e 's/^  port: 8080 .*/  port: 0/' -e 's/^  admin-port: 8081/  admin-port: 0/' -e 's/^  port: 5701/  port: 0/' \
  config/topology.yml > "$work/topology.yml"
./lab up "$work/topology.yml" > "$work/up.log" 2>&1 &
lab_pid=$!
for _ in $(seq 1 600); do
  grep -q '^  balancer ' "$work/up.log" 2>/dev/null && break
  kill -0 "$lab_pid" 2>/dev/null || { cat "$work/up.log"; echo "gatling-e2e: ./lab up exited" >&2; exit 1; }
  sleep 0.2
done
url=$(grep -o 'balancer  http://[0-9.:]*' "$work/up.log" | awk '{print $2}' | head -1)
admin=$(grep -o 'admin http://[0-9.:]*' "$work/up.log" | awk '{print $2}' | head -1)
[ -n "$url" ] && [ -n "$admin" ] || { cat "$work/up.log"; echo "gatling-e2e: no URLs in ./lab up's summary" >&2; exit 1; }
echo "gatling-e2e: ./lab up on $url (admin $admin)"

# 1. ./lab gatling, as the README shows it.
start=$(date +%s)
set +e
./lab gatling HundredRequests --url "$url" --admin-url "$admin" > "$work/lab-gatling.log" 2>&1
status=$?
set -e
report=$(sed -n 's/^report: //p' "$work/lab-gatling.log" | tail -1)
if [ -z "$report" ] || [ ! -f "$report" ]; then
  cat "$work/lab-gatling.log"
  echo "gatling-e2e: ./lab gatling left no report (exit $status)" >&2
  exit 1
fi
echo "gatling-e2e: ./lab gatling ran in $(( $(date +%s) - start )) s, exit $status ($( [ $status -eq 0 ] \
  && echo 'agrees with the theory' || echo 'DISAGREES; see below')), report $report"
[ $status -eq 0 ] || grep -E 'DISAGREES|lab: ' "$work/lab-gatling.log" | head -5

# 2. The Maven goal, as the README shows it, from this checkout with nothing installed.
start=$(date +%s)
set +e
./mvnw -B -ntp -pl gatling -am gatling:test -Dgatling.simulationClass=dev.syncasync.gatling.HundredRequests \
  -DbaseUrl="$url" -DadminUrl="$admin" > "$work/maven.log" 2>&1
status=$?
set -e
if grep -q 'DependencyResolutionException\|No plugin found for prefix\|Could not find artifact dev.syncasync' "$work/maven.log" \
   || ! grep -qi 'please open the following file' "$work/maven.log"; then
  tail -40 "$work/maven.log"
  echo "gatling-e2e: the README's Maven command did not run the simulation (exit $status)" >&2
  exit 1
fi
echo "gatling-e2e: the README's Maven command ran in $(( $(date +%s) - start )) s, exit $status ($( [ $status -eq 0 ] \
  && echo 'BUILD SUCCESS, the assertions held' || echo 'the simulation ran; its assertions failed'))"
[ $status -eq 0 ] || grep -E 'KO|assertion|DISAGREES' "$work/maven.log" | head -5

installed_after=$(installed_jars)
if [ "$installed_after" -gt "$installed_before" ]; then
  echo "gatling-e2e: something installed the project's jars into the local Maven repository" >&2
  exit 1
fi
echo "gatling-e2e: both README commands work from this checkout"
