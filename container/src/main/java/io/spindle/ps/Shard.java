package io.spindle.ps;

import io.spindle.ml.param.ArraySizes;
import io.spindle.ml.param.Consistency;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.PsErrorCode;
import io.spindle.thrift.TableSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       committed it, summing the workers' updates in worker order: without failures, the result
 *       is the same as a sequential run.
 *   <li>Reads and commits may wait until every worker has committed a given number of clocks;
 *       they park on this object's monitor with a timeout.
 * </ul>
 *
 * <p>Thread-safe: every method holds the shard's monitor (waits release it). Bad requests throw
 * {@link ShardException} before changing anything. A restore that fails midway leaves the
 * tables unusable until the next restore; workers are refused (ROLLED_BACK) meanwhile.
 */
public final class Shard implements ShardApi {
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);

  private final int index;
  private final Consistency consistency;
  private final Map<Integer, ShardTable> tables = new HashMap<>();
  private final int[] attempts;
  private final int[] clocks;
  private final boolean[] rolledBack;
  private final CheckpointSchedule checkpoints;
  private final SnapshotSink snapshots;
  private java.util.function.IntConsumer minClockListener = clock -> { };
  private boolean closed;
  private String broken;   // why the shard's state can no longer be trusted; null while it can
  private int generation;  // the recovery the tables hold (0: the job's start); -1 while none is held

  /** Receives a consistent snapshot (under the shard's lock: copy, do not block). */
  public interface SnapshotSink {
    void snapshot(int clock, byte[] payload);
  }

  public Shard(int index, Partitioner partitioner, int workers, Consistency consistency) {
    this(index, partitioner, workers, consistency, 0, (clock, payload) -> { });
  }

  /**
   * @param checkpointEvery take a snapshot each time every worker has committed a multiple of
   *     this many clocks (0: only at clocks armed with {@link #armCheckpoint}). Nobody waits for
   *     it: a snapshot of clock c holds exactly every worker's clocks below c, because clocks
   *     committed at or past c before the slowest worker reaches c are kept out of its image.
   */
  public Shard(int index, Partitioner partitioner, int workers, Consistency consistency, int checkpointEvery,
               SnapshotSink snapshots) {
    this.index = index;
    this.consistency = consistency;
    this.checkpoints = new CheckpointSchedule(checkpointEvery);
    this.snapshots = snapshots;
    this.attempts = new int[workers];
    this.clocks = new int[workers];
    this.rolledBack = new boolean[workers];
    Arrays.fill(attempts, -1);
    for (TableSpec spec : partitioner.tables()) {
      tables.put(spec.getId(), new ShardTable(spec, partitioner, index, workers));
    }
  }

  public int index() {
    return index;
  }

  /** The job's number of workers. */
  public int workers() {
    return clocks.length;
  }

  /** Called under the lock each time every worker has committed one more clock (recovery drills). */
  public synchronized void onMinClock(java.util.function.IntConsumer listener) {
    this.minClockListener = listener;
  }

  @Override
  public synchronized int hello(int worker, int attempt, int generation) {
    checkWorkerIndex(worker);
    checkSound();
    if (generation != this.generation) {
      throw new ShardException(PsErrorCode.ROLLED_BACK, "worker " + worker + " comes by the shard map of recovery "
          + generation + ", and shard " + index + (this.generation < 0 ? " is restoring"
          : " holds recovery " + this.generation) + "; ask the coordinator for the current map");
    }
    if (attempt < attempts[worker]) {
      throw new ShardException(PsErrorCode.STALE_ATTEMPT, "worker " + worker + " " + WorkerAttempt.describe(attempt)
          + " is superseded by " + WorkerAttempt.describe(attempts[worker]));
    }
    // Every hello starts a run from the committed clock, a new attempt's or a reconnected one's:
    // whatever was pushed for the unfinished clock will be pushed again, so it goes now.
    attempts[worker] = attempt;
    for (ShardTable table : tables.values()) {
      table.dropPending(worker);
    }
    rolledBack[worker] = false;
    return clocks[worker];
  }

  @Override
  public void push(int worker, int attempt, int clock, int table, Rows rows, float[] update, int from, int count) {
    if (from < 0 || count < 0 || (long) from + count > update.length) {
      throw new ShardException(PsErrorCode.BAD_SHAPE, count + " values from index " + from + " are not in an array of "
          + update.length);
    }
    push(worker, attempt, clock, table, rows, java.nio.FloatBuffer.wrap(update, from, count));
  }

  /**
   * Buffers {@code update}'s remaining values (rows x columns) for the clock, keeping nothing of
   * {@code update}: a server passes a view over the request's bytes.
   */
  public synchronized void push(int worker, int attempt, int clock, int table, Rows rows,
                                java.nio.FloatBuffer update) {
    checkAttempt(worker, attempt);
    ShardTable t = table(table);
    if (clock < clocks[worker]) {
      return;   // a replay of a clock already committed: applied once already
    }
    checkCurrentClock(worker, clock, "push");
    check(t, rows, update.remaining());
    t.pending(worker).add(rows, update);
  }

  @Override
  public synchronized int clock(int worker, int attempt, int clock, int waitForClock, long timeoutMs) {
    checkAttempt(worker, attempt);
    if (clock >= clocks[worker]) {
      checkCurrentClock(worker, clock, "commit");
      commit(worker);
    }
    awaitMinClock(worker, waitForClock, timeoutMs);
    return minClock();
  }

  /**
   * Commits the worker's clock. Anything thrown once a table has changed (an OutOfMemoryError
   * copying a checkpoint image, say) leaves the clock applied to some tables only, and a replay
   * would apply it twice: the shard then refuses everyone for good, and its process exits so that
   * every shard goes back to a checkpoint.
   */
  private void commit(int worker) {
    int clock = clocks[worker];
    try {
      applyCommit(worker);
    } catch (Throwable t) {
      broken = "committing clock " + clock + " of worker " + worker + " failed partway: " + t;
      closed = true;
      notifyAll();
      LOG.error("Shard {} can no longer serve: {}", index, broken, t);
      throw new ShardException(PsErrorCode.SHUTTING_DOWN, "shard " + index + " failed: " + broken);
    }
  }

  private void applyCommit(int worker) {
    int before = minClock();
    boolean pastCheckpoint = checkpoints.isPast(clocks[worker]) && checkpointFits();
    for (ShardTable table : tables.values()) {
      if (consistency.appliesAtBarrier()) {
        table.stagePending(worker);
      } else {
        table.applyPending(worker, pastCheckpoint);
      }
    }
    clocks[worker]++;
    int after = minClock();
    if (consistency.appliesAtBarrier() && after > before) {
      for (ShardTable table : tables.values()) {
        table.applyStaged();
      }
    }
    if (after > before && after == checkpoints.next() && checkpointFits()) {
      takeSnapshot(after);
    }
    if (after > before) {
      minClockListener.accept(after);
    }
    notifyAll();
  }

  /**
   * Hands a snapshot of {@code clock} to the sink. The tables are whole by now, so a snapshot that
   * fails (no memory for its copy, say) only skips this checkpoint: the next one is armed as usual.
   */
  private void takeSnapshot(int clock) {
    try {
      snapshots.snapshot(clock, snapshot(clock));
    } catch (RuntimeException | OutOfMemoryError e) {
      LOG.warn("Shard {} skips the checkpoint of clock {}: {}", index, clock, e.toString());
    } finally {
      tables.values().forEach(ShardTable::closeImage);
      checkpoints.taken(maxClock());
    }
  }

  /** Why the shard stopped serving after a failed commit; null while it serves. */
  public synchronized String failure() {
    return broken;
  }

  /**
   * Arms a snapshot at {@code clock} (time-based checkpoints: the coordinator names the clock, the
   * same on every shard). False when it is too late: a worker has already committed a clock at or
   * past it, or every worker has passed it.
   */
  public synchronized boolean armCheckpoint(int clock) {
    return checkpoints.arm(clock, minClock(), maxClock());
  }

  /**
   * Whether the pending checkpoint's snapshot fits the one array it is held in on its way to
   * HDFS. If not, that checkpoint is skipped with a warning that names the remedy, before any
   * table takes part of a clock: the job goes on, and a recovery goes back to an older
   * checkpoint, where a failed snapshot would leave a clock applied to some tables only.
   */
  private boolean checkpointFits() {
    long bytes = snapshotBytes();
    if (bytes <= CheckpointStore.MAX_PAYLOAD) {
      return true;
    }
    LOG.warn("Shard {} skips the checkpoint of clock {}: its tables and their optimizer state take {} bytes,"
        + " and a shard's checkpoint holds at most {}; {}", index, checkpoints.next(), bytes,
        CheckpointStore.MAX_PAYLOAD, ArraySizes.MORE_SERVERS);
    tables.values().forEach(ShardTable::closeImage);
    checkpoints.taken(maxClock());
    return false;
  }

  /** How many bytes {@link #snapshot} would write now. */
  synchronized long snapshotBytes() {
    long bytes = 3L * Integer.BYTES + (long) Integer.BYTES * clocks.length;
    for (ShardTable table : tables.values()) {
      bytes += Integer.BYTES + table.checkpointBytes();
    }
    return bytes;
  }

  /** Tables (their images where open) and clock, serialised; consistent because it is taken under the lock. */
  private byte[] snapshot(int clock) {
    try {
      SizedBytes bytes = new SizedBytes(snapshotBytes());
      java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
      out.writeInt(index);
      out.writeInt(clocks.length);
      for (int w = 0; w < clocks.length; w++) {
        out.writeInt(clock);   // what the tables hold of each worker, even of those already past it
      }
      out.writeInt(tables.size());
      for (Map.Entry<Integer, ShardTable> e : new java.util.TreeMap<>(tables).entrySet()) {
        out.writeInt(e.getKey());
        e.getValue().writeCheckpointTo(out);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);   // in-memory streams do not fail
    }
  }

  /**
   * Goes back to a checkpoint ({@code payload} from a snapshot of clock {@code clock}) or, with a
   * null payload, to the initial state at clock 0, as recovery {@code generation} asks. Every
   * worker must say hello again, by a shard map of that recovery: until it does, its requests
   * are refused with ROLLED_BACK, and waiting requests are woken with it.
   */
  public synchronized void restore(int clock, byte[] payload, int generation) throws java.io.IOException {
    this.generation = -1;   // until the tables hold it: a failed restore holds none
    try {
      restoreTables(clock, payload);
      this.generation = generation;
    } finally {
      // Even a restore that failed midway leaves no worker going on as if nothing happened:
      // they get ROLLED_BACK until the coordinator names a checkpoint that restores.
      java.util.Arrays.fill(rolledBack, true);
      notifyAll();
    }
  }

  private void restoreTables(int clock, byte[] payload) throws java.io.IOException {
    checkpoints.restoredTo(clock);
    tables.values().forEach(ShardTable::closeImage);
    if (payload == null) {
      if (clock != 0) {
        throw new IllegalArgumentException("only clock 0 can be restored without a checkpoint");
      }
      tables.values().forEach(ShardTable::reset);
      java.util.Arrays.fill(clocks, 0);
    } else {
      java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(payload));
      if (in.readInt() != index) {
        throw new java.io.IOException("the checkpoint of clock " + clock + " belongs to another shard");
      }
      int workers = in.readInt();
      if (workers != clocks.length) {
        throw new java.io.IOException("the checkpoint holds " + workers + " workers, the job has " + clocks.length);
      }
      for (int w = 0; w < workers; w++) {
        clocks[w] = in.readInt();
      }
      int count = in.readInt();
      for (int t = 0; t < count; t++) {
        table(in.readInt()).readFrom(in);
      }
    }
  }

  @Override
  public PullResult pull(int worker, int attempt, int table, Rows rows, int minClock, long timeoutMs) {
    float[] out = new float[rows.size() * table(table).values.columns()];   // tables are fixed at construction
    return new PullResult(out, pullInto(worker, attempt, table, new Block(rows, 0, out.length), minClock, timeoutMs,
        out));
  }

  @Override
  public int pullInto(int worker, int attempt, int table, Block block, int minClock, long timeoutMs, float[] into) {
    return read(worker, attempt, table, block.rows(), minClock, timeoutMs, count -> {
      if (count != block.count()) {
        throw ShardException.misshapen("shard " + index, block.count(), count);
      }
      return java.nio.FloatBuffer.wrap(into, block.from(), count);
    });
  }

  /**
   * Reads the rows, once every worker has committed {@code minClock} clocks, into the buffer
   * {@code into} gives for their number of values (a server passes one over its reply's bytes);
   * returns the clock they reflect.
   */
  public synchronized int read(int worker, int attempt, int table, Rows rows, int minClock, long timeoutMs,
                               java.util.function.IntFunction<java.nio.FloatBuffer> into) {
    checkAttempt(worker, attempt);
    ShardTable t = table(table);
    long count = (long) rows.size() * t.values.columns();
    if (count > io.spindle.ml.param.ArraySizes.MAX) {
      throw new ShardException(PsErrorCode.TOO_LARGE, "a pull of " + rows.size() + " rows of table " + table + " is "
          + count + " values, more than one reply holds; pull fewer rows at a time");
    }
    check(t, rows, (int) count);
    if (!awaitMinClock(worker, minClock, timeoutMs)) {
      throw new ShardException(PsErrorCode.TIMEOUT, "shard " + index + ": waited " + timeoutMs
          + " ms for every worker to commit " + minClock + " clocks; clocks are " + Arrays.toString(clocks));
    }
    t.values.read(rows, into.apply((int) count));
    return minClock();
  }

  /** Smallest number of clocks committed by any worker. */
  public synchronized int minClock() {
    int min = Integer.MAX_VALUE;
    for (int c : clocks) {
      min = Math.min(min, c);
    }
    return min;
  }

  /** Largest number of clocks committed by any worker. */
  public synchronized int maxClock() {
    return Arrays.stream(clocks).max().orElse(0);
  }

  /** Clocks committed by each worker (a copy). */
  public synchronized int[] clocks() {
    return clocks.clone();
  }

  private boolean awaitMinClock(int worker, int target, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (minClock() < target && !closed) {
      checkNotRolledBack(worker);
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
    checkSound();
    if (closed) {
      throw new ShardException(PsErrorCode.SHUTTING_DOWN, "shard " + index + " is shutting down");
    }
    checkNotRolledBack(worker);
    return true;
  }

  private void checkNotRolledBack(int worker) {
    if (rolledBack[worker]) {
      throw new ShardException(PsErrorCode.ROLLED_BACK, "shard " + index + " went back to clock " + clocks[worker]
          + "; worker " + worker + " must say hello again and resume from there");
    }
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

  private void checkSound() {
    if (broken != null) {
      throw new ShardException(PsErrorCode.SHUTTING_DOWN, "shard " + index + " failed: " + broken);
    }
  }

  private void checkAttempt(int worker, int attempt) {
    checkWorkerIndex(worker);
    checkSound();
    if (attempts[worker] < 0) {
      throw new ShardException(PsErrorCode.UNKNOWN_WORKER, "worker " + worker + " " + WorkerAttempt.describe(attempt)
          + " has not said hello to shard " + index);
    }
    if (attempt != attempts[worker]) {
      throw new ShardException(PsErrorCode.STALE_ATTEMPT, "worker " + worker + " " + WorkerAttempt.describe(attempt)
          + " is superseded by " + WorkerAttempt.describe(attempts[worker]));
    }
    checkNotRolledBack(worker);
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
