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
 */
final class ShardTable {
  final TableSpec spec;
  final Table values;
  private final Table[] pending;
  private final Table[] committed;
  private final long firstRow;
  private final int rowCount;
  private long steps;

  ShardTable(TableSpec spec, Partitioner partitioner, int shard, int workers) {
    this.spec = spec;
    this.pending = new Table[workers];
    this.committed = new Table[workers];
    UpdateRule rule = UpdateRule.of(spec.getRule());
    Initializer init = new Initializer(spec.getInitStddev(), spec.getInitSeed());
    if (spec.getKind() == TableKind.DENSE) {
      firstRow = partitioner.firstRow(spec, shard);
      rowCount = partitioner.rowCount(spec, shard);
      values = new DenseTable(spec.getName(), firstRow, rowCount, spec.getColumns(), rule, init);
    } else {
      firstRow = 0;
      rowCount = 0;
      values = new SparseTable(spec.getName(), spec.getColumns(), rule, init);
    }
  }

  private Table newBuffer() {
    return spec.getKind() == TableKind.DENSE
        ? DenseTable.buffer(spec.getName(), firstRow, rowCount, spec.getColumns())
        : SparseTable.buffer(spec.getName(), spec.getColumns());
  }

  Table pending(int worker) {
    if (pending[worker] == null) {
      pending[worker] = newBuffer();
    }
    return pending[worker];
  }

  /** Drops what a worker pushed for a clock it never committed. */
  void dropPending(int worker) {
    if (pending[worker] != null) {
      pending[worker].clear();
    }
  }

  /** Applies the worker's pending clock now, as one step (SSP, ASYNC). */
  void applyPending(int worker) {
    if (pending[worker] != null && !pending[worker].isEmpty()) {
      applyBuffer(values, pending[worker], ++steps);
      pending[worker].clear();
    }
  }

  /** Parks the worker's pending clock until every worker has committed it (BSP). */
  void stagePending(int worker) {
    Table staged = pending(worker);
    pending[worker] = committed[worker];
    committed[worker] = staged;
    if (pending[worker] != null) {
      pending[worker].clear();
    }
  }

  /** Reduces every worker's staged clock in worker order and applies the sum as one step (BSP). */
  void applyStaged() {
    Table sum = null;
    for (Table staged : committed) {
      if (staged == null || staged.isEmpty()) {
        continue;
      }
      if (sum == null) {
        sum = staged;   // reuse the first buffer as the accumulator
      } else {
        applyBuffer(sum, staged, 0);
        staged.clear();
      }
    }
    if (sum != null) {
      applyBuffer(values, sum, ++steps);
      sum.clear();
    }
  }

  /** Back to the initial state, every buffer dropped. */
  void reset() {
    values.clear();
    steps = 0;
    for (int w = 0; w < pending.length; w++) {
      dropPending(w);
      if (committed[w] != null) {
        committed[w].clear();
      }
    }
  }

  void writeTo(java.io.DataOutput out) throws java.io.IOException {
    out.writeLong(steps);
    values.writeTo(out);
  }

  void readFrom(java.io.DataInput in) throws java.io.IOException {
    reset();
    steps = in.readLong();
    values.readFrom(in);
  }

  private static void applyBuffer(Table target, Table buffer, long step) {
    if (target instanceof DenseTable && buffer instanceof DenseTable) {
      ((DenseTable) target).applyRange((DenseTable) buffer, step);
    } else {
      buffer.forEachRow((key, vals, offset) -> target.applyRow(key, vals, offset, step));
    }
  }
}
