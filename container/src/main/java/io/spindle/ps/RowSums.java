package io.spindle.ps;

import io.spindle.ml.param.ArraySizes;
import io.spindle.ml.param.RowMarks;
import java.util.Arrays;

/**
 * Sums values by row number (rows of one sparse table), remembering the rows in the order they
 * first appear: a clock's pushes may name a key more than once, and an update rule must see one
 * sum per key and step. Starting a new sum costs nothing: a row's mark tells whether it belongs
 * to the current one ({@link RowMarks}). The sums take the room of the rows summed, not of the
 * table: a table's row costs one int here (where its sum is). Not thread-safe: the shard's lock
 * serialises access.
 */
final class RowSums {
  private final int columns;
  private final RowMarks marks = new RowMarks();
  private int[] place = new int[0];        // row -> its place in the current sum, where marked
  private float[] sums = new float[0];     // the place p's sum at p x columns
  private int[] order = new int[16];       // place -> row
  private int size;

  RowSums(int columns) {
    this.columns = columns;
  }

  /** Starts a new, empty sum over rows numbered below {@code rows}. */
  void start(int rows) {
    marks.start(rows);
    if (place.length < rows) {
      place = Arrays.copyOf(place, ArraySizes.grown(place.length, rows, "a sparse table's rows",
          ArraySizes.MORE_SERVERS));
    }
    size = 0;
  }

  /** Adds {@code values[from, from + columns)} to row {@code row}. */
  void add(int row, float[] values, int from) {
    if (marks.add(row)) {
      if (size == order.length) {
        order = Arrays.copyOf(order, ArraySizes.grown(order.length, size + 1L, "a clock's summed rows",
            ArraySizes.MORE_SERVERS));
      }
      long needed = (size + 1L) * columns;
      if (needed > sums.length) {
        sums = Arrays.copyOf(sums, ArraySizes.grown(sums.length, needed, "a clock's sums of " + (size + 1)
            + " rows", ArraySizes.MORE_SERVERS));
      }
      place[row] = size;
      order[size] = row;
      System.arraycopy(values, from, sums, size * columns, columns);
      size++;
    } else {
      int at = place[row] * columns;
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

  /** The sums, the {@code i}th row's at {@code i x columns}. */
  float[] values() {
    return sums;
  }
}
