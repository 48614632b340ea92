package io.spindle.ps;

import io.spindle.ml.param.Consistency;
import io.spindle.ml.param.Rows;
import io.spindle.ml.param.Table;
import io.spindle.thrift.PsErrorCode;
import io.spindle.thrift.TableSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One parameter-server shard: its part of every table, each worker's attempt and committed
 * clocks, and the rules that make training consistent.
 *
 * <ul>
 *   <li>Exactly once per clock: a worker's pushes for clock c are buffered and applied only when
 *       it commits c. A newer attempt of the worker drops the older one's unfinished clock. A
 *       repeated push or commit of a clock already committed is ignored, so a relaunched worker
 *       may replay a clock safely.
 *   <li>SSP and ASYNC apply a clock on commit. BSP applies clock c once every worker has
 *       committed it, summing the workers' updates in worker order: the result is the same as a
 *       sequential run.
 *   <li>Reads and commits may wait until every worker has committed a given number of clocks;
 *       they park on this object's monitor with a timeout.
 * </ul>
 *
 * <p>Thread-safe: every method holds the shard's monitor (waits release it). Bad requests throw
 * {@link ShardException} before changing anything.
 */
public final class Shard implements ShardApi {
  private final int index;
  private final Consistency consistency;
  private final Map<Integer, ShardTable> tables = new HashMap<>();
  private final int[] attempts;
  private final int[] clocks;
  private boolean closed;

  public Shard(int index, Partitioner partitioner, int workers, Consistency consistency) {
    this.index = index;
    this.consistency = consistency;
    this.attempts = new int[workers];
    this.clocks = new int[workers];
    Arrays.fill(attempts, -1);
    for (TableSpec spec : partitioner.tables()) {
      tables.put(spec.getId(), new ShardTable(spec, partitioner, index, workers));
    }
  }

  public int index() {
    return index;
  }

  @Override
  public synchronized int hello(int worker, int attempt) {
    checkWorkerIndex(worker);
    if (attempt < attempts[worker]) {
      throw new ShardException(PsErrorCode.STALE_ATTEMPT, "worker " + worker + " attempt " + attempt
          + " is superseded by attempt " + attempts[worker]);
    }
    if (attempt > attempts[worker]) {
      attempts[worker] = attempt;
      for (ShardTable table : tables.values()) {
        table.dropPending(worker);
      }
    }
    return clocks[worker];
  }

  @Override
  public synchronized void push(int worker, int attempt, int clock, int table, Rows rows, float[] update) {
    checkAttempt(worker, attempt);
    ShardTable t = table(table);
    if (clock < clocks[worker]) {
      return;   // a replay of a clock already committed: applied once already
    }
    checkCurrentClock(worker, clock, "push");
    check(t, rows, update.length);
    t.pending(worker).apply(rows, update, 0);
  }

  @Override
  public synchronized int clock(int worker, int attempt, int clock, int waitForClock, long timeoutMs) {
    checkAttempt(worker, attempt);
    if (clock >= clocks[worker]) {
      checkCurrentClock(worker, clock, "commit");
      commit(worker);
    }
    awaitMinClock(waitForClock, timeoutMs);
    return minClock();
  }

  private void commit(int worker) {
    int before = minClock();
    for (ShardTable table : tables.values()) {
      if (consistency.appliesAtBarrier()) {
        table.stagePending(worker);
      } else {
        table.applyPending(worker);
      }
    }
    clocks[worker]++;
    if (consistency.appliesAtBarrier() && minClock() > before) {
      for (ShardTable table : tables.values()) {
        table.applyStaged();
      }
    }
    notifyAll();
  }

  @Override
  public synchronized PullResult pull(int worker, int attempt, int table, Rows rows, int minClock, long timeoutMs) {
    checkAttempt(worker, attempt);
    ShardTable t = table(table);
    check(t, rows, rows.size() * t.values.columns());
    if (!awaitMinClock(minClock, timeoutMs)) {
      throw new ShardException(PsErrorCode.TIMEOUT, "shard " + index + ": waited " + timeoutMs
          + " ms for every worker to commit " + minClock + " clocks; clocks are " + Arrays.toString(clocks));
    }
    float[] out = new float[rows.size() * t.values.columns()];
    t.values.read(rows, out);
    return new PullResult(out, minClock());
  }

  /** Smallest number of clocks committed by any worker. */
  public synchronized int minClock() {
    int min = Integer.MAX_VALUE;
    for (int c : clocks) {
      min = Math.min(min, c);
    }
    return min;
  }

  /** Clocks committed by each worker (a copy). */
  public synchronized int[] clocks() {
    return clocks.clone();
  }

  private boolean awaitMinClock(int target, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (minClock() < target && !closed) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return false;
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShardException(PsErrorCode.SHUTTING_DOWN, "shard " + index + " interrupted");
      }
    }
    if (closed) {
      throw new ShardException(PsErrorCode.SHUTTING_DOWN, "shard " + index + " is shutting down");
    }
    return true;
  }

  /** Runs {@code reader} on the tables under the shard's lock (snapshots, verification). */
  public synchronized <T> T withTables(Function<Map<Integer, Table>, T> reader) {
    Map<Integer, Table> view = new HashMap<>();
    tables.forEach((id, t) -> view.put(id, t.values));
    return reader.apply(view);
  }

  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }

  private void checkWorkerIndex(int worker) {
    if (worker < 0 || worker >= clocks.length) {
      throw new ShardException(PsErrorCode.UNKNOWN_WORKER, "worker " + worker + " is not one of the job's "
          + clocks.length + " workers");
    }
  }

  private void checkAttempt(int worker, int attempt) {
    checkWorkerIndex(worker);
    if (attempts[worker] < 0) {
      throw new ShardException(PsErrorCode.UNKNOWN_WORKER, "worker " + worker + " attempt " + attempt
          + " has not said hello to shard " + index);
    }
    if (attempt != attempts[worker]) {
      throw new ShardException(PsErrorCode.STALE_ATTEMPT, "worker " + worker + " attempt " + attempt
          + " is superseded by attempt " + attempts[worker]);
    }
  }

  private void checkCurrentClock(int worker, int clock, String what) {
    if (clock != clocks[worker]) {
      throw new ShardException(PsErrorCode.BAD_CLOCK, "worker " + worker + " tried to " + what + " clock "
          + clock + " but has committed " + clocks[worker] + " clocks; the next is " + clocks[worker]);
    }
    if (consistency.appliesAtBarrier() && clock > minClock()) {
      throw new ShardException(PsErrorCode.BAD_CLOCK, "worker " + worker + " tried to " + what + " clock "
          + clock + " under BSP before every worker committed clock " + (clock - 1));
    }
  }

  private ShardTable table(int id) {
    ShardTable t = tables.get(id);
    if (t == null) {
      throw new ShardException(PsErrorCode.UNKNOWN_TABLE, "no table " + id + " on shard " + index
          + "; tables are " + tables.keySet());
    }
    return t;
  }

  private static void check(ShardTable t, Rows rows, int valueCount) {
    try {
      t.values.check(rows, valueCount);
    } catch (IndexOutOfBoundsException e) {
      throw new ShardException(PsErrorCode.KEY_OUT_OF_RANGE, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ShardException(PsErrorCode.BAD_SHAPE, e.getMessage());
    }
  }
}
