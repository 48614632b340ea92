#!/usr/bin/env bash
# The benchmark report (not in CI): runs every benchmark script on this machine, one after the
# other, and writes docs/benchmarks.md (per section: what is measured, the goal, the command, the
# machine, and the figures beside the baseline each script measures in the same run) and the charts
# in docs/plots/. The report is rewritten after each section, so an interrupted run keeps what ran.
#   scripts/bench.sh                  full grid, about an hour on 2 cores
#   scripts/bench.sh --quick          smaller sizes and single runs, about half that
#   scripts/bench.sh [--quick] ID...  only these sections (ps recovery ml targets straggler
#                                     straggler-mf scaling compute); the others keep their last run
# Raw outputs and logs: spindle-work/bench-report/. Each section says when and at which commit it ran.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quick=false
[[ "${1:-}" == "--quick" ]] && { quick=true; shift; }
only=("$@")
raw="$root/spindle-work/bench-report"
report="$root/docs/benchmarks.md"
cd "$root"
mkdir -p "$raw"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)"
[[ -f "app-master/target/spindle-$version.jar" ]] || mvn -B -q -DskipTests package >&2

machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
machine+=" $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
sections=()
declare -A titles
# The report as it was: a section not run here (its raw output is not on this machine) keeps its text.
previous="$raw/previous-report.md"
if [[ -f "$report" ]]; then cp "$report" "$previous"; else : > "$previous"; fi

