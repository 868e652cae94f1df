#!/usr/bin/env bash
# Local stand-ins for the public Temurin base images, for machines that reach no image registry:
# a Debian bookworm rootfs (debootstrap --variant=minbase, the mirror from this machine's apt
# sources) plus the local JDK (build stage) or a jlink'd JRE (runtime stage), each through
# `docker import`. Cached by tag: the JDK's version, the recipe's number and the module list.
#
# Sourced by scripts/compose-e2e.sh and scripts/experiments-e2e.sh, which define say, die,
# apt_install, interruptible and $work (a scratch directory) first; `base_images` then sets
# $jdk_image and $jre_image. Run directly, it builds (or finds) them and prints
#   LAB_JDK_IMAGE=<tag>
#   LAB_JRE_IMAGE=<tag>
# for ./lab sweep and ./lab chaos:  eval "$(scripts/base-images.sh)" && ./lab sweep

base_image_prefix="${base_image_prefix:-sync-async-lab-e2e}"
# What the servers and Gatling need: java.se (the servers' --add-modules) and the jdk.* modules
# the jars use (Netty, Hazelcast, Micrometer, Gatling) or a user wants in a container (jcmd).
jre_modules="java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.crypto.ec,jdk.crypto.cryptoki,\
jdk.naming.dns,jdk.net,jdk.jfr,jdk.zipfs,jdk.charsets,jdk.localedata,jdk.httpserver,jdk.jcmd,\
jdk.security.auth,jdk.security.jgss"
# Bump when the base-image recipe below changes, so cached images from an older recipe are not used.
base_recipe=2

apt_mirror() { # the Debian mirror this machine's apt uses for bookworm
  local mirror
  mirror="$(awk '
    /^[[:space:]]*$/ { if (uris != "" && suites ~ /(^| )bookworm( |$)/ && !found) { print uris; found = 1 } uris = ""; suites = "" }
    /^URIs:/ { uris = $2 }
    /^Suites:/ { suites = ""; for (i = 2; i <= NF; i++) suites = suites " " $i; suites = suites " " }
    END { if (uris != "" && suites ~ /(^| )bookworm( |$)/ && !found) print uris }
  ' /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 1p)"
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror="$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\)[[:space:]]\+bookworm[[:space:]].*/\2/p' \
      /etc/apt/sources.list | sed -n 1p)"
  fi
  [ -n "$mirror" ] || die "no bookworm mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
  echo "$mirror"
}

base_images() {
  local jdk version tag
  # shellcheck source=scripts/find-jdk.sh
  . "$root/scripts/find-jdk.sh"
  jdk="$(find_jdk)"
  version="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')"
  tag="$(echo "$version" | tr -c 'A-Za-z0-9_.\n-' '_')"
  jdk_image="$base_image_prefix/jdk:$tag-r$base_recipe"
  jre_image="$base_image_prefix/jre:$tag-r$base_recipe-$(echo "$jre_modules" | cksum | cut -d' ' -f1)"
  if docker image inspect "$jdk_image" >/dev/null 2>&1 && docker image inspect "$jre_image" >/dev/null 2>&1; then
    say "base images $jdk_image and $jre_image cached ok"
    return
  fi
  [ "$(id -u)" -eq 0 ] || die "building the base images (debootstrap) needs root"
  command -v debootstrap >/dev/null || apt_install debootstrap
  local start rootfs mirror env_path
  start=$(date +%s)
  rootfs="$work/rootfs"
  mirror="$(apt_mirror)"
  say "building base images from Debian bookworm (mirror from /etc/apt) and the JDK at $jdk"
  interruptible "$work/debootstrap.log" debootstrap --variant=minbase bookworm "$rootfs" "$mirror" \
    || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  env_path="PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  mkdir -p "$rootfs/opt/java"
  # The same layout as the Temurin images: the Java home at /opt/java/openjdk. Dereferenced:
  # a Debian-packaged JDK links lib/security/cacerts to /etc/ssl, which the rootfs lacks.
  cp -rL "$jdk" "$rootfs/opt/java/openjdk"
  tar -C "$rootfs" -c . | docker import -c "ENV $env_path" -c 'ENV JAVA_HOME=/opt/java/openjdk' \
    -c 'ENV LANG=C.UTF-8' -c 'CMD ["bash"]' - "$jdk_image" >/dev/null
  rm -rf "$rootfs/opt/java/openjdk"
  "$jdk/bin/jlink" --add-modules "$jre_modules" --strip-debug --no-header-files --no-man-pages \
    --output "$rootfs/opt/java/openjdk"
  tar -C "$rootfs" -c . | docker import -c "ENV $env_path" -c 'ENV JAVA_HOME=/opt/java/openjdk' \
    -c 'ENV LANG=C.UTF-8' -c 'CMD ["bash"]' - "$jre_image" >/dev/null
  rm -rf "$rootfs"
  say "base images $jdk_image and $jre_image built ok ($(elapsed "$start"))"
}


