package io.spindle.ml.param;

import java.util.Arrays;

/**
 * A set of row numbers that is emptied for free: each row keeps the number of the set it last
 * joined, so starting a new set is one increment, not a pass over every row. For per-clock work
 * over a table's rows. Not thread-safe.
 */
public final class RowMarks {
  private int[] mark = new int[0];
  private int current;

  /** Starts a new, empty set over rows numbered below {@code rows}. */
  public void start(int rows) {
    if (mark.length < rows) {
      mark = Arrays.copyOf(mark, Math.max(rows, mark.length * 2));
    }
    if (++current == 0) {   // wrapped after 2^32 sets: old marks could collide
      Arrays.fill(mark, 0);
      current = 1;
    }
  }

  /** Adds the row to the current set; false when it was in it already. */
  public boolean add(int row) {
    if (mark[row] == current) {
      return false;
    }
    mark[row] = current;
    return true;
  }
}
