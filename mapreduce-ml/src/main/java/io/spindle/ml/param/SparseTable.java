package io.spindle.ml.param;

import java.util.HashMap;
import java.util.Map;

/** Rows keyed by arbitrary 64-bit keys (hashed features), created on first touch. */
public final class SparseTable implements Table {
  private final String name;
  private final int columns;
  private final UpdateRule rule;
  private final Initializer init;
  private final Map<Long, Row> rows = new HashMap<>();

  private static final class Row {
    final float[] values;
    final float[][] state;

    Row(int columns, int slots) {
      values = new float[columns];
      state = new float[slots][columns];
    }
  }

  public SparseTable(String name, int columns, UpdateRule rule, Initializer init) {
    this.name = name;
    this.columns = columns;
    this.rule = rule;
    this.init = init;
  }

  public static SparseTable buffer(String name, int columns) {
    return new SparseTable(name, columns, UpdateRule.add(), Initializer.zeros());
  }

  @Override
  public int columns() {
    return columns;
  }

  public int size() {
    return rows.size();
  }

  @Override
  public void check(Rows selection, int valueCount) {
    if (valueCount != (long) selection.size() * columns) {
      throw new IllegalArgumentException("table '" + name + "': " + selection.size() + " keys of " + columns
          + " columns need " + (long) selection.size() * columns + " values, got " + valueCount);
    }
  }

  @Override
  public void read(Rows selection, float[] out) {
    for (int i = 0; i < selection.size(); i++) {
      long key = selection.key(i);
      Row row = rows.get(key);
      if (row != null) {
        System.arraycopy(row.values, 0, out, i * columns, columns);
      } else {
        for (int c = 0; c < columns; c++) {
          out[i * columns + c] = init.value(key, c);
        }
      }
    }
  }

  @Override
  public void apply(Rows selection, float[] update, long step) {
    for (int i = 0; i < selection.size(); i++) {
      applyRow(selection.key(i), update, i * columns, step);
    }
  }

  @Override
  public void applyRow(long key, float[] update, int from, long step) {
    Row row = rows.computeIfAbsent(key, this::newRow);
    rule.apply(row.values, row.state, 0, update, from, columns, step);
  }

  private Row newRow(long key) {
    Row row = new Row(columns, rule.stateSlots());
    for (int c = 0; c < columns; c++) {
      row.values[c] = init.value(key, c);
    }
    return row;
  }

  @Override
  public void forEachRow(RowVisitor visitor) {
    // Sorted so that reductions over several buffers add in a fixed order.
    rows.keySet().stream().sorted().forEach(key -> visitor.visit(key, rows.get(key).values, 0));
  }

  @Override
  public void clear() {
    rows.clear();
  }

  @Override
  public boolean isEmpty() {
    return rows.isEmpty();
  }
}
