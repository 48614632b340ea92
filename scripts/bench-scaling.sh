#!/usr/bin/env bash
# Scaling on the embedded cluster (not in CI): logreg epochs over seeded synthetic sparse data
# (spindle generate classification: 2^16 hashed features, 10 per row), beside the memory-streaming
# bound measured in the same job (a plain scan of the worker's arrays, scan_seconds):
#   epoch time vs rows (ROWS list, 2 workers), and vs workers (1, 2, 4 on the largest ROWS).
#   scripts/bench-scaling.sh [ROWS ...]        default: 100000 1000000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows_list=("${@:-100000 1000000}")
read -r -a rows_list <<< "${rows_list[*]}"
work="$root/spindle-work/bench-scaling-$$"
cd "$root"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
field() { grep -o "\"$1\":[0-9.eE+-]*" "$2" | head -1 | cut -d: -f2; }

run() {   # rows workers
  local summary="$work/summary.json" epochs=3
  # a worker keeps its partition in memory: about 100 bytes a row (10 non-zeros), twice that while reading
  local memory=$((1024 + $1 / $2 / 4000))
  ((memory < 1536)) && memory=1536
  # three NodeManagers of 6 GiB: on two, the ApplicationMaster, the shard and four 1.6 GB workers
  # did not fit in the pieces left (an earlier run waited for a fourth worker that had no room)
  scripts/spindle local --nodes 3 train --algorithm logreg --train "$work/rows-$1" --format libsvm --features 65536 \
    --workers "$2" --epochs $epochs --set worker.memory-mb=$memory --output "$work/model-$RANDOM" --json 2>/dev/null \
    | tail -1 > "$summary" || true
  local train scan
  train=$(field train_seconds "$summary")
  scan=$(field scan_seconds "$summary")
  printf "| %s | %s | %.3f | %.4f | %.0fx |\n" "$1" "$2" "$(echo "$train / $epochs" | bc -l)" "$scan" \
    "$(echo "$train / $epochs / $scan" | bc -l)"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F)"
for rows in "${rows_list[@]}"; do
  scripts/spindle generate classification --rows "$rows" --features 65536 --nonzeros 10 \
    --output "$work/rows-$rows" >/dev/null
done
echo
echo "| rows | workers | epoch seconds (worker 0) | scan seconds (worker 0's partition) | epoch / scan |"
echo "|---|---|---|---|---|"
for rows in "${rows_list[@]}"; do
  run "$rows" 2
done
largest="${rows_list[${#rows_list[@]}-1]}"
for workers in 1 4; do
  run "$largest" "$workers"
done
