#!/usr/bin/env bash
# Parameter-server throughput over Thrift on loopback beside a raw-socket copy of the same bytes.
#   scripts/bench-ps.sh [--quick]
# A pre-touched heap: fresh multi-MB arrays otherwise cost page faults that swamp the transfer itself.
JAVA_OPTS="-Xms6g -Xmx6g -XX:+AlwaysPreTouch" exec "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh" PsThroughput "$@"
