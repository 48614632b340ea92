package io.spindle.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.Rows;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sparse keys split over shards: each key goes once, to its own shard, with its place in the request. */
class PartitionerTest {
  private static final TableSpec SPARSE = new TableSpec(0, "s", TableKind.SPARSE,
      new UpdateRuleSpec(UpdateRuleKind.ADD)).setColumns(2);

  @Test
  void everyKeyGoesOnceToItsShardAndTheShardsShareThemEvenly() {
    int shards = 3;
    Partitioner partitioner = new Partitioner(List.of(SPARSE), shards);
    long[] keys = new Random(5).longs(30_000).toArray();
    keys[7] = keys[3];   // a repeated key goes with each of its places
    int[] seen = new int[keys.length];
    List<Partitioner.Part> parts = partitioner.split(0, Rows.keys(keys));
    assertEquals(shards, parts.size());
    for (Partitioner.Part part : parts) {
      for (int i = 0; i < part.rows.size(); i++) {
        int position = part.position(i);
        assertEquals(keys[position], part.rows.key(i));
        assertEquals(part.shard, partitioner.shardOf(SPARSE, part.rows.key(i)));
        seen[position]++;
      }
      double share = part.rows.size() / (double) keys.length;
      assertTrue(share > 0.3 && share < 0.37, "shard " + part.shard + " holds " + share + " of the keys");
    }
    for (int count : seen) {
      assertEquals(1, count);
    }
  }

  @Test
  void valuesGoToTheirPartsAndBack() {
    Partitioner partitioner = new Partitioner(List.of(SPARSE), 2);
    long[] keys = new Random(6).longs(1_000).toArray();
    List<Partitioner.Part> parts = partitioner.split(0, Rows.keys(keys));
    for (int columns : new int[] {1, 3}) {   // one float a row has a loop of its own
      float[] values = new float[keys.length * columns];
      for (int i = 0; i < values.length; i++) {
        values[i] = i;
      }
      float[] back = new float[values.length];
      for (Partitioner.Part part : parts) {
        float[] partValues = Partitioner.gather(part, values, columns);
        for (int i = 0; i < part.rows.size(); i++) {
          assertEquals(part.position(i) * columns + columns - 1, partValues[i * columns + columns - 1]);
        }
        Partitioner.scatter(part, partValues, back, columns);
      }
      assertArrayEquals(values, back);
    }
  }

  @Test
  void oneShardTakesTheRequestAsItIs() {
    Rows rows = Rows.keys(new Random(7).longs(100).toArray());
    List<Partitioner.Part> parts = new Partitioner(List.of(SPARSE), 1).split(0, rows);
    assertEquals(1, parts.size());
    assertSame(rows, parts.get(0).rows);
    assertNull(parts.get(0).positions);
  }
}
