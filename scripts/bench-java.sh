#!/usr/bin/env bash
# Runs one of the jar's benchmark classes (io.spindle.bench.*) in a JVM of its own, after a line
# naming the machine; the bench-*.sh scripts that measure inside one JVM go through here.
#   JAVA_OPTS="-Xmx4g" scripts/bench-java.sh CLASS [ARGS...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
jar="$root/app-master/target/spindle-$version.jar"
[[ -f "$jar" ]] || (cd "$root" && mvn -B -q -DskipTests package) >&2
echo "machine: $(nproc) cores ($(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed "s/^ *//")), $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
# shellcheck disable=SC2086  # JAVA_OPTS holds several flags
exec java ${JAVA_OPTS:-} -Dlog4j.configuration=spindle-local-log4j.properties \
  -cp "$jar:$(cat "$root/app-master/target/local-classpath.txt")" "io.spindle.bench.$1" "${@:2}"
