package io.spindle.ps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.ml.param.Consistency;
import io.spindle.ml.param.Rows;
import io.spindle.thrift.PsErrorCode;
import io.spindle.thrift.TableKind;
import io.spindle.thrift.TableSpec;
import io.spindle.thrift.UpdateRuleKind;
import io.spindle.thrift.UpdateRuleSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** How a worker's client splits sparse selections over shards, and keeps what it split. */
class PsClientTest {
  private static final TableSpec SPARSE = new TableSpec(0, "s", TableKind.SPARSE,
      new UpdateRuleSpec(UpdateRuleKind.ADD)).setColumns(2);

  @Test
  void keysMetAgainInANewSelectionAreSentAsTheyWereSplitAndUpdateTheirOwnRows() throws Exception {
    int shardCount = 2;
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.IN_PROCESS, List.of(SPARSE), shardCount, 1,
        Consistency.bsp())) {
      List<List<Rows>> pushed = new ArrayList<>();
      List<ShardApi> shards = new ArrayList<>();
      for (int s = 0; s < shardCount; s++) {
        List<Rows> seen = Collections.synchronizedList(new ArrayList<>());
        pushed.add(seen);
        shards.add(recordingPushes(cluster.connect(s), seen));
      }
      try (PsClient ps = new PsClient(0, 0, cluster.partitioner, shards, Consistency.bsp(), 1 << 20)) {
        ps.start();
        long[] keys = new Random(3).longs(1_000).toArray();
        long[] reordered = keys.clone();
        reordered[0] = keys[1];
        reordered[1] = keys[0];
        long[] oneChanged = keys.clone();
        oneChanged[500] = 42;
        long[][] selections = {keys, keys.clone(), reordered, keys.clone(), oneChanged};
        for (long[] selection : selections) {
          ps.push(0, Rows.keys(selection), positions(selection.length));   // a new selection each clock
          ps.clock();
        }
        for (List<Rows> seen : pushed) {
          assertSame(seen.get(0), seen.get(1), "equal keys, split once");
          assertNotSame(seen.get(0), seen.get(2), "keys in another order are another split");
          assertSame(seen.get(0), seen.get(3), "the first split is still kept");
          assertNotSame(seen.get(0), seen.get(4), "one key changed: split anew");
        }
        // Each key holds the sum of its positions in the five selections.
        long[] all = LongStream.concat(LongStream.of(keys), LongStream.of(42)).toArray();
        float[] expected = new float[all.length * 2];
        for (long[] selection : selections) {
          for (int i = 0; i < selection.length; i++) {
            int at = indexOf(all, selection[i]);
            expected[2 * at] += 2 * i;
            expected[2 * at + 1] += 2 * i + 1;
          }
        }
        assertArrayEquals(expected, ps.pull(0, Rows.keys(all)));
        assertEquals(selections.length, pushed.get(0).size());
      }
    }
  }

  @Test
  void aPullIntoAKeptArrayFillsItAsAFreshPullWouldAndAWrongSizeIsRefused() throws Exception {
    TableSpec dense = new TableSpec(1, "d", TableKind.DENSE, new UpdateRuleSpec(UpdateRuleKind.ADD))
        .setRows(5_000).setColumns(2);
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.IN_PROCESS, List.of(SPARSE, dense), 3, 1,
        Consistency.ssp(1))) {
      PsClient ps = cluster.client(0, 0);
      ps.start();
      long[] keys = new Random(5).longs(700).toArray();
      Rows[] selections = {Rows.range(0, 5_000), Rows.range(1_234, 2_000), Rows.keys(keys)};
      int[] tables = {1, 1, 0};
      for (int clock = 0; clock < 3; clock++) {
        for (int i = 0; i < selections.length; i++) {
          ps.push(tables[i], selections[i], positions(selections[i].size()));
        }
        ps.clock();
        for (int i = 0; i < selections.length; i++) {
          float[] kept = new float[2 * selections[i].size()];
          java.util.Arrays.fill(kept, -1f);   // leftovers of an earlier read: every value must be replaced
          assertSame(kept, ps.pull(tables[i], selections[i], kept));
          assertArrayEquals(ps.pull(tables[i], selections[i]), kept, "selection " + i + " at clock " + clock);
        }
      }
      IllegalArgumentException wrongSize = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> ps.pull(1, Rows.range(0, 10), new float[19]));
      assertEquals("pull into table 1: 10 rows x 2 columns need 20 values, got 19", wrongSize.getMessage());
    }
  }

  /** A read after more clocks than the worker has committed would wait on its own commit, queued behind it. */
  @Test
  void aReadAfterClocksTheWorkerHasNotCommittedItselfIsRefused() throws Exception {
    List<TableSpec> tables = List.of(ShardCluster.denseAdding(1, 10, 1));
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.IN_PROCESS, tables, 1, 1, Consistency.bsp())) {
      PsClient ps = afterOneClockOfOnes(cluster);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ps.pullAfterAsync(1, Rows.range(0, 10), 2));
      assertTrue(e.getMessage().contains("has committed 1 itself"), e.getMessage());
      assertArrayEquals(ones(10), ps.pullAfter(1, Rows.range(0, 10), 1));
    }
  }

  /** Worker 0's client, after one clock that added 1 to each of table 1's 10 rows. */
  private static PsClient afterOneClockOfOnes(ShardCluster cluster) {
    PsClient ps = cluster.client(0, 0);
    ps.start();
    ps.push(1, Rows.range(0, 10), ones(10));
    ps.clock();
    return ps;
  }

  /**
   * A push that one shard refuses while another took its part (here a newer attempt of the worker
   * has said hello to the second shard only) fails the clock, and the clock stays failed:
   * committing it later would apply the part the first shard took.
   */
  @Test
  void aClockWithARefusedPushIsNeverCommitted() throws Exception {
    List<TableSpec> tables = List.of(ShardCluster.denseAdding(1, 10, 1));
    try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.THRIFT, tables, 2, 1, Consistency.async())) {
      PsClient ps = afterOneClockOfOnes(cluster);
      cluster.connect(1).hello(0, 1, 0);
      ps.push(1, Rows.range(0, 10), ones(10));
      ShardException refused = assertThrows(ShardException.class, ps::clock);
      assertEquals(PsErrorCode.STALE_ATTEMPT, refused.code(), refused.getMessage());
      IllegalStateException again = assertThrows(IllegalStateException.class, ps::clock);
      assertTrue(again.getMessage().contains("clock 1"), again.getMessage());

      PsClient next = cluster.client(0, 2);
      assertEquals(1, next.start(), "no shard committed clock 1");
      assertArrayEquals(ones(10), next.pullAfter(1, Rows.range(0, 10), 1), "clock 0's push only");
    }
  }

  private static float[] ones(int n) {
    float[] values = new float[n];
    java.util.Arrays.fill(values, 1f);
    return values;
  }

  /**
   * A clock steps only the rows pushed in it: with momentum a row also moves on a zero gradient,
   * so a row left out of a clock's push must be left alone, or the values would depend on which
   * rows share a shard. One shard, three, and the single-process store agree exactly.
   */
  @Test
  void rowsLeftOutOfAClockTakeNoStepHoweverTheTableIsSplit() throws Exception {
    TableSpec momentum = new TableSpec(1, "m", TableKind.DENSE,
        new UpdateRuleSpec(UpdateRuleKind.SGD).setLearningRate(0.5).setMomentum(0.9)).setRows(1_000).setColumns(2);
    Rows[] pushes = {Rows.range(0, 1_000), Rows.keys(3, 900, 901), Rows.range(10, 5), Rows.keys(999, 0)};
    List<float[]> inMemory = new ArrayList<>();
    try (io.spindle.ml.param.InMemoryParameterStore store =
        new io.spindle.ml.param.InMemoryParameterStore(List.of(momentum))) {
      for (Rows rows : pushes) {
        store.push(1, rows, positions(rows.size()));
        store.clock();
        inMemory.add(store.pull(1, Rows.range(0, 1_000)));
      }
    }
    for (int row = 500; row < 502; row++) {
      assertEquals(inMemory.get(0)[2 * row], inMemory.get(1)[2 * row], "row " + row + " was not pushed at clock 2");
    }
    for (int shardCount : new int[] {1, 3}) {
      try (ShardCluster cluster = new ShardCluster(ShardCluster.Transport.IN_PROCESS, List.of(momentum), shardCount, 1,
          Consistency.bsp())) {
        PsClient ps = cluster.client(0, 0);
        ps.start();
        for (int clock = 0; clock < pushes.length; clock++) {
          ps.push(1, pushes[clock], positions(pushes[clock].size()));
          ps.clock();
          assertArrayEquals(inMemory.get(clock), ps.pull(1, Rows.range(0, 1_000)),
              shardCount + " shards, clock " + clock);
        }
      }
    }
  }

  /** Two columns a row: row i of a selection holds 2i and 2i + 1. */
  private static float[] positions(int rows) {
    float[] values = new float[2 * rows];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    return values;
  }

  private static int indexOf(long[] keys, long key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    throw new AssertionError("no key " + key);
  }

  /** {@code shard}, noting the rows of each push it takes. */
  private static ShardApi recordingPushes(ShardApi shard, List<Rows> pushed) {
    return (ShardApi) Proxy.newProxyInstance(ShardApi.class.getClassLoader(), new Class<?>[] {ShardApi.class},
        (proxy, method, args) -> {
          if (method.getName().equals("push")) {
            pushed.add((Rows) args[4]);
          }
          try {
            return method.invoke(shard, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
