package io.spindle.am;

import java.util.Arrays;

/**
 * Chooses the clocks of time-based checkpoints. Every period it names a clock ahead of the
 * fastest worker (as the shards report it), far enough that every shard hears of it before any
 * worker commits it: the lead covers about {@link #LEAD_MS} of training at the fastest clock rate
 * seen over a period so far. Shards snapshot at that clock without stopping anyone; a shard
 * that hears too late skips it (and says so in its log), and the next is named a period later.
 *
 * <p>Not thread-safe: the coordinator calls it under its lock.
 */
final class CheckpointClocks {
  static final long LEAD_MS = 1_000;   // four of the shards' 250 ms polls
  private static final int MIN_LEAD = 2;

  private final long periodMs;
  private final int[] shardClocks;
  private int named;   // 0: none
  private long namedAtMs;
  private int fastestAtNaming;
  private double clocksPerMs;   // the fastest pace seen over a period: a period of start-up or replay says little

  /** @param periodMs time between checkpoints; 0: checkpoints are not time-based, nothing is named */
  CheckpointClocks(long periodMs, int shards, long nowMs) {
    this.periodMs = periodMs;
    this.shardClocks = new int[shards];
    this.namedAtMs = nowMs;
  }

  /** The clock every shard snapshots next, 0 when none is named. */
  int named() {
    return named;
  }

  /** A shard's report: the highest clock any worker has committed there. */
  void shardAt(int shard, int clock, long nowMs) {
    shardClocks[shard] = clock;
    int fastest = Arrays.stream(shardClocks).max().orElse(0);
    if (periodMs <= 0 || named > fastest || nowMs - namedAtMs < periodMs) {
      return;   // not time-based, the named clock is still ahead, or the period is not over
    }
    clocksPerMs = Math.max(clocksPerMs, (fastest - fastestAtNaming) / (double) Math.max(1, nowMs - namedAtMs));
    named = fastest + Math.max(MIN_LEAD, (int) Math.ceil(clocksPerMs * LEAD_MS));
    namedAtMs = nowMs;
    fastestAtNaming = fastest;
  }

  /** Every shard went back to {@code clock}: the next checkpoint is named a period from now. */
  void rolledBack(int clock, long nowMs) {
    Arrays.fill(shardClocks, clock);
    named = 0;
    namedAtMs = nowMs;
    fastestAtNaming = clock;
  }
}