wanted() { [[ ${#only[@]} == 0 ]] || printf '%s\n' "${only[@]}" | grep -qx "$1"; }

# section ID TITLE DESCRIPTION COMMAND...: runs COMMAND (when wanted), keeps its output, rewrites the report.
section() {
  local id=$1 title=$2 description=$3
  shift 3
  sections+=("$id")
  titles[$id]=$title
  wanted "$id" || return 0
  echo "== $title: $*" >&2
  local begin end status=0
  begin=$(date +%s)
  "$@" > "$raw/$id.txt" 2> "$raw/$id.log" || status=$?
  end=$(date +%s)
  {
    echo "## $title"
    echo
    echo "$description"
    echo
    echo "Command: \`$*\` (took $((end - begin)) s$([[ $status == 0 ]] || echo "; FAILED with exit $status, see spindle-work/bench-report/$id.log"))."
    echo "Run: $(date -u -d "@$begin" '+%F %H:%M UTC') at commit $commit$([[ $quick == true ]] && echo ', --quick')."
    echo
    if grep -q '^|' "$raw/$id.txt"; then cat "$raw/$id.txt"; else echo '```'; cat "$raw/$id.txt"; echo '```'; fi
    echo
  } > "$raw/$id.md"
  write_report
}

write_report() {
  {
    echo "# Spindle benchmark report"
    echo
    echo "Written by \`scripts/bench.sh\`; each section says when and at which commit it ran (a run may redo"
    echo "some sections only)."
    echo
    echo "Machine of the latest run: $machine (sections run earlier may have had another of the same kind)."
    echo "The embedded HDFS and YARN run in the client's JVM, on the same cores as the job."
    echo
    echo "Every figure comes with the command that produced it and, where the benchmark has one, a baseline"
    echo "measured in the same run on the same machine, as a ratio: these machines are shared and noisy, so"
    echo "absolute numbers move between runs while side-by-side ratios move less. CI runs none of this."
    echo "What the figures of a run mean against the goals is discussed in \`docs/benchmark-reading.md\`."
    echo
    for id in "${sections[@]}"; do
      if [[ -f "$raw/$id.md" ]]; then
        cat "$raw/$id.md"
      else
        awk -v heading="## ${titles[$id]}" '$0 == heading { keep = 1 } keep && /^## / && $0 != heading { keep = 0 } keep' "$previous"
      fi
    done
  } > "$report"
}

if $quick; then ps_args=(--quick); repeats=1; rows=(100000 1000000); else ps_args=(); repeats=3; rows=(1000000 10000000); fi

section ps "Parameter server: Thrift push + pull vs a raw socket (issue 3)" \
"Each worker pushes a whole table on one connection per shard, commits the clock (async, so nobody
waits) and pulls it back into an array it keeps (as a trainer keeps its replica); a dense table's
rows go in requests of 128K floats sent back to back, a sparse table's keys in one request per
shard. The baselines move the same tensor bytes (values, and a sparse table's keys) per worker
and shard over a plain socket channel in the round's shape, in frames of the same sizes, one
write per frame with TCP_NODELAY: up to a server that keeps each frame and acknowledges it, then
back down, asked for frame by frame, from a buffer holding the whole tensor into another, one
frame at a time: from direct buffers (the kernel copies straight to and
from them, as it does for the Thrift path's tensors; the ratio is taken against this one) and from
heap arrays (one more copy inside Java per side, as through any socket stream; 'vs heap'). All
paths first run 1,000 rounds on small tables (the JIT compiles the Thrift path's code as a long job
would). Sparse rows: 'sparse' names the same 100,000 keys every round, as a worker meeting its
mini-batches again, so after the first round they travel as a key set's signature; 'sparse-new'
draws new keys every round (from 1,000,000), so each round's push sends its keys and its pull
names them. Throughput counts the tensor bytes the raw copy moves (keys included, sent or not);
'wire' is the share of them the Thrift path sent. The three paths are set up side by side and
take turns through each repeat, in rotating order, so that the machine's drifting load falls on
all three alike: a repeat is 20 rounds in turns of 5 (16M floats: 4 in turns of 1; the same
sparse keys: 100 in turns of 10). Each row: medians of three repeats (Thrift, direct, heap), and
the range of the repeats' ratios to the direct copy. Goal: Thrift at least 0.5x the raw socket." \
  scripts/bench-ps.sh "${ps_args[@]}"

section recovery "Recovery time and checkpoint overhead (issue 6)" \
"Recovery: from a crash drill's log line to every worker running again, selftest with 2 workers and
2 shards. Overhead: the training phase with checkpoints beside the same job without, alternated
in this run: logreg on a9a for 40 epochs (about 3 s) with checkpoints every 32 clocks (about 10 a
second), every 320 clocks and every 2 seconds; mlp on MNIST (about 20 s) every 5 seconds. Goals:
recovery under 10 s; overhead under 5%." \
  scripts/bench-recovery.sh "$repeats"

section ml "Time to accuracy (logreg, a9a) and the two k-means engines (issue 5)" \
"logreg: test accuracy, worker 0's training phase and the whole job for 1, 2, 3, 5 epochs, BSP and
SSP(2); goal: the training phase to >= 0.848 at most 0.3x Spark MLlib's 3.5 s (a reference figure,
Spark is not installed here). k-means: the in-memory engine beside the chain of MapReduce jobs,
same seeds and iterations." \
  scripts/bench-ml.sh

section targets "Every accuracy target: time and bytes per clock; start-up (issues 5, 7, 8)" \
"One job per target on the embedded cluster (2 workers, 1 shard): the metric reached, worker 0's
training phase, the whole job from submission, and tensor bytes pushed and pulled per clock by
all workers (the communication baseline). Then the start-up milestones of selftests, in seconds
since submission." \
  scripts/bench-targets.sh "$repeats"

section straggler "Stragglers: SSP vs BSP, logreg (issue 8)" \
"logreg on a9a, 2 workers; worker 1 slowed by a delay per clock (--set straggler) calibrated to 3x
its clock time in the fault-free BSP run measured first. Time to worker 0's smoothed loss <= 0.34,
from the moment every worker trains. Goal: with the straggler, SSP at least 2x sooner than BSP;
without, no worse. Charts: ![](plots/straggler-none.png) ![](plots/straggler-3x.png)" \
  scripts/bench-straggler.sh 3 0.34 3

section straggler-mf "Stragglers: SSP vs BSP, mf (issue 8)" \
"mf on seeded synthetic ratings (100,000 ratings, rank 4, noise 0.5: the squared-error floor is
0.25), 2 workers, the same calibration; target: worker 0's smoothed batch mean squared error <=
0.32. Charts: ![](plots/straggler-mf-none.png) ![](plots/straggler-mf-3x.png)" \
  env ALGORITHM=mf scripts/bench-straggler.sh 3 0.32 10

section scaling "Scaling: epoch time vs rows and workers, beside a plain scan (issue 8)" \
"logreg, BSP, on seeded synthetic sparse data (2^16 hashed features, 10 per row); the baseline is
the fastest of three plain scans of worker 0's partition arrays inside the same job (the
memory-streaming bound of an epoch). Parameter-server throughput vs shards is the first section." \
  scripts/bench-scaling.sh "${rows[@]}"

section compute "Compute backends: GEMM and images per second (issue 7)" \
"GEMM GFLOP/s of the CPU backend (OpenBLAS) beside the plain-Java reference in the same run, and
training images per second (forward + backward of one batch, no parameter server) for mlp and cnn
on both. The GPU backend is not in this build, so there is no GPU row." \
  scripts/bench-compute.sh

write_report
echo "report: $report" >&2