# A stand-in for the official postgres image, for docker-compose.yml's postgres service: Debian
# bookworm's postgresql package on a minbase rootfs, with an entrypoint that does what the
# official one does for the lab (initdb on an empty volume with POSTGRES_PASSWORD, password logins
# from the network, the server as the postgres user, `postgres -c ...` arguments passed on). The
# stop signal (SIGINT, a fast shutdown) is docker-compose.yml's: `docker import` cannot set one.
# Cached by tag like the JDK images; sets $postgres_image.
postgres_recipe=1

postgres_entrypoint() {
  cat <<'ENTRYPOINT'
#!/bin/sh
# Stand-in for the official image's docker-entrypoint.sh (what the lab uses of it).
set -e
bin=/usr/lib/postgresql/15/bin
if [ "${1:-}" = postgres ]; then
  shift
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    [ -n "${POSTGRES_PASSWORD:-}" ] || { echo "POSTGRES_PASSWORD is not set" >&2; exit 1; }
    printf '%s\n' "$POSTGRES_PASSWORD" >/tmp/pwfile
    chown postgres /tmp/pwfile
    setpriv --reuid=postgres --regid=postgres --init-groups "$bin/initdb" -D "$PGDATA" -U postgres \
      --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
    rm -f /tmp/pwfile
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  fi
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" -D "$PGDATA" \
    -c listen_addresses='*' "$@"
fi
exec "$@"
ENTRYPOINT
}

postgres_image() {
  local tag
  tag="$base_image_prefix/postgres:15-r$postgres_recipe"
  postgres_image="$tag"
  if docker image inspect "$postgres_image" >/dev/null 2>&1; then
    say "postgres stand-in $postgres_image cached ok"
    return
  fi
  [ "$(id -u)" -eq 0 ] || die "building the postgres stand-in (debootstrap) needs root"
  command -v debootstrap >/dev/null || apt_install debootstrap
  local start rootfs mirror
  start=$(date +%s)
  rootfs="$work/rootfs-postgres"
  mirror="$(apt_mirror)"
  say "building the postgres stand-in from Debian bookworm's postgresql-15 (mirror from /etc/apt)"
  interruptible "$work/debootstrap-postgres.log" debootstrap --variant=minbase --include=postgresql-15 \
    bookworm "$rootfs" "$mirror" || { tail -20 "$work/debootstrap-postgres.log" >&2; die "debootstrap failed"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  # Debian's package made a cluster of its own under /var/lib/postgresql/15: the volume gets a fresh one.
  rm -rf "$rootfs"/var/lib/postgresql/15 "$rootfs"/etc/postgresql/15
  postgres_entrypoint >"$rootfs/usr/local/bin/docker-entrypoint.sh"
  chmod 755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
  tar -C "$rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV PGDATA=/var/lib/postgresql/data' -c 'ENV LANG=C.UTF-8' -c 'VOLUME /var/lib/postgresql/data' \
    -c 'EXPOSE 5432' -c 'ENTRYPOINT ["docker-entrypoint.sh"]' -c 'CMD ["postgres"]' \
    - "$postgres_image" >/dev/null
  rm -rf "$rootfs"
  say "postgres stand-in $postgres_image built ok ($(elapsed "$start"))"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Run directly: a scratch directory and the helpers the functions above expect.
  set -euo pipefail
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  work="$(mktemp -d /tmp/base-images.XXXXXX)"
  trap 'rm -rf "$work"' EXIT
  say() { echo "base-images: $*" >&2; }
  die() { echo "base-images: FAILED: $*" >&2; exit 1; }
  elapsed() { echo "$(( $(date +%s) - $1 )) s"; }
  interruptible() { local log=$1; shift; "$@" >"$log" 2>&1 & wait "$!"; }
  apt_install() {
    [ "$(id -u)" -eq 0 ] || die "missing $*; install them (apt-get install $*) or run this as root"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  }
  docker info >/dev/null 2>&1 || die "no Docker engine answers (scripts/compose-e2e.sh starts one)"
  base_images
  postgres_image
  echo "LAB_JDK_IMAGE=$jdk_image"
  echo "LAB_JRE_IMAGE=$jre_image"
  echo "LAB_POSTGRES_IMAGE=$postgres_image"
fi
