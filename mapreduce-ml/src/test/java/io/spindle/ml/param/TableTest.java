package io.spindle.ml.param;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TableTest {

  /**
   * Many random keys (far past the initial capacity) against a HashMap reference, for rows read
   * value by value (3 columns) and in bulk (20 columns), one key at a time and all at once.
   */
  @Test
  void sparseTableMatchesAMapReferenceThroughGrowth() {
    for (int columns : new int[] {3, 20}) {
      SparseTable table = new SparseTable("t", columns, UpdateRule.add(), Initializer.zeros());
      Map<Long, float[]> reference = new java.util.LinkedHashMap<>();
      Random random = new Random(3);
      for (int i = 0; i < 50_000; i++) {
        long key = random.nextInt(20_000) * 0x9E3779B97F4A7C15L;   // repeats, negatives, any bits
        float[] update = new float[columns];
        for (int c = 0; c < columns; c++) {
          update[c] = random.nextFloat();
        }
        table.apply(Rows.keys(key), update, 0, 1);
        float[] row = reference.computeIfAbsent(key, k -> new float[columns]);
        for (int c = 0; c < columns; c++) {
          row[c] += update[c];
        }
      }
      assertEquals(reference.size(), table.size());
      for (Map.Entry<Long, float[]> e : reference.entrySet()) {
        float[] out = new float[columns];
        table.read(Rows.keys(e.getKey()), out, 0);
        assertArrayEquals(e.getValue(), out);
      }
      long[] all = reference.keySet().stream().mapToLong(Long::longValue).toArray();
      float[] expected = new float[all.length * columns];
      int at = 0;
      for (float[] row : reference.values()) {
        System.arraycopy(row, 0, expected, at, columns);
        at += columns;
      }
      float[] read = new float[expected.length];
      table.read(Rows.keys(all), read, 0);
      assertArrayEquals(expected, read);
      Map<Long, float[]> visited = new HashMap<>();
      table.forEachRow((key, values, offset) -> visited.put(key, java.util.Arrays.copyOfRange(values, offset,
          offset + columns)));
      assertEquals(reference.keySet(), visited.keySet());
      table.clear();
      assertEquals(0, table.size());
    }
  }

  /**
   * A selection's row numbers are found once and remembered on it, and forgotten when the table
   * renumbers its rows (cleared, or restored from a checkpoint that numbers them in another
   * order): a stale number would read or update another key's row.
   */
  @Test
  void rowNumbersAreRememberedUntilTheTableRenumbersItsRows() throws Exception {
    Initializer init = new Initializer(1.0, 7);
    SparseTable table = new SparseTable("t", 2, UpdateRule.add(), init);
    Rows keys = Rows.keys(1, 2, 3);
    SparseTable.RowNumbers found = table.rowNumbers(keys);
    assertEquals(3, table.size(), "rows are made for the keys found");
    assertSame(found, table.rowNumbers(keys), "found once, then remembered");
    assertTrue(found.distinct());
    assertFalse(table.rowNumbers(Rows.keys(4, 2, 4)).distinct());
    table.applyRows(found.rows(), 3, new float[] {10, 10, 20, 20, 30, 30}, 1);
    assertArrayEquals(new float[] {init.value(1, 0) + 10, init.value(1, 1) + 10, init.value(2, 0) + 20,
        init.value(2, 1) + 20, init.value(3, 0) + 30, init.value(3, 1) + 30}, read(table, keys), 1e-6f);

    table.clear();
    assertNotSame(found, table.rowNumbers(keys));
    assertArrayEquals(initial(init, 1, 2, 3), read(table, keys), "no value from before the clear");

    // A checkpoint that numbers the same keys the other way round.
    SparseTable saved = new SparseTable("t", 2, UpdateRule.add(), init);
    saved.apply(Rows.keys(3, 2, 1), new float[] {30, 30, 20, 20, 10, 10}, 0, 1);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    saved.writeTo(new java.io.DataOutputStream(bytes));
    table.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    assertArrayEquals(read(saved, Rows.keys(1, 2, 3)), read(table, keys), "key by key, whatever the numbering");
  }

  private static float[] read(Table table, Rows keys) {
    float[] out = new float[keys.size() * table.columns()];
    table.read(keys, out, 0);
    return out;
  }

  private static float[] initial(Initializer init, long... keys) {
    float[] out = new float[keys.length * 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = init.value(keys[i / 2], i % 2);
    }
    return out;
  }

  @Test
  void denseTableRejectsRowsOutsideItsRangeAndWrongShapes() {
    DenseTable table = new DenseTable("w", 10, 5, 2, UpdateRule.add(), Initializer.zeros());
    assertThrows(IndexOutOfBoundsException.class, () -> table.check(Rows.range(9, 1), 2));
    assertThrows(IndexOutOfBoundsException.class, () -> table.check(Rows.keys(15L), 2));
    assertThrows(IllegalArgumentException.class, () -> table.check(Rows.range(10, 2), 3));
    table.check(Rows.range(10, 5), 10);
  }

  /**
   * clear() resets only the rows that may have changed: after row updates, a whole-range update
   * and a restore from another table's bytes, every value and every rule-state slot is back to
   * the state of a fresh table.
   */
  @Test
  void clearedDenseTableEqualsAFreshOneAfterUpdatesAndRestores() throws Exception {
    UpdateRule adam = UpdateRule.of(new UpdateRuleSpec(UpdateRuleKind.ADAM).setLearningRate(0.1));
    Initializer init = new Initializer(0.5, 7);
    DenseTable fresh = new DenseTable("w", 100, 50, 3, adam, init);
    DenseTable table = new DenseTable("w", 100, 50, 3, adam, init);
    float[] row = {1f, -2f, 3f};
    table.applyRow(110, row, 0, 1);
    table.applyRow(140, row, 0, 2);
    assertClearedEqualsFresh(table, fresh);
    table.apply(Rows.range(100, 50), new float[150], 0, 3);
    assertClearedEqualsFresh(table, fresh);

    DenseTable trained = new DenseTable("w", 100, 50, 3, adam, init);
    float[] update = new float[150];
    for (int i = 0; i < update.length; i++) {
      update[i] = i % 7 - 3f;
    }
    trained.apply(Rows.range(100, 50), update, 0, 1);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    trained.writeTo(new java.io.DataOutputStream(bytes));
    table.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    assertArrayEquals(trained.values(), table.values());
    assertClearedEqualsFresh(table, fresh);
  }

  private static void assertClearedEqualsFresh(DenseTable table, DenseTable fresh) {
    table.clear();
    assertArrayEquals(fresh.values(), table.values());
    for (int s = 0; s < fresh.state().length; s++) {
      assertArrayEquals(fresh.state()[s], table.state()[s]);
    }
  }

  @Test
  void initialValuesDependOnlyOnSeedKeyAndColumn() {
    Initializer init = new Initializer(0.5, 11);
    DenseTable whole = new DenseTable("w", 0, 100, 2, UpdateRule.add(), init);
    DenseTable tail = new DenseTable("w", 60, 40, 2, UpdateRule.add(), init);
    float[] a = new float[80];
    float[] b = new float[80];
    whole.read(Rows.range(60, 40), a, 0);
    tail.read(Rows.range(60, 40), b, 0);
    assertArrayEquals(a, b);
    double sum = 0;
    double squares = 0;
    for (float v : whole.values()) {
      sum += v;
      squares += v * v;
    }
    double mean = sum / 200;
    assertEquals(0, mean, 0.1);
    assertEquals(0.5, Math.sqrt(squares / 200 - mean * mean), 0.1);
  }

  /** Each rule's step against the textbook formula, computed in double. */
  @Test
  void updateRulesFollowTheirFormulas() {
    float g1 = 0.5f;
    float g2 = -0.25f;
    // SGD with momentum 0.9, lr 0.1: m1 = g1, m2 = 0.9 m1 + g2.
    assertEquals(1 - 0.1 * g1 - 0.1 * (0.9 * g1 + g2), twoSteps(new UpdateRuleSpec(UpdateRuleKind.SGD)
        .setLearningRate(0.1).setMomentum(0.9), g1, g2), 1e-6);
    // AdaGrad lr 0.1: h1 = g1^2, h2 = g1^2 + g2^2.
    double h1 = g1 * g1;
    double h2 = h1 + g2 * g2;
    assertEquals(1 - 0.1 * g1 / (Math.sqrt(h1) + 1e-8) - 0.1 * g2 / (Math.sqrt(h2) + 1e-8),
        twoSteps(new UpdateRuleSpec(UpdateRuleKind.ADAGRAD).setLearningRate(0.1), g1, g2), 1e-6);
    // Adam lr 0.01, betas 0.9 / 0.999, bias-corrected.
    double m = 0;
    double v = 0;
    double w = 1;
    double[] gs = {g1, g2};
    for (int t = 1; t <= 2; t++) {
      m = 0.9 * m + 0.1 * gs[t - 1];
      v = 0.999 * v + 0.001 * gs[t - 1] * gs[t - 1];
      w -= 0.01 * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
    }
    assertEquals(w, twoSteps(new UpdateRuleSpec(UpdateRuleKind.ADAM).setLearningRate(0.01), g1, g2), 1e-5);
    assertEquals(1 + g1 + g2, twoSteps(new UpdateRuleSpec(UpdateRuleKind.ADD), g1, g2), 1e-7);
  }

  /** A parameter starting at 1 after two updates g1, g2 through the rule. */
  private static double twoSteps(UpdateRuleSpec spec, float g1, float g2) {
    DenseTable table = new DenseTable("t", 0, 1, 1, UpdateRule.of(spec), Initializer.zeros());
    table.values()[0] = 1f;
    table.apply(Rows.range(0, 1), new float[] {g1}, 0, 1);
    table.apply(Rows.range(0, 1), new float[] {g2}, 0, 2);
    return table.values()[0];
  }
}
