package io.spindle.ps;

import java.util.TreeSet;

/**
 * The clocks at which a shard snapshots its tables: every so many clocks, or the clocks the
 * coordinator names (time-based checkpoints). One checkpoint is pending at a time (the shard
 * keeps one image of its tables for it), so a checkpoint clock that a worker passes while the
 * one before is still pending can no longer be taken and is skipped.
 *
 * <p>Not thread-safe: the shard calls it under its lock.
 */
final class CheckpointSchedule {
  private final int every;
  private final TreeSet<Integer> named = new TreeSet<>();   // named while another was pending
  private int next;

  /** @param every clocks between checkpoints; 0: only the clocks named with {@link #arm} */
  CheckpointSchedule(int every) {
    this.every = every;
    this.next = every;
  }

  /** The clock the pending checkpoint holds; 0: none. */
  int next() {
    return next;
  }

  /** Whether a commit of {@code clock} must stay out of the pending checkpoint. */
  boolean isPast(int clock) {
    return next > 0 && clock >= next;
  }

  /**
   * A clock the coordinator named. False when it cannot be taken: every worker has passed it
   * ({@code minClock}), or a worker has committed a clock at or past it ({@code maxClock}).
   */
  boolean arm(int clock, int minClock, int maxClock) {
    if (clock <= minClock || maxClock > clock) {
      return false;
    }
    if (next == 0) {
      next = clock;
    } else if (clock != next) {
      named.add(clock);
    }
    return true;
  }

  /** The pending checkpoint was taken; the next is the first that no worker has passed ({@code maxClock}). */
  void taken(int maxClock) {
    int taken = next;
    if (every > 0) {
      next = Math.max(taken + every, (maxClock + every - 1) / every * every);
      return;
    }
    named.headSet(Math.max(taken, maxClock), false).clear();
    Integer first = named.pollFirst();
    next = first == null ? 0 : first;
  }

  /** Every worker went back to {@code clock}: the next multiple is pending, or the coordinator's next. */
  void restoredTo(int clock) {
    named.clear();
    next = every > 0 ? (clock / every + 1) * every : 0;
  }
}
