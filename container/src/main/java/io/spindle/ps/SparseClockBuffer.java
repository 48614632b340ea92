package io.spindle.ps;

import io.spindle.ml.param.Rows;
import io.spindle.ml.param.SparseTable;
import io.spindle.ml.param.Table;
import java.nio.FloatBuffer;

/** A clock's sums per key of a sparse table: a zero-initialised table whose rule adds. */
final class SparseClockBuffer extends ClockBuffer {
  private final SparseTable sums;

  SparseClockBuffer(String table, int columns) {
    super(columns);
    this.sums = SparseTable.buffer(table, columns);
  }

  @Override
  void add(Rows rows, FloatBuffer update) {
    inChunks(update, update.position(), rows.size(), (first, count, values) -> {
      for (int i = 0; i < count; i++) {
        sums.applyRow(rows.key(first + i), values, i * columns, 0);
      }
    });
  }

  @Override
  void applyTo(Table target, long step) {
    sums.forEachRow((key, values, offset) -> target.applyRow(key, values, offset, step));
  }

  @Override
  void addTo(ClockBuffer sum) {
    applyTo(((SparseClockBuffer) sum).sums, 0);
  }

  @Override
  void clear() {
    sums.clear();
  }

  @Override
  boolean isEmpty() {
    return sums.isEmpty();
  }
}
