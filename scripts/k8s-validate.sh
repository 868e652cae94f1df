#!/usr/bin/env bash
# The Kubernetes manifests (deploy/k8s) and the Swarm stack (deploy/swarm), checked offline: no
# cluster and no swarm needed.
#
#   scripts/k8s-validate.sh
#
# 1. kubectl: $KUBECTL, else Debian trixie's kubectl package unpacked into
#    ~/.cache/sync-async-lab/kubectl (fetched once with apt-get and a private sources list, list
#    and state directory: the machine's own apt state is never touched; the mirror is the one of
#    this machine's bookworm entry under /etc/apt), else kubectl on the PATH.
# 2. `kubectl kustomize` of the base, the three overlays (sync, async, virtual) and the Gatling Job.
# 3. deploy-checks' tests: every rendered object against the Kubernetes 1.32 API schema (the
#    API's generated models: unknown and missing required fields fail), then what the lab needs
#    (topology.yml per overlay loads as the lab loads it, the ConfigMap mounted as a directory
#    under a stable name, the registry behind a headless Service, the admin port on a ClusterIP
#    Service only, probes, requests and limits, the Job), and the Swarm stack's rules.
#
# `kubectl apply --dry-run=client` is not among the checks: even with --validate=false it asks
# the API server for its resource list, so it cannot run without a cluster.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/sync-async-lab"
t0=$(date +%s)

say() { echo "k8s-validate: $*"; }
die() { echo "k8s-validate: FAILED: $*" >&2; exit 1; }

# Debian trixie's kubectl (1.32), unpacked into the cache. The bookworm mirror of this machine's
# apt sources serves trixie too; apt-get runs on private lists, cache and an empty dpkg status,
# so neither the machine's sources nor its installed packages play a part.
fetch_kubectl() {
  local scratch mirror keyring deb
  [ "$(id -u)" -eq 0 ] || return 1   # apt-get with private directories still runs as root here
  # shellcheck source=scripts/base-images.sh
  . "$root/scripts/base-images.sh"   # apt_mirror
  mirror="$(apt_mirror)"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  scratch="$(mktemp -d /tmp/k8s-validate.XXXXXX)"
  # shellcheck disable=SC2064
  trap "rm -rf '$scratch'" EXIT
  mkdir -p "$scratch/lists/partial" "$scratch/cache/archives/partial" "$scratch/deb"
  : >"$scratch/status"
  echo "deb [signed-by=$keyring] $mirror trixie main" >"$scratch/sources.list"
  local apt=(apt-get -q -o "Dir::Etc::SourceList=$scratch/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$scratch/lists" -o "Dir::Cache=$scratch/cache" -o "Dir::State::status=$scratch/status"
    -o APT::Sandbox::User=root)
  say "fetching kubectl from Debian trixie (private apt state in $scratch)"
  "${apt[@]}" update >"$scratch/update.log" 2>&1 || { cat "$scratch/update.log" >&2; die "apt-get update (trixie) failed"; }
  (cd "$scratch/deb" && "${apt[@]}" download kubectl >"$scratch/download.log" 2>&1) \
    || { cat "$scratch/download.log" >&2; die "apt-get download kubectl failed"; }
  deb="$(ls "$scratch"/deb/kubectl_*.deb)"
  rm -rf "$cache/kubectl"
  mkdir -p "$cache/kubectl"
  dpkg-deb -x "$deb" "$cache/kubectl"
  [ -x "$cache/kubectl/usr/bin/kubectl" ] || die "$deb holds no usr/bin/kubectl"
}

find_kubectl() {
  if [ -n "${KUBECTL:-}" ]; then
    [ -x "$KUBECTL" ] || die "KUBECTL=$KUBECTL is not executable"
    return
  fi
  if [ ! -x "$cache/kubectl/usr/bin/kubectl" ]; then
    fetch_kubectl || true
  fi
  if [ -x "$cache/kubectl/usr/bin/kubectl" ]; then
    KUBECTL="$cache/kubectl/usr/bin/kubectl"
  elif command -v kubectl >/dev/null; then
    KUBECTL="$(command -v kubectl)"
  else
    die "no kubectl (Debian trixie's could not be fetched); set KUBECTL"
  fi
}

main() {
  find_kubectl
  export KUBECTL
  say "kubectl $("$KUBECTL" version --client 2>/dev/null | sed -n 's/^Client Version: //p') ($KUBECTL), kustomize $("$KUBECTL" version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')"
  local k objects
  for k in base overlays/sync overlays/async overlays/virtual gatling; do
    objects="$("$KUBECTL" kustomize "deploy/k8s/$k")" || die "kubectl kustomize deploy/k8s/$k failed"
    say "kubectl kustomize deploy/k8s/$k: $(grep '^kind: ' <<<"$objects" | sed 's/^kind: //' | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }') ok"
  done
  . scripts/find-jdk.sh
  JAVA_HOME="$(find_jdk)"
  export JAVA_HOME
  local log
  log="$(mktemp /tmp/k8s-validate-mvn.XXXXXX)"
  if ! ./mvnw -B -ntp -q -pl deploy-checks -am verify -Dtest='KubernetesManifestsTest,SwarmStackTest' \
      -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
    grep -v '^\s*at ' "$log" | tail -40 >&2
    rm -f "$log"
    die "deploy-checks' tests failed"
  fi
  rm -f "$log"
  grep -h '^Tests run' deploy-checks/target/surefire-reports/*.txt | sed 's/^/k8s-validate: /'
  grep -q 'Skipped: [1-9]' deploy-checks/target/surefire-reports/*KubernetesManifestsTest.txt \
    && die "KubernetesManifestsTest skipped although kubectl is at $KUBECTL"
  say "schema (Kubernetes 1.32 API models) and lab checks passed; done in $(( $(date +%s) - t0 )) s"
}

main "$@"
