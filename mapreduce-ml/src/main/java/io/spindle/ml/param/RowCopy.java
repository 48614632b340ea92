package io.spindle.ml.param;

/**
 * Copies rows of {@code columns} floats between arrays by row number. In plain loops: rows are
 * short (often one float), and a call per row would cost more than the row.
 */
public final class RowCopy {
  private RowCopy() {}

  /** Row i of {@code to} (from index 0) gets row {@code rows[i]} of {@code from}, for i below {@code count}. */
  public static void gather(float[] from, int[] rows, int count, int columns, float[] to) {
    if (columns == 1) {   // the common case, as one loop the compiler unrolls
      for (int i = 0; i < count; i++) {
        to[i] = from[rows[i]];
      }
      return;
    }
    for (int i = 0, at = 0; i < count; i++) {
      for (int f = rows[i] * columns, end = f + columns; f < end; ) {
        to[at++] = from[f++];
      }
    }
  }

  /** Row {@code rows[i]} of {@code to} gets row i of {@code from} (from index 0), for i below {@code count}. */
  public static void scatter(float[] from, int[] rows, int count, int columns, float[] to) {
    if (columns == 1) {
      for (int i = 0; i < count; i++) {
        to[rows[i]] = from[i];
      }
      return;
    }
    for (int i = 0, at = 0; i < count; i++) {
      for (int t = rows[i] * columns, end = t + columns; t < end; ) {
        to[t++] = from[at++];
      }
    }
  }
}
