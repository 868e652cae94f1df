#!/usr/bin/env bash
# The balancer's admin API on a swarm, from any manager: the admin port is on the stack's overlay
# network only (never published), so this runs one short-lived task there that makes the call,
# prints the answer and is removed.
#
#   scripts/swarm-admin.sh [-s STACK] workers            GET /admin/workers (JSON)
#   scripts/swarm-admin.sh [-s STACK] timeline           GET /admin/timeline (JSON)
#   scripts/swarm-admin.sh [-s STACK] topology           GET /admin/topology
#   scripts/swarm-admin.sh [-s STACK] topology async     POST /admin/topology?topology=async (sync, async or virtual)
#
# STACK defaults to lab (docker stack deploy -c deploy/swarm/lab-stack.yml lab). The POST needs the
# admin token: LAB_ADMIN_TOKEN, or else the one the balancer printed at its start (docker service
# logs). The task runs the balancer's own image on a node labelled lab.balancer=true (which has
# that image) and talks HTTP/1.0 through bash's /dev/tcp: no curl in the image, nothing to pull.
# Exit code: 0 for a 2xx answer, 1 otherwise, 2 for a usage error.
set -euo pipefail

stack=lab
usage() { sed -n '5,9p' "$0" | sed 's/^# //' >&2; exit 2; }
while getopts 's:h' opt; do
  case $opt in
    s) stack=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage

method=GET
case $1 in
  workers) path=/admin/workers ;;
  timeline) path=/admin/timeline ;;
  topology)
    path=/admin/topology
    if [ $# -ge 2 ]; then
      [[ $2 =~ ^(sync|async|virtual)$ ]] || { echo "swarm-admin: topology must be sync, async or virtual, got '$2'" >&2; exit 2; }
      method=POST
      path="/admin/topology?topology=$2"
    fi
    ;;
  *) usage ;;
esac

balancer="${stack}_balancer"
image="$(docker service inspect -f '{{.Spec.TaskTemplate.ContainerSpec.Image}}' "$balancer" 2>/dev/null)" \
  || { echo "swarm-admin: no service $balancer (is the stack '$stack' deployed on this swarm?)" >&2; exit 2; }

token=""
if [ "$method" = POST ]; then
  token="${LAB_ADMIN_TOKEN:-}"
  if [ -z "$token" ]; then
    token="$(docker service logs --raw "$balancer" 2>&1 | sed -n 's/.*admin token for POST \/admin\/topology: \([^ ]*\).*/\1/p' | tail -n 1)"
  fi
  [ -n "$token" ] || { echo "swarm-admin: no admin token: set LAB_ADMIN_TOKEN" >&2; exit 2; }
fi

# The call, inside the task: the status line tagged, the body after it; exit 1 unless 2xx.
read -r -d '' call <<'CALL' || true
exec 3<>/dev/tcp/balancer/8081 || exit 3
printf '%s %s HTTP/1.0\r\nHost: balancer\r\nContent-Length: 0\r\n' "$METHOD" "$URI" >&3
[ -z "$TOKEN" ] || printf 'Authorization: Bearer %s\r\n' "$TOKEN" >&3
printf '\r\n' >&3
IFS= read -r status <&3
status=${status%$'\r'}
while IFS= read -r line <&3 && [ -n "${line%$'\r'}" ]; do :; done
echo "lab-admin-status $status"
cat <&3
echo
[[ $status == HTTP/1.?' 2'* ]]
CALL

name="${stack}_admin-$$-$RANDOM"
cleanup() { docker service rm "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The token travels as an environment variable of a task that lives a few seconds; whoever can
# inspect services on this swarm can read the balancer's logs (and so the token) anyway.
docker service create --detach --quiet --name "$name" --network "${stack}_lab" \
  --restart-condition none --constraint 'node.labels.lab.balancer == true' \
  --label dev.syncasync.lab.admin=1 \
  --env METHOD="$method" --env URI="$path" --env TOKEN="$token" \
  --entrypoint bash "$image" -c "$call" >/dev/null

state=""
for _ in $(seq 600); do
  state="$(docker service ps --no-trunc --format '{{.CurrentState}}' "$name" 2>/dev/null | head -n 1)"
  case $state in
    Complete* | Failed* | Rejected*) break ;;
  esac
  sleep 0.1
done
output="$(docker service logs --raw "$name" 2>&1)"
status_line="$(sed -n 's/^lab-admin-status //p' <<<"$output")"
if [ -z "$status_line" ]; then
  echo "swarm-admin: the admin task did not reach the balancer ($state): $output" >&2
  exit 1
fi
echo "$status_line" >&2
sed '/^lab-admin-status /d' <<<"$output" | sed '/^$/d'
[[ $status_line == HTTP/1.?" 2"* ]]
