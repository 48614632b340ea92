package io.spindle.ml.param;

/** Lengths of arrays that grow with a table: doubling, within what one Java array can hold. */
public final class ArraySizes {
  /** The most elements the JVM allocates in one array. */
  public static final int MAX = Integer.MAX_VALUE - 8;
  /** The remedy where a shard outgrows an array. */
  public static final String MORE_SERVERS = "spread the tables over more servers (--servers)";
  /** The remedy where a worker's part of the data outgrows an array. */
  public static final String MORE_WORKERS = "spread the data over more workers (--workers)";

  private ArraySizes() {}

  /**
   * At least {@code needed} and about twice {@code current}, at most {@link #MAX}; more than that
   * is refused, naming {@code what} and {@code remedy} (doubling in int arithmetic would overflow).
   */
  public static int grown(int current, long needed, String what, String remedy) {
    if (needed > MAX) {
      throw new IllegalStateException(what + " would need " + needed + " elements in one array, more than a Java"
          + " array holds (" + MAX + "): " + remedy);
    }
    return (int) Math.min(MAX, Math.max(needed, 2L * current));
  }
}
