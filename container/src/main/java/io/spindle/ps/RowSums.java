package io.spindle.ps;

import io.spindle.ml.param.ArraySizes;
import io.spindle.ml.param.RowMarks;
import java.util.Arrays;

/**
 * Sums values by row number (rows of one sparse table), remembering the rows in the order they
 * first appear: a clock's pushes may name a key more than once, and an update rule must see one
 * sum per key and step. Starting a new sum costs nothing: a row's mark tells whether it belongs
 * to the current one ({@link RowMarks}). Not thread-safe: the shard's lock serialises access.
 */
final class RowSums {
  private final int columns;
  private final RowMarks marks = new RowMarks();
  private float[] sums = new float[0];
  private int[] order = new int[16];
  private int size;

  RowSums(int columns) {
    this.columns = columns;
  }

  /** Starts a new, empty sum over rows numbered below {@code rows}. */
  void start(int rows) {
    marks.start(rows);
    long needed = (long) rows * columns;
    if (sums.length < needed) {
      sums = Arrays.copyOf(sums, ArraySizes.grown(sums.length, needed, "a clock's sums over " + rows + " rows",
          ArraySizes.MORE_SERVERS));
    }
    size = 0;
  }

  /** Adds {@code values[from, from + columns)} to row {@code row}. */
  void add(int row, float[] values, int from) {
    int at = row * columns;
    if (marks.add(row)) {
      System.arraycopy(values, from, sums, at, columns);
      if (size == order.length) {
        order = Arrays.copyOf(order, size * 2);
      }
      order[size++] = row;
    } else {
      for (int c = 0; c < columns; c++) {
        sums[at + c] += values[from + c];
      }
    }
  }

  /** Rows in the current sum. */
  int size() {
    return size;
  }

  /** The {@code i}th row of the current sum, in order of first appearance. */
  int row(int i) {
    return order[i];
  }

  /** The sums, row {@code r} at {@code r x columns}. */
  float[] values() {
    return sums;
  }
}
