package io.spindle.ml.param;

/**
 * Rows {@code [firstRow, firstRow + rowCount)} of a dense table held in one array. A shard holds
 * its range of each dense table this way; a whole table is the range starting at 0.
 */
public final class DenseTable implements Table {
  private final String name;
  private final long firstRow;
  private final int rowCount;
  private final int columns;
  private final UpdateRule rule;
  private final Initializer init;
  private final float[] values;
  private final float[][] state;
  // Rows touched since clear(), so buffers visit only what was written.
  private final RowRuns touched = new RowRuns();
  // Rows that may differ from their initial values, so clear() resets only those: a store's
  // per-clock buffer is cleared every clock, and most clocks touch a small part of it.
  private long dirtyLo = Long.MAX_VALUE;
  private long dirtyHi = Long.MIN_VALUE;

  public DenseTable(String name, long firstRow, int rowCount, int columns, UpdateRule rule, Initializer init) {
    long size = (long) rowCount * columns;
    if (size > ArraySizes.MAX) {
      throw new IllegalArgumentException("table '" + name + "' range of " + rowCount + " x " + columns
          + " floats does not fit one shard's array; use more servers (--servers)");
    }
    this.name = name;
    this.firstRow = firstRow;
    this.rowCount = rowCount;
    this.columns = columns;
    this.rule = rule;
    this.init = init;
    this.values = new float[(int) size];
    this.state = new float[rule.stateSlots()][(int) size];
    initialise();
  }

  /** A zeroed accumulator of the same shape: updates add. */
  public static DenseTable buffer(String name, long firstRow, int rowCount, int columns) {
    return new DenseTable(name, firstRow, rowCount, columns, UpdateRule.add(), Initializer.zeros());
  }

  private void initialise() {
    initialise(0, rowCount);
  }

  /** Rows [from, to) (shard-relative) to their initial values, their rule state to zero. */
  private void initialise(int from, int to) {
    java.util.Arrays.fill(values, from * columns, to * columns, 0f);
    for (float[] s : state) {
      java.util.Arrays.fill(s, from * columns, to * columns, 0f);
    }
    if (init.isZero()) {
      return;
    }
    for (int r = from; r < to; r++) {
      for (int c = 0; c < columns; c++) {
        values[r * columns + c] = init.value(firstRow + r, c);
      }
    }
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public void check(Rows rows, int valueCount) {
    if (valueCount != (long) rows.size() * columns) {
      throw new IllegalArgumentException("table '" + name + "': " + rows.size() + " rows of " + columns
          + " columns need " + (long) rows.size() * columns + " values, got " + valueCount);
    }
    if (rows.isRange()) {
      if (rows.size() > 0) {
        checkKey(rows.start());
        checkKey(rows.start() + rows.size() - 1);
      }
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      checkKey(rows.key(i));
    }
  }

  private void checkKey(long key) {
    if (key < firstRow || key >= firstRow + rowCount) {
      throw new IndexOutOfBoundsException("table '" + name + "': row " + key + " is outside rows ["
          + firstRow + ", " + (firstRow + rowCount) + ") held here");
    }
  }

  @Override
  public void read(Rows rows, java.nio.FloatBuffer out) {
    if (rows.isRange()) {
      out.put(values, offset(rows.start()), rows.size() * columns);
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      out.put(values, offset(rows.key(i)), columns);
    }
  }

  @Override
  public void apply(Rows rows, float[] update, int from, long step) {
    if (rows.isRange()) {
      if (rows.size() > 0) {
        rule.apply(values, state, offset(rows.start()), update, from, rows.size() * columns, step);
        touch(rows.start(), rows.start() + rows.size() - 1);
      }
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      applyRow(rows.key(i), update, from + i * columns, step);
    }
  }

  @Override
  public void applyRow(long key, float[] update, int from, long step) {
    rule.apply(values, state, offset(key), update, from, columns, step);
    touch(key, key);
  }

  private void touch(long lo, long hi) {
    touched.add((int) (lo - firstRow), (int) (hi - lo + 1));
    dirtyLo = Math.min(dirtyLo, lo);
    dirtyHi = Math.max(dirtyHi, hi);
  }

  private int offset(long key) {
    return (int) (key - firstRow) * columns;
  }

  @Override
  public void forEachRow(RowVisitor visitor) {
    if (isEmpty()) {
      visitRows(0, rowCount, visitor);
    } else {
      touched.forEachRun((from, count) -> visitRows(from, count, visitor));
    }
  }

  private void visitRows(int from, int count, RowVisitor visitor) {
    for (int row = from; row < from + count; row++) {
      visitor.visit(firstRow + row, values, row * columns);
    }
  }

  @Override
  public void clear() {
    if (dirtyLo <= dirtyHi) {
      initialise((int) (dirtyLo - firstRow), (int) (dirtyHi - firstRow + 1));
    }
    touched.clear();
    dirtyLo = Long.MAX_VALUE;
    dirtyHi = Long.MIN_VALUE;
  }

  @Override
  public boolean isEmpty() {
    return touched.isEmpty();
  }

  @Override
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    out.writeLong(firstRow);
    out.writeInt(rowCount);
    out.writeInt(columns);
    out.writeInt(state.length);
    Floats.write(out, values, values.length);
    for (float[] s : state) {
      Floats.write(out, s, s.length);
    }
  }

  @Override
  public long writtenBytes() {
    return Long.BYTES + 3 * Integer.BYTES + (1L + state.length) * values.length * Float.BYTES;
  }

  @Override
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    long first = in.readLong();
    int rows = in.readInt();
    int cols = in.readInt();
    int slots = in.readInt();
    if (first != firstRow || rows != rowCount || cols != columns || slots != state.length) {
      throw new java.io.IOException("table '" + name + "': the checkpoint holds rows [" + first + ", " + (first + rows)
          + ") x " + cols + " with " + slots + " state slots, this shard rows [" + firstRow + ", "
          + (firstRow + rowCount) + ") x " + columns + " with " + state.length);
    }
    Floats.read(in, values, values.length);
    for (float[] s : state) {
      Floats.read(in, s, s.length);
    }
    touched.clear();
    dirtyLo = firstRow;
    dirtyHi = firstRow + rowCount - 1;
  }

  /** The backing array (row-major); for checkpoints and fast whole-table reads. */
  public float[] values() {
    return values;
  }

  /** Rule state arrays parallel to {@link #values()}. */
  public float[][] state() {
    return state;
  }
}
