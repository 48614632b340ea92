#!/usr/bin/env bash
# The compute backends side by side (not in CI): GEMM GFLOP/s and training images per second of
# mlp and cnn, OpenBLAS beside the plain-Java reference measured in the same run.
#   scripts/bench-compute.sh [THREADS]      default: all cores
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
jar="$root/app-master/target/spindle-$version.jar"
[[ -f "$jar" ]] || (cd "$root" && mvn -B -q -DskipTests package) >&2
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
exec java -Xmx4g -Dlog4j.configuration=spindle-local-log4j.properties \
  -cp "$jar:$(cat "$root/app-master/target/local-classpath.txt")" io.spindle.bench.ComputeThroughput "$@"
