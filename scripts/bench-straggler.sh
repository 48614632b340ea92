#!/usr/bin/env bash
# The straggler experiment (Ho et al. 2013; Cui et al. 2014) on the embedded cluster, not in CI:
# logreg on a9a with 2 workers, staleness bsp, 1, 3, 10 and async, each without and with worker 1
# slowed by a delay per clock (--set straggler=1:MS) chosen to make it FACTOR times slower than a
# clock of the fault-free BSP run measured first in this same run. Worker 0 logs its smoothed
# minibatch loss per clock; the time to reach TARGET, counted from the moment every worker is
# training, is read from those lines.
#   scripts/bench-straggler.sh [FACTOR] [TARGET] [EPOCHS]
#   ALGORITHM=mf scripts/bench-straggler.sh 3 0.30 10   (mf on seeded synthetic ratings, noise 0.5:
#                                                        the loss is the batch mean squared error)
# Writes the series to spindle-work/bench-straggler[-mf]/*.csv and prints one row per run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
factor="${1:-3}"
target="${2:-0.34}"
epochs="${3:-3}"
algorithm="${ALGORITHM:-logreg}"
data="$root/../shared/datasets/a9a"
out="$root/spindle-work/bench-straggler$([[ $algorithm == logreg ]] || echo "-$algorithm")"
cd "$root"
mkdir -p "$out"
case "$algorithm" in
  logreg)
    [[ -f "$data/a9a" ]] || { echo "a9a is not at $data" >&2; exit 2; }
    job=(--algorithm logreg --train "$data/a9a" --test "$data/a9a.t" --format libsvm --features 123) ;;
  mf)
    [[ -f "$out/ratings-train" ]] || scripts/spindle generate ratings --rows 100000 --users 500 --items 300 \
      --rank 4 --noise 0.5 --seed 7 --sample-seed 1 --output "$out/ratings-train" >/dev/null
    job=(--algorithm mf --train "$out/ratings-train" --format ratings --set users=500 --set items=300 --set rank=4) ;;
  *) echo "ALGORITHM must be logreg or mf" >&2; exit 2 ;;
esac

newest_logs() { ls -td "$root"/target/test/data/spindle-*/ | head -1; }

# Runs one job; writes "seconds,smoothed_loss" lines of worker 0 to $1 and prints train_seconds.
# Time 0 is when the last worker started training (its "runs from clock 0" line), so start-up skew
# between the workers' containers counts for no consistency model; log lines carry wall-clock time.
run() {
  local csv=$1; shift
  local model="$root/spindle-work/bench-straggler-model-$$"
  scripts/spindle local train "${job[@]}" --workers 2 --epochs "$epochs" --output "$model" "$@" --json \
    2>/dev/null | tail -1 > /tmp/spindle-bench-straggler.json || true
  rm -rf "$model"
  grep -h -E "runs from clock 0 |Clock [0-9]+ done at" $(find "$(newest_logs)" -name stderr) | sort | awk '
    function t(line) { split(substr(line, 12, 12), p, "[:,]"); return p[1]*3600 + p[2]*60 + p[3] + p[4]/1000 }
    { lines[n++] = $0 }
    /runs from clock 0 / { origin = t($0) }   # sorted by time: the last start wins
    END {
      for (i = 0; i < n; i++) {
        if (lines[i] ~ /Clock [0-9]+ done at/ && match(lines[i], /smoothed [0-9.eE-]+/)) {
          printf "%.3f,%s\n", t(lines[i]) - origin, substr(lines[i], RSTART + 9, RLENGTH - 9)
        }
      }
    }' > "$csv"
  grep -o '"train_seconds":[0-9.]*' /tmp/spindle-bench-straggler.json | cut -d: -f2
}

time_to() { awk -F, -v t="$target" '$2 <= t { print $1; found = 1; exit } END { if (!found) print "never" }' "$1"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F)"
baseline=$(run "$out/calibrate.csv" --staleness bsp)
clocks=$((epochs * 32))
delay=$(echo "($factor - 1) * $baseline * 1000 / $clocks" | bc)
echo "fault-free BSP: ${baseline} s for $clocks clocks; straggler delay per clock: $delay ms (worker 1, ${factor}x)"
echo "$algorithm; target: smoothed training loss of worker 0 <= $target"
printf "  %-9s %-10s %-16s %-14s\n" staleness straggler time_to_target train_seconds
for straggler in none "1:$delay"; do
  for staleness in bsp 1 3 10 async; do
    name="staleness-$staleness-straggler-${straggler/:/-}"
    args=(--staleness "$staleness")
    [[ "$straggler" != none ]] && args+=(--set "straggler=$straggler")
    seconds=$(run "$out/$name.csv" "${args[@]}")
    printf "  %-9s %-10s %-16s %-14s\n" "$staleness" "$straggler" "$(time_to "$out/$name.csv")" "$seconds"
  done
done
echo "series: $out/*.csv (seconds since every worker was training, smoothed loss of worker 0)"

# Charts: one per straggler setting, a line per staleness.
classpath="$root/app-master/target/bench-classpath.txt"
mvn -B -q -pl app-master dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath" >&2
mkdir -p "$root/docs/plots"
for straggler in none "1:$delay"; do
  series=()
  for staleness in bsp 1 3 10 async; do
    series+=("$staleness=$out/staleness-$staleness-straggler-${straggler/:/-}.csv")
  done
  chart="$root/docs/plots/straggler-$([[ $algorithm == logreg ]] || echo "$algorithm-")$([[ $straggler == none ]] \
    && echo none || echo "${factor}x").png"
  java -cp "$root/app-master/target/test-classes:$(cat "$classpath")" io.spindle.bench.LinePlot "$chart" \
    "$algorithm, 2 workers, straggler: $straggler" "seconds since every worker was training" "smoothed minibatch loss" "${series[@]}"
  echo "chart: $chart"
done
