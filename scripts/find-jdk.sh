#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer: JAVA_HOME if it qualifies, else the newest under
# /usr/lib/jvm, else the one behind `javac` on PATH. Exits 1 with a message if there is none.
# Used by ./lab and .ci/run; source it or run it.

java_major() { # the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

find_jdk() {
  local candidates=() home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  # Newest first, so a machine with 17 and 25 picks 25.
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${home%/}"); done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major="$(java_major "$home/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$home"
      return 0
    fi
  done
  echo "no JDK 21 or newer found (looked at JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm/*, and javac on PATH)." >&2
  echo "Install one (for example Temurin 21 or 25) and set JAVA_HOME to it." >&2
  return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  find_jdk
fi
