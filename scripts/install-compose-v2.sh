#!/usr/bin/env bash
# Installs the Docker Compose v2 CLI plugin (`docker compose`) when it is missing, without
# touching this machine's own apt state: Debian bookworm does not package it, Debian trixie does
# (docker-compose 2.x, a static Go binary that runs on bookworm). It reads the mirror of the
# machine's bookworm entry under /etc/apt at run time, writes a one-line `trixie main` sources list
# of its own, and runs apt-get with private list, cache and state directories to download the one
# package; dpkg-deb unpacks it and the plugin goes to /usr/local/lib/docker/cli-plugins/.
#
#   scripts/install-compose-v2.sh      (root; prints the installed version; no-op when present)
#
# Sourced (by compose-e2e.sh), it defines install_compose_v2 and does nothing else.
set -euo pipefail

install_compose_v2() {
  local root_dir plugin_dir scratch mirror keyring deb
  if docker compose version >/dev/null 2>&1; then
    return 0
  fi
  [ "$(id -u)" -eq 0 ] || { echo "compose-v2: installing the Compose v2 plugin needs root" >&2; return 1; }
  root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  # shellcheck source=scripts/base-images.sh
  . "$root_dir/scripts/base-images.sh"   # apt_mirror: the mirror of this machine's bookworm entry
  mirror="$(apt_mirror)"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  plugin_dir=/usr/local/lib/docker/cli-plugins
  scratch="$(mktemp -d /tmp/compose-v2.XXXXXX)"
  # shellcheck disable=SC2064
  trap "rm -rf '$scratch'" RETURN
  mkdir -p "$scratch/lists/partial" "$scratch/cache/archives/partial" "$scratch/deb"
  echo "deb [signed-by=$keyring] $mirror trixie main" >"$scratch/sources.list"
  local apt=(apt-get -q -o "Dir::Etc::SourceList=$scratch/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$scratch/lists" -o "Dir::Cache=$scratch/cache" -o APT::Sandbox::User=root)
  echo "compose-v2: downloading docker-compose from Debian trixie ($mirror, private apt state in $scratch)" >&2
  "${apt[@]}" update >"$scratch/update.log" 2>&1 || { cat "$scratch/update.log" >&2; return 1; }
  (cd "$scratch/deb" && "${apt[@]}" download docker-compose >"$scratch/download.log" 2>&1) \
    || { cat "$scratch/download.log" >&2; return 1; }
  deb="$(ls "$scratch"/deb/docker-compose_*.deb)"
  dpkg-deb -x "$deb" "$scratch/root"
  [ -x "$scratch/root/usr/libexec/docker/cli-plugins/docker-compose" ] \
    || { echo "compose-v2: $deb holds no cli-plugins/docker-compose" >&2; return 1; }
  install -D -m 0755 "$scratch/root/usr/libexec/docker/cli-plugins/docker-compose" "$plugin_dir/docker-compose"
  docker compose version >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  say() { echo "compose-v2: $*" >&2; }
  die() { echo "compose-v2: $*" >&2; exit 1; }
  install_compose_v2
fi
