package io.spindle.ml.param;

/** Lengths of arrays that grow with a table: doubling, within what one Java array can hold. */
public final class ArraySizes {
  /** The most elements the JVM allocates in one array. */
  public static final int MAX = Integer.MAX_VALUE - 8;

  private ArraySizes() {}

  /**
   * At least {@code needed} and about twice {@code current}, at most {@link #MAX}; more than that
   * is refused, naming {@code what} and the remedy (doubling in int arithmetic would overflow).
   */
  public static int grown(int current, long needed, String what) {
    if (needed > MAX) {
      throw new IllegalStateException(what + " would need " + needed + " floats in one array, more than a Java"
          + " array holds (" + MAX + "): spread the table over more servers (--servers)");
    }
    return (int) Math.min(MAX, Math.max(needed, 2L * current));
  }
}
