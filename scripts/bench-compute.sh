#!/usr/bin/env bash
# The compute backends side by side (not in CI): GEMM GFLOP/s and training images per second of
# mlp and cnn, OpenBLAS beside the plain-Java reference measured in the same run.
#   scripts/bench-compute.sh [THREADS]      default: all cores
JAVA_OPTS="-Xmx4g" exec "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh" ComputeThroughput "$@"
