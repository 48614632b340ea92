#!/usr/bin/env bash
# Every accuracy target of the ML issue through the full YARN path on the embedded cluster, one job
# each (not in CI): the metric reached, the training phase, the whole job from submission, and the
# bytes each clock moved between workers and shards (the communication baseline); then the
# start-up breakdown of a selftest. Prints markdown table rows.
#   scripts/bench-targets.sh [STARTUP_REPEATS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-3}"
data="$root/../shared/datasets"
work="$root/spindle-work/bench-targets-$$"
cd "$root"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

field() { grep -o "\"$1\":[0-9.eE+-]*" "$2" | head -1 | cut -d: -f2; }

# row NAME METRIC TARGET -- train args...
row() {
  local name=$1 metric=$2 target=$3 summary="$work/summary.json"
  shift 4
  scripts/spindle local train "$@" --output "$work/model-$RANDOM" --json 2>/dev/null | tail -1 > "$summary" || true
  printf "| %s | %s %s | %s | %s | %s | %s |\n" "$name" "$metric" "$target" "$(field "$metric" "$summary")" \
    "$(field train_seconds "$summary")" "$(field elapsed_seconds "$summary")" "$(field bytes_per_clock "$summary")"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F)"
echo
echo "| job | target | reached | train_seconds | job_seconds | bytes per clock (all workers) |"
echo "|---|---|---|---|---|---|"
a9a=(--train "$data/a9a/a9a" --test "$data/a9a/a9a.t" --format libsvm --features 123 --workers 2)
mnist=(--train "$data/mnist/train-images-idx3-ubyte.gz" --test "$data/mnist/t10k-images-idx3-ubyte.gz" --format idx
  --workers 2)
row "logreg a9a, SSP(2), 10 epochs" test_accuracy ">= 0.848" -- --algorithm logreg "${a9a[@]}" --staleness 2
row "svm a9a, BSP, 10 epochs" test_accuracy ">= 0.846" -- --algorithm svm "${a9a[@]}"
row "logreg a9a, L-BFGS, 40 iterations" test_accuracy ">= 0.848" -- --algorithm logreg "${a9a[@]}" --epochs 40 \
  --set solver=lbfgs --set l2=0.00003
row "softmax MNIST, SSP(2), 5 epochs" test_error "<= 0.08" -- --algorithm softmax "${mnist[@]}" --staleness 2 \
  --epochs 5 --set clocks-per-epoch=128 --set l2=0.00001
row "mlp 784-300-10 MNIST, SSP(1), 10 epochs" test_error "<= 0.022" -- --algorithm mlp "${mnist[@]}" --staleness 1 \
  --epochs 10
row "cnn conv 6,16 + 120,84 MNIST, SSP(1), 5 epochs" test_error "<= 0.012" -- --algorithm cnn "${mnist[@]}" \
  --staleness 1 --epochs 5
scripts/spindle generate ratings --rows 100000 --users 500 --items 300 --rank 4 --noise 0.5 --seed 7 \
  --sample-seed 1 --output "$work/ratings-train" >/dev/null
scripts/spindle generate ratings --rows 10000 --users 500 --items 300 --rank 4 --noise 0.5 --seed 7 \
  --sample-seed 2 --output "$work/ratings-test" >/dev/null
row "mf rank 4, synthetic (noise 0.5), SSP(1), 20 epochs" test_rmse "<= 0.525" -- --algorithm mf --format ratings \
  --train "$work/ratings-train" --test "$work/ratings-test" --workers 2 --staleness 1 --epochs 20 \
  --set users=500 --set items=300 --set rank=4
row "kmeans a9a k=10, 10 iterations" cost "(no target)" -- --algorithm kmeans --train "$data/a9a/a9a" --format libsvm \
  --features 123 --workers 2 --set k=10

echo
echo "start-up of a selftest (2 workers, 1 shard), seconds since submission:"
echo "| run | AM JVM started | AM registered | containers allocated | containers launched | tasks registered | first clock done | job end |"
echo "|---|---|---|---|---|---|---|---|"
for i in $(seq 1 "$repeats"); do
  summary="$work/selftest.json"
  scripts/spindle local selftest --json 2>/dev/null | tail -1 > "$summary" || true
  printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n" "$i" "$(field am_started "$summary")" \
    "$(field am_registered "$summary")" "$(field containers_allocated "$summary")" \
    "$(field containers_launched "$summary")" "$(field tasks_registered "$summary")" \
    "$(field first_clock "$summary")" "$(field elapsed_seconds "$summary")"
done
