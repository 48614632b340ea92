package io.spindle.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.DenseTable;
import io.spindle.ml.param.Rows;
import io.spindle.ml.param.Table;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A clock buffer holds exactly the sum of the clock's pushes, whatever their order, overlap and
 * shape: a dense buffer copies into rows it has not touched this clock and never zeroes on clear,
 * so a leftover of an earlier clock would show here as a wrong sum.
 */
class ClockBufferTest {
  private static final UpdateRuleSpec ADD = new UpdateRuleSpec(UpdateRuleKind.ADD);
  private static final long FIRST_ROW = 100;
  private static final int ROWS = 40;
  private static final int COLUMNS = 3;

  @Test
  void denseSumsMatchANaiveSumOverManyRandomClocks() {
    TableSpec spec = new TableSpec(0, "d", TableKind.DENSE, ADD).setRows(FIRST_ROW + ROWS).setColumns(COLUMNS);
    for (int seed = 0; seed < 50; seed++) {
      checkRandomClocks(spec, new Random(seed), true);
    }
  }

  @Test
  void sparseSumsMatchANaiveSumOverManyRandomClocks() {
    TableSpec spec = new TableSpec(0, "s", TableKind.SPARSE, ADD).setColumns(COLUMNS);
    for (int seed = 0; seed < 50; seed++) {
      checkRandomClocks(spec, new Random(seed), false);
    }
  }

  /** Ten clocks of random pushes into one buffer, and their BSP reduction with a second one. */
  private static void checkRandomClocks(TableSpec spec, Random random, boolean ranges) {
    ClockBuffer buffer = ClockBuffer.of(spec, FIRST_ROW, ROWS);
    ClockBuffer other = ClockBuffer.of(spec, FIRST_ROW, ROWS);
    for (int clock = 0; clock < 10; clock++) {
      float[] expected = new float[ROWS * COLUMNS];
      int pushes = random.nextInt(4);
      for (int p = 0; p < pushes; p++) {
        push(buffer, random, ranges && random.nextBoolean(), expected);
      }
      float[] mine = expected.clone();
      for (int p = random.nextInt(3); p > 0; p--) {
        push(other, random, ranges && random.nextBoolean(), expected);
      }
      assertArrayEquals(mine, sumOf(buffer), "one buffer, clock " + clock);
      other.addTo(buffer);
      assertArrayEquals(expected, sumOf(buffer), "two buffers reduced, clock " + clock);
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
