package io.spindle.ml.param;

import java.util.Arrays;

/**
 * Rows keyed by arbitrary 64-bit keys (hashed features), created on first touch. Rows live
 * contiguously in one array (row i at i x columns) behind a primitive key index.
 */
public final class SparseTable implements Table {
  private final String name;
  private final int columns;
  private final UpdateRule rule;
  private final Initializer init;
  private final LongIndex index = new LongIndex(1024);
  private float[] values;
  private float[][] state;

  public SparseTable(String name, int columns, UpdateRule rule, Initializer init) {
    this.name = name;
    this.columns = columns;
    this.rule = rule;
    this.init = init;
    this.values = new float[1024 * columns];
    this.state = new float[rule.stateSlots()][values.length];
  }

  public static SparseTable buffer(String name, int columns) {
    return new SparseTable(name, columns, UpdateRule.add(), Initializer.zeros());
  }

  @Override
  public int columns() {
    return columns;
  }

  public int size() {
    return index.size();
  }

  @Override
  public void check(Rows selection, int valueCount) {
    if (valueCount != (long) selection.size() * columns) {
      throw new IllegalArgumentException("table '" + name + "': " + selection.size() + " keys of " + columns
          + " columns need " + (long) selection.size() * columns + " values, got " + valueCount);
    }
  }

  /** Rows this short are put value by value: a bulk put into a direct buffer costs more per call than it saves. */
  private static final int BULK_PUT_COLUMNS = 16;

  @Override
  public void read(Rows selection, java.nio.FloatBuffer out) {
    for (int i = 0; i < selection.size(); i++) {
      long key = selection.key(i);
      int row = index.get(key);
      if (row >= 0 && columns >= BULK_PUT_COLUMNS) {
        out.put(values, row * columns, columns);
      } else if (row >= 0) {
        for (int c = row * columns, end = c + columns; c < end; c++) {
          out.put(values[c]);
        }
      } else {
        for (int c = 0; c < columns; c++) {
          out.put(init.value(key, c));
        }
      }
    }
  }

  @Override
  public void apply(Rows selection, float[] update, int from, long step) {
    for (int i = 0; i < selection.size(); i++) {
      applyRow(selection.key(i), update, from + i * columns, step);
    }
  }

  @Override
  public void applyRow(long key, float[] update, int from, long step) {
    applyRowAt(rowOf(key), update, from, step);
  }

  /**
   * The key's row number, creating (and initialising) the row on first touch. Rows are numbered
   * 0, 1, 2, ... as created and keep their numbers until {@link #clear()} or {@link #readFrom}:
   * a caller that meets a key many times resolves it once.
   */
  public int rowOf(long key) {
    int before = index.size();
    int row = index.getOrAdd(key);
    int offset = row * columns;
    if (row == before) {
      if (offset + columns > values.length) {
        int capacity = Math.max(values.length * 2, offset + columns);
        values = Arrays.copyOf(values, capacity);
        for (int s = 0; s < state.length; s++) {
          state[s] = Arrays.copyOf(state[s], capacity);
        }
      }
      for (int c = 0; c < columns; c++) {
        values[offset + c] = init.value(key, c);
        for (float[] s : state) {
          s[offset + c] = 0f;
        }
      }
    }
    return row;
  }

  /** Applies one row's update to row number {@code row} (from {@link #rowOf}). */
  public void applyRowAt(int row, float[] update, int from, long step) {
    rule.apply(values, state, row * columns, update, from, columns, step);
  }

  /** The key of row number {@code row}. */
  public long keyAt(int row) {
    return index.keyAt(row);
  }

  /**
   * Visits rows in the order they were created. Order does not matter to a reduction: each key
   * is summed on its own, and the order across buffers (workers) is the caller's.
   */
  @Override
  public void forEachRow(RowVisitor visitor) {
    for (int row = 0; row < index.size(); row++) {
      visitor.visit(index.keyAt(row), values, row * columns);
    }
  }

  @Override
  public void clear() {
    index.clear();
  }

  @Override
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    int rows = index.size();
    out.writeInt(columns);
    out.writeInt(state.length);
    out.writeInt(rows);
    for (int row = 0; row < rows; row++) {
      out.writeLong(index.keyAt(row));
    }
    Floats.write(out, values, rows * columns);
    for (float[] s : state) {
      Floats.write(out, s, rows * columns);
    }
  }

  @Override
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    int cols = in.readInt();
    int slots = in.readInt();
    if (cols != columns || slots != state.length) {
      throw new java.io.IOException("table '" + name + "': the checkpoint holds " + cols + " columns with " + slots
          + " state slots, this table " + columns + " with " + state.length);
    }
    int rows = in.readInt();
    index.clear();
    for (int row = 0; row < rows; row++) {
      index.getOrAdd(in.readLong());
    }
    int size = Math.max(1024, rows) * columns;
    values = new float[size];
    Floats.read(in, values, rows * columns);
    for (int s = 0; s < state.length; s++) {
      state[s] = new float[size];
      Floats.read(in, state[s], rows * columns);
    }
  }

  @Override
  public boolean isEmpty() {
    return index.size() == 0;
  }
}
