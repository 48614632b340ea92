#!/usr/bin/env bash
# One-command quickstart: trains logistic regression on an embedded YARN + HDFS and prints the
# job's JSON summary last. Uses a9a from ../shared/datasets when present, otherwise a seeded
# synthetic LibSVM dataset generated here (same shape: 123 binary features).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/datasets/a9a"
work="$root/spindle-work/quickstart"
mkdir -p "$work"

if [[ -f "$data/a9a" && -f "$data/a9a.t" ]]; then
  train="$data/a9a"; test="$data/a9a.t"
  echo "Training on a9a from $data"
else
  train="$work/synthetic.train"; test="$work/synthetic.test"
  echo "No ../shared/datasets/a9a here: generating a synthetic dataset in $work"
  # y = [w . x + noise > 0] over 123 sparse binary features, w fixed by the seed.
  gen() {
    awk -v n="$1" -v seed="$2" 'BEGIN {
      srand(7); for (j = 1; j <= 123; j++) w[j] = rand() * 2 - 1;
      srand(seed);
      for (i = 0; i < n; i++) {
        z = rand() - 0.5; line = "";
        for (j = 1; j <= 123; j++) if (rand() < 0.1) { z += w[j]; line = line " " j ":1" }
        print (z > 0 ? "+1" : "-1") line
      } }'
  }
  gen 30000 1 > "$train"
  gen 10000 2 > "$test"
fi

out="$work/model-$(date +%s)"
exec "$root/scripts/spindle" local train --algorithm logreg --train "$train" --test "$test" \
  --format libsvm --features 123 --output "$out" --workers 2 --servers 1 --staleness 2 --json
