package io.spindle.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.DenseTable;
import io.spindle.ml.param.Initializer;
import io.spindle.ml.param.Rows;
import io.spindle.ml.param.SparseTable;
import io.spindle.ml.param.Table;
import io.spindle.ml.param.UpdateRule;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A clock buffer holds exactly the sum of the clock's pushes, whatever their order, overlap and
 * shape: a dense buffer copies into rows it has not touched this clock and never zeroes on clear,
 * a sparse one keeps pushes as sent and sums repeated keys when applied, so a leftover of an
 * earlier clock or a key counted twice would show here as a wrong sum.
 */
class ClockBufferTest {
  private static final long FIRST_ROW = 100;
  private static final int ROWS = 40;
  private static final int COLUMNS = 3;

  @Test
  void denseSumsMatchANaiveSumOverManyRandomClocks() {
    for (int seed = 0; seed < 50; seed++) {
      checkRandomClocks(() -> new DenseClockBuffer(FIRST_ROW, ROWS, COLUMNS), null, new Random(seed), true);
    }
  }

  @Test
  void sparseSumsMatchANaiveSumOverManyRandomClocks() {
    for (int seed = 0; seed < 50; seed++) {
      SparseTable table = SparseTable.buffer("s", COLUMNS);   // zeros, adds: holds the running total
      RowSums sums = new RowSums(COLUMNS);
      checkRandomClocks(() -> new SparseClockBuffer(table, sums), table, new Random(seed), false);
    }
  }

  /** A clock's sums take the room of the rows it names, not of the table: a million wide rows, two summed. */
  @Test
  void sumsTakeTheRoomOfTheRowsSummed() {
    RowSums sums = new RowSums(1000);
    float[] ones = new float[1000];
    java.util.Arrays.fill(ones, 1);
    sums.start(1_000_000);
    sums.add(999_999, ones, 0);
    sums.add(5, ones, 0);
    sums.add(999_999, ones, 0);
    assertEquals(2, sums.size());
    assertEquals(999_999, sums.row(0));
    assertEquals(2f, sums.values()[999]);
    assertEquals(1f, sums.values()[1000]);
    assertTrue(sums.values().length < 100_000, "sums of " + sums.values().length + " floats");
  }

  /**
   * A key named twice in a clock, in one push or in two, is one step of the summed update: an
   * adaptive rule (AdaGrad here) taking two steps would end elsewhere. Keys named once take their
   * step as pushed.
   */
  @Test
  void aKeyNamedTwiceInAClockTakesOneStepOfItsSum() {
    UpdateRuleSpec adagrad = new UpdateRuleSpec(UpdateRuleKind.ADAGRAD).setLearningRate(0.5);
    SparseTable table = new SparseTable("s", 1, UpdateRule.of(adagrad), Initializer.zeros());
    SparseTable expected = new SparseTable("s", 1, UpdateRule.of(adagrad), Initializer.zeros());
    SparseClockBuffer buffer = new SparseClockBuffer(table, new RowSums(1));
    for (int clock = 1; clock <= 3; clock++) {
      buffer.add(Rows.keys(5, 6), FloatBuffer.wrap(new float[] {1, 1}));
      buffer.add(Rows.keys(5, 7), FloatBuffer.wrap(new float[] {2, 3}));   // each push without repeats
      buffer.applyTo(table, clock);
      buffer.clear();
      expected.apply(Rows.keys(5, 6, 7), new float[] {3, 1, 3}, 0, clock);
      buffer.add(Rows.keys(8, 9, 8), FloatBuffer.wrap(new float[] {1, 2, 3}));
      buffer.applyTo(table, clock);
      buffer.clear();
      expected.apply(Rows.keys(8, 9), new float[] {4, 2}, 0, clock);
      buffer.add(Rows.keys(10, 11), FloatBuffer.wrap(new float[] {1, 2}));   // the common case
      buffer.applyTo(table, clock);
      buffer.clear();
      expected.apply(Rows.keys(10, 11), new float[] {1, 2}, 0, clock);
      Rows all = Rows.keys(5, 6, 7, 8, 9, 10, 11);
      float[] got = new float[7];
      float[] want = new float[7];
      table.read(all, got, 0);
      expected.read(all, want, 0);
      assertArrayEquals(want, got, "after clock " + clock);
    }
  }

  /**
   * Ten clocks of random pushes into one buffer, and their BSP reduction with a second one; each
   * clock's sum is also applied to {@code table} (when given), the table the buffers number rows in.
   */
  private static void checkRandomClocks(Supplier<ClockBuffer> buffers, Table table, Random random, boolean ranges) {
    ClockBuffer buffer = buffers.get();
    ClockBuffer other = buffers.get();
    float[] total = new float[ROWS * COLUMNS];
    for (int clock = 0; clock < 10; clock++) {
      float[] expected = new float[ROWS * COLUMNS];
      for (int p = random.nextInt(4); p > 0; p--) {
        push(buffer, random, ranges && random.nextBoolean(), expected);
      }
      float[] mine = expected.clone();
      for (int p = random.nextInt(3); p > 0; p--) {
        push(other, random, ranges && random.nextBoolean(), expected);
      }
      assertArrayEquals(mine, sumOf(buffer), "one buffer, clock " + clock);
      other.addTo(buffer);
      assertArrayEquals(expected, sumOf(buffer), "two buffers reduced, clock " + clock);
      if (table != null) {
        buffer.applyTo(table, clock + 1);
        for (int i = 0; i < total.length; i++) {
          total[i] += expected[i];
        }
        float[] held = new float[ROWS * COLUMNS];
        table.read(Rows.range(FIRST_ROW, ROWS), held, 0);
        assertArrayEquals(total, held, "the table, after clock " + clock);
      }
      buffer.clear();
      other.clear();
      assertTrue(buffer.isEmpty());
    }
  }

  /** A push of random values, as the server receives them (a view over little-endian bytes) or from an array. */
  private static void push(ClockBuffer buffer, Random random, boolean range, float[] expected) {
    Rows rows;
    if (range) {
      int start = random.nextInt(ROWS);
      rows = Rows.range(FIRST_ROW + start, random.nextInt(ROWS - start + 1));
    } else {
      long[] keys = new long[random.nextInt(8)];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = FIRST_ROW + random.nextInt(ROWS);   // repeats allowed: they add
      }
      rows = Rows.keys(keys);
    }
    float[] values = new float[rows.size() * COLUMNS];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(19) - 9;   // small integers: sums exact in any order
      expected[(int) (rows.key(i / COLUMNS) - FIRST_ROW) * COLUMNS + i % COLUMNS] += values[i];
    }
    FloatBuffer update;
    if (random.nextBoolean()) {
      ByteBuffer bytes = ByteBuffer.allocate(4 + values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      bytes.position(4);
      bytes.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
      update = bytes.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    } else {
      float[] padded = new float[values.length + 2];
      System.arraycopy(values, 0, padded, 1, values.length);
      update = FloatBuffer.wrap(padded, 1, values.length);
    }
    buffer.add(rows, update);
  }

  /** What the buffer adds to a zero table, row by row. */
  private static float[] sumOf(ClockBuffer buffer) {
    Table sum = DenseTable.buffer("sum", FIRST_ROW, ROWS, COLUMNS);
    buffer.applyTo(sum, 1);
    float[] out = new float[ROWS * COLUMNS];
    sum.read(Rows.range(FIRST_ROW, ROWS), out, 0);
    return out;
  }
}
