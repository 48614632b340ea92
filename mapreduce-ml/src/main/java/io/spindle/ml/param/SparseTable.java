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
  private int numbering;   // changes whenever rows are renumbered: resolutions from before are void
  private final RowMarks marks = new RowMarks();
  private float[] gathered = new float[0];

  /** The row numbers of a selection's keys, valid while the table keeps its numbering. */
  public static final class RowNumbers {
    private final SparseTable table;
    private final int numbering;
    private final int[] rows;
    private final boolean distinct;

    RowNumbers(SparseTable table, int numbering, int[] rows, boolean distinct) {
      this.table = table;
      this.numbering = numbering;
      this.rows = rows;
      this.distinct = distinct;
    }

    /** Row i is the number of key i's row. */
    public int[] rows() {
      return rows;
    }

    /** Whether no row repeats: an update to them needs no summing per row first. */
    public boolean distinct() {
      return distinct;
    }
  }

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

  /** Keys whose index slots are read ahead together ({@link LongIndex#touch}). */
  private static final int TOUCH_BLOCK = 32;

  /** Rows at least this long are put into a reply one by one; shorter ones are gathered first. */
  private static final int BULK_PUT_COLUMNS = 16;

  /**
   * Reads the keys' rows. A key read gets its row (at its initial value): a trainer pushes to the
   * keys it read, and the push then finds them resolved (see {@link #rowNumbers}).
   */
  @Override
  public void read(Rows selection, java.nio.FloatBuffer out) {
    int[] rows = rowNumbers(selection).rows();
    if (columns >= BULK_PUT_COLUMNS) {
      for (int row : rows) {
        out.put(values, row * columns, columns);
      }
      return;
    }
    // Short rows are gathered first: a put into a direct buffer costs more per call than a float.
    int count = rows.length * columns;
    if (gathered.length < count) {
      gathered = new float[count];
    }
    RowCopy.gather(values, rows, rows.length, columns, gathered);
    out.put(gathered, 0, count);
  }

  /**
   * The row number of each key of {@code keys}, creating rows on first touch. Remembered on the
   * selection: the same {@link Rows} met again (a pull's keys pushed to, a worker's key set
   * named again) costs no hash lookups, which are what a sparse table spends its time on.
   */
  public RowNumbers rowNumbers(Rows keys) {
    RowNumbers known = keys.resolution;
    if (known != null && known.table == this && known.numbering == numbering) {
      return known;
    }
    int[] rows = new int[keys.size()];
    for (int from = 0; from < rows.length; from += TOUCH_BLOCK) {
      int to = Math.min(rows.length, from + TOUCH_BLOCK);
      index.touch(keys, from, to);
      for (int i = from; i < to; i++) {
        rows[i] = rowOf(keys.key(i));
      }
    }
    marks.start(index.size());
    boolean distinct = true;
    for (int i = 0; i < rows.length && distinct; i++) {
      distinct = marks.add(rows[i]);
    }
    RowNumbers resolved = new RowNumbers(this, numbering, rows, distinct);
    keys.resolution = resolved;
    return resolved;
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
    long end = (long) (before + 1) * columns;
    if (end > values.length && index.get(key) < 0) {
      // grown before the key joins the index: a row refused for size leaves no key without values
      int capacity = ArraySizes.grown(values.length, end, "table '" + name + "' with " + (before + 1) + " rows here",
          ArraySizes.MORE_SERVERS);
      values = Arrays.copyOf(values, capacity);
      for (int s = 0; s < state.length; s++) {
        state[s] = Arrays.copyOf(state[s], capacity);
      }
    }
    int row = index.getOrAdd(key);
    if (row == before) {
      int offset = row * columns;
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

  /**
   * Applies one update to each of {@code rows[0, count)} (distinct row numbers), row i's from
   * {@code update[i x columns, (i + 1) x columns)}.
   */
  public void applyRows(int[] rows, int count, float[] update, long step) {
    rule.applyRows(values, state, rows, count, update, columns, step);
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
    numbering++;
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
  public long writtenBytes() {
    long rows = index.size();
    return 3 * Integer.BYTES + rows * Long.BYTES + (1L + state.length) * rows * columns * Float.BYTES;
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
    clear();
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
