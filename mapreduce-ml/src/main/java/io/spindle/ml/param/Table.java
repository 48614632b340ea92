package io.spindle.ml.param;

/**
 * Float parameters addressed by 64-bit row keys, each row {@link #columns()} wide, updated by one
 * {@link UpdateRule}. Not thread-safe: the owner (a shard, a store) serialises access.
 */
public interface Table {

  /** Visits rows that hold data: (key, array, offset of the row's first value). */
  interface RowVisitor {
    void visit(long key, float[] values, int offset);
  }

  int columns();

  /**
   * Throws {@link IllegalArgumentException} (shape) or {@link IndexOutOfBoundsException} (key)
   * unless {@code rows} and {@code values} fit this table. Callers validate before applying, so
   * that a bad update is rejected whole and never half-applied.
   */
  void check(Rows rows, int valueCount);

  /**
   * Puts the rows into {@code out} at its position (rows x columns, row-major). A buffer over
   * bytes lets a shard write a reply's tensor without an intermediate array.
   */
  void read(Rows rows, java.nio.FloatBuffer out);

  /** Copies the rows into {@code out} from index {@code at}. */
  default void read(Rows rows, float[] out, int at) {
    read(rows, java.nio.FloatBuffer.wrap(out, at, out.length - at));
  }

  /**
   * Applies {@code update[from, from + rows x columns)} through the table's rule as part of step
   * {@code step}.
   */
  void apply(Rows rows, float[] update, int from, long step);

  /** Applies one row's update; {@code update[from, from + columns)}. */
  void applyRow(long key, float[] update, int from, long step);

  /**
   * Every row that holds data, in ascending key order for dense tables: a dense table's rows
   * updated since {@link #clear()}, or all of them when none were.
   */
  void forEachRow(RowVisitor visitor);

  /** Back to the initial state (zeros and no rows for buffers). */
  void clear();

  /** True when no update has touched it since creation or {@link #clear()}. */
  boolean isEmpty();

  /** Writes values and update-rule state (a checkpoint). */
  void writeTo(java.io.DataOutput out) throws java.io.IOException;

  /** How many bytes {@link #writeTo} writes now. */
  long writtenBytes();

  /** Replaces values and state with what {@link #writeTo} wrote for a table of the same shape. */
  void readFrom(java.io.DataInput in) throws java.io.IOException;
}
