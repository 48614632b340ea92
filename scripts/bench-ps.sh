#!/usr/bin/env bash
# Parameter-server throughput over Thrift on loopback beside a raw-socket copy of the same bytes.
#   scripts/bench-ps.sh [--quick]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
jar="$root/app-master/target/spindle-$version.jar"
[[ -f "$jar" ]] || (cd "$root" && mvn -B -q -DskipTests package) >&2
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
# A pre-touched heap: fresh multi-MB arrays otherwise cost page faults that swamp the transfer itself.
exec java -Xms6g -Xmx6g -XX:+AlwaysPreTouch -Dlog4j.configuration=spindle-local-log4j.properties \
  -cp "$jar:$(cat "$root/app-master/target/local-classpath.txt")" io.spindle.bench.PsThroughput "$@"
