#!/usr/bin/env bash
# Time to accuracy and engine comparisons on the embedded cluster (not in CI).
#   logreg on a9a: test accuracy, training phase and whole job (submission to end, as the client
#                  saw it) for 1, 2, 3, 5 epochs, BSP and SSP(2); the time to >= 0.848 is the first
#                  row that reaches it.
#   kmeans on a9a (k=10): the in-memory engine (iterative MapReduce on the shards) beside the chain
#                  of Hadoop MapReduce jobs, same data, seeds and iterations, alternated in this run.
#   scripts/bench-ml.sh [REPEATS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-1}"
data="$root/../shared/datasets/a9a"
cd "$root"
[[ -f "$data/a9a" ]] || { echo "a9a is not at $data" >&2; exit 2; }

field() { grep -o "\"$1\":[0-9.eE+-]*" "$2" | head -1 | cut -d: -f2; }

# Runs `spindle local train ...`; prints "<whole-job seconds> <summary file>".
run() {
  local out="$root/spindle-work/bench-ml-$$-$RANDOM" summary=/tmp/spindle-bench-ml-$$.json start end
  start=$(date +%s.%N)
  scripts/spindle local train "$@" --output "$out" --json 2>/dev/null | tail -1 > "$summary" || true
  end=$(date +%s.%N)
  rm -rf "$out"
  echo "$(echo "$end - $start" | bc) $summary"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F)"
echo
echo "logreg on a9a, 2 workers, 1 shard:"
printf "  %-9s %-6s %-9s %-14s %-10s\n" staleness epochs accuracy train_seconds job_seconds
for i in $(seq 1 "$repeats"); do
  for staleness in bsp 2; do
    for epochs in 1 2 3 5; do
      read -r whole summary < <(run --algorithm logreg --train "$data/a9a" --test "$data/a9a.t" --format libsvm \
        --features 123 --workers 2 --staleness "$staleness" --epochs "$epochs")
      printf "  %-9s %-6s %-9.4f %-14.3f %-10.1f\n" "$staleness" "$epochs" "$(field test_accuracy "$summary")" \
        "$(field train_seconds "$summary")" "$(field elapsed_seconds "$summary")"
    done
  done
done

echo
echo "kmeans on a9a, k=10, 5 iterations: in-memory engine (2 workers) beside the MapReduce chain:"
for i in $(seq 1 "$repeats"); do
  read -r whole summary < <(run --algorithm kmeans --train "$data/a9a" --format libsvm --features 123 \
    --workers 2 --epochs 5 --set k=10)
  echo "  run $i engine=ps:        cost=$(field cost "$summary") train_seconds=$(field train_seconds "$summary") whole_job_s=$whole"
  read -r whole summary < <(run --algorithm kmeans --engine mapreduce --train "$data/a9a" --format libsvm \
    --features 123 --epochs 5 --set k=10)
  echo "  run $i engine=mapreduce: cost=$(field cost "$summary") train_seconds=$(field train_seconds "$summary") whole_job_s=$whole (6 MapReduce jobs)"
done
