package io.spindle.ps;

import io.spindle.ml.param.ArraySizes;
import io.spindle.ml.param.Rows;
import io.spindle.ml.param.SparseTable;
import io.spindle.ml.param.Table;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A clock's pushes to a sparse table's part, kept as sent: each row of values beside the number
 * of its key's row in the shard's table, found at the push (or earlier: see
 * {@link SparseTable#rowNumbers}). Applying sums repeated keys first and then updates the
 * table's rows by number, so a key costs at most one hash lookup between push and commit instead
 * of two (a buffer's and the table's); hash lookups are what a sparse shard spends its time on.
 * A clock of one push without repeated keys, the common case, is applied as it is. The cost: the
 * buffer grows with what a clock pushes, not with its distinct keys. A key pushed and never
 * committed leaves its row at its initial value, as if never pushed.
 */
final class SparseClockBuffer implements ClockBuffer {
  private final SparseTable table;
  private final RowSums sums;
  private final int columns;
  private int[] rows = new int[16];
  private float[] values;
  private int count;
  private boolean distinct = true;   // no row twice: applied without summing per row first

  /** @param sums scratch shared by the buffers of the same table part */
  SparseClockBuffer(SparseTable table, RowSums sums) {
    this.table = table;
    this.sums = sums;
    this.columns = table.columns();
    this.values = new float[rows.length * columns];
  }

  @Override
  public void add(Rows keys, FloatBuffer update) {
    int n = keys.size();
    ensure((long) count + n);
    update.get(update.position(), values, count * columns, n * columns);
    SparseTable.RowNumbers resolved = table.rowNumbers(keys);
    System.arraycopy(resolved.rows(), 0, rows, count, n);
    distinct = count == 0 && resolved.distinct();   // rows of two pushes may meet
    count += n;
  }

  /**
   * Room for {@code capacity} rows. Both arrays are grown before either is replaced, so a refusal
   * (more than an array holds) leaves the buffer as it was, and the shard serving.
   */
  private void ensure(long capacity) {
    if (capacity > rows.length) {
      String what = "a clock's pushes to a sparse table (" + capacity + " rows of " + columns + " values)";
      int grownRows = ArraySizes.grown(rows.length, capacity, what, ArraySizes.MORE_SERVERS);
      float[] grownValues = Arrays.copyOf(values,
          ArraySizes.grown(values.length, (long) grownRows * columns, what, ArraySizes.MORE_SERVERS));
      rows = Arrays.copyOf(rows, grownRows);
      values = grownValues;
    }
  }

  @Override
  public void applyTo(Table target, long step) {
    if (count == 0) {
      return;
    }
    if (distinct && target == table) {
      table.applyRows(rows, count, values, step);
      return;
    }
    sums.start(table.size());
    for (int i = 0; i < count; i++) {
      sums.add(rows[i], values, i * columns);
    }
    float[] summed = sums.values();
    boolean byRowNumber = target == table;   // else a checkpoint's image: rows are found by key
    for (int i = 0; i < sums.size(); i++) {
      int row = sums.row(i);
      if (byRowNumber) {
        table.applyRowAt(row, summed, i * columns, step);
      } else {
        target.applyRow(table.keyAt(row), summed, i * columns, step);
      }
    }
  }

  @Override
  public void addTo(ClockBuffer sum) {
    SparseClockBuffer into = (SparseClockBuffer) sum;
    into.ensure((long) into.count + count);
    System.arraycopy(rows, 0, into.rows, into.count, count);
    System.arraycopy(values, 0, into.values, into.count * columns, count * columns);
    into.distinct = into.count == 0 && distinct;
    into.count += count;
  }

  @Override
  public void clear() {
    count = 0;
    distinct = true;
  }

  @Override
  public boolean isEmpty() {
    return count == 0;
  }
}
