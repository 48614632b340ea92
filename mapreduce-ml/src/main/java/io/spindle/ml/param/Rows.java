package io.spindle.ml.param;

import java.util.Arrays;

/**
 * A selection of rows of a table: either a contiguous range (dense tables, cheap on the wire) or
 * explicit 64-bit keys (sparse tables, or scattered dense rows).
 */
public final class Rows {
  private final long[] keys;   // null for a range
  private final long start;
  private final int count;
  /**
   * The row numbers a sparse table last resolved these keys to ({@link SparseTable#rowNumbers}),
   * so that a selection read and then pushed, or named again by a worker, is hashed once. An
   * immutable value with final fields: threads see either none or a whole one.
   */
  SparseTable.RowNumbers resolution;

  private Rows(long[] keys, long start, int count) {
    this.keys = keys;
    this.start = start;
    this.count = count;
  }

  public static Rows range(long start, int count) {
    if (count < 0 || start < 0) {
      throw new IllegalArgumentException("bad row range start=" + start + " count=" + count);
    }
    return new Rows(null, start, count);
  }

  /**
   * A selection of these keys, in this order. The array is not copied, and must not change
   * afterwards: what is found from a selection (its rows' numbers, its parts per shard) is
   * remembered on it, or beside it, for when it is met again.
   */
  public static Rows keys(long... keys) {
    return new Rows(keys, 0, keys.length);
  }

  public boolean isRange() {
    return keys == null;
  }

  public int size() {
    return count;
  }

  public long key(int i) {
    return keys == null ? start + i : keys[i];
  }

  /** First row of a range. */
  public long start() {
    return start;
  }

  /** The keys of a key selection (not copied); null for a range. */
  public long[] keyArray() {
    return keys;
  }

  @Override
  public String toString() {
    return keys == null ? "rows[" + start + ", " + (start + count) + ")" : "keys" + Arrays.toString(keys);
  }
}
