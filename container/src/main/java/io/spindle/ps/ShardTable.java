package io.spindle.ps;

import io.spindle.ml.param.DenseTable;
import io.spindle.ml.param.Initializer;
import io.spindle.ml.param.SparseTable;
import io.spindle.ml.param.Table;
import io.spindle.ml.param.UpdateRule;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;

/**
 * One table's part on one shard: the values, a buffer per worker for the clock it has not yet
 * committed, and (BSP) a buffer per worker for the clock committed but not yet applied.
 * Buffers are created on first use, so a table nobody pushes to costs only its values.
 *
 * <p>A checkpoint's image: when a worker commits a clock at or past the checkpoint clock before
 * every worker has reached it (SSP, ASYNC), the values as they were are copied aside first; the
 * image then takes the slower workers' clocks below the checkpoint clock and nothing else, so
 * the checkpoint holds exactly every worker's clocks below it while nobody waits for it.
 */
final class ShardTable {
  final TableSpec spec;
  final Table values;
  private final ClockBuffer[] pending;
  private final ClockBuffer[] committed;
  private final RowSums sums;
  private final long firstRow;
  private final int rowCount;
  private long steps;
  private Table image;
  private long imageSteps;

  ShardTable(TableSpec spec, Partitioner partitioner, int shard, int workers) {
    this.spec = spec;
    this.pending = new ClockBuffer[workers];
    this.committed = new ClockBuffer[workers];
    boolean dense = spec.getKind() == TableKind.DENSE;
    this.firstRow = dense ? partitioner.firstRow(spec, shard) : 0;
    this.rowCount = dense ? partitioner.rowCount(spec, shard) : 0;
    this.values = newValues();
    this.sums = new RowSums(spec.getColumns());
  }

  private Table newValues() {
    UpdateRule rule = UpdateRule.of(spec.getRule());
    Initializer init = new Initializer(spec.getInitStddev(), spec.getInitSeed());
    return spec.getKind() == TableKind.DENSE
        ? new DenseTable(spec.getName(), firstRow, rowCount, spec.getColumns(), rule, init)
        : new SparseTable(spec.getName(), spec.getColumns(), rule, init);
  }

  ClockBuffer pending(int worker) {
    if (pending[worker] == null) {
      pending[worker] = values instanceof SparseTable
          ? new SparseClockBuffer((SparseTable) values, sums)
          : new DenseClockBuffer(firstRow, rowCount, spec.getColumns());
    }
    return pending[worker];
  }

  /** Drops what a worker pushed for a clock it never committed. */
  void dropPending(int worker) {
    if (pending[worker] != null) {
      pending[worker].clear();
    }
  }

  /**
   * Applies the worker's pending clock now, as one step (SSP, ASYNC). A clock past the
   * checkpoint clock leaves the image out (opening it first); any other goes into both.
   */
  void applyPending(int worker, boolean pastCheckpoint) {
    if (pending[worker] != null && !pending[worker].isEmpty()) {
      apply(pending[worker], pastCheckpoint);
      pending[worker].clear();
    }
  }

  private void apply(ClockBuffer buffer, boolean pastCheckpoint) {
    if (pastCheckpoint && image == null) {
      image = copyOf(values);
      imageSteps = steps;
    } else if (!pastCheckpoint && image != null) {
      buffer.applyTo(image, ++imageSteps);
    }
    buffer.applyTo(values, ++steps);
  }

  /** The table's state for a checkpoint: the image when one is open, else the values. */
  void writeCheckpointTo(java.io.DataOutput out) throws java.io.IOException {
    out.writeLong(image != null ? imageSteps : steps);
    (image != null ? image : values).writeTo(out);
  }

  /** How many bytes {@link #writeCheckpointTo} writes now. */
  long checkpointBytes() {
    return Long.BYTES + (image != null ? image : values).writtenBytes();
  }

  /** The checkpoint was taken (or abandoned): no image until the next clock past the next one. */
  void closeImage() {
    image = null;
  }

  private Table copyOf(Table table) {
    try {
      SizedBytes bytes = new SizedBytes(table.writtenBytes());
      table.writeTo(new java.io.DataOutputStream(bytes));
      Table copy = newValues();
      copy.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
      return copy;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);   // in-memory streams do not fail
    }
  }

  /**
   * Parks the worker's pending clock until every worker has committed it (BSP). A worker that
   * pushed nothing to this table parks nothing: no buffer is made for a table it only reads.
   */
  void stagePending(int worker) {
    ClockBuffer staged = pending[worker];
    pending[worker] = committed[worker];
    committed[worker] = staged;
    if (pending[worker] != null) {
      pending[worker].clear();
    }
  }

  /** Reduces every worker's staged clock in worker order and applies the sum as one step (BSP). */
  void applyStaged() {
    ClockBuffer sum = null;
    for (ClockBuffer staged : committed) {
      if (staged == null || staged.isEmpty()) {
        continue;
      }
      if (sum == null) {
        sum = staged;   // reuse the first buffer as the accumulator
      } else {
        staged.addTo(sum);
        staged.clear();
      }
    }
    if (sum != null) {
      apply(sum, false);   // a barrier is never past the checkpoint clock
      sum.clear();
    }
  }

  /** Back to the initial state, every buffer dropped. */
  void reset() {
    values.clear();
    steps = 0;
    image = null;
    for (int w = 0; w < pending.length; w++) {
      dropPending(w);
      if (committed[w] != null) {
        committed[w].clear();
      }
    }
  }

  void readFrom(java.io.DataInput in) throws java.io.IOException {
    reset();
    steps = in.readLong();
    values.readFrom(in);
  }
}
