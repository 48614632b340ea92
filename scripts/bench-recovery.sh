#!/usr/bin/env bash
# Recovery and checkpoint benchmarks on the embedded cluster.
#   recovery time: from the moment a container crashes (its drill's log line) to the moment every
#                  worker runs again (their "runs from clock" log lines), for a worker and a shard;
#   checkpoint overhead: logreg on a9a, training phase with checkpoints every N clocks and every
#                  T seconds beside the same job with checkpoints off, alternated in this run.
#   scripts/bench-recovery.sh [REPEATS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-3}"
data="$root/../shared/datasets/a9a"
cd "$root"

newest_logs() { ls -td "$root"/target/test/data/spindle-*/ | head -1; }

# Seconds from the first line matching $2 to the last line matching $3, across the run's container logs.
span() {
  local logs=$1
  grep -h -E "$2|$3" $(find "$logs" -name stderr) | sort | awk -v a="$2" -v b="$3" '
    function t(line) { split(substr(line, 12, 12), p, "[:,]"); return p[1]*3600 + p[2]*60 + p[3] + p[4]/1000 }
    $0 ~ a && !start { start = t($0) }
    $0 ~ b && start { end = t($0) }
    END { if (start && end) printf "%.2f", end - start; else printf "n/a" }'
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F)"
echo
echo "recovery time (kill -> every worker running again), selftest 2 workers x 2 shards, 400 clocks, SSP(1):"
for role in worker server; do
  for i in $(seq 1 "$repeats"); do
    scripts/spindle local selftest --workers 2 --servers 2 --staleness 1 --clocks 400 \
      --set checkpoint-every=20 --kill "$role:1@200" --json > /tmp/spindle-bench-recovery.out 2>/dev/null || true
    exact=$(tail -1 /tmp/spindle-bench-recovery.out | grep -o '"exact":[a-z]*')
    echo "  $role kill #$i: $(span "$(newest_logs)" "Crashing ${role^^}" "runs from clock [0-9]") s  ($exact)"
  done
done

# overhead TITLE REPEATS SETTING... -- TRAIN ARGS: the training phase with each setting (the first
# is the baseline), alternated, then each mean against the baseline's.
overhead() {
  local title=$1 n=$2
  shift 2
  local settings=()
  while [[ $1 != -- ]]; do settings+=("$1"); shift; done
  shift
  echo
  echo "checkpoint overhead, $title, training phase:"
  declare -A total=()
  for i in $(seq 1 "$n"); do
    for setting in "${settings[@]}"; do
      out="$root/spindle-work/bench-ckpt-$i-$$"
      scripts/spindle local train "$@" --output "$out" --set "$setting" --json 2>/dev/null | tail -1 \
        > /tmp/spindle-bench-ckpt.json
      seconds=$(grep -o '"train_seconds":[0-9.]*' /tmp/spindle-bench-ckpt.json | cut -d: -f2)
      printf "  run %s %-22s train_seconds=%.2f\n" "$i" "$setting" "$seconds"
      total[$setting]=$(awk -v a="${total[$setting]:-0}" -v b="$seconds" 'BEGIN { print a + b }')
      rm -rf "$out"
    done
  done
  echo "  mean over $n runs, against ${settings[0]}:"
  for setting in "${settings[@]:1}"; do
    awk -v s="$setting" -v a="${total[$setting]}" -v b="${total[${settings[0]}]}" -v n="$n" \
      'BEGIN { printf "    %-22s %.2f s vs %.2f s: %+.1f%%\n", s, a / n, b / n, (a / b - 1) * 100 }'
  done
}

if [[ -f "$data/a9a" ]]; then
  overhead "logreg on a9a (2 workers, 2 shards, BSP, 40 epochs = 1280 clocks)" "$repeats" \
    checkpoint-every=0 checkpoint-every=32 checkpoint-every=320 checkpoint-seconds=2 -- \
    --algorithm logreg --train "$data/a9a" --test "$data/a9a.t" --format libsvm --features 123 \
    --workers 2 --servers 2 --staleness bsp --epochs 40
fi
mnist="$root/../shared/datasets/mnist"
if [[ -f "$mnist/train-images-idx3-ubyte.gz" ]]; then
  overhead "mlp 784-300-10 on MNIST (2 workers, 2 shards, SSP(1), 10 epochs, 1 MB of weights and 2 MB of Adam state)" \
    "$repeats" checkpoint-every=0 checkpoint-seconds=5 -- \
    --algorithm mlp --train "$mnist/train-images-idx3-ubyte.gz" --test "$mnist/t10k-images-idx3-ubyte.gz" \
    --format idx --workers 2 --servers 2 --staleness 1 --epochs 10
fi
