package io.spindle.ml.param;

import java.util.Arrays;

/**
 * A selection of rows of a table: either a contiguous range (dense tables, cheap on the wire) or
 * explicit 64-bit keys (sparse tables, or scattered dense rows).
 */
public final class Rows {
  private static final int SHOWN_KEYS = 8;

  private final long[] keys;   // null for a range
  private final long start;
  private final int count;
  /**
   * The row numbers a sparse table last resolved these keys to ({@link SparseTable#rowNumbers}),
   * so that a selection read and then pushed, or named again by a worker, is hashed once. An
   * immutable value with final fields: threads see either none or a whole one.
   */
  SparseTable.RowNumbers resolution;
  /** {@link #signature()} once computed; 0 until then (a signature of 0 is merely computed again). */
  private volatile long signature;

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

  /**
   * The keys' {@link KeyHash#signature}, computed once per selection: a selection is named by it
   * wherever it was met before (the parts a client split it into, the key sets a shard holds).
   */
  public long signature() {
    if (keys == null) {
      throw new IllegalStateException("a range of rows has no key signature: " + this);
    }
    long known = signature;
    if (known == 0) {
      known = KeyHash.signature(keys);
      signature = known;
    }
    return known;
  }

  /** First row of a range. */
  public long start() {
    return start;
  }

  /** The keys of a key selection (not copied); null for a range. */
  public long[] keyArray() {
    return keys;
  }

  /** The range, or the first keys and how many there are (selections run to millions of keys). */
  @Override
  public String toString() {
    if (keys == null) {
      return "rows[" + start + ", " + (start + count) + ")";
    }
    if (keys.length <= SHOWN_KEYS) {
      return "keys" + Arrays.toString(keys);
    }
    String first = Arrays.toString(Arrays.copyOf(keys, SHOWN_KEYS));
    return "keys" + first.substring(0, first.length() - 1) + ", ... (" + keys.length + " keys)]";
  }
}
